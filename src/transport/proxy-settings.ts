// Which proxy a request goes through: the `proxy` option, or HTTPS_PROXY / HTTP_PROXY / NO_PROXY
// from the environment, read once when a client or token source is made. No node: import, so the
// decision is testable alone.
//
// The tools do not share one NO_PROXY convention. This module follows the part that curl, Go and
// undici agree on, and undici where they differ:
// - `*` alone: every host goes direct.
// - `example.com`: that host and its subdomains (curl's man page, --noproxy: "local.com would
//   match local.com, local.com:80, and www.local.com"; Go's golang.org/x/net/http/httpproxy doc:
//   "A domain name matches that name and all subdomains"; undici's EnvHttpProxyAgent likewise).
// - `.example.com` and `*.example.com`: the same as `example.com`, the bare domain included, as
//   undici's EnvHttpProxyAgent (which strips a leading `.` or `*.`) and Node 24 read them (Go
//   matches only the subdomains of `.y.com`; curl ignores the leading dot).
// - `:port` after an entry narrows it to that port; entries split on commas and white space; host
//   names compare without letter case and without a trailing dot (`example.com.`), IPv6 addresses
//   in their shortest form (`0:0:0:0:0:0:0:1` is `::1`). IP addresses match themselves only.
// - An entry's host is read as the WHATWG URL parser reads the target's (the client's base URLs
//   go through `new URL`): `127.1` and `0x7f.0.0.1` are `127.0.0.1`, `bücher.example` is
//   `xn--bcher-kva.example`. Default chosen: curl (inet_pton), Go (net.ParseIP) and undici (the
//   entry's text as written) leave `127.1` as a name that no parsed target ever equals, so the
//   entry silently matched nothing; Go converts names to their ASCII (IDNA) form on both sides too.
// - Quotes around the value or an entry (`"localhost,.example.com"`) are dropped: `docker run
//   --env-file` passes a value's quotes through (docker/cli issues 3630 and 4665), so a .env file
//   written for a shell arrives quoted. Default chosen: curl, Go and undici keep them, but a quote
//   is never part of a host, so a quoted entry could only match nothing.
// - CIDR ranges (`10.0.0.0/8`, read by curl and Go) are not supported: such an entry matches
//   nothing. Names are not resolved: `localhost` does not cover `127.0.0.1`.
// - An https: target goes through HTTPS_PROXY only, as curl and Go do (undici falls back to
//   HTTP_PROXY): a proxy named for plain HTTP is not handed the TLS traffic that carries tokens and
//   a client secret unless the caller says so.
// - The lower-case variable wins over the upper-case one (curl, Go, undici); under CGI
//   (REQUEST_METHOD set) HTTP_PROXY in upper case is ignored, as curl and Go do, since a request's
//   `Proxy:` header arrives there as HTTP_PROXY ("httpoxy").
// - Loopback targets are proxied like any other when a proxy is set, as curl, Node 24 and undici do
//   (Go skips localhost): default chosen so that one reading holds for the whole process; a local
//   mock behind a corporate proxy needs `NO_PROXY=localhost,127.0.0.1,::1`.
// ALL_PROXY and socks:// are not read: PingOne is reached over HTTP(S) proxies.
import { PingOneValidationError } from "../errors/errors.js";

/** Characters from which a proxy's user name is taken for a key and masked (default chosen). */
const KEY_LIKE = 16;

/** A proxy, parsed: where to connect and how to authenticate. */
export interface Proxy {
  protocol: "http:" | "https:";
  hostname: string;
  port: number;
  /** `Basic …` from the URL's user:password, or undefined. A secret: never shown. */
  authorization: string | undefined;
  /** The proxy as errors name it: scheme, host and port, no credentials. */
  shown: string;
  /**
   * The password (decoded and as given) and the Basic value, and the user only when there is no
   * password: masked in everything a call through this proxy reports, since a proxy's or
   * upstream's error page may echo them.
   */
  secrets: readonly string[];
}

/** What a client's requests go through. */
export interface ProxySettings {
  /** For https: targets (HTTPS_PROXY or the option). */
  https: Proxy | undefined;
  /** For http: targets (HTTP_PROXY or the option). */
  http: Proxy | undefined;
  /** NO_PROXY entries, parsed; `true` for `*`. */
  bypass: NoProxyEntry[] | true;
  /** Both proxies' secrets. */
  secrets: readonly string[];
}

interface NoProxyEntry {
  /** Lower case, no trailing dot, IPv6 in its shortest form: matches itself and, for a name, its subdomains. */
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
  // No part of the value is shown: a missing scheme would make the user name read as one.
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
  if (url.protocol !== "http:" && url.protocol !== "https:") {
    // Named only when written as a scheme (`socks5://`); `alice:pw@proxy:3128` has none.
    const scheme = /^([a-z][a-z0-9+.-]{0,11}):\/\//i.exec(value)?.[1];
    refuse(scheme ? `; ${scheme.toLowerCase()}:// proxies are not supported` : " (the scheme is missing)");
  }
  if ((url.pathname !== "/" && url.pathname !== "") || url.search || url.hash) refuse(" (no path, query or fragment)");
  if (!url.hostname) refuse(" (a host is missing)");
  const protocol = url.protocol as Proxy["protocol"];
  const port = url.port ? Number(url.port) : DEFAULT_PORTS[protocol]!;
  let authorization: string | undefined;
  const secrets: string[] = [];
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
    // A short user name is an identifier, not a secret (as a client ID is not): masked as a token
    // it would take a word (`proxy`, `user`) out of the client's own wording ("the proxy …").
    // Without a password the user name is the credential itself (Zyte's Smart Proxy Manager takes
    // its API key so: `curl -U <API key>: -x proxy.zyte.com:8011`, docs.zyte.com/smart-proxy-manager.html)
    // and is masked; so is a long one (default chosen: from KEY_LIKE characters on it is taken for
    // a key, as proxy services that carry options in the password take their API key as the user).
    const userIsKey = !password || user.length >= KEY_LIKE;
    const credentials = [...(password ? [password, url.password] : []), ...(userIsKey ? [user, url.username] : [])];
    for (const secret of [...credentials, authorization.slice(6)])
      if (secret && !secrets.includes(secret)) secrets.push(secret);
  }
  return {
    protocol,
    hostname: url.hostname.replace(/^\[|\]$/g, ""),
    port,
    authorization,
    shown: `${protocol}//${url.host}`,
    secrets,
  };
}

