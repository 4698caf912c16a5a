// The handlers of the deviceAuthentications resource (auth host), one per action of the spec.
// Each behaviour's source is in the behaviour table (behaviours.ts); the ids in comments name its
// rows.
import { randomUuid } from "../random.js";
import { AUTHENTICATION_ERRORS, refusals } from "./errors.js";
import type { AuthenticationActionName, Context, HandlerTable } from "./handler.js";
import {
  countDelivery,
  countPushOutcome,
  countRightPasscode,
  countWrongPasscode,
  newPasscode,
  OTP_TYPES,
  passcodeOk,
  refuseDuringCoolDown,
  usable,
} from "./passcodes.js";
import type { Actor, AuthRecord, DeviceRecord, UserRecord } from "./records.js";
import { renderAuthentication } from "./render.js";

/** The policy an authentication names when the request names none (PingOne's example policy id). */
const DEFAULT_POLICY = "5a0a0950-8a81-4739-b12a-f4d6a11c7a82";

export function authenticationHandlers(ctx: Context): HandlerTable<AuthenticationActionName> {
  const { store, clock } = ctx;
  const render = (origin: string, auth: AuthRecord) =>
    renderAuthentication(
      origin,
      auth,
      auth.userId ? store.peekUser(auth.environmentId, auth.userId) : undefined,
      clock.now(),
    );
  const touch = (auth: AuthRecord) => {
    auth.updatedAt = clock.iso();
  };
  const newAuth = (environmentId: string, policyId: string | undefined): AuthRecord => ({
    id: randomUuid(),
    environmentId,
    policyId: policyId ?? DEFAULT_POLICY,
    status: "FAILED",
    candidates: [],
    blocked: [],
    failures: 0,
    extra: {},
    createdAt: clock.iso(),
    updatedAt: clock.iso(),
    expiresAt: clock.now() + ctx.settings().authenticationLifetimeSeconds * 1000,
  });
  /** [user-token] A user's token reaches only that user's authentications. */
  const mustBeActor = (actor: Actor, userId: string | undefined) => {
    if (actor.kind === "user" && userId !== undefined && userId !== actor.userId) refusals.notYourResource();
  };

  /** Moves an authentication onto `device`: a passcode sent, an assertion asked for, or a push. */
  function challenge(auth: AuthRecord, user: UserRecord, device: DeviceRecord) {
    const now = clock.now();
    if (device.totpKey) {
      // The app computes the code; nothing is sent.
      auth.passcode = undefined;
      auth.status = "OTP_REQUIRED";
    } else if (OTP_TYPES.has(device.type)) {
      countDelivery(user, device.type, ctx.settings(), now);
      auth.passcode = newPasscode(ctx.settings(), now);
      store.sent({
        userId: device.userId,
        deviceId: device.id,
        deviceAuthenticationId: auth.id,
        code: auth.passcode.code,
      });
      auth.status = "OTP_REQUIRED";
    } else if (device.type === "MOBILE") {
      auth.pushAnswer = undefined;
      auth.status = "PUSH_CONFIRMATION_REQUIRED";
    } else {
      auth.status = "ASSERTION_REQUIRED";
    }
    auth.selected = device.id;
  }

  /** The authentication, or 404 once it is gone or expired [expiry]; a push answered meanwhile is applied [push]. */
  function authOf(params: { environmentId: string; deviceAuthenticationId: string }, actor: Actor): AuthRecord {
    const auth = store.auth(params.deviceAuthenticationId);
    if (!auth || auth.environmentId !== params.environmentId) return refusals.notFound();
    const now = clock.now();
    if (auth.expiresAt <= now) {
      store.dropAuth(auth.id);
      return refusals.notFound();
    }
    mustBeActor(actor, auth.userId);
    const answer = auth.pushAnswer;
    if (answer && auth.status === "PUSH_CONFIRMATION_REQUIRED") {
      auth.pushAnswer = undefined;
      const user = auth.userId ? store.peekUser(auth.environmentId, auth.userId) : undefined;
      const device = auth.selected ? user?.devices.get(auth.selected) : undefined;
      if (!user || !device || !usable(device, user, now)) {
        // [device-gone] Default chosen: a device deleted, blocked or locked before the answer fails it.
        Object.assign(auth, { status: "FAILED", error: AUTHENTICATION_ERRORS.deviceNotUsable });
      } else {
        // [push-limit] Ignored and denied pushes count against the policy's push limit.
        countPushOutcome(user, answer === "APPROVE", ctx.settings(), now);
        if (answer === "APPROVE") Object.assign(auth, { status: "COMPLETED", authenticators: ["mfa", "mobile"] });
        else if (answer === "DENY") Object.assign(auth, { status: "FAILED", error: AUTHENTICATION_ERRORS.pushDenied });
        else auth.status = "PUSH_CONFIRMATION_TIMED_OUT";
      }
      touch(auth);
    }
    return auth;
  }

  /** [not-allowed] Refuses an action the authentication's status does not allow (the spec's x-pingone-next). */
  function allow(auth: AuthRecord, action: AuthenticationActionName) {
    const allowed = ctx.nextCalls.get(auth.status) ?? [];
    if (!allowed.includes(action)) refusals.notAllowedNow(action, auth.status, allowed);
  }

  return {
    "deviceAuthentications.create"({ params, body, origin, actor }) {
      // [user-token] A user's token starts authentications for that user only.
      if (actor.kind === "user" && body.user?.id !== actor.userId) refusals.notYourResource();
      const auth = newAuth(params.environmentId, body.policy?.id);
      if (body.user) auth.userId = body.user.id;
      if (body.rp) auth.extra.rp = body.rp;
      const oneTime = body.selectedDevice?.oneTime;
      const now = clock.now();
      if (oneTime) {
        // [one-time] A one-time target gets its passcode at once.
        if (auth.userId) countDelivery(store.user(auth.environmentId, auth.userId), oneTime.type, ctx.settings(), now);
        auth.oneTime = oneTime;
        auth.passcode = newPasscode(ctx.settings(), now);
        const to = "phone" in oneTime ? oneTime.phone : oneTime.email;
        store.sent({ userId: auth.userId, deviceAuthenticationId: auth.id, to, code: auth.passcode.code });
        auth.status = "OTP_REQUIRED";
      } else if (!auth.userId) {
        // Usernameless FIDO2: an assertion for whoever holds a passkey.
        auth.status = "ASSERTION_REQUIRED";
      } else {
        // [no-usable-device] A user the store does not hold has no device: 400, and nothing is stored.
        const user = store.peekUser(auth.environmentId, auth.userId) ?? refusals.noUsableDevices();
        const order = user.order ?? [];
        const rank = (id: string) => order.indexOf(id) + 1 || Number.POSITIVE_INFINITY;
        const active = [...user.devices.values()]
          .filter((d) => d.status === "ACTIVE")
          .sort((a, b) => rank(a.id) - rank(b.id));
        auth.candidates = active.filter((d) => usable(d, user, now)).map((d) => d.id);
        auth.blocked = active.filter((d) => !usable(d, user, now)).map((d) => d.id);
        if (auth.candidates.length === 0) refusals.noUsableDevices();
        // [selection] DEFAULT_TO_FIRST uses the default device (the first in the order), or the only
        // one; PROMPT_TO_SELECT lets the user choose among several; ALWAYS_DISPLAY_DEVICES always does.
        const mode = ctx.settings().authentication.deviceSelection;
        const single = auth.candidates.length === 1;
        const useFirst =
          mode === "ALWAYS_DISPLAY_DEVICES"
            ? false
            : single || (mode === "DEFAULT_TO_FIRST" && user.order !== undefined && user.order.length > 0);
        if (useFirst) challenge(auth, user, user.devices.get(auth.candidates[0]!)!);
        else auth.status = "DEVICE_SELECTION_REQUIRED";
      }
      store.keepAuth(auth);
      return { status: 201, body: render(origin, auth) };
    },

    "deviceAuthentications.checkRememberedDevice"({ params, body, headers, origin, actor }) {
      mustBeActor(actor, body.user.id);
      // [remember] A user the store does not hold has no remembered browser; nothing is stored for them.
      const user = store.peekUser(params.environmentId, body.user.id);
      const cookies = (headers.cookie ?? "").split(";").map((pair) => pair.trim());
      const remembered = cookies.map((pair) => user?.remembered.get(pair)).find((found) => found !== undefined);
      const matches =
        remembered !== undefined &&
        remembered.payload === body.payload.value &&
        (remembered.sessionId === undefined || remembered.sessionId === body.deviceSession?.id);
      const auth = newAuth(params.environmentId, body.policy.id);
      auth.userId = body.user.id;
      auth.extra = {
        payload: { value: body.payload.value, type: "BROWSER" },
        ...(body.deviceSession ? { deviceSession: body.deviceSession } : {}),
      };
      if (matches) {
        Object.assign(auth, {
          status: "COMPLETED",
          selected: remembered.deviceId,
          authenticators: ["swk", "mfa", "rm"],
        });
        auth.extra._embedded = {
          accessingDevices: [
            { id: remembered.deviceId, type: "BROWSER", status: "ACTIVE", lastRememberedAt: remembered.at },
          ],
        };
      } else {
        auth.error = AUTHENTICATION_ERRORS.deviceNotRemembered;
        auth.extra._embedded = { accessingDevices: [{ type: "BROWSER" }] };
      }
      store.keepAuth(auth);
      return { status: 200, body: render(origin, auth) };
    },

    "deviceAuthentications.get": ({ params, origin, actor }) => ({
      status: 200,
      body: render(origin, authOf(params, actor)),
    }),

    "deviceAuthentications.selectDevice"({ params, body, origin, actor }) {
      const auth = authOf(params, actor);
      allow(auth, "deviceAuthentications.selectDevice");
      const user = auth.userId ? store.peekUser(auth.environmentId, auth.userId) : undefined;
      const device = auth.candidates.includes(body.device.id) ? user?.devices.get(body.device.id) : undefined;
      // [select] Only one of the user's usable devices can be selected.
      if (!user || !device) return refusals.notACandidate();
      if (!usable(device, user, clock.now())) refusals.deviceUnusable();
      challenge(auth, user, device);
      touch(auth);
      return { status: 200, body: render(origin, auth) };
    },

    "deviceAuthentications.checkOtp"({ params, body, origin, actor }) {
      const auth = authOf(params, actor);
      const user = auth.userId ? store.peekUser(auth.environmentId, auth.userId) : undefined;
      const now = clock.now();
      // [cool-down] While the user is blocked, every passcode check is refused (one-time targets never block).
      if (!auth.oneTime) refuseDuringCoolDown(user, now);
      allow(auth, "deviceAuthentications.checkOtp");
      const device = auth.selected ? user?.devices.get(auth.selected) : undefined;
      // [device-gone] Default chosen: a device deleted, blocked or locked since it was selected cannot complete it.
      if (!auth.oneTime && (!device || !usable(device, user, now))) refusals.selectedDeviceGone();
      if (!passcodeOk(device, auth.passcode, body.otp, now)) {
        // [check-otp] Each wrong passcode spends an attempt; the last one fails the authentication.
        const remaining = countWrongPasscode(auth, user, ctx.settings(), now);
        if (remaining === 0) auth.error = AUTHENTICATION_ERRORS.otpAttemptsExceeded;
        touch(auth);
        return refusals.wrongOtp(remaining);
      }
      countRightPasscode(user, auth);
      Object.assign(auth, {
        status: "COMPLETED",
        passcode: undefined,
        authenticators: ["mfa", (device?.type ?? auth.oneTime?.type ?? "otp").toLowerCase()],
      });
      touch(auth);
      return { status: 200, body: render(origin, auth) };
    },

    "deviceAuthentications.checkAssertion"({ params, origin, actor }) {
      const auth = authOf(params, actor);
      allow(auth, "deviceAuthentications.checkAssertion");
      // [assertion] An assertion cannot be verified here: any one completes (default chosen).
      const device = auth.selected ? store.peekDevice(auth.environmentId, auth.userId ?? "", auth.selected) : undefined;
      Object.assign(auth, {
        status: "COMPLETED",
        authenticators: device?.type === "PINGID_DESKTOP_GEN2" ? ["desktop", "mfa", "user"] : ["mfa", "fido2"],
      });
      touch(auth);
      return { status: 200, body: render(origin, auth) };
    },

    "deviceAuthentications.cancel"({ params, origin, actor }) {
      const auth = authOf(params, actor);
      allow(auth, "deviceAuthentications.cancel");
      // [push] PingOne: a cancelled push goes back to device selection.
      auth.status = "DEVICE_SELECTION_REQUIRED";
      touch(auth);
      return { status: 200, body: render(origin, auth) };
    },
  };
}
