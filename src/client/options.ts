// Client and per-call options, validated eagerly: a typo or a missing value fails at
// createMfaClient() with a message naming the option, not later on the wire.
import type { AccessToken } from "../tokens/token-source.js";
import { checkHeaderValue, checkInteger, checkObject, rejectUnknown } from "../validation/checks.js";
import { MAX_RESPONSE_BYTES_DEFAULT, RETRY_DEFAULTS, TIMEOUT_DEFAULT_MS, TIMEOUT_MAX_MS } from "./defaults.js";
import { PingOneValidationError } from "../errors/errors.js";
import { checkId } from "../validation/ids.js";
import { type CountryCode, isCountryCode } from "../phone/phone.js";
import { checkBaseUrl, type Hosts, isRegion, REGIONS, type Region, regionHosts } from "./regions.js";
import type { Hooks, Logger, RetryOptions } from "../transport/types.js";
import { isRecordLogger, isSecretHeader } from "../transport/listeners.js";
import type { CallerFetch } from "../transport/fetch.js";

/** Options of {@link createMfaClient}. */
export interface MfaClientOptions {
  /** ID of the PingOne environment; each call may override it. */
  environmentId: string;
  /** An access token, or a function returning the current one (called before every attempt). */
  accessToken: AccessToken;
  /** Region of the environment: NA, CA, EU, AU, SG or AP. @default "NA" */
  region?: Region;
  /** Base URL of the device operations. @default `https://api.pingone.<tld>/v1` for the region */
  apiBaseUrl?: string;
  /** Base URL of the deviceAuthentications operations. @default `https://auth.pingone.<tld>` for the region */
  authBaseUrl?: string;
  /** Country for phone numbers written without `+` and a country code (`"US"`). Unset, such numbers are refused. */
  defaultCountry?: CountryCode;
  /** Retry settings, or `false` for none. @default { maxRetries: 3, baseDelayMs: 500, maxDelayMs: 5000 } */
  retry?: RetryOptions | false;
  /** Longest a call may take, retries and waits included. @default 30000 */
  timeoutMs?: number;
  /**
   * A fetch to send requests with, called as `fetch(request, init)`: `request` is a `Request` whose
   * string form is its URL, `init` holds the same method, headers, body, signal and
   * `redirect: "manual"`. Forward both as they are, to the platform's fetch or another one
   * (`(input, init) => undiciFetch(input, { ...init, dispatcher })`, README "Proxies").
   * `globalThis.fetch` fits. Without it the client uses node:http(s) on Node and the platform's
   * fetch elsewhere.
   */
  fetch?: CallerFetch;
  /**
   * Node: the HTTP(S) proxy for every request (`"http://user:password@proxy.example:3128"`), or
   * `false` to ignore HTTPS_PROXY / HTTP_PROXY. Unset, those variables and NO_PROXY decide
   * (README, Proxies). Elsewhere the platform's fetch decides, and a URL here is refused.
   */
  proxy?: string | false;
  /** Largest answer accepted; a larger one ends the call with `RESPONSE_TOO_LARGE` and closes the connection. @default 1048576 */
  maxResponseBytes?: number;
  /**
   * Gets a record per attempt, answer, retry and give-up. A logger with debug, info, warn and error
   * (pino, bunyan, `console`) gets `(record, message)` at the record's level; one with only
   * `debug(message)` gets the message line. No secret is in either (README, "Logs and tracing").
   */
  logger?: Logger;
  /** Called per attempt with a frozen record (headers included, credentials removed). A hook that throws does not break the call. */
  hooks?: Hooks;
  /** A request header (`"x-correlation-id"`) whose value, as the call sends it, records show as `correlationId`. */
  correlationHeader?: string;
}

/** Last argument of every method. */
export interface CallOptions {
  /** Environment for this call instead of the client's. */
  environmentId?: string;
  /** Cancels the call; the method then rejects with the signal's reason. */
  signal?: AbortSignal;
  /** Extra headers, for example `X-Ping-External-Transaction-ID`. `Authorization` and `Content-Type` are the client's. */
  headers?: Record<string, string>;
}

/** Client options after validation, defaults filled in. */
export interface ResolvedOptions extends Hosts {
  environmentId: string;
  accessToken: AccessToken;
  defaultCountry: CountryCode | undefined;
  retry: Required<RetryOptions> | false;
  timeoutMs: number;
  fetch: CallerFetch | undefined;
  /** Checked for its type only here: the Node entry parses it (and the environment) when it builds its transport. */
  proxy: string | false | undefined;
  maxResponseBytes: number;
  logger: Logger | undefined;
  hooks: Hooks | undefined;
  correlationHeader: string | undefined;
}

