// What the simulator does, one row per behaviour, each with its sources. The README's "What it
// simulates" table is generated from these rows (scripts/generate/readme.ts, drift-checked), and
// each row has a test whose name carries its id in brackets (test/testing/simulator*.test.ts;
// test/testing/simulator-behaviours.test.ts checks that every row has one).

/** Where a behaviour comes from, strongest first (openapi/README.md "Sources"). */
export type SourceKind = "page" | "terraform" | "programs" | "default";

export interface Source {
  kind: SourceKind;
  /** What this source settles, or, for "default chosen", why the choice. */
  detail: string;
}

export interface Behaviour {
  /** Stable id; tests name it as `[id]`. */
  id: string;
  /** What a caller does or meets. */
  behaviour: string;
  /** What the simulator answers. Markdown. */
  simulated: string;
  sources: readonly Source[];
}

export const SOURCE_LABELS: Record<SourceKind, string> = {
  page: "PingOne's pages",
  terraform: "Terraform provider docs",
  programs: "public programs",
  default: "default chosen",
};

const page = (detail: string): Source => ({ kind: "page", detail });
const terraform = (detail: string): Source => ({ kind: "terraform", detail });
const programs = (detail: string): Source => ({ kind: "programs", detail });
const chosen = (detail: string): Source => ({ kind: "default", detail });

