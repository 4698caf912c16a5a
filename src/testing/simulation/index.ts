// The PingOne simulator behind startMockServer's default mode: devices and deviceAuthentications
// kept in memory per environment and user, passcodes checked, failures as PingOne sends them,
// limits named as PingOne's settings and policies name them. The HTTP layer routes each request
// to an action of the spec and validates it before `handle`; it validates the answer too.
//
// Modules: the store (store.ts), the handlers per resource (devices.ts,
// device-authentications.ts, typed by handler.ts), rendering (render.ts), passcodes and their
// limits (passcodes.ts), the token endpoint (token.ts), PingOne's error answers (errors.ts), the
// settings (settings.ts), the clock (clock.ts), and the behaviour table with each behaviour's
// source (behaviours.ts).
import { randomToken, randomUuid } from "../random.js";
import { mockError } from "../http-io.js";
import { Clock } from "./clock.js";
import { authenticationHandlers } from "./device-authentications.js";
import { deviceHandlers, deviceRecord } from "./devices.js";
import { Refusal, refusals, type SimulatedAnswer } from "./errors.js";
import type { ActionName, Context, Handler, HandlerTable } from "./handler.js";
import type { Actor, DeviceRecordStatus, PushAnswer } from "./records.js";
import { applyLimits, type SimulatorLimits, type SimulatorSettings, settingsWith } from "./settings.js";
import { KEPT, MAX_DEVICE_RECORDS, type OtpQuery, Store } from "./store.js";
import { Tokens } from "./token.js";

export type { ErrorDetail, PingOneErrorName, SimulatedAnswer } from "./errors.js";
export {
  AUTHENTICATION_ERRORS,
  invalidToken,
  PINGONE_ERRORS,
  PINGONE_MESSAGES,
  pingOneError,
  pingOneErrorBody,
} from "./errors.js";
export type { ActionName, Handler, HandlerRequest, HandlerTable } from "./handler.js";
export type { Actor } from "./records.js";
export {
  DEFAULT_SETTINGS,
  type DeprecatedLimits,
  type DeviceSelectionMode,
  type Duration,
  type SimulatorLimits,
  type SimulatorSettings,
} from "./settings.js";
export { KEPT, type OtpQuery } from "./store.js";

/** One request, routed: the client method it is (`devices.create`), its path parameters, query and body. */
export interface SimulatedRequest {
  action: string;
  params: Record<string, string>;
  query: Record<string, string>;
  body: unknown;
  headers: Record<string, string | undefined>;
  /** The mock's own origin, so `_links` point at it. */
  origin: string;
}

/** The calls each deviceAuthentication status allows (the spec's `x-pingone-next`), by status. */
export type NextCalls = Map<string, readonly string[]>;

/** A device a test adds directly (PingOne pairs MOBILE devices through its SDK, not this API). */
export interface SeedDevice {
  environmentId: string;
  userId: string;
  type: string;
  status?: DeviceRecordStatus;
  [field: string]: unknown;
}

const PUSH_ANSWERS: readonly PushAnswer[] = ["APPROVE", "DENY", "TIMEOUT"];

const nonEmpty = (where: string, name: string, value: unknown) => {
  if (typeof value !== "string" || value === "")
    throw new TypeError(`${where}: ${name} must be a non-empty string, not ${JSON.stringify(value)}`);
};

/** A user token reaches its own environment and user only (PingOne: an actor without the permission gets 403). */
function outOfReach(actor: Actor, params: Record<string, string>): boolean {
  if (actor.kind !== "user") return false;
  if (params.environmentId !== actor.environmentId) return true;
  return params.userId !== undefined && params.userId !== actor.userId;
}