/** A host as NO_PROXY entries and targets compare it: lower case, no brackets or trailing dot, IPv6 shortest. */
export function normalHost(host: string): string {
  const bare = host
    .toLowerCase()
    .replace(/^\[|\]$/g, "")
    .replace(/\.$/, "");
  if (!bare.includes(":")) return bare;
  try {
    return new URL(`http://[${bare}]`).hostname.slice(1, -1);
  } catch {
    return bare;
  }
}

const IP = /^\d{1,3}(?:\.\d{1,3}){3}$|:/;
const QUOTE_BEFORE = /^["']/;
const QUOTE_AFTER = /["']$/;

/**
 * A NO_PROXY entry's host as `new URL` reads a target's (IPv4 short forms, IDNA), or as it is
 * when the URL parser reads it as anything but a bare host (`a@b`, `a\\b`: then it matches nothing
 * it did not already spell).
 */
function entryHost(host: string): string {
  const bare = normalHost(host);
  if (!bare || bare.includes(":")) return bare;
  try {
    const url = new URL(`http://${bare}`);
    return url.href === `http://${url.hostname}/` ? normalHost(url.hostname) : bare;
  } catch {
    return bare;
  }
}

/** NO_PROXY's entries. */
export function parseNoProxy(value: string): NoProxyEntry[] | true {
  const entries: NoProxyEntry[] = [];
  for (const raw of value.split(/[\s,]+/)) {
    const item = raw.trim().toLowerCase().replace(QUOTE_BEFORE, "").replace(QUOTE_AFTER, "");
    if (!item) continue;
    if (item === "*") return true;
    // host:port, [v6]:port, or a bare host (an IPv6 address without brackets has several colons).
    const match = /^(\[[^\]]*\]|[^:]*):(\d{1,5})$/.exec(item);
    const host = entryHost((match ? match[1]! : item).replace(/^\*?\./, ""));
    // A CIDR range is not read (see the top of this file): it matches nothing.
    if (!host || host.includes("/")) continue;
    entries.push({ host, port: match ? Number(match[2]) : undefined });
  }
  return entries;
}

/** True when NO_PROXY sends `hostname:port` direct. */
export function bypasses(settings: ProxySettings, hostname: string, port: number): boolean {
  if (settings.bypass === true) return true;
  const host = normalHost(hostname);
  const named = !IP.test(host);
  for (const entry of settings.bypass) {
    if (entry.port !== undefined && entry.port !== port) continue;
    if (host === entry.host) return true;
    // A subdomain: `.` right before the entry, so `example.com` does not cover `badexample.com`.
    if (named && host.endsWith(entry.host) && host[host.length - entry.host.length - 1] === ".") return true;
  }
  return false;
}

/** An environment variable, lower case first (curl's and proxy-from-env's order); empty counts as unset. */
function fromEnv(
  env: Record<string, string | undefined>,
  name: string,
  lowerOnly = false,
): { field: string; value: string } | undefined {
  for (const field of lowerOnly ? [name.toLowerCase()] : [name.toLowerCase(), name]) {
    const value = env[field];
    if (value !== undefined && value.trim() !== "") return { field, value: value.trim() };
  }
  return undefined;
}

const NONE: ProxySettings = { https: undefined, http: undefined, bypass: [], secrets: [] };

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
    return { https: proxy, http: proxy, bypass, secrets: proxy.secrets };
  }
  const https = fromEnv(env, "HTTPS_PROXY");
  // Under CGI a request's `Proxy:` header is the HTTP_PROXY variable (httpoxy): the lower case only.
  const http = fromEnv(env, "HTTP_PROXY", env.REQUEST_METHOD !== undefined);
  if (!https && !http) return undefined;
  const settings = {
    https: https && parseProxy(https.field, https.value, true),
    http: http && parseProxy(http.field, http.value, true),
    bypass,
  };
  return { ...settings, secrets: [...(settings.https?.secrets ?? []), ...(settings.http?.secrets ?? [])] };
}

// The secrets of the proxy an Exchange or a fetch sends through, for the redaction of what its
// calls report (core.ts, client-credentials.ts). Kept beside the function, so no type changes.
const proxySecrets = new WeakMap<object, readonly string[]>();

/** Notes that what `sender` sends carries `secrets` (a proxy's credentials). */
export function withProxySecrets<T extends object>(sender: T, settings: { secrets: readonly string[] } | undefined): T {
  if (settings?.secrets.length) proxySecrets.set(sender, settings.secrets);
  return sender;
}

/** The proxy secrets noted for `sender`, or none. */
export const proxySecretsOf = (sender: unknown): readonly string[] =>
  (typeof sender === "function" && proxySecrets.get(sender)) || [];

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