export const BEHAVIOURS: readonly Behaviour[] = [
  {
    id: "create.ids",
    behaviour: "create: id, dates",
    simulated: "set by the server",
    sources: [page("the create pages' examples")],
  },
  {
    id: "create.status",
    behaviour: "create: starting status",
    simulated:
      "by an administrator (any token but a user token): `ACTIVE` for SMS, VOICE, EMAIL, WHATSAPP unless `status: ACTIVATION_REQUIRED` is sent; TOTP, FIDO2, OATH_TOKEN, PINGID_DESKTOP_GEN2 start `ACTIVATION_REQUIRED`",
    sources: [
      page("the create pages: an administrator may create a device ACTIVE"),
      chosen("the starting status of the credential types, which PingOne does not state"),
    ],
  },
  {
    id: "create.policy-optional",
    behaviour: "create without `policy`",
    simulated: "accepted for every type but BROWSER (SMS, VOICE, EMAIL, WHATSAPP, TOTP, FIDO2…)",
    sources: [
      page(
        'getting-started "Set user device (Email)" and "(SMS)", answered 201; "Pair authenticator app" sends `{"type": "TOTP"}`',
      ),
      programs("FIDO2 enrolments send `{type, rp}` only"),
    ],
  },
  {
    id: "create.actor",
    behaviour: "create by the user (`mock.userToken(...)`)",
    simulated:
      "`ACTIVATION_REQUIRED` whatever the type (a pairing passcode is sent); `status: ACTIVE` is refused with 400 `INVALID_DATA`, detail `INVALID_VALUE` on `status`",
    sources: [
      page(
        'the create pages: when the actor is the user, the status "can only be ACTIVATION_REQUIRED (default, if not provided)"',
      ),
      chosen("refusing `ACTIVE` (rather than ignoring it) and the answer's codes"),
    ],
  },
  {
    id: "create.test-mode",
    behaviour: "create: test mode",
    simulated:
      "`test.otp` in the answer when `testMode` and `ACTIVATION_REQUIRED`, and in deviceAuthentication answers for that device",
    sources: [page('"Create MFA User Device (SMS testing)"')],
  },
  {
    id: "create.cap",
    behaviour: "create: device cap",
    simulated:
      "`pairing.maxAllowedDevices` (5; 1 to 15) counting `ACTIVE` and blocked devices only; a create past it, or activating a device past it, → 400 `REQUEST_FAILED` / `LIMIT_EXCEEDED` / `innerError.maximumAllowed`. Whatever their status, at most 100 devices per user are kept",
    sources: [
      page("MFA settings: 5 by default, any number up to 15, and the `LIMIT_EXCEEDED` answer"),
      terraform("`pingone_mfa_settings`: devices that are Active or Blocked are subject to the limit"),
      chosen(
        "the cap applied at activation too (so it stays a bound on active devices), and the 100 kept, to bound memory",
      ),
    ],
  },
  {
    id: "create.credentials",
    behaviour: "create: TOTP, FIDO2, PingID Desktop",
    simulated:
      "TOTP: a base32 `secret` and `keyUri`, and its passcodes are the RFC 6238 codes an authenticator app computes from it (SHA-1, 6 digits, 30 s, one step either side, at the mock's time); FIDO2, PingID Desktop: creation options",
    sources: [page("the create pages"), chosen("the values, and checking TOTP codes as RFC 6238 apps compute them")],
  },
  {
    id: "list",
    behaviour: "get, list",
    simulated:
      "the user's devices; `filter` on `status eq` / `type eq` joined by `and`; `limit`; `expand=order`; the default (first in the order) first; a user the mock does not know has none (and is not stored)",
    sources: [page("the devices page")],
  },
  {
    id: "delete",
    behaviour: "delete",
    simulated: "204, then 404; the next device becomes the default",
    sources: [page("the delete page")],
  },
  {
    id: "activate",
    behaviour: "activate",
    simulated:
      "a passcode device needs `otp`, a FIDO2 or PingID Desktop device an `attestation` (400 `REQUIRED_VALUE` otherwise); the right passcode → `ACTIVE`; a wrong one → 400 `INVALID_DATA`, detail `INVALID_OTP` with `innerError.attemptsRemaining`; after `lockout.failureCount` (3) wrong ones the device locks for `lockout.durationSeconds` (60) (`lock.status: LOCKED`, detail `LIMIT_EXCEEDED` with `innerError.lockExpiresAt`); unlock resets; attestations are not verified",
    sources: [
      page(
        "`INVALID_OTP` (error model); devices lock after too many failures for the MFA settings' `lockout` (unlock page)",
      ),
      programs("`attemptsRemaining` after a wrong activation passcode"),
      chosen(
        "3 and 60 s (PingOne's defaults are not published), `lockExpiresAt`; nothing to verify attestations against",
      ),
    ],
  },
  {
    id: "block",
    behaviour: "block, unblock",
    simulated:
      "`block.status` `BLOCKED`/`UNBLOCKED`, `status` stays `ACTIVE`; a blocked device is listed in `_embedded.blockedDevices` and cannot authenticate",
    sources: [page("the block page and deviceAuthentication examples")],
  },
  {
    id: "order",
    behaviour: "set, remove order",
    simulated:
      "the listed devices first, then the user's other active devices; removing leaves no default (removing for a user the mock does not know stores nothing)",
    sources: [page("the devices page"), chosen("the answer shapes")],
  },
  {
    id: "other-device-calls",
    behaviour: "nickname, send logs, resend pairing code",
    simulated:
      "nickname stored; logs for MOBILE only (400 otherwise); a new pairing code, for a device awaiting a delivered one, replaces the old",
    sources: [page("their pages"), chosen("the refusals and the resend answer")],
  },
  {
    id: "remember",
    behaviour: "remembered device",
    simulated:
      "`devices.remember` answers the BROWSER device and a `Set-Cookie` (`ST=…; Path=/; Secure; HttpOnly`); the check is `COMPLETED` for that cookie (or one from `mock.rememberBrowser(...)`), the same payload and the same session, `FAILED` otherwise (for a user the mock does not know too, storing nothing for them)",
    sources: [
      page('"Create Remember Me Device" and "Check Remember Me Device"'),
      chosen("the cookie's name and attributes; the browser kept out of the device list and the cap"),
    ],
  },
  {
    id: "no-usable-device",
    behaviour: "deviceAuthentication for a user without a usable device",
    simulated:
      "400 `REQUEST_FAILED` with detail `NO_USABLE_DEVICES` (a user the mock does not know too, and nothing is stored)",
    sources: [programs("a public page expects this 400 and detail"), chosen("the top-level code")],
  },
  {
    id: "selection",
    behaviour: "deviceAuthentication: device selection",
    simulated:
      "`authentication.deviceSelection`: `DEFAULT_TO_FIRST` (default) uses the default device (first in the order), or the only one, at once, and asks (`DEVICE_SELECTION_REQUIRED`) only without an order; `PROMPT_TO_SELECT` asks when there are several; `ALWAYS_DISPLAY_DEVICES` always asks. A device used at once gets `OTP_REQUIRED` (or the push or assertion status of its type)",
    sources: [
      terraform("`pingone_mfa_device_policy`: the three values, `DEFAULT_TO_FIRST` by default"),
      programs(
        "an OAuth playground: `PROMPT_TO_SELECT` uses a single device at once, `ALWAYS_DISPLAY_DEVICES` lists it anyway",
      ),
    ],
  },
  {
    id: "one-time",
    behaviour: "one-time SMS, VOICE, EMAIL",
    simulated: "`OTP_REQUIRED` at once; phone masked `*******44`, email `gr****@example.com`",
    sources: [page("the one-time examples"), chosen("the mask rule beyond them")],
  },
  {
    id: "select",
    behaviour: "select",
    simulated: "the device must be one of the user's usable devices; a passcode is sent",
    sources: [page("the select page")],
  },
  {
    id: "device-gone",
    behaviour: "a device blocked, locked or deleted during an authentication",
    simulated:
      "`checkOtp` → 400 `REQUEST_FAILED` on `selectedDevice.id` (select another device); an answered push → `FAILED` (`DEVICE_NOT_USABLE`)",
    sources: [chosen("PingOne does not say")],
  },
  {
    id: "check-otp",
    behaviour: "checkOtp",
    simulated:
      "right → `COMPLETED`; each wrong one, the last included, makes the call throw 400 `INVALID_DATA` / `INVALID_OTP` with `innerError.attemptsRemaining` (2, 1, 0 by default); after the last (`otp.failure.count`, 3) the authentication is `FAILED` (read it with `get`) and the user is blocked (next row); a passcode older than `otp.lifeTime` (30 min) is wrong",
    sources: [
      page(
        "the device authentication policy: `otp.failure.count`, 3 by default, and `otp.lifeTime`, 30 min in its example",
      ),
      programs("`attemptsRemaining` after a wrong passcode check"),
      chosen("`FAILED` after the last wrong passcode and the status of the 400: PingOne's pages do not show them"),
    ],
  },
  {
    id: "cool-down",
    behaviour: "too many wrong passcodes",
    simulated:
      "wrong passcodes count per user, across authentications, until a right one; at `otp.failure.count` the user is blocked for `otp.failure.coolDown` (2 minutes): every passcode check of theirs → 400 `REQUEST_FAILED`, detail `QUOTA_EXCEEDED` with a numeric `innerError.coolDownExpiresAt` (ms since 1970). One-time passcodes never block the user",
    sources: [
      terraform(
        '`pingone_mfa_device_policy`: "the maximum number of times that the OTP entry can fail for a user, before they are blocked", 2 minutes, one-time authentication never blocks',
      ),
      programs("400 `QUOTA_EXCEEDED` with `coolDownExpiresAt` compared as a number"),
      chosen("the unit, ms since 1970 as in the spec's example, and the top-level code"),
    ],
  },
  {
    id: "push",
    behaviour: "push (MOBILE)",
    simulated:
      "`PUSH_CONFIRMATION_REQUIRED`; the test answers with `approvePush`, `denyPush`, `timeOutPush`; cancel → `DEVICE_SELECTION_REQUIRED`",
    sources: [page("the cancel example"), chosen("push outcomes, which come from the phone")],
  },
  {
    id: "push-limit",
    behaviour: "too many ignored or denied pushes",
    simulated:
      "`pushLimit.count` (5) timed-out or denied pushes within `pushLimit.timePeriod` (10 min) block pushes for `pushLimit.lockDuration` (30 min): the user's MOBILE devices are listed as not usable (`usableStatus` `DISABLED`, `PUSH_LIMIT_EXCEEDED`), so with no other device → `NO_USABLE_DEVICES`; an approved push starts the count again",
    sources: [
      terraform("`pingone_mfa_device_policy` `push_limit`: count 5, lock 30 minutes, time period"),
      chosen("how blocked pushes show: the device unusable, and the reason's name"),
    ],
  },
  {
    id: "assertion",
    behaviour: "assertion (FIDO2, PingID Desktop)",
    simulated: "`ASSERTION_REQUIRED` with request options; any assertion completes",
    sources: [chosen("nothing to verify it against")],
  },
  {
    id: "expiry",
    behaviour: "get, expiry",
    simulated: "404 once the authentication is `authenticationLifetimeSeconds` (30 min) old",
    sources: [chosen("PingOne does not say")],
  },
  {
    id: "not-allowed",
    behaviour: "calls not allowed in a status",
    simulated: "400 `INVALID_REQUEST`, naming the calls allowed (the spec's `x-pingone-next`)",
    sources: [chosen("PingOne does not say")],
  },
  {
    id: "daily-quotas",
    behaviour: "daily limits",
    simulated:
      "`quotas.smsVoice.total` and `quotas.email.total` (50 each) per user per day (UTC), then 429 `REQUEST_LIMITED` / `QUOTA_EXCEEDED` with `Retry-After` until midnight",
    sources: [page("the platform limits: 50 SMS and 50 emails per user per day"), chosen("the body")],
  },
  {
    id: "token",
    behaviour: "token endpoint",
    simulated:
      '`POST {authBaseUrl}/{envId}/as/token`, client credentials by Basic or form: `{ access_token, token_type: "Bearer", expires_in: 3600 }` (`accessTokenValiditySeconds`); `invalid_client` for a wrong secret once `registerClient` was called; once a token was issued, the API accepts only live issued tokens',
    sources: [page("the token pages: tokens last 1 hour"), chosen("the error wording")],
  },
  {
    id: "user-token",
    behaviour: "acting as the user",
    simulated:
      "`mock.userToken(environmentId, userId)` is a bearer token whose requests act as that user: their own devices and authentications only (another user's or environment's → 403 `ACCESS_FAILED` / `INSUFFICIENT_PERMISSIONS`); it lasts `accessTokenValiditySeconds` and `revokeTokens()` ends it",
    sources: [
      page("the create pages' rules for an actor who is the user; PingOne's 403 for an actor without the permission"),
      chosen("what a user token may reach"),
    ],
  },
  {
    id: "links",
    behaviour: "`_links`",
    simulated: "point at the mock as the client reached it, so following one works",
    sources: [page("the examples, with PingOne's hosts")],
  },
  {
    id: "not-found",
    behaviour: "404",
    simulated: '`NOT_FOUND`, "The request could not be completed. The requested resource was not found."',
    sources: [page("the wording of its 404s for other resources")],
  },
  {
    id: "bounded",
    behaviour: "memory",
    simulated:
      "the newest 1,000 deviceAuthentications, passcodes and tokens, and the 1,000 most recently used users and environments are kept; reading a user, device or authentication the mock does not hold stores nothing",
    sources: [chosen("a long-running or shared mock stays flat in memory")],
  },
  {
    id: "control-checks",
    behaviour: "the mock object's calls",
    simulated:
      "`setLimits`, `advanceTime`, `addDevice`, `answerPush`, `userToken` refuse a value they cannot hold (not finite, negative, not whole where counts are, past PingOne's range, past what dates can hold) with a `RangeError` or `TypeError` naming it, before anything changes; the simulator starts no timers",
    sources: [chosen("a wrong setting should fail where it is made, not as a 500 later")],
  },
];
