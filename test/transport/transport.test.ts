// Retries (which methods, which statuses, how often, how long), timeout and cancellation.
import { afterEach, describe, expect, it, vi } from "vitest";
import { PingOneNetworkError, PingOneTimeoutError, type MfaClient } from "../../src/index.ts";
import { parseRetryAfter } from "../../src/transport/retry-policy.ts";
import { AUTHN, DEVICE, json, stubClient, USER } from "../support/stub.ts";

type Call = (m: MfaClient) => Promise<unknown>;
const byMethod: Record<string, Call> = {
  GET: (m) => m.devices.get(USER, DEVICE),
  PUT: (m) => m.devices.setNickname(USER, DEVICE, "Phone"),
  DELETE: (m) => m.devices.delete(USER, DEVICE),
  "POST create": (m) => m.devices.create(USER, { type: "SMS", phone: "+15125201234" }),
  "POST otp check": (m) => m.deviceAuthentications.checkOtp(AUTHN, "123456"),
};
const failure = (status: number) => () => json(status, { code: "X", message: "failed" });
const attempts = async (call: Call, answer: Parameters<typeof stubClient>[0], options = {}) => {
  const { mfa, calls } = stubClient(answer, options);
  await call(mfa).catch(() => undefined);
  return calls.length;
};

describe("retries", () => {
  it.each([
    ["GET", 503, 4],
    ["GET", 500, 4],
    ["GET", 502, 4],
    ["GET", 504, 4],
    ["GET", 429, 4],
    ["PUT", 500, 4],
    ["DELETE", 503, 4],
    ["POST create", 500, 1],
    ["POST create", 503, 1],
    ["POST otp check", 502, 1],
    ["POST create", 429, 4],
    ["POST otp check", 429, 4],
    ["GET", 400, 1],
    ["GET", 401, 1],
    ["GET", 404, 1],
    ["POST create", 409, 1],
  ])("%s answered %i is attempted %i times", async (method, status, expected) => {
    expect(await attempts(byMethod[method]!, failure(status))).toBe(expected);
  });

  it.each([
    ["GET", 4],
    ["PUT", 4],
    ["DELETE", 4],
    ["POST create", 1],
    ["POST otp check", 1],
  ])("%s after network errors is attempted %i times", async (method, expected) => {
    const { mfa, calls } = stubClient(() => new TypeError("fetch failed", { cause: new Error("ECONNRESET") }));
    const error = await byMethod[method]!(mfa).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(PingOneNetworkError);
    expect(error).toMatchObject({ name: "PingOneNetworkError", method: method.split(" ")[0] });
    expect((error as Error).message).toContain("ECONNRESET");
    expect(calls).toHaveLength(expected);
  });

  it("returns the answer once a retry succeeds, sending the same body each time", async () => {
    const { mfa, calls } = stubClient((_, n) => (n < 3 ? failure(503)() : json(200, { nickname: "Phone" })));
    expect(await mfa.devices.setNickname(USER, DEVICE, "Phone")).toEqual({ nickname: "Phone" });
    expect(calls.map((c) => c.body)).toEqual(Array(3).fill('{"nickname":"Phone"}'));
  });

  it("makes one attempt with retry: false, and maxRetries + 1 otherwise", async () => {
    expect(await attempts(byMethod.GET!, failure(503), { retry: false })).toBe(1);
    expect(await attempts(byMethod.GET!, failure(503), { retry: { maxRetries: 1, baseDelayMs: 1 } })).toBe(2);
  });

  it("asks the token function again for every attempt", async () => {
    let n = 0;
    const { mfa, calls } = stubClient(failure(503), { accessToken: () => `t${++n}` });
    await mfa.devices.get(USER, DEVICE).catch(() => undefined);
    expect(calls.map((c) => c.headers.authorization)).toEqual(["Bearer t1", "Bearer t2", "Bearer t3", "Bearer t4"]);
  });
});

