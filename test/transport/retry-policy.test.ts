// The retry policy is pure: every decision follows from the method, the outcome, the attempt, the
// time used and the settings, so it is tested from a table.
import { describe, expect, it } from "vitest";
import { backoffMs, decide, isRetryable, type Outcome, parseRetryAfter } from "../../src/transport/retry-policy.ts";

const retry = { maxRetries: 3, baseDelayMs: 100, maxDelayMs: 1000 };
const net: Outcome = { network: true };
const status = (code: number, retryAfterMs?: number): Outcome => ({ status: code, retryAfterMs });

describe("which outcomes may be sent again", () => {
  it.each([
    ["GET", status(429), true],
    ["POST", status(429), true],
    ["PUT", status(503), true],
    ["DELETE", status(500), true],
    ["GET", status(408), true],
    ["GET", status(502), true],
    ["GET", status(504), true],
    ["HEAD", status(503), true],
    ["GET", net, true],
    ["PUT", net, true],
    ["POST", status(500), false],
    ["POST", status(503), false],
    ["POST", net, false],
    ["PATCH", status(503), false],
    ["GET", status(400), false],
    ["GET", status(401), false],
    ["GET", status(404), false],
    ["GET", status(409), false],
    ["GET", status(501), false],
    ["GET", status(307), false],
    ["GET", status(200), false],
  ] as const)("%s after %j → %s", (method, outcome, expected) => expect(isRetryable(method, outcome)).toBe(expected));
});

describe("decisions", () => {
  const half = () => 0; // jitter at its low end: half the step
  it.each([
    [
      "first retry of a GET 503: half the base",
      { method: "GET", outcome: status(503), attempt: 1, elapsedMs: 0 },
      { retry: true, delayMs: 50 },
    ],
    [
      "third retry doubles twice",
      { method: "GET", outcome: status(503), attempt: 3, elapsedMs: 0 },
      { retry: true, delayMs: 200 },
    ],
    [
      "the step is capped at maxDelayMs",
      { method: "GET", outcome: net, attempt: 3, elapsedMs: 0, retry: { ...retry, maxRetries: 9, baseDelayMs: 800 } },
      { retry: true, delayMs: 500 },
    ],
    [
      "Retry-After wins over the back-off",
      { method: "POST", outcome: status(429, 2000), attempt: 1, elapsedMs: 0 },
      { retry: true, delayMs: 2000 },
    ],
    [
      "a wait that would pass the deadline is not started",
      { method: "POST", outcome: status(429, 30_000), attempt: 1, elapsedMs: 0 },
      { retry: false, why: "deadline" },
    ],
    [
      "retries spent",
      { method: "GET", outcome: status(503), attempt: 4, elapsedMs: 0 },
      { retry: false, why: "retries" },
    ],
    [
      "retries off",
      { method: "GET", outcome: status(503), attempt: 1, elapsedMs: 0, retry: false as const },
      { retry: false, why: "retries" },
    ],
    [
      "a POST 500 is final",
      { method: "POST", outcome: status(500), attempt: 1, elapsedMs: 0 },
      { retry: false, why: "final" },
    ],
    [
      "a redirect is final",
      { method: "GET", outcome: status(302), attempt: 1, elapsedMs: 0 },
      { retry: false, why: "final" },
    ],
    [
      "late in the call, even a short wait is refused",
      { method: "GET", outcome: status(503), attempt: 1, elapsedMs: 9_990 },
      { retry: false, why: "deadline" },
    ],
  ] as const)("%s", (_, input, expected) => {
    expect(decide({ retry, timeoutMs: 10_000, random: half, ...input })).toEqual(expected);
  });

  it("jitters the back-off between half and all of the step", () => {
    expect(backoffMs(0, retry, () => 0)).toBe(50);
    expect(backoffMs(0, retry, () => 0.999999)).toBeCloseTo(100, 3);
    expect(backoffMs(10, retry, () => 1)).toBe(1000);
  });
});

describe("Retry-After", () => {
  const now = Date.parse("Tue, 01 Dec 2026 12:00:00 GMT");
  it.each([
    ["3", 3000],
    [" 0 ", 0],
    ["Tue, 01 Dec 2026 12:00:05 GMT", 5000],
    ["Tue, 01 Dec 2026 11:00:00 GMT", 0],
    ["1.5", undefined],
    ["-1", undefined],
    ["soon", undefined],
    ["9999999999999", undefined],
    ["", undefined],
    [null, undefined],
  ] as const)("%j → %s ms", (value, expected) => expect(parseRetryAfter(value, now)).toBe(expected));
});