const CLIENT_KEYS = [
  "environmentId",
  "accessToken",
  "region",
  "apiBaseUrl",
  "authBaseUrl",
  "defaultCountry",
  "retry",
  "timeoutMs",
  "fetch",
  "proxy",
  "maxResponseBytes",
  "logger",
  "hooks",
  "correlationHeader",
] as const satisfies ReadonlyArray<keyof MfaClientOptions>;
const CALL_KEYS = ["environmentId", "signal", "headers"] as const satisfies ReadonlyArray<keyof CallOptions>;
const NO_CALL_OPTIONS: CallOptions = Object.freeze({});
const RETRY_KEYS = Object.keys(RETRY_DEFAULTS) as Array<keyof RetryOptions>;
const HOOK_KEYS = ["onRequest", "onResponse", "onRetry", "onGiveUp"] as const satisfies ReadonlyArray<keyof Hooks>;
// Set by the client or the transport: a caller's value would change what the request means, or
// how it is framed (hop-by-hop headers, RFC 9110 §7.6.1; Expect, which would make Node wait).
export const RESERVED_HEADERS = new Set([
  "authorization",
  "content-type",
  "content-length",
  "host",
  "connection",
  "transfer-encoding",
  "cookie",
  "keep-alive",
  "te",
  "trailer",
  "upgrade",
  "expect",
  "proxy-connection",
  "proxy-authorization",
]);
const HEADER_NAME = /^[!#$%&'*+.^_`|~0-9A-Za-z-]{1,256}$/;

function resolveRetry(value: unknown): Required<RetryOptions> | false {
  if (value === undefined) return RETRY_DEFAULTS;
  if (value === false) return false;
  const retry = checkObject("retry", value);
  rejectUnknown("retry", retry, RETRY_KEYS);
  const pick = (key: keyof RetryOptions, max: number) =>
    retry[key] === undefined ? RETRY_DEFAULTS[key] : checkInteger(`retry.${key}`, retry[key], 0, max);
  return {
    maxRetries: pick("maxRetries", 10),
    baseDelayMs: pick("baseDelayMs", 60_000),
    maxDelayMs: pick("maxDelayMs", 600_000),
  };
}

function resolveLogger(value: unknown): Logger | undefined {
  if (value === undefined) return undefined;
  const logger = value as Record<string, unknown> | null;
  if (typeof logger?.debug !== "function")
    throw new PingOneValidationError("logger", "INVALID_VALUE", "logger must have a debug function");
  // A logger with some of info, warn and error but not all would get lines where it expects records.
  const levels = ["info", "warn", "error"].filter((level) => logger[level] !== undefined);
  if (levels.length > 0 && !isRecordLogger(logger!))
    throw new PingOneValidationError(
      "logger",
      "INVALID_VALUE",
      "logger must have debug, info, warn and error functions (records), or only debug (lines)",
    );
  return value as Logger;
}

function resolveHooks(value: unknown): Hooks | undefined {
  if (value === undefined) return undefined;
  const hooks = checkObject("hooks", value);
  // A plain object's other keys are typos (onResponce); a class instance may hold its own state.
  const proto = Object.getPrototypeOf(hooks);
  if (proto === Object.prototype || proto === null) rejectUnknown("hooks", hooks, HOOK_KEYS);
  const out: Hooks = {};
  for (const key of HOOK_KEYS) {
    const hook = hooks[key];
    if (hook === undefined) continue;
    if (typeof hook !== "function")
      throw new PingOneValidationError(`hooks.${key}`, "INVALID_VALUE", `hooks.${key} must be a function`);
    // Read once (a getter cannot swap the hook later), and called on the caller's object.
    out[key] = (hook as (record: unknown) => unknown).bind(hooks);
  }
  return Object.freeze(out);
}

function resolveCorrelationHeader(value: unknown): string | undefined {
  if (value === undefined) return undefined;
  if (typeof value !== "string" || !HEADER_NAME.test(value))
    throw new PingOneValidationError(
      "correlationHeader",
      "INVALID_VALUE",
      "correlationHeader must be an HTTP header name",
    );
  // A header that carries a credential is never shown, so it cannot be the one records show.
  if (isSecretHeader(value))
    throw new PingOneValidationError(
      "correlationHeader",
      "INVALID_VALUE",
      "correlationHeader cannot name a header that carries credentials",
    );
  return value;
}

/** Validates client options and fills in defaults. */
export function resolveOptions(input: unknown): ResolvedOptions {
  const options = checkObject("options", input);
  rejectUnknown("", options, CLIENT_KEYS);
  if (options.environmentId === undefined) {
    throw new PingOneValidationError("environmentId", "REQUIRED", "environmentId is required");
  }
  const environmentId = checkId("environmentId", options.environmentId);
  const { accessToken } = options;
  if (accessToken === undefined || accessToken === "") {
    throw new PingOneValidationError("accessToken", "REQUIRED", "accessToken is required (a string or a function)");
  }
  if (typeof accessToken !== "string" && typeof accessToken !== "function") {
    throw new PingOneValidationError("accessToken", "INVALID_VALUE", "accessToken must be a string or a function");
  }
  const region = options.region ?? "NA";
  if (!isRegion(region)) {
    throw new PingOneValidationError(
      "region",
      "INVALID_VALUE",
      `region must be one of ${Object.keys(REGIONS).join(", ")}, got ${JSON.stringify(region)}`,
    );
  }
  const hosts = regionHosts(region);
  const { defaultCountry } = options;
  if (defaultCountry !== undefined && !isCountryCode(defaultCountry)) {
    throw new PingOneValidationError(
      "defaultCountry",
      "INVALID_VALUE",
      `defaultCountry must be an ISO 3166-1 alpha-2 country code such as "US", got ${JSON.stringify(defaultCountry)}`,
    );
  }
  const fetchImpl = options.fetch;
  if (fetchImpl !== undefined && typeof fetchImpl !== "function") {
    throw new PingOneValidationError("fetch", "INVALID_VALUE", "fetch must be a function");
  }
  const { proxy } = options;
  if (proxy !== undefined && proxy !== false && typeof proxy !== "string")
    throw new PingOneValidationError("proxy", "INVALID_VALUE", "proxy must be a proxy URL string or false");
  // A caller's fetch chooses its own route; a proxy URL beside it would be silently unused.
  if (typeof proxy === "string" && fetchImpl !== undefined)
    throw new PingOneValidationError(
      "proxy",
      "INVALID_VALUE",
      "proxy cannot be used with fetch: the caller's fetch decides the route (README, Proxies)",
    );
  return {
    environmentId,
    accessToken: accessToken as AccessToken,
    logger: resolveLogger(options.logger),
    hooks: resolveHooks(options.hooks),
    correlationHeader: resolveCorrelationHeader(options.correlationHeader),
    apiBaseUrl: options.apiBaseUrl === undefined ? hosts.apiBaseUrl : checkBaseUrl("apiBaseUrl", options.apiBaseUrl),
    authBaseUrl:
      options.authBaseUrl === undefined ? hosts.authBaseUrl : checkBaseUrl("authBaseUrl", options.authBaseUrl),
    defaultCountry,
    retry: resolveRetry(options.retry),
    timeoutMs:
      options.timeoutMs === undefined
        ? TIMEOUT_DEFAULT_MS
        : checkInteger("timeoutMs", options.timeoutMs, 1, TIMEOUT_MAX_MS),
    fetch: fetchImpl as CallerFetch | undefined,
    proxy,
    maxResponseBytes:
      options.maxResponseBytes === undefined
        ? MAX_RESPONSE_BYTES_DEFAULT
        : checkInteger("maxResponseBytes", options.maxResponseBytes, 1024, 256 * 1024 * 1024),
  };
}

/**
 * Validates per-call options and returns a snapshot of them: each option, and each header, is read
 * once, and what was checked is what is used (a getter or a Proxy answering differently the
 * second time cannot put a header on the wire that was never checked).
 */
export function checkCallOptions(input: unknown): CallOptions {
  if (input === undefined) return NO_CALL_OPTIONS;
  const call = checkObject("call options", input);
  rejectUnknown("", call, CALL_KEYS);
  const { environmentId, signal, headers } = call;
  const snapshot: CallOptions = {};
  if (signal !== undefined) {
    if (!(signal instanceof AbortSignal))
      throw new PingOneValidationError("signal", "INVALID_VALUE", "signal must be an AbortSignal");
    snapshot.signal = signal;
  }
  if (headers !== undefined) {
    const pairs: Array<[string, string]> = [];
    for (const [name, value] of Object.entries(checkObject("headers", headers))) {
      if (!HEADER_NAME.test(name))
        throw new PingOneValidationError(
          "headers",
          "INVALID_VALUE",
          "headers has a name that is not an HTTP header name",
        );
      if (RESERVED_HEADERS.has(name.toLowerCase())) {
        throw new PingOneValidationError(`headers.${name}`, "RESERVED_HEADER", `headers.${name} is set by the client`);
      }
      pairs.push([name, checkHeaderValue(`headers.${name}`, value)]);
    }
    // Own data properties only (a header named __proto__ stays a header).
    snapshot.headers = Object.fromEntries(pairs);
  }
  if (environmentId !== undefined) snapshot.environmentId = checkId("environmentId", environmentId);
  return snapshot;
}
