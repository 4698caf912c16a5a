// The errors the client throws. Every message is built from redacted parts: no access token, OTP
// or whole phone number reaches `message`, `stack`, JSON.stringify or util.inspect.
import type { components } from "../../generated/schema.js";
import { MAX_ITEMS, MAX_TEXT, redact, redactValue, type Secrets, sanitizeError } from "./redact.js";

/** PingOne's error body, as the spec describes it. */
export type PingOneErrorBody = components["schemas"]["PingOneError"];
/** One problem inside a PingOne error body. */
export type PingOneErrorDetail = components["schemas"]["PingOneErrorDetail"];

// The package can be loaded more than once in one process: its ESM and CommonJS builds (an app's
// import and a dependency's require, Jest's require beside import), the testing entries' own copy of
// these classes, a test runner's fresh module registry per file. Each class's prototype carries a
// brand under a registry-wide symbol, and `instanceof` with any of these classes also accepts an
// error whose prototype chain carries its brand: an error made by one copy passes `instanceof` with
// the class of another. The brand names the class only, so copies of other versions count too.
const BRAND = Symbol.for("pingone-mfa.error");
const brand = (error: { prototype: object }, name: string) =>
  Object.defineProperty(error.prototype, BRAND, { value: `pingone-mfa:${name}` });

/** Base class of every error this package throws: `catch (e) { if (e instanceof PingOneError) … }`. */
export class PingOneError extends Error {
  static {
    brand(this, "PingOneError");
  }
  override name = "PingOneError";

  /** `instanceof` across copies of the package (its ESM and CommonJS builds): see docs/packaging.md. */
  static override [Symbol.hasInstance](value: unknown): boolean {
    if (Function.prototype[Symbol.hasInstance].call(this, value)) return true;
    // A caller's own subclass, which has no brand of its own, keeps the ordinary check.
    const wanted = Object.getOwnPropertyDescriptor(this.prototype, BRAND)?.value;
    if (wanted === undefined || typeof value !== "object" || value === null) return false;
    for (let proto = Object.getPrototypeOf(value); proto !== null; proto = Object.getPrototypeOf(proto))
      if (Object.getOwnPropertyDescriptor(proto, BRAND)?.value === wanted) return true;
    return false;
  }
}

/** Why a value was refused before any request was sent. */
export type ValidationReason =
  | "REQUIRED"
  | "INVALID_TYPE"
  | "INVALID_VALUE"
  | "INVALID_LENGTH"
  | "NOT_JSON"
  | "TOO_LARGE"
  | "UNKNOWN_OPTION"
  | "UNKNOWN_DEVICE_TYPE"
  | "FIELD_NOT_ALLOWED"
  | "INVALID_ID"
  | "INSECURE_URL"
  | "RESERVED_HEADER";

/**
 * Bad input (an option, argument or body field), refused before any request is sent.
 * `field` names the input, for example `accessToken`, `deviceId` or `device.testMode`.
 */
export class PingOneValidationError extends PingOneError {
  static {
    brand(this, "PingOneValidationError");
  }
  override name = "PingOneValidationError";
  constructor(
    readonly field: string,
    readonly reason: ValidationReason | PhoneNumberReason,
    message: string,
  ) {
    super(message);
  }

  /** The same refusal under another field name (a body field named as the method's argument). */
  renamed(field: string): PingOneValidationError {
    if (field === this.field) return this;
    const copy = new (this.constructor as typeof PingOneValidationError)(
      field,
      this.reason as never,
      `${field}${this.message.slice(this.field.length)}`,
    );
    return copy;
  }
}

/** Why a phone number was refused. */
export type PhoneNumberReason =
  | "NOT_A_STRING"
  | "EMPTY"
  | "TOO_LONG_INPUT"
  | "INVALID_CHARACTERS"
  | "EXTENSION_NOT_ALLOWED"
  | "MISSING_COUNTRY_CODE"
  | "INVALID_COUNTRY"
  | "NOT_A_NUMBER"
  | "TOO_SHORT"
  | "TOO_LONG"
  | "INVALID_LENGTH"
  | "INVALID_NUMBER";

/** A phone number that cannot be sent as E.164. The message shows at most its last two digits. */
export class PhoneNumberError extends PingOneValidationError {
  static {
    brand(this, "PhoneNumberError");
  }
  override name = "PhoneNumberError";
  declare readonly reason: PhoneNumberReason;
  constructor(field: string, reason: PhoneNumberReason, message: string) {
    super(field, reason, message);
  }
}

/** Where a failed request went: the method, and the URL without its query (a filter may name a phone). */
export interface RequestInfo {
  method: string;
  url: string;
}

