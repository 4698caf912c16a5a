// Which proxy a request goes through: the `proxy` option, or HTTPS_PROXY / HTTP_PROXY / NO_PROXY
// from the environment, read once when a client or token source is made. No node: import, so the
// decision is testable alone. NO_PROXY follows the convention Node 24 (NODE_USE_ENV_PROXY),
// undici's EnvHttpProxyAgent and proxy-from-env share: `*` for every host; `host` for that host
// only; `.domain` and `*.domain` for its subdomains; `:port` after any of them for that port only;
// entries split on commas and spaces; the lower-case variable wins over the upper-case one. (curl
// also lets `domain` match its subdomains: the Node convention is the one the same process's other
// clients follow.) ALL_PROXY and socks:// are not read: PingOne is reached over HTTP(S) proxies.
import { PingOneValidationError } from "../errors/errors.js";

/** A proxy, parsed: where to connect and how to authenticate. */
export interface Proxy {
  protocol: "http:" | "https:";
  hostname: string;
  port: number;
  /** `Basic …` from the URL's user:password, or undefined. A secret: never shown. */
  authorization: string | undefined;
  /** The proxy as errors name it: scheme, host and port, no credentials. */
  shown: string;
}

/** What a client's requests go through. */
export interface ProxySettings {
  /** For https: targets (HTTPS_PROXY or the option). */
  https: Proxy | undefined;
  /** For http: targets (HTTP_PROXY or the option). */
  http: Proxy | undefined;
  /** NO_PROXY entries, parsed; `true` for `*`. */
  bypass: NoProxyEntry[] | true;
}

interface NoProxyEntry {
  /** Lower case; a leading `.` means "any subdomain of". */
  host: string;
  port: number | undefined;
}

/** What the `proxy` option accepts: a URL, or `false` to ignore the environment. */
export type ProxyOption = string | false;

const DEFAULT_PORTS: Record<string, number> = { "http:": 80, "https:": 443 };

/**
 * Parses a proxy URL. `field` names where it came from (`proxy`, `HTTPS_PROXY`) in the error; the
 * value itself is never shown, since it may hold a password. A scheme-less value from the
 * environment (`proxy.corp:3128`) is read as http://, as curl and proxy-from-env do.
 */
export function parseProxy(field: string, value: string, schemeless = false): Proxy {
  const refuse = (why: string): never => {
    throw new PingOneValidationError(
      field,
      "INVALID_VALUE",
      `${field} must be an http:// or https:// proxy URL such as "http://proxy.example:3128"${why}`,
    );
  };
  if (/[\0-\x20\x7f]/.test(value) || value.length > 2048) refuse(" (no spaces or control characters)");
  let url: URL;
  try {
    url = new URL(schemeless && !/^[a-z][a-z0-9+.-]*:\/\//i.test(value) ? `http://${value}` : value);
  } catch {
    return refuse("");
  }
  if (url.protocol !== "http:" && url.protocol !== "https:")
    refuse(`; ${url.protocol.slice(0, 12).replace(/[^a-z0-9+.-:]/gi, "")} proxies are not supported`);
  if ((url.pathname !== "/" && url.pathname !== "") || url.search || url.hash) refuse(" (no path, query or fragment)");
  if (!url.hostname) refuse(" (a host is missing)");
  const protocol = url.protocol as Proxy["protocol"];
  const port = url.port ? Number(url.port) : DEFAULT_PORTS[protocol]!;
  let authorization: string | undefined;
  if (url.username || url.password) {
    let user: string;
    let password: string;
    try {
      user = decodeURIComponent(url.username);
      password = decodeURIComponent(url.password);
    } catch {
      return refuse(" (its user or password has a broken percent-encoding)");
    }
    // UTF-8 bytes, as Node's and undici's proxy agents send them.
    authorization = `Basic ${btoa(String.fromCharCode(...new TextEncoder().encode(`${user}:${password}`)))}`;
  }
  return {
    protocol,
    hostname: url.hostname.replace(/^\[|\]$/g, ""),
    port,
    authorization,
    shown: `${protocol}//${url.host}`,
  };
}

/** NO_PROXY's entries. */
export function parseNoProxy(value: string): NoProxyEntry[] | true {
  const entries: NoProxyEntry[] = [];
  for (const raw of value.split(/[\s,]+/)) {
    const item = raw.trim().toLowerCase();
    if (!item) continue;
    if (item === "*") return true;
    // host:port, [v6]:port, or a bare host (an IPv6 address without brackets has several colons).
    const match = /^(\[[^\]]*\]|[^:]*):(\d{1,5})$/.exec(item);
    const host = (match ? match[1]! : item).replace(/^\[|\]$/g, "");
    entries.push({ host: host.startsWith("*.") ? host.slice(1) : host, port: match ? Number(match[2]) : undefined });
  }
  return entries;
}

