// The errors the client throws. Every message is built from redacted parts: no access token, OTP
// or whole phone number reaches `message`, `stack`, JSON.stringify or util.inspect.
import type { components } from "../generated/schema.js";
import { redact, type Secrets } from "./redact.js";

/** PingOne's error body, as the spec describes it. */
export type PingOneErrorBody = components["schemas"]["PingOneError"];
/** One problem inside a PingOne error body. */
export type PingOneErrorDetail = components["schemas"]["PingOneErrorDetail"];

/** Base class of every error this package throws: `catch (e) { if (e instanceof PingOneError) … }`. */
export class PingOneError extends Error {
  override name = "PingOneError";
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
    const copy = new (this.constructor as typeof PingOneValidationError)(field, this.reason as never, `${field}${this.message.slice(this.field.length)}`);
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
  override name = "PhoneNumberError";
  declare readonly reason: PhoneNumberReason;
  constructor(field: string, reason: PhoneNumberReason, message: string) {
    super(field, reason, message);
  }
}

/** Where a failed request went. URLs carry only IDs, never secrets. */
export interface RequestInfo {
  method: string;
  url: string;
}

/** PingOne (or something between) answered with an error status, or with a body the client cannot read. */
export class PingOneApiError extends PingOneError {
  override name = "PingOneApiError";
  /** HTTP status. */
  readonly status: number;
  /** PingOne's top-level code (`INVALID_DATA`, `REQUEST_LIMITED`, …), or `UNEXPECTED_RESPONSE` when the body is not PingOne's error JSON. */
  readonly code: string;
  /** PingOne's error ID, for support; absent when the body is not PingOne's. */
  readonly id: string | undefined;
  /** PingOne's detail entries, redacted. */
  readonly details: PingOneErrorDetail[];
  /** From `Retry-After`, in milliseconds, when the response carried one. */
  readonly retryAfterMs: number | undefined;
  readonly method: string;
  readonly url: string;

  constructor(init: {
    status: number;
    code: string;
    id?: string | undefined;
    message: string;
    details?: PingOneErrorDetail[];
    retryAfterMs?: number | undefined;
    request: RequestInfo;
  }) {
    super(init.message);
    this.status = init.status;
    this.code = init.code;
    this.id = init.id;
    this.details = init.details ?? [];
    this.retryAfterMs = init.retryAfterMs;
    this.method = init.request.method;
    this.url = init.request.url;
  }
}

/** The request could not be sent or its answer not received (DNS, refused or dropped connection). */
export class PingOneNetworkError extends PingOneError {
  override name = "PingOneNetworkError";
  readonly method: string;
  readonly url: string;
  constructor(request: RequestInfo, cause: unknown) {
    super(`Network error on ${request.method} ${request.url}: ${describeCause(cause)}`, { cause });
    this.method = request.method;
    this.url = request.url;
  }
}

/** The call took longer than `timeoutMs` (retries and waits included) and was aborted. */
export class PingOneTimeoutError extends PingOneError {
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

function describeCause(cause: unknown): string {
  if (cause instanceof Error) {
    const inner = cause.cause instanceof Error ? ` (${cause.cause.message})` : "";
    return `${cause.message}${inner}`;
  }
  return String(cause);
}

const isRecord = (value: unknown): value is Record<string, unknown> =>
  typeof value === "object" && value !== null && !Array.isArray(value);

function isPingOneErrorBody(body: unknown): body is PingOneErrorBody {
  return isRecord(body) && typeof body.code === "string" && typeof body.message === "string";
}

function redactDetail(detail: unknown, secrets: Secrets): PingOneErrorDetail | undefined {
  if (!isRecord(detail) || typeof detail.code !== "string") return undefined;
  const clean: PingOneErrorDetail = { code: detail.code, message: redact(String(detail.message ?? ""), secrets) };
  if (typeof detail.target === "string") clean.target = redact(detail.target, secrets);
  if (isRecord(detail.innerError)) clean.innerError = redactValues(detail.innerError, secrets) as NonNullable<PingOneErrorDetail["innerError"]>;
  return clean;
}

/** Redacts every string inside `value`, leaving numbers, booleans and the structure as they are. */
function redactValues(value: unknown, secrets: Secrets): unknown {
  if (typeof value === "string") return redact(value, secrets);
  if (Array.isArray(value)) return value.map((item) => redactValues(item, secrets));
  if (isRecord(value)) return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, redactValues(v, secrets)]));
  return value;
}

/** Builds the error for a non-2xx response (or unreadable 2xx body) from what openapi-fetch parsed. */
export function apiErrorFrom(
  response: Pick<Response, "status" | "statusText">,
  body: unknown,
  request: RequestInfo,
  secrets: Secrets,
  retryAfterMs?: number,
): PingOneApiError {
  if (!isPingOneErrorBody(body)) {
    const what = body === undefined || body === "" ? "an empty body" : "a body that is not PingOne's error JSON";
    return unexpectedResponse(response, request, what, retryAfterMs);
  }
  const where = `${request.method} ${request.url}`;
  const details = (Array.isArray(body.details) ? body.details : [])
    .map((d) => redactDetail(d, secrets))
    .filter((d): d is PingOneErrorDetail => d !== undefined);
  const detailText = details.map((d) => ` [${d.code}${d.target ? ` ${d.target}` : ""}] ${d.message}`).join("");
  return new PingOneApiError({
    status: response.status,
    code: body.code,
    id: typeof body.id === "string" ? body.id : undefined,
    message: `${response.status} ${body.code} on ${where}: ${redact(body.message, secrets)}${detailText}`,
    details,
    retryAfterMs,
    request,
  });
}

/** The error for a response whose body the client cannot use (not JSON, empty, not PingOne's). */
export function unexpectedResponse(
  response: Pick<Response, "status" | "statusText">,
  request: RequestInfo,
  what: string,
  retryAfterMs?: number,
): PingOneApiError {
  const status = `${response.status}${response.statusText ? ` ${response.statusText}` : ""}`;
  return new PingOneApiError({
    status: response.status,
    code: "UNEXPECTED_RESPONSE",
    message: `PingOne answered ${status} with ${what} on ${request.method} ${request.url}`,
    retryAfterMs,
    request,
  });
}