describe("waits", () => {
  afterEach(() => {
    vi.useRealTimers();
  });

  const waitsFor = async (retryAfter: string, expectedMs: number) => {
    vi.useFakeTimers({ now: Date.parse("2026-11-23T12:00:00Z") });
    const { mfa, calls } = stubClient((_, n) =>
      n === 1
        ? json(429, { code: "REQUEST_LIMITED", message: "slow down" }, { "Retry-After": retryAfter })
        : json(200, { id: DEVICE, type: "SMS", status: "ACTIVE" }),
    );
    const done = mfa.devices.create(USER, { type: "SMS", phone: "+15125201234" });
    await vi.advanceTimersByTimeAsync(expectedMs - 1);
    expect(calls).toHaveLength(1);
    await vi.advanceTimersByTimeAsync(1);
    expect(calls).toHaveLength(2);
    await expect(done).resolves.toEqual({ id: DEVICE, type: "SMS", status: "ACTIVE" });
  };

  it("honours Retry-After in seconds", () => waitsFor("3", 3000));
  it("honours Retry-After as an HTTP-date", () => waitsFor("Mon, 23 Nov 2026 12:00:02 GMT", 2000));

  it("backs off exponentially with jitter, capped", async () => {
    vi.useFakeTimers();
    vi.spyOn(Math, "random").mockReturnValue(1);
    const { mfa, calls } = stubClient(failure(503), { retry: { maxRetries: 3, baseDelayMs: 100, maxDelayMs: 300 } });
    const done = mfa.devices.get(USER, DEVICE).catch((e: unknown) => e);
    const at: number[] = [];
    for (let t = 0; t <= 700; t += 10) {
      at.push(calls.length);
      await vi.advanceTimersByTimeAsync(10);
    }
    // Retries at 100 ms, then 200 ms later, then 300 ms (capped) later.
    expect(at.indexOf(2)).toBe(10);
    expect(at.indexOf(3)).toBe(30);
    expect(at.indexOf(4)).toBe(60);
    await done;
  });

  it("gives up at once when Retry-After would pass the timeout", async () => {
    const { mfa, calls } = stubClient(
      () => json(429, { code: "REQUEST_LIMITED", message: "later" }, { "Retry-After": "60" }),
      { timeoutMs: 5000 },
    );
    await expect(mfa.devices.get(USER, DEVICE)).rejects.toMatchObject({ status: 429, retryAfterMs: 60_000 });
    expect(calls).toHaveLength(1);
  });

  it("reads Retry-After", () => {
    const now = Date.parse("2026-11-23T12:00:00Z");
    expect(parseRetryAfter("7", now)).toBe(7000);
    expect(parseRetryAfter("Mon, 23 Nov 2026 12:00:05 GMT", now)).toBe(5000);
    expect(parseRetryAfter("Mon, 23 Nov 2026 11:00:00 GMT", now)).toBe(0);
    expect(parseRetryAfter("soon", now)).toBeUndefined();
    // Not seconds and not an HTTP-date: Date.parse would read these as dates in 2001.
    expect(parseRetryAfter("1.5", now)).toBeUndefined();
    expect(parseRetryAfter("-1", now)).toBeUndefined();
    expect(parseRetryAfter(null, now)).toBeUndefined();
  });
});

describe("timeout and cancellation", () => {
  // A fetch that never answers but honours its signal, as real fetch does.
  const hanging = (request: { signal?: AbortSignal }) =>
    new Promise<Response>((_, reject) =>
      request.signal?.addEventListener("abort", () => reject(request.signal!.reason)),
    );

  it("aborts a call that outlives timeoutMs with PingOneTimeoutError", async () => {
    const { mfa } = stubClient(undefined, { timeoutMs: 50, fetch: (r: Request) => hanging(r) });
    const error = await mfa.devices.get(USER, DEVICE).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(PingOneTimeoutError);
    expect(error).toMatchObject({ name: "PingOneTimeoutError", timeoutMs: 50, method: "GET" });
  });

  it("times out a response whose body never ends", async () => {
    const endless = (r: Request) =>
      Promise.resolve(
        new Response(
          new ReadableStream({
            start(controller) {
              controller.enqueue(new TextEncoder().encode('{"id":'));
              r.signal.addEventListener("abort", () => controller.error(r.signal.reason));
            },
          }),
          { status: 200 },
        ),
      );
    const { mfa } = stubClient(undefined, { timeoutMs: 50, fetch: endless });
    await expect(mfa.devices.get(USER, DEVICE)).rejects.toBeInstanceOf(PingOneTimeoutError);
  });

  it("rejects with the caller's reason when the caller aborts, without retrying", async () => {
    const controller = new AbortController();
    let sent = 0;
    const { mfa } = stubClient(undefined, {
      fetch: (r: Request) => {
        sent++;
        return hanging(r);
      },
    });
    const done = mfa.devices.get(USER, DEVICE, { signal: controller.signal }).catch((e: unknown) => e);
    await vi.waitFor(() => expect(sent).toBe(1), { timeout: 60_000 });
    controller.abort();
    const error = await done;
    expect(error).toMatchObject({ name: "AbortError" });
    expect(sent).toBe(1);
  });

  it("cancels an answer that a caller's fetch delivers after the timeout", async () => {
    let cancelled = false;
    const late = () =>
      new Promise<Response>((resolve) =>
        setTimeout(
          () => resolve(new Response(new ReadableStream({ cancel: () => void (cancelled = true) }), { status: 200 })),
          80,
        ),
      );
    const { mfa } = stubClient(undefined, { timeoutMs: 20, fetch: late });
    await expect(mfa.devices.get(USER, DEVICE)).rejects.toBeInstanceOf(PingOneTimeoutError);
    await vi.waitFor(() => expect(cancelled).toBe(true), { timeout: 60_000 });
  });

  it("refuses at once when the signal is already aborted", async () => {
    const { mfa, calls } = stubClient();
    await expect(mfa.devices.get(USER, DEVICE, { signal: AbortSignal.abort() })).rejects.toMatchObject({
      name: "AbortError",
    });
    expect(calls).toHaveLength(0);
  });
});