/** A fresh simulator. `limits` is checked as `setLimits` checks it. */
export function createSimulator(nextCalls: NextCalls, options: { limits?: SimulatorLimits } = {}) {
  const initial = settingsWith(options.limits, "createSimulator: limits");
  let settings = initial;
  const clock = new Clock();
  const store = new Store();
  const tokens = new Tokens(clock, () => settings);
  const context: Context = { store, clock, settings: () => settings, nextCalls };
  const handlers: HandlerTable = { ...deviceHandlers(context), ...authenticationHandlers(context) };

  return {
    /** Answers one routed, validated request. */
    handle(request: SimulatedRequest): SimulatedAnswer {
      if (!Object.hasOwn(handlers, request.action))
        return mockError(501, "MOCK_NOT_SIMULATED", `${request.action} is not simulated`);
      const action = request.action as ActionName;
      const actor = tokens.actorOf(request.headers.authorization);
      try {
        if (outOfReach(actor, request.params)) refusals.notYourResource();
        // The request was validated against the action's schema before it got here.
        const { params, query, body, headers, origin } = request;
        return (handlers[action] as Handler<ActionName>)({
          action,
          params,
          query,
          body,
          headers,
          origin,
          actor,
        } as never);
      } catch (error) {
        if (error instanceof Refusal) return error.answer;
        throw error;
      }
    },

    /** Client credentials at `POST /{environmentId}/as/token` (RFC 6749 §4.4, Basic or form). */
    token: (form: URLSearchParams, authorization: string | undefined) => tokens.token(form, authorization),

    /** Whether a bearer token may call the API: any, until the token endpoint has issued one; then only live issued ones (and user tokens). */
    acceptsToken: (token: string) => tokens.accepts(token),

    /**
     * A bearer token whose requests act as the user, as a token from the user's own sign-in does:
     * it reaches only that user's devices and authentications (403 otherwise), and a device the
     * user creates starts ACTIVATION_REQUIRED. It lasts `accessTokenValiditySeconds`.
     */
    userToken(environmentId: string, userId: string): string {
      return tokens.userToken(environmentId, userId);
    },

    /** Forgets everything: devices, authentications, tokens, clients, passcodes; limits and time back to the start. */
    reset() {
      store.clear();
      tokens.clear();
      clock.reset();
      settings = initial;
    },

    /** The newest passcode sent that matches (never on the wire, except `test.otp` where PingOne returns it). */
    lastOtp: (query: OtpQuery): string | undefined => store.lastOtp(query ?? {}),

    /** Changes settings; a value that cannot be represented is refused (RangeError/TypeError naming it) and nothing changes. */
    setLimits(changes: SimulatorLimits) {
      settings = applyLimits(settings, changes);
    },

    /** The settings in force (a copy). */
    settings: (): SimulatorSettings => structuredClone(settings),

    /** Moves the clock forward (expiry, locks, cool-downs, daily quotas); refuses what dates cannot hold. */
    advanceTime(ms: number) {
      clock.advance(ms);
    },

    /** The user's answer to a push, seen on the authentication's next read. */
    answerPush(deviceAuthenticationId: string, answer: PushAnswer) {
      if (!PUSH_ANSWERS.includes(answer))
        throw new TypeError(
          `answerPush: answer must be one of ${PUSH_ANSWERS.join(", ")}, not ${JSON.stringify(answer)}`,
        );
      const auth = store.auth(deviceAuthenticationId);
      if (!auth)
        throw new RangeError(
          `answerPush: no deviceAuthentication ${JSON.stringify(deviceAuthenticationId)} is held (never created, expired, or forgotten by reset())`,
        );
      auth.pushAnswer = answer;
    },

    /** Adds a device as if paired elsewhere (MOBILE devices pair through PingOne's SDK); returns its id. */
    addDevice(seed: SeedDevice): string {
      const { environmentId, userId, type, status = "ACTIVE", ...fields } = seed ?? ({} as SeedDevice);
      nonEmpty("addDevice", "environmentId", environmentId);
      nonEmpty("addDevice", "userId", userId);
      nonEmpty("addDevice", "type", type);
      if (status !== "ACTIVE" && status !== "ACTIVATION_REQUIRED")
        throw new TypeError(`addDevice: status must be ACTIVE or ACTIVATION_REQUIRED, not ${JSON.stringify(status)}`);
      if ((store.peekUser(environmentId, userId)?.devices.size ?? 0) >= MAX_DEVICE_RECORDS)
        throw new RangeError(`addDevice: the simulator keeps at most ${MAX_DEVICE_RECORDS} devices per user`);
      const user = store.user(environmentId, userId);
      const device = deviceRecord(clock, { environmentId, userId, type, status, fields });
      user.devices.set(device.id, device);
      if (status === "ACTIVE" && user.order) user.order.push(device.id);
      return device.id;
    },

    /** Makes a browser remembered; returns the `Cookie` value to send with `checkRememberedDevice`. */
    rememberBrowser(input: { environmentId: string; userId: string; payload: string; sessionId?: string }): string {
      nonEmpty("rememberBrowser", "environmentId", input?.environmentId);
      nonEmpty("rememberBrowser", "userId", input.userId);
      if (typeof input.payload !== "string") throw new TypeError("rememberBrowser: payload must be a string");
      const cookie = `ST=${randomToken(18)}`;
      store.remember(store.user(input.environmentId, input.userId), cookie, {
        payload: input.payload,
        sessionId: input.sessionId,
        deviceId: randomUuid(),
        at: clock.now(),
      });
      return cookie;
    },

    /** After this, the token endpoint accepts only registered clients (before it, any). */
    registerClient: (clientId: string, clientSecret: string) => tokens.registerClient(clientId, clientSecret),

    /** Every token issued so far (user tokens included) stops working. */
    revokeTokens: () => tokens.revoke(),

    /** How much the simulator holds (for tests of its bounds): each is at most KEPT. */
    sizes: () => store.sizes,
  };
}

/** The simulator's object, as startMockServer's caller drives it. */
export type Simulator = ReturnType<typeof createSimulator>;
