// A listening client's first calls wait for the records' code (observe.ts, a chunk of its own in a
// browser). A chunk request that never settles (a stalled CDN) must not hold a call past its
// deadline or its caller's cancel: the call ends with the usual error, nothing sent. Here the
// import never settles. vitest runs a mock's factory once and a second import of the module does
// not wait for it, so one client (one import) serves both tests; the deadline runs on fake timers.
import { afterAll, expect, it, vi } from "vitest";
import { PingOneTimeoutError } from "../../src/index.ts";
import { DEVICE, json, stubClient, USER } from "../support/stub.ts";

vi.mock("../../src/transport/observe.ts", () => new Promise(() => {}));

vi.useFakeTimers();
afterAll(() => {
  vi.useRealTimers();
});
const logger = { debug() {}, info() {}, warn() {}, error() {} };
const { mfa, calls } = stubClient(() => json(200, { id: DEVICE }), { logger, timeoutMs: 60_000, retry: false });

it("ends at the deadline with PingOneTimeoutError, nothing sent", async () => {
  const call = mfa.devices.get(USER, DEVICE);
  const outcome = call.catch((error: unknown) => error);
  await vi.advanceTimersByTimeAsync(60_000);
  expect(await outcome).toBeInstanceOf(PingOneTimeoutError);
  expect(calls).toHaveLength(0);
});

it("ends when the caller aborts, with the caller's reason, nothing sent", async () => {
  const controller = new AbortController();
  const reason = new Error("caller gave up");
  const call = mfa.devices.get(USER, DEVICE, { signal: controller.signal });
  const outcome = call.catch((error: unknown) => error);
  // Aborted once the call waits for the load, not before it starts (no deadline passes here).
  await vi.advanceTimersByTimeAsync(0);
  controller.abort(reason);
  expect(await outcome).toBe(reason);
  expect(calls).toHaveLength(0);
});