/** True when NO_PROXY sends `hostname:port` direct. `hostname` is lower case, without brackets. */
export function bypasses(settings: ProxySettings, hostname: string, port: number): boolean {
  if (settings.bypass === true) return true;
  for (const entry of settings.bypass) {
    if (entry.port !== undefined && entry.port !== port) continue;
    if (entry.host.startsWith(".") ? hostname.endsWith(entry.host) : hostname === entry.host) return true;
  }
  return false;
}

/** An environment variable, lower case first (curl's and proxy-from-env's order); empty counts as unset. */
function fromEnv(env: Record<string, string | undefined>, name: string): { field: string; value: string } | undefined {
  for (const field of [name.toLowerCase(), name]) {
    const value = env[field];
    if (value !== undefined && value.trim() !== "") return { field, value: value.trim() };
  }
  return undefined;
}

const NONE: ProxySettings = { https: undefined, http: undefined, bypass: [] };

/** Checks the `proxy` option's type (both entries accept it; only Node's uses a URL). */
export function checkProxyOption(field: string, value: unknown): ProxyOption | undefined {
  if (value === undefined || value === false) return value;
  if (typeof value !== "string")
    throw new PingOneValidationError(field, "INVALID_VALUE", `${field} must be a proxy URL string or false`);
  parseProxy(field, value);
  return value;
}

/**
 * The settings for a client: `option` (a URL, or `false` for none) or else the environment. Bad
 * values, from either, throw a PingOneValidationError naming the option or the variable. Undefined
 * when nothing goes through a proxy, so the transport keeps its direct path.
 */
export function proxySettings(
  option: ProxyOption | undefined,
  env: Record<string, string | undefined> = globalThis.process?.env ?? {},
): ProxySettings | undefined {
  if (option === false) return undefined;
  const noProxy = fromEnv(env, "NO_PROXY");
  const bypass = noProxy ? parseNoProxy(noProxy.value) : NONE.bypass;
  if (option !== undefined) {
    const proxy = parseProxy("proxy", option);
    return { https: proxy, http: proxy, bypass };
  }
  const https = fromEnv(env, "HTTPS_PROXY");
  const http = fromEnv(env, "HTTP_PROXY");
  if (!https && !http) return undefined;
  return {
    https: https && parseProxy(https.field, https.value, true),
    http: http && parseProxy(http.field, http.value, true),
    bypass,
  };
}

/** The proxy for a target, or undefined to go direct. */
export function proxyFor(settings: ProxySettings, protocol: string, hostname: string, port: number): Proxy | undefined {
  const proxy = protocol === "https:" ? settings.https : settings.http;
  if (!proxy || bypasses(settings, hostname.toLowerCase(), port)) return undefined;
  return proxy;
}

/**
 * Refuses a proxy URL where the platform's fetch decides the route (Deno, Bun, browsers, workers):
 * Deno's and Bun's fetch read HTTPS_PROXY / NO_PROXY themselves, a browser uses its own settings.
 */
export function refuseProxyUrl(field: string, proxy: unknown): void {
  if (typeof proxy === "string")
    throw new PingOneValidationError(
      field,
      "INVALID_VALUE",
      `${field} is read on Node only: here the platform's fetch decides the route (Deno and Bun read HTTPS_PROXY and NO_PROXY; README, Proxies)`,
    );
}