/** Codes of answers the client could not use; PingOne's own codes are in `PingOneErrorBody["code"]`. */
export type ClientErrorCode = "UNEXPECTED_RESPONSE" | "UNEXPECTED_REDIRECT" | "RESPONSE_TOO_LARGE";

/** PingOne (or something between) answered with an error status, a redirect, or a body the client cannot use. */
export class PingOneApiError extends PingOneError {
  static {
    brand(this, "PingOneApiError");
  }
  override name = "PingOneApiError";
  /** HTTP status. */
  readonly status: number;
  /**
   * PingOne's top-level code (`INVALID_DATA`, `REQUEST_LIMITED`, …), or the client's own:
   * `UNEXPECTED_RESPONSE` (a body that is not PingOne's), `UNEXPECTED_REDIRECT` (a 3xx, never
   * followed), `RESPONSE_TOO_LARGE` (over `maxResponseBytes`).
   */
  readonly code: PingOneErrorBody["code"] | ClientErrorCode;
  /** PingOne's error ID, for support; absent when the body is not PingOne's. */
  readonly id: string | undefined;
  /** PingOne's detail entries, redacted, at most 20. */
  readonly details: PingOneErrorDetail[];
  /** From `Retry-After`, in milliseconds, when the response carried one. */
  readonly retryAfterMs: number | undefined;
  /** With `UNEXPECTED_REDIRECT`: the host the answer pointed to (never its path or query). */
  readonly location: string | undefined;
  readonly method: string;
  readonly url: string;

  constructor(init: {
    status: number;
    code: string;
    id?: string | undefined;
    message: string;
    details?: PingOneErrorDetail[];
    retryAfterMs?: number | undefined;
    location?: string | undefined;
    request: RequestInfo;
  }) {
    super(init.message);
    this.status = init.status;
    this.code = init.code;
    this.id = init.id;
    this.details = init.details ?? [];
    this.retryAfterMs = init.retryAfterMs;
    this.location = init.location;
    this.method = init.request.method;
    this.url = init.request.url;
  }
}

/** The request could not be sent or its answer not received (DNS, refused or dropped connection). */
export class PingOneNetworkError extends PingOneError {
  static {
    brand(this, "PingOneNetworkError");
  }
  override name = "PingOneNetworkError";
  readonly method: string;
  readonly url: string;
  /**
   * `cause` is a redacted copy of what the transport threw: its name, message and cause chain only;
   * a proxy's refusal (`ProxyRefusedError`) also keeps `proxy`, `target` and `status` (proxyFields).
   */
  constructor(request: RequestInfo, cause: unknown, secrets: Secrets = {}) {
    const clean = sanitizeCause(cause, secrets);
    const inner = clean.cause instanceof Error ? ` (${clean.cause.message})` : "";
    super(`Network error on ${request.method} ${request.url}: ${clean.message}${inner}`, { cause: clean });
    this.method = request.method;
    this.url = request.url;
  }
}

/** The call took longer than `timeoutMs` (retries and waits included) and was aborted. */
export class PingOneTimeoutError extends PingOneError {
  static {
    brand(this, "PingOneTimeoutError");
  }
  override name = "PingOneTimeoutError";
  readonly method: string;
  readonly url: string;
  constructor(
    request: RequestInfo,
    readonly timeoutMs: number,
  ) {
    super(`${request.method} ${request.url} timed out after ${timeoutMs} ms`);
    this.method = request.method;
    this.url = request.url;
  }
}

/** The access token could not be had: the token function failed or returned nothing usable, or the token endpoint refused. */
export class PingOneTokenError extends PingOneError {
  static {
    brand(this, "PingOneTokenError");
  }
  override name = "PingOneTokenError";
  /** The OAuth error code (`invalid_client`, …), or `TOKEN_SOURCE_FAILED` / `INVALID_TOKEN` for a token function. */
  readonly code: string;
  /** The token endpoint's `error_description`, redacted. */
  readonly description: string | undefined;
  /** HTTP status of the token endpoint's answer, when there was one. */
  readonly status: number | undefined;
  constructor(init: {
    code: string;
    message: string;
    description?: string | undefined;
    status?: number | undefined;
    cause?: unknown;
    secrets?: Secrets;
  }) {
    super(init.message, init.cause === undefined ? undefined : { cause: sanitizeCause(init.cause, init.secrets) });
    this.code = init.code;
    this.description = init.description;
    this.status = init.status;
  }
}

