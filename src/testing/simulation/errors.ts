// PingOne's error answers, in one place: each top-level code with its HTTP status and PingOne's
// message, and each refusal the simulator gives with its detail. Handlers never write an error
// body themselves; they throw one of these. Sources: the top-level codes, statuses and messages
// are those of PingOne's "Error codes" page and its published errors (pingone-api.md §6); where a
// detail rests on other evidence or is the simulator's own choice, the entry says so.
import { randomUuid } from "../random.js";

/** One problem with a request, as PingOne lists it in `details`. */
export interface ErrorDetail {
  code: string;
  target?: string;
  message: string;
  innerError?: Record<string, unknown>;
}

/** An answer the simulator gives: status, body, headers. */
export interface SimulatedAnswer {
  status: number;
  body?: unknown;
  headers?: Record<string, string>;
}

/**
 * PingOne's top-level error codes: their status and message. INVALID_DATA's and REQUEST_FAILED's
 * messages are PingOne's published ones ("Error codes" page, MFA settings page); the others follow
 * their pattern (composed, as the spec's error examples say).
 */
export const PINGONE_ERRORS = {
  INVALID_DATA: {
    status: 400,
    message: "The request could not be completed. One or more validation errors were in the request.",
  },
  INVALID_REQUEST: { status: 400, message: "The request could not be completed. The request was not valid." },
  REQUEST_FAILED: {
    status: 400,
    message: "The request could not be completed. There was an issue processing the request.",
  },
  ACCESS_FAILED: { status: 401, message: "The request could not be completed. The access token is not valid." },
  FORBIDDEN: { status: 403, message: "The request could not be completed. You do not have access to this resource." },
  NOT_FOUND: { status: 404, message: "The request could not be completed. The requested resource was not found." },
  REQUEST_LIMITED: {
    status: 429,
    message: "The request could not be completed. You have exceeded your request limit.",
  },
  UNEXPECTED_ERROR: { status: 500, message: "The request could not be completed. An unexpected error occurred." },
} as const;
export type PingOneErrorName = keyof typeof PINGONE_ERRORS;

/**
 * Messages for particular cases of a top-level code, for the HTTP layer (which answers before a
 * request reaches the simulator) as much as for the simulator.
 */
export const PINGONE_MESSAGES = {
  /** INVALID_REQUEST: a path with a malformed escape. */
  invalidPath: "The request could not be completed. The request path is not valid.",
  /** INVALID_REQUEST (415): a Content-Type the operation does not declare (the spec's 415 example). */
  unsupportedContentType: "The request could not be completed. The Content-Type is not supported.",
  /** INVALID_DATA: a body that is not JSON. */
  invalidJson: "The request could not be completed. The request body is not valid JSON.",
  /** INVALID_DATA: a body whose bytes are not UTF-8 (JSON is UTF-8, RFC 8259 §8.1). */
  invalidUtf8: "The request could not be completed. The request body is not valid UTF-8.",
  /** INVALID_REQUEST: a call the deviceAuthentication's status does not allow. */
  notAllowedInState: "The request could not be completed. The action is not allowed in the current state.",
} as const;

/** The code PingOne writes in the body: a 403 is `ACCESS_FAILED` too (PingOne's error model). */
const WIRE_CODE: Partial<Record<PingOneErrorName, string>> = { FORBIDDEN: "ACCESS_FAILED" };

/** PingOne's error body with a fresh `id`. */
export function pingOneErrorBody(name: PingOneErrorName, details: readonly ErrorDetail[] = [], message?: string) {
  return {
    id: randomUuid(),
    code: WIRE_CODE[name] ?? name,
    message: message ?? PINGONE_ERRORS[name].message,
    ...(details.length ? { details: [...details] } : {}),
  };
}

/** PingOne's answer for `name`: its status and body (and headers, such as `Retry-After`). */
export function pingOneError(
  name: PingOneErrorName,
  details: readonly ErrorDetail[] = [],
  options: { message?: string; headers?: Record<string, string>; status?: number } = {},
): SimulatedAnswer {
  return {
    status: options.status ?? PINGONE_ERRORS[name].status,
    body: pingOneErrorBody(name, details, options.message),
    ...(options.headers ? { headers: options.headers } : {}),
  };
}

/** The 401 for a missing, expired or revoked token (detail INVALID_TOKEN, PingOne's error model). */
export const invalidToken = (message: string): SimulatedAnswer => ({
  ...pingOneError("ACCESS_FAILED", [{ code: "INVALID_TOKEN", message }]),
  headers: { "www-authenticate": 'Bearer error="invalid_token"' },
});

