// The control object a test drives the simulator with, the same over node:http (startMockServer),
// MSW's handlers (pingone-mfa/msw) and, as calls over HTTP, the CLI mock's control surface.
import type { MockFault } from "./faults.js";
import type { MockViolation, Pipeline } from "./pipeline/pipeline.js";
import type { SeedDevice, SimulatorLimits } from "./simulation/index.js";

/** The outbox a test reads passcodes from: filter by any of these. */
export interface OtpQuery {
  userId?: string;
  deviceId?: string;
  deviceAuthenticationId?: string;
  /** The phone or email of a one-time target, as sent. */
  to?: string;
}

/** What a test can do to the simulator besides sending it requests. */
export interface MockControl {
  mode: "stateful" | "examples" | "proxy";
  /** Forgets every device, authentication, token, fault and finding; limits and time back to the start. */
  reset(): void;
  /** The newest passcode sent that matches (never on the wire, except `test.otp` where PingOne returns it). */
  lastOtp(query: OtpQuery): string | undefined;
  /** Answers the next matching request(s) with a fault; see {@link MockFault}. */
  failNext(fault: MockFault): void;
  setLimits(limits: Partial<SimulatorLimits>): void;
  /** Moves the simulation's clock forward (expiry, lockouts, daily quotas). */
  advanceTime(ms: number): void;
  /** The user's answer to a push, seen on the authentication's next read. */
  approvePush(deviceAuthenticationId: string): void;
  denyPush(deviceAuthenticationId: string): void;
  timeOutPush(deviceAuthenticationId: string): void;
  /** Adds a device as if paired elsewhere (MOBILE devices pair through PingOne's SDK); returns its id. */
  addDevice(device: SeedDevice): string;
  /** Makes a browser remembered; returns the `Cookie` value to send with `checkRememberedDevice`. */
  rememberBrowser(input: { environmentId: string; userId: string; payload: string; sessionId?: string }): string;
  /** After this, the token endpoint accepts only registered clients (before it, any). */
  registerClient(clientId: string, clientSecret: string): void;
  /** Every token issued so far stops working (the next API call with one gets 401). */
  revokeTokens(): void;
  /**
   * A bearer token that acts as the user, as a user's own session with PingOne does: their own
   * creates start `ACTIVATION_REQUIRED`, and other users' resources answer 403.
   */
  userToken(environmentId: string, userId: string): string;
  /** Findings on the mock's own answers (and on upstream answers when proxying), newest last. */
  readonly violations: readonly MockViolation[];
}

/** The control object of a pipeline. */
export function controlOf(pipeline: Pipeline): MockControl {
  const { simulator, faults, violations } = pipeline;
  return {
    mode: pipeline.mode,
    reset() {
      simulator.reset();
      faults.clear();
      violations.length = 0;
    },
    lastOtp: (query) => simulator.lastOtp(query),
    failNext: (fault) => faults.add(fault),
    setLimits: (limits) => simulator.setLimits(limits),
    // The simulator's clock refuses what it cannot represent, naming the argument.
    advanceTime: (ms) => simulator.advanceTime(ms),
    approvePush: (id) => simulator.answerPush(id, "APPROVE"),
    denyPush: (id) => simulator.answerPush(id, "DENY"),
    timeOutPush: (id) => simulator.answerPush(id, "TIMEOUT"),
    addDevice: (device) => simulator.addDevice(device),
    rememberBrowser: (input) => simulator.rememberBrowser(input),
    registerClient: (id, secret) => simulator.registerClient(id, secret),
    revokeTokens: () => simulator.revokeTokens(),
    userToken: (environmentId, userId) => simulator.userToken(environmentId, userId),
    violations,
  };
}