/** What a proxy's refusal of a tunnel tells, on the sanitized cause (transport/proxy-refused.ts). */
export interface ProxyRefusal {
  /** The proxy, scheme, host and port only (`http://proxy.example:3128`). */
  proxy: string;
  /** The host:port the tunnel was asked for. */
  target: string;
  /** The proxy's answer to CONNECT (407: it wants credentials, 403: it refuses the host). */
  status: number;
}

// Checked field by field: a string that could carry anything else (credentials, a path) is not kept.
const PROXY_SHOWN = /^https?:\/\/[A-Za-z0-9.:[\]-]{1,300}$/;
const TARGET_SHOWN = /^[A-Za-z0-9.:[\]-]{1,300}$/;

/** sanitizeError, keeping a proxy refusal's proxy, target and status, which hold no secret. */
function sanitizeCause(cause: unknown, secrets: Secrets = {}): Error {
  const clean = sanitizeError(cause, secrets);
  try {
    if (cause instanceof Error && cause.name === "ProxyRefusedError") {
      const { proxy, target, status } = cause as Error & Partial<ProxyRefusal>;
      if (
        typeof proxy === "string" &&
        PROXY_SHOWN.test(proxy) &&
        typeof target === "string" &&
        TARGET_SHOWN.test(target) &&
        Number.isInteger(status) &&
        status! >= 100 &&
        status! <= 599
      )
        Object.assign(clean, { proxy, target, status: status! } satisfies ProxyRefusal);
    }
  } catch {
    // A hostile getter: the plain copy is enough.
  }
  return clean;
}

const isRecord = (value: unknown): value is Record<string, unknown> =>
  typeof value === "object" && value !== null && !Array.isArray(value);

const CODE = /^[A-Za-z0-9_.-]{1,64}$/;
/** True for a code a server may name an error with: a short token of letters, digits, `_`, `.`, `-`. */
export const isShortCode = (code: unknown): code is string => typeof code === "string" && CODE.test(code);
/** A code from the server when it is a short token that masking leaves alone; otherwise UNEXPECTED_RESPONSE. */
const cleanCode = (code: unknown, secrets: Secrets) =>
  isShortCode(code) && redact(code, secrets, 64) === code ? code : "UNEXPECTED_RESPONSE";

/** The error for a non-2xx answer whose body parsed as `body` (undefined when it was empty or not JSON). */
export function apiErrorFrom(
  status: number,
  body: unknown,
  request: RequestInfo,
  secrets: Secrets,
  retryAfterMs?: number,
): PingOneApiError {
  if (!isRecord(body) || typeof body.code !== "string" || typeof body.message !== "string") {
    const what =
      body === undefined ? "an empty body or one that is not JSON" : "a body that is not PingOne's error JSON";
    return unexpectedResponse(status, request, what, retryAfterMs);
  }
  const all = Array.isArray(body.details) ? body.details : [];
  // Everything in the body came from the server: each string, key and code is masked and cut.
  const details = (redactValue(all.slice(0, MAX_ITEMS), secrets) as unknown[])
    .filter((d): d is Record<string, unknown> => isRecord(d) && typeof d.code === "string")
    .map(
      (d) =>
        ({
          ...d,
          code: cleanCode(d.code, secrets),
          message: typeof d.message === "string" ? d.message : "",
        }) as PingOneErrorDetail,
    );
  const more = all.length > MAX_ITEMS ? ` (+${all.length - MAX_ITEMS} more details)` : "";
  const code = cleanCode(body.code, secrets);
  const detailText = details.map((d) => ` [${d.code}${d.target ? ` ${d.target}` : ""}] ${d.message}`).join("");
  return new PingOneApiError({
    status,
    code,
    id: typeof body.id === "string" ? redact(body.id, secrets, 100) : undefined,
    // Masked piece by piece (each piece cut on its own), then once more whole: a secret split across
    // the message and a detail is whole again once they are joined.
    message: redact(
      `${status} ${code} on ${request.method} ${request.url}: ${redact(body.message, secrets)}${redact(detailText, secrets, 4 * MAX_TEXT)}${more}`,
      secrets,
      Number.POSITIVE_INFINITY,
    ),
    details,
    retryAfterMs,
    request,
  });
}

/** The error for an answer the client cannot use (not JSON, empty, not PingOne's); the reason phrase is never repeated. */
export function unexpectedResponse(
  status: number,
  request: RequestInfo,
  what: string,
  retryAfterMs?: number,
): PingOneApiError {
  return new PingOneApiError({
    status,
    code: "UNEXPECTED_RESPONSE",
    message: `PingOne answered ${status} with ${what} on ${request.method} ${request.url}`,
    retryAfterMs,
    request,
  });
}