/** Thrown by a handler: the answer it refuses the request with. */
export class Refusal {
  constructor(readonly answer: SimulatedAnswer) {}
}
const refuse = (answer: SimulatedAnswer): never => {
  throw new Refusal(answer);
};

/** A detail saying `target` holds a value that is not allowed here. */
const invalidValue = (target: string, message: string): ErrorDetail => ({ code: "INVALID_VALUE", target, message });
/** 400 INVALID_DATA: a field's value the simulator refuses. */
const invalidData = (target: string, message: string) =>
  refuse(pingOneError("INVALID_DATA", [invalidValue(target, message)]));
/** 400 REQUEST_FAILED: a valid request PingOne cannot carry out in the resource's state. */
const requestFailed = (target: string, message: string) =>
  refuse(pingOneError("REQUEST_FAILED", [invalidValue(target, message)]));

/**
 * Every refusal the simulator gives, by what happened, worded once. Each throws a
 * {@link Refusal}, which `handle` answers with. The `[id]`s name rows of the behaviour table.
 */
export const refusals = {
  /** An id the simulator does not hold (PingOne's wording for every resource). */
  notFound: () => refuse(pingOneError("NOT_FOUND")),

  /** A user token used on another user's resources (PingOne's 403 for an actor without the permission). */
  notYourResource: () =>
    refuse(
      pingOneError("FORBIDDEN", [
        {
          code: "INSUFFICIENT_PERMISSIONS",
          message: "The actor attempting to perform the request is not authorized.",
        },
      ]),
    ),

  /** [create.actor] A user asked for an ACTIVE device of their own (PingOne's create pages; the codes: default chosen). */
  userCreatesActive: () =>
    invalidData(
      "status",
      "A user creating their own device gets ACTIVATION_REQUIRED; only another actor can create it ACTIVE.",
    ),

  /** [activate] Activation of a device that is already active. */
  alreadyActive: () => requestFailed("status", "Only a device in ACTIVATION_REQUIRED can be activated."),

  /** [activate] An activation without the proof the device's type needs: REQUIRED_VALUE. */
  activationProofMissing: (type: string, proof: "otp" | "attestation") =>
    refuse(
      pingOneError("INVALID_DATA", [
        {
          code: "REQUIRED_VALUE",
          target: proof,
          message: `A ${type} device is activated with ${proof === "otp" ? "its passcode (otp)" : "an attestation"}.`,
        },
      ]),
    ),

  /** [other-device-calls] A pairing code asked for a device that awaits none. */
  noPairingCodeToSend: () =>
    requestFailed("status", "Only a device awaiting activation by a delivered passcode gets one."),

  /** [other-device-calls] Logs asked of a device that is not MOBILE. */
  logsFromMobileOnly: () =>
    refuse(pingOneError("INVALID_REQUEST", [invalidValue("type", "Only MOBILE devices upload logs.")])),

  /** [order] An order naming a device that is not one of the user's active devices. */
  notOrderable: (index: number) => invalidData(`order[${index}].id`, "Only the user's active devices can be ordered."),

  /** [select] A device that is not one the authentication offers. */
  notACandidate: () => invalidData("device.id", "The device is not one the user can authenticate with."),

  /** [select] A device offered but blocked or locked since. */
  deviceUnusable: () => requestFailed("device.id", "The device is blocked or locked."),

  /** [device-gone] A passcode check after the selected device was deleted, blocked or locked (default chosen). */
  selectedDeviceGone: () =>
    requestFailed("selectedDevice.id", "The selected device was deleted, blocked or locked; select another device."),

  /**
   * More device records for one user than the simulator keeps, whatever their status (default
   * chosen: ACTIVATION_REQUIRED devices are outside PingOne's cap, so memory needs its own bound).
   */
  tooManyDeviceRecords: (kept: number) =>
    refuse(
      pingOneError("REQUEST_FAILED", [
        {
          code: "LIMIT_EXCEEDED",
          message: `The simulator keeps at most ${kept} devices per user, whatever their status; delete some first.`,
          innerError: { maximumAllowed: kept },
        },
      ]),
    ),

  /** A filter the simulator cannot read. */
  invalidFilter: () =>
    refuse(
      pingOneError("INVALID_DATA", [
        {
          code: "INVALID_FILTER",
          target: "filter",
          message: "Only status eq and type eq, joined by and, can be filtered on.",
        },
      ]),
    ),

  /** A call the authentication's status does not allow (the spec's `x-pingone-next`). Message: default chosen. */
  notAllowedNow: (action: string, status: string, allowed: readonly string[]) =>
    refuse(
      pingOneError(
        "INVALID_REQUEST",
        [
          invalidValue(
            "status",
            `${action.split(".")[1]} is not allowed when the status is ${status}; allowed: ${allowed.map((a) => a.split(".")[1]).join(", ")}`,
          ),
        ],
        { message: PINGONE_MESSAGES.notAllowedInState },
      ),
    ),

  /**
   * The device cap: 400 REQUEST_FAILED, detail LIMIT_EXCEEDED with `innerError.maximumAllowed`
   * (PingOne's MFA settings page, "If the maxAllowedDevices limit is reached").
   */
  deviceLimit: (maximumAllowed: number) =>
    refuse(
      pingOneError("REQUEST_FAILED", [
        { code: "LIMIT_EXCEEDED", message: "Maximum allowed devices has been reached", innerError: { maximumAllowed } },
      ]),
    ),

  /**
   * A wrong passcode: 400 INVALID_DATA, detail INVALID_OTP with `innerError.attemptsRemaining`
   * (the detail code: PingOne's error model; the field: public programs).
   */
  wrongOtp: (attemptsRemaining: number) =>
    refuse(
      pingOneError("INVALID_DATA", [
        {
          code: "INVALID_OTP",
          target: "otp",
          message: "The one-time passcode is not valid.",
          innerError: { attemptsRemaining },
        },
      ]),
    ),

  /**
   * The user is blocked after too many wrong passcodes: 400 REQUEST_FAILED, detail QUOTA_EXCEEDED with
   * a numeric `innerError.coolDownExpiresAt` (public programs; milliseconds since 1970: default chosen,
   * as the spec's example).
   */
  otpCoolDown: (coolDownExpiresAt: number) =>
    refuse(
      pingOneError("REQUEST_FAILED", [
        {
          code: "QUOTA_EXCEEDED",
          message: "Too many wrong passcodes. Try again later.",
          innerError: { coolDownExpiresAt },
        },
      ]),
    ),

  /**
   * A device locked after too many wrong activation passcodes: 400 REQUEST_FAILED, detail
   * LIMIT_EXCEEDED with `innerError.lockExpiresAt` (default chosen, as the spec says).
   */
  deviceLocked: (lockExpiresAt: string) =>
    refuse(
      pingOneError("REQUEST_FAILED", [
        {
          code: "LIMIT_EXCEEDED",
          target: "otp",
          message: "Too many wrong passcodes: the device is locked.",
          innerError: { lockExpiresAt },
        },
      ]),
    ),

  /** No usable device when an authentication starts: 400 REQUEST_FAILED, NO_USABLE_DEVICES (public programs). */
  noUsableDevices: () =>
    refuse(
      pingOneError("REQUEST_FAILED", [
        { code: "NO_USABLE_DEVICES", message: "The user has no device that can be used for authentication." },
      ]),
    ),

  /**
   * A daily sending quota reached: 429 REQUEST_LIMITED with `Retry-After`, detail QUOTA_EXCEEDED with
   * `quotaLimit` and `quotaResetTime` (PingOne's platform limits; the body: default chosen).
   */
  dailyQuota: (kind: "email" | "SMS and voice", limit: number, resetsAt: string, retryAfterSeconds: number) =>
    refuse(
      pingOneError(
        "REQUEST_LIMITED",
        [
          {
            code: "QUOTA_EXCEEDED",
            message: `The daily ${kind} limit of ${limit} for this user is reached.`,
            innerError: { quotaLimit: limit, quotaResetTime: resetsAt },
          },
        ],
        { headers: { "retry-after": String(retryAfterSeconds) } },
      ),
    ),
};

/** The `error` a FAILED deviceAuthentication carries, by why it failed (codes and messages: default chosen). */
export const AUTHENTICATION_ERRORS = {
  otpAttemptsExceeded: { code: "OTP_ATTEMPTS_EXCEEDED", message: "Too many wrong passcodes." },
  pushDenied: { code: "PUSH_DENIED", message: "The user denied the push notification." },
  deviceNotUsable: {
    code: "DEVICE_NOT_USABLE",
    message: "The device was deleted, blocked or locked before the push was answered.",
  },
  deviceNotRemembered: { code: "DEVICE_NOT_REMEMBERED", message: "The accessing device is not a remembered device." },
} as const;

/** OAuth 2.0 errors of the token endpoint (RFC 6749 §5.2; the descriptions: default chosen). */
export function oauthError(
  status: 400 | 401,
  error: "invalid_request" | "invalid_client" | "unsupported_grant_type",
  description: string,
): SimulatedAnswer {
  return { status, body: { error, error_description: description }, headers: { "cache-control": "no-store" } };
}
