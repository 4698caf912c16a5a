// The records a call gives its logger and hooks (src/transport/observe.ts): every event kind at its
// level, the retry decision and wait, PingOne's error id, the correlation header, hooks that throw
// or try to change the request, and no secret in any field.
import { afterEach, describe, expect, it, vi } from "vitest";
import {
  clientCredentials,
  createMfaClient,
  type Hooks,
  type Logger,
  type LogRecord,
  type MfaClientOptions,
  PingOneValidationError,
} from "../../src/index.ts";
import { isRecordLogger } from "../../src/transport/listeners.ts";
import { anyOf, otpSeen, phoneSeen, tokenSeen } from "../support/spellings.ts";
import { AUTHN, DEVICE, ENV, json, type Sent, stubClient, TOKEN, USER } from "../support/stub.ts";

// The records' module is loaded when a client with a logger or hooks is made (core.ts). From
// source, vitest's first import of it reads and transforms the file, which fake timers do not wait
// for; loaded once here, the clients' own imports of it settle at once.
await import("../../src/transport/observe.ts");

interface Entry {
  level: string;
  record: LogRecord;
  message: string;
}

/** A logger with the four levels (as pino, bunyan and console have) that keeps what it gets. */
function recorder() {
  const entries: Entry[] = [];
  const at = (level: string) => (record: LogRecord, message: string) => void entries.push({ level, record, message });
  return {
    logger: { debug: at("debug"), info: at("info"), warn: at("warn"), error: at("error") },
    entries,
    events: () => entries.map((e) => `${e.level} ${e.record.event}`),
  };
}

/** Hooks that keep every record they get, by hook. */
function hookRecorder() {
  const seen: Array<[keyof Hooks, LogRecord]> = [];
  const keep = (name: keyof Hooks) => (record: LogRecord) => void seen.push([name, record]);
  const hooks = {
    onRequest: keep("onRequest"),
    onResponse: keep("onResponse"),
    onRetry: keep("onRetry"),
    onGiveUp: keep("onGiveUp"),
  };
  return { hooks, seen };
}

const device = { id: DEVICE, type: "SMS", status: "ACTIVE" };
const failure = (status: number, headers: Record<string, string> = {}) =>
  json(status, { id: "3f0c0c31-8a51-4a7e-9d44-5b0b1a7f3a10", code: "REQUEST_LIMITED", message: "later" }, headers);
const URL_OF_DEVICE = `https://api.pingone.com/v1/environments/${ENV}/users/${USER}/devices/${DEVICE}`;

afterEach(() => {
  vi.useRealTimers();
  vi.restoreAllMocks();
});

describe("records through a logger with levels", () => {
  it("a retried GET: request and response at debug, the retry at warn with its wait", async () => {
    vi.useFakeTimers();
    const { logger, entries, events } = recorder();
    const { mfa, calls } = stubClient((_, n) => (n === 1 ? failure(429, { "Retry-After": "2" }) : json(200, device)), {
      logger,
    });
    const done = mfa.devices.get(USER, DEVICE);
    await vi.advanceTimersByTimeAsync(1999);
    expect(calls).toHaveLength(1);
    await vi.advanceTimersByTimeAsync(1);
    await expect(done).resolves.toEqual(device);
    expect(events()).toEqual(["debug request", "debug response", "warn retry", "debug request", "debug response"]);
    const [request, response, retry, , last] = entries.map((e) => e.record);
    const callId = request!.callId;
    expect(request).toEqual({ event: "request", callId, method: "GET", url: URL_OF_DEVICE, attempt: 1 });
    expect(response).toMatchObject({ event: "response", attempt: 1, status: 429, retryAfterMs: 2000, durationMs: 0 });
    expect(retry).toEqual({
      event: "retry",
      callId,
      method: "GET",
      url: URL_OF_DEVICE,
      attempt: 1,
      reason: "status",
      status: 429,
      waitMs: 2000,
      elapsedMs: 0,
    });
    expect(last).toMatchObject({ event: "response", attempt: 2, status: 200, callId });
    expect(entries[2]!.message).toBe(`pingone-mfa: GET ${URL_OF_DEVICE}: retrying after 429 in 2000 ms`);
    // No level key: pino and bunyan own one.
    for (const { record } of entries) expect(record).not.toHaveProperty("level");
  });

  it("the back-off wait is the one the policy chose (jitter pinned)", async () => {
    vi.useFakeTimers();
    vi.spyOn(Math, "random").mockReturnValue(1);
    const { logger, entries } = recorder();
    const { mfa } = stubClient((_, n) => (n < 3 ? failure(503) : json(200, device)), {
      logger,
      retry: { maxRetries: 3, baseDelayMs: 100, maxDelayMs: 1000 },
    });
    const done = mfa.devices.get(USER, DEVICE);
    await vi.advanceTimersByTimeAsync(300);
    await expect(done).resolves.toEqual(device);
    const retries = entries.filter((e) => e.record.event === "retry").map((e) => e.record);
    expect(retries).toMatchObject([
      { attempt: 1, reason: "status", status: 503, waitMs: 100, elapsedMs: 0 },
      { attempt: 2, reason: "status", status: 503, waitMs: 200, elapsedMs: 100 },
    ]);
  });

  it("retries spent: a give-up at error with the last status", async () => {
    const { logger, entries, events } = recorder();
    const { mfa } = stubClient(() => failure(503), { logger, retry: { maxRetries: 1, baseDelayMs: 1, maxDelayMs: 1 } });
    await expect(mfa.devices.get(USER, DEVICE)).rejects.toMatchObject({ status: 503 });
    expect(events()).toEqual([
      "debug request",
      "debug response",
      "warn retry",
      "debug request",
      "debug response",
      "error give-up",
    ]);
    expect(entries.at(-1)!.record).toMatchObject({ event: "give-up", reason: "retries", status: 503, attempt: 2 });
  });

  it("a wait that would pass timeoutMs: a give-up with reason deadline", async () => {
    const { logger, entries } = recorder();
    const { mfa, calls } = stubClient(() => failure(429, { "Retry-After": "60" }), { logger, timeoutMs: 5000 });
    await expect(mfa.devices.get(USER, DEVICE)).rejects.toMatchObject({ status: 429 });
    expect(calls).toHaveLength(1);
    expect(entries.at(-1)).toMatchObject({
      level: "error",
      record: { event: "give-up", reason: "deadline", status: 429 },
      message: expect.stringContaining("not retrying after 429, the wait would pass timeoutMs"),
    });
  });

  it("an error status the policy never retries is a response only, with PingOne's error id and code", async () => {
    const { logger, entries, events } = recorder();
    const id = "5bd6c5a4-1cbb-4bd0-8ab4-3a2a1d4f1c2e";
    const { mfa } = stubClient(() => json(404, { id, code: "NOT_FOUND", message: "no such device" }), { logger });
    await expect(mfa.devices.get(USER, DEVICE)).rejects.toMatchObject({ status: 404, id });
    expect(events()).toEqual(["debug request", "debug response"]);
    expect(entries[1]!.record).toMatchObject({ status: 404, errorId: id, errorCode: "NOT_FOUND" });
    expect(entries[1]!.message).toContain(`(error id ${id})`);
  });

  it("an error body that is not PingOne's gives no error id", async () => {
    const { logger, entries } = recorder();
    const { mfa } = stubClient(() => new Response("<html>bad gateway</html>", { status: 400 }), { logger });
    await mfa.devices.get(USER, DEVICE).catch(() => undefined);
    expect(entries[1]!.record).toMatchObject({ status: 400 });
    expect(entries[1]!.record).not.toHaveProperty("errorId");
    expect(entries[1]!.record).not.toHaveProperty("errorCode");
  });

  it("no answer to a GET: a response with failure network, then a retry with reason network", async () => {
    const { logger, entries } = recorder();
    const { mfa } = stubClient((_, n) => (n === 1 ? new TypeError("fetch failed") : json(200, device)), { logger });
    await expect(mfa.devices.get(USER, DEVICE)).resolves.toEqual(device);
    expect(entries.slice(1, 3).map((e) => e.record)).toMatchObject([
      { event: "response", failure: "network", attempt: 1 },
      { event: "retry", reason: "network", attempt: 1 },
    ]);
    expect(entries[1]!.record).not.toHaveProperty("status");
    expect(entries[2]!.message).toMatch(/retrying after no answer in \d+ ms$/);
  });

  it("no answer to a POST: a give-up with reason not-retryable", async () => {
    const { logger, entries } = recorder();
    const { mfa } = stubClient(() => new TypeError("fetch failed"), { logger });
    await expect(mfa.devices.create(USER, { type: "EMAIL", email: "ada@example.com" })).rejects.toMatchObject({
      name: "PingOneNetworkError",
    });
    expect(entries.map((e) => `${e.level} ${e.record.event}`)).toEqual([
      "debug request",
      "debug response",
      "error give-up",
    ]);
    expect(entries[2]!.record).toMatchObject({ reason: "not-retryable", method: "POST" });
    expect(entries[2]!.record).not.toHaveProperty("status");
  });

  it("a 401 with a token function: a retry with reason token and no wait, the next attempt numbered 2", async () => {
    const { logger, entries } = recorder();
    let n = 0;
    const accessToken = () => `token-${++n}-aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa`;
    const { mfa } = stubClient(
      (request) =>
        request.headers.authorization?.includes("token-1-")
          ? json(401, { code: "ACCESS_FAILED", message: "expired" })
          : json(200, device),
      { logger, accessToken },
    );
    await expect(mfa.devices.get(USER, DEVICE)).resolves.toEqual(device);
    expect(entries.map((e) => e.record)).toMatchObject([
      { event: "request", attempt: 1 },
      { event: "response", attempt: 1, status: 401 },
      { event: "retry", attempt: 1, reason: "token", status: 401, waitMs: 0 },
      { event: "request", attempt: 2 },
      { event: "response", attempt: 2, status: 200 },
    ]);
    expect(entries[2]!.message).toContain("401, sending again once with a fresh token");
  });

  it("a timeout: the attempt's response says timeout, the give-up is at error", async () => {
    vi.useFakeTimers();
    const { logger, entries } = recorder();
    const { mfa } = stubClient(() => new Promise<Response>(() => {}), { logger, timeoutMs: 1000 });
    const done = mfa.devices.get(USER, DEVICE).catch((e: unknown) => e);
    await vi.advanceTimersByTimeAsync(1000);
    expect(await done).toMatchObject({ name: "PingOneTimeoutError" });
    expect(entries.slice(1).map((e) => [e.level, e.record])).toMatchObject([
      ["debug", { event: "response", failure: "timeout", durationMs: 1000 }],
      ["error", { event: "give-up", reason: "timeout", elapsedMs: 1000 }],
    ]);
  });

  it("a call cancelled by the caller: the give-up is at info", async () => {
    const { logger, entries } = recorder();
    const controller = new AbortController();
    const { mfa } = stubClient(
      () =>
        new Promise<Response>(() => {
          controller.abort(new Error("user left"));
        }),
      { logger },
    );
    await expect(mfa.devices.get(USER, DEVICE, { signal: controller.signal })).rejects.toThrow("user left");
    expect(entries.slice(1).map((e) => [e.level, e.record])).toMatchObject([
      ["debug", { event: "response", failure: "cancelled" }],
      ["info", { event: "give-up", reason: "cancelled" }],
    ]);
  });

  it("an answer over maxResponseBytes and a redirect end in a give-up naming why", async () => {
    const big = recorder();
    const { mfa } = stubClient(() => json(200, { ...device, nickname: "x".repeat(5000) }), {
      logger: big.logger,
      maxResponseBytes: 1024,
    });
    await expect(mfa.devices.get(USER, DEVICE)).rejects.toMatchObject({ code: "RESPONSE_TOO_LARGE" });
    expect(big.entries.slice(1).map((e) => e.record)).toMatchObject([
      { event: "response", failure: "too-large" },
      { event: "give-up", reason: "too-large" },
    ]);

    const moved = recorder();
    const redirecting = stubClient(
      () => new Response(null, { status: 302, headers: { location: "https://elsewhere.example/x?phone=5125201234" } }),
      { logger: moved.logger },
    );
    await expect(redirecting.mfa.devices.get(USER, DEVICE)).rejects.toMatchObject({ code: "UNEXPECTED_REDIRECT" });
    expect(moved.entries.slice(1).map((e) => e.record)).toMatchObject([
      { event: "response", status: 302 },
      { event: "give-up", reason: "redirect", status: 302 },
    ]);
  });

  it("a token source that fails: a give-up with reason token, nothing sent", async () => {
    const { logger, entries } = recorder();
    const { mfa, calls } = stubClient(() => json(200, device), {
      logger,
      accessToken: async () => {
        throw new Error("vault down");
      },
    });
    await expect(mfa.devices.get(USER, DEVICE)).rejects.toMatchObject({ name: "PingOneTokenError" });
    expect(calls).toHaveLength(0);
    expect(entries.map((e) => [e.level, e.record])).toMatchObject([
      ["error", { event: "give-up", reason: "token", attempt: 1 }],
    ]);
  });

  it("an attempt's duration leaves out the time its onRequest hook took", async () => {
    vi.useFakeTimers();
    const { logger, entries } = recorder();
    const hooks: Hooks = { onRequest: () => void vi.advanceTimersByTime(500) };
    const { mfa } = stubClient(() => json(200, device), { logger, hooks });
    await mfa.devices.get(USER, DEVICE);
    expect(entries[1]!.record).toMatchObject({ event: "response", durationMs: 0 });
  });

  it("the attempts of two calls carry two call ids", async () => {
    const { logger, entries } = recorder();
    const { mfa } = stubClient(() => json(200, device), { logger });
    await Promise.all([mfa.devices.get(USER, DEVICE), mfa.devices.get(USER, DEVICE)]);
    expect(new Set(entries.map((e) => e.record.callId)).size).toBe(2);
  });
});

describe("the correlation header", () => {
  it("shows the per-call header's value in every record and line, in any letter case", async () => {
    const { logger, entries } = recorder();
    const { mfa, calls } = stubClient((_, n) => (n === 1 ? failure(503) : json(200, device)), {
      logger,
      correlationHeader: "X-Correlation-Id",
    });
    await mfa.devices.get(USER, DEVICE, { headers: { "x-correlation-ID": "checkout-2f9c1b" } });
    expect(calls.map((c) => c.headers["x-correlation-id"])).toEqual(["checkout-2f9c1b", "checkout-2f9c1b"]);
    expect(entries).toHaveLength(5);
    for (const { record, message } of entries) {
      expect(record.correlationId).toBe("checkout-2f9c1b");
      expect(message).toMatch(/ \[X-Correlation-Id: checkout-2f9c1b\]$/);
    }
  });

  it("shows it for raw calls too, and is absent when the request has none", async () => {
    const { logger, entries } = recorder();
    const { mfa } = stubClient(() => json(200, device), { logger, correlationHeader: "x-correlation-id" });
    await mfa.raw.api.GET("/environments/{environmentId}/users/{userId}/devices/{deviceId}", {
      params: { path: { environmentId: ENV, userId: USER, deviceId: DEVICE } },
      headers: { "X-Correlation-Id": "raw-7" },
    });
    await mfa.devices.get(USER, DEVICE);
    expect(entries.map((e) => e.record.correlationId)).toEqual(["raw-7", "raw-7", undefined, undefined]);
    expect(entries[2]!.record).not.toHaveProperty("correlationId");
  });

  it.each([
    ["a header carrying credentials", "Authorization"],
    ["a cookie", "cookie"],
    ["not a header name", "x correlation"],
    ["not a string", 42],
  ])("refuses %s as correlationHeader", (_, correlationHeader) => {
    expect(() =>
      createMfaClient({ environmentId: ENV, accessToken: TOKEN, correlationHeader } as unknown as MfaClientOptions),
    ).toThrow(expect.objectContaining({ name: "PingOneValidationError", field: "correlationHeader" }));
  });
});

describe("a logger with only debug (0.1's shape)", () => {
  it("gets the message lines, one per record, as text", async () => {
    const lines: unknown[] = [];
    const { mfa } = stubClient((_, n) => (n === 1 ? failure(503) : json(200, device)), {
      logger: { debug: (line) => lines.push(line) },
    });
    await mfa.devices.get(USER, DEVICE);
    expect(lines).toHaveLength(5);
    for (const line of lines) expect(line).toMatch(/^pingone-mfa: GET /);
    expect(lines[0]).toBe(`pingone-mfa: GET ${URL_OF_DEVICE} (attempt 1) sending`);
    expect(lines[1]).toMatch(/\(attempt 1\) → 503 in \d+ ms \(error id 3f0c0c31-8a51-4a7e-9d44-5b0b1a7f3a10\)$/);
  });

  it("a logger with some levels but not all is refused, naming logger", () => {
    const logger = { debug: () => {}, warn: () => {} };
    expect(() => createMfaClient({ environmentId: ENV, accessToken: TOKEN, logger } as never)).toThrow(
      PingOneValidationError,
    );
  });

  it("console fits as a logger with levels (its methods take anything)", async () => {
    const debug = vi.spyOn(console, "debug").mockImplementation(() => {});
    const { mfa } = stubClient(() => json(200, device), { logger: console });
    await mfa.devices.get(USER, DEVICE);
    expect(debug).toHaveBeenCalledTimes(2);
    expect(debug.mock.calls[0]).toEqual([
      expect.objectContaining({ event: "request", method: "GET" }),
      expect.stringContaining("pingone-mfa: GET"),
    ]);
  });
});

describe("logger types", () => {
  // pino's LogFn and bunyan's method overloads, as their type declarations write them.
  interface PinoLogFn {
    <T extends object>(obj: T, msg?: string, ...args: any[]): void;
    (obj: unknown, msg?: string, ...args: any[]): void;
    (msg: string, ...args: any[]): void;
  }
  interface BunyanMethod {
    (): boolean;
    (error: Error, ...params: any[]): void;
    (obj: object, ...params: any[]): void;
    (format: any, ...params: any[]): void;
  }
  type Levels<F> = { trace: F; debug: F; info: F; warn: F; error: F; fatal: F; child(bindings: object): unknown };

  it("pino, bunyan and console fit Logger as they are; a debug-only logger too", () => {
    const levels = <F>(fn: F): Levels<F> => ({
      trace: fn,
      debug: fn,
      info: fn,
      warn: fn,
      error: fn,
      fatal: fn,
      child: () => undefined,
    });
    const pino = levels((() => {}) as PinoLogFn);
    const bunyan = levels((() => true) as BunyanMethod);
    // Checked by the compiler (npx tsc): these fit, and the two below do not.
    const loggers: Logger[] = [pino, bunyan, console, { debug: (line) => void line.toUpperCase() }];
    // @ts-expect-error: a debug-only logger gets strings, not records.
    const recordsOnDebug: Logger = { debug: (record: LogRecord) => void record.event };
    // @ts-expect-error: string methods at other levels would get records.
    const stringsAtLevels: Logger = { debug: (line: string) => line, warn: (line: string) => line };
    expect(loggers.map((logger) => isRecordLogger(logger))).toEqual([true, true, true, false]);
    expect([recordsOnDebug, stringsAtLevels]).toHaveLength(2);
  });
});

describe("hooks", () => {
  it("get each attempt's frozen record with headers, without credentials", async () => {
    const { hooks, seen } = hookRecorder();
    const { mfa } = stubClient(
      (_, n) => (n === 1 ? failure(503, { "set-cookie": "ST=abc; Path=/", "x-request-id": "r-1" }) : json(200, device)),
      { hooks, correlationHeader: "x-correlation-id" },
    );
    await mfa.devices.get(USER, DEVICE, {
      headers: { "X-Correlation-Id": "c-1", "X-Ping-External-Transaction-ID": "checkout-1" },
    });
    expect(seen.map(([name, r]) => `${name} ${r.event} ${r.attempt}`)).toEqual([
      "onRequest request 1",
      "onResponse response 1",
      "onRetry retry 1",
      "onRequest request 2",
      "onResponse response 2",
    ]);
    const [[, request], [, response]] = seen as [[string, LogRecord & Record<string, any>], [string, any]];
    expect(request.requestHeaders).toEqual({
      "x-correlation-id": "c-1",
      "x-ping-external-transaction-id": "checkout-1",
    });
    expect(request.correlationId).toBe("c-1");
    expect(response.responseHeaders).toMatchObject({ "x-request-id": "r-1" });
    expect(response.responseHeaders).not.toHaveProperty("set-cookie");
    for (const [, record] of seen) {
      expect(Object.isFrozen(record)).toBe(true);
      for (const value of Object.values(record))
        if (typeof value === "object") expect(Object.isFrozen(value)).toBe(true);
    }
  });

  it("may be a class instance: its methods are called on it, its own fields are not options", async () => {
    class Tracing {
      readonly seen: number[] = [];
      onResponse(record: { attempt: number }) {
        this.seen.push(record.attempt);
      }
    }
    const tracing = new Tracing();
    const { mfa } = stubClient(() => json(200, device), { hooks: tracing });
    await mfa.devices.get(USER, DEVICE);
    expect(tracing.seen).toEqual([1]);
  });

  it("mask a cookie the answer sets wherever else the answer echoes it", async () => {
    // Lower-case letters only: no token heuristic would mask it; only knowing it was set does.
    const fresh = "rememberedbrowsercookievalue";
    const { hooks, seen: hooked } = hookRecorder();
    const { logger, entries } = recorder();
    const { mfa } = stubClient(
      () =>
        json(
          400,
          { id: `${fresh}`, code: "INVALID_DATA", message: "x" },
          { "set-cookie": `ST=${fresh}; Path=/`, "x-echo": `ST=${fresh}` },
        ),
      { hooks, logger },
    );
    await mfa.devices.get(USER, DEVICE).catch(() => undefined);
    const response = hooked.find(([, r]) => r.event === "response")![1] as Record<string, any>;
    expect(response.responseHeaders["x-echo"]).toBe("ST=[redacted]");
    expect(response.errorId).toBe("[redacted]");
    expect(JSON.stringify([hooked, entries])).not.toContain(fresh);
  });

  it("cannot change the request: records are frozen copies", async () => {
    const attempts: string[] = [];
    const hooks: Hooks = {
      onRequest(record) {
        attempts.push(String(record.attempt));
        (record.requestHeaders as Record<string, string>)["x-added"] = "1";
      },
    };
    const { mfa, calls } = stubClient(() => json(200, device), { hooks });
    await expect(mfa.devices.get(USER, DEVICE)).resolves.toEqual(device);
    // The assignment threw inside the hook (a frozen object, strict mode), and nothing was added.
    expect(attempts).toEqual(["1"]);
    expect(calls[0]!.headers).not.toHaveProperty("x-added");
    expect(calls[0]!.url).toBe(URL_OF_DEVICE);
  });

  it("a hook that throws, or rejects, does not break the call; the logger gets a hook-error at warn", async () => {
    const { logger, entries } = recorder();
    const hooks: Hooks = {
      onRequest: () => {
        throw new Error(`boom ${TOKEN}`);
      },
      onResponse: () => Promise.reject(new TypeError("async boom")) as never,
    };
    const { mfa } = stubClient(() => json(200, device), { logger, hooks });
    await expect(mfa.devices.get(USER, DEVICE)).resolves.toEqual(device);
    await new Promise((resolve) => setImmediate(resolve));
    const errors = entries.filter((e) => e.record.event === "hook-error");
    expect(errors.map((e) => [e.level, e.record])).toMatchObject([
      ["warn", { hook: "onRequest", error: "Error: boom [redacted]", attempt: 1 }],
      ["warn", { hook: "onResponse", error: "TypeError: async boom", attempt: 1 }],
    ]);
    expect(JSON.stringify(entries)).not.toContain(TOKEN);
  });

  it("a hook that throws without a logger, and a logger that throws, change nothing", async () => {
    const hooks: Hooks = {
      onResponse: () => {
        throw new Error("boom");
      },
    };
    const broken = () => {
      throw new Error("logger down");
    };
    const { mfa } = stubClient(() => json(200, device), {
      hooks,
      logger: { debug: broken, info: broken, warn: broken, error: broken },
    });
    await expect(mfa.devices.get(USER, DEVICE)).resolves.toEqual(device);
    const bare = stubClient(() => json(200, device), { hooks });
    await expect(bare.mfa.devices.get(USER, DEVICE)).resolves.toEqual(device);
  });

  it("a logger that changes its record changes nothing a hook sees; the logger's record stays writable", async () => {
    const { hooks, seen } = hookRecorder();
    const changed: LogRecord[] = [];
    const change = (record: LogRecord) => {
      // As a logger that adds its fields or rewrites the URL would.
      Object.assign(record, { url: "https://changed.example/", attempt: 99, added: "by the logger" });
      changed.push(record);
    };
    const { mfa } = stubClient(() => json(200, device), {
      hooks,
      logger: { debug: change, info: change, warn: change, error: change },
    });
    await expect(mfa.devices.get(USER, DEVICE)).resolves.toEqual(device);
    expect(changed.map((r) => [r.event, r.url, (r as unknown as Record<string, unknown>).added])).toEqual([
      ["request", "https://changed.example/", "by the logger"],
      ["response", "https://changed.example/", "by the logger"],
    ]);
    expect(seen.map(([, r]) => [r.event, r.url, r.attempt])).toEqual([
      ["request", URL_OF_DEVICE, 1],
      ["response", URL_OF_DEVICE, 1],
    ]);
    for (const [, record] of seen) expect(record).not.toHaveProperty("added");
  });

  it("a logger whose methods return rejected promises changes nothing and leaves no unhandled rejection", async () => {
    const unhandled: unknown[] = [];
    const onUnhandled = (reason: unknown) => void unhandled.push(reason);
    process.on("unhandledRejection", onUnhandled);
    try {
      const calls: string[] = [];
      const failing = (level: string) => async (record: LogRecord) => {
        calls.push(`${level} ${record.event}`);
        throw new Error("log shipping failed");
      };
      // A thenable that is not a promise: the client must hand it a rejection handler.
      const handlers: unknown[] = [];
      const thenable = { then: (_ok: unknown, fail: unknown) => void handlers.push(typeof fail) };
      const hooks: Hooks = { onResponse: () => Promise.reject(new Error("hook down")) as never };
      const structured = stubClient(() => json(200, device), {
        hooks,
        logger: { debug: failing("debug"), info: failing("info"), warn: failing("warn"), error: failing("error") },
      });
      const lines = stubClient(() => json(200, device), {
        logger: { debug: async () => Promise.reject(new Error("log shipping failed")) },
      });
      const odd = stubClient(() => json(200, device), { logger: { debug: () => thenable as never } });
      await expect(structured.mfa.devices.get(USER, DEVICE)).resolves.toEqual(device);
      await expect(lines.mfa.devices.get(USER, DEVICE)).resolves.toEqual(device);
      await expect(odd.mfa.devices.get(USER, DEVICE)).resolves.toEqual(device);
      for (let turn = 0; turn < 3; turn++) await new Promise((resolve) => setImmediate(resolve));
      expect(unhandled).toEqual([]);
      expect(handlers).toEqual(["function", "function"]);
      // The hook's rejection went to the logger once; the logger's own rejections did not come back to it.
      expect(calls).toEqual(["debug request", "debug response", "warn hook-error"]);
    } finally {
      process.off("unhandledRejection", onUnhandled);
    }
  });

  it("drop a header whose name may spell a secret, of this call or another, and a name over 200 characters", async () => {
    // Lower-case hex: no token heuristic masks it; only knowing it was sent does.
    const token = "abcdef0123456789abcdef0123456789";
    const PHONE = "+15125201234";
    const OTP = "731946";
    const { hooks, seen } = hookRecorder();
    // Every answer echoes every secret (as a server that mixes up its callers would): the passcode
    // is not the first call's, the phone not the second's.
    const { mfa } = stubClient(
      () =>
        json(
          400,
          { id: "e1", code: "INVALID_DATA", message: "nope" },
          {
            [`x-echo-${PHONE}`]: "1",
            [`x-digits-${PHONE.slice(1)}`]: "1",
            "x-dashed-512-520-1234": "1",
            [`x-otp-${OTP}`]: "1",
            [`x-tok-${token}`]: "1",
            [`x-${"long".repeat(60)}`]: "1",
            "x-b3-spanid": "1",
            "x-request-id": "r-1",
          },
        ),
      { hooks, accessToken: token },
    );
    await mfa.devices.create(USER, { type: "SMS", phone: PHONE }).catch(() => undefined);
    await mfa.devices.activate(USER, DEVICE, { otp: OTP }).catch(() => undefined);
    const names = seen
      .filter(([, r]) => r.event === "response")
      .map(([, r]) => Object.keys((r as Record<string, any>).responseHeaders).sort());
    expect(names).toEqual([
      ["content-type", "x-b3-spanid", "x-request-id"],
      ["content-type", "x-b3-spanid", "x-request-id"],
    ]);
    const text = JSON.stringify(seen);
    for (const secret of [token, PHONE.slice(1), "520-1234", OTP]) expect(text).not.toContain(secret);
  });

  it.each([
    ["an unknown hook", { onSend: () => {} }, "hooks.onSend"],
    ["a hook that is not a function", { onRetry: "x" }, "hooks.onRetry"],
    ["hooks that are not an object", 1, "hooks"],
  ])("refuses %s, naming it", (_, hooks, field) => {
    expect(() => createMfaClient({ environmentId: ENV, accessToken: TOKEN, hooks } as never)).toThrow(
      expect.objectContaining({ name: "PingOneValidationError", field }),
    );
  });
});

describe("no secret in any record", () => {
  const PHONE = "+15125201234";
  const OTP = "731946";
  const COOKIE = "6f3c0a9d5e2b4b7a9c1dRememberedBrowser";
  const CLIENT_SECRET = "Zx9-client-s3cret-Qw7vB2nM4kL8pR1t";
  const ISSUED = "eyJhbGciOiJSUzI1NiJ9.aXNzdWVkLWJ5LXRoZS10b2tlbi1lbmRwb2ludA.c2lnbmVk";
  const SECRETS = [TOKEN, ISSUED, CLIENT_SECRET, COOKIE];
  const seen = anyOf(...SECRETS.map((s) => tokenSeen(s, 12)), otpSeen(OTP), phoneSeen(PHONE));

  /** An answer that echoes the whole request (URL, headers, body) in every place an answer has. */
  const echo = (status: number) => (sent: Sent) => {
    // The body and headers first: the error id is cut at 100 characters.
    const all = `${sent.body} ${Object.values(sent.headers).join(" ")} ${sent.url}`;
    return json(
      status,
      {
        id: all,
        code: sent.body.includes(OTP) ? OTP : "INVALID_DATA",
        message: all,
        details: [{ code: "X", message: all }],
      },
      {
        "set-cookie": `ST=${COOKIE}; Path=/`,
        "x-echo": all,
        "x-auth-token": all,
        "www-authenticate": `Bearer error="invalid_token" ${all}`,
        "retry-after": "0",
      },
    );
  };

  const runAll = async (options: Partial<MfaClientOptions>) => {
    const calls = (mfa: ReturnType<typeof stubClient>["mfa"]) => [
      mfa.devices.create(USER, { type: "SMS", phone: PHONE }),
      mfa.devices.list(USER, { filter: `phone eq "${PHONE}"` }),
      mfa.deviceAuthentications.checkOtp(AUTHN, OTP, { headers: { "x-correlation-id": `${TOKEN} ${PHONE} ${OTP}` } }),
      mfa.deviceAuthentications.checkRememberedDevice(
        { user: { id: USER }, policy: { id: DEVICE }, payload: { type: "BROWSER", value: COOKIE } },
        `ST=${COOKIE}`,
      ),
      mfa.raw.api.GET("/environments/{environmentId}/users/{userId}/devices/{deviceId}", {
        params: { path: { environmentId: ENV, userId: USER, deviceId: DEVICE } },
        headers: { Cookie: `ST=${COOKIE}`, "x-correlation-id": PHONE },
      }),
    ];
    for (const status of [400, 503]) {
      const { mfa } = stubClient(echo(status), { ...options, retry: { maxRetries: 1, baseDelayMs: 1, maxDelayMs: 1 } });
      await Promise.allSettled(calls(mfa));
    }
  };

  it("through every field of logger records, lines and hook records", async () => {
    const { logger, entries } = recorder();
    const lines: string[] = [];
    const { hooks, seen: hooked } = hookRecorder();
    // The worker's token comes from a token endpoint with the client secret (stubbed).
    const tokenFetch = async () => json(200, { access_token: ISSUED, token_type: "Bearer", expires_in: 3600 });
    const worker = clientCredentials({
      clientId: "c1",
      clientSecret: CLIENT_SECRET,
      environmentId: ENV,
      fetch: tokenFetch,
    });
    for (const accessToken of [TOKEN, worker])
      await runAll({ logger, hooks, accessToken, correlationHeader: "x-correlation-id" });
    await runAll({ logger: { debug: (line) => lines.push(line) }, hooks, correlationHeader: "x-correlation-id" });

    const kinds = new Set([...entries.map((e) => e.record.event), ...hooked.map(([, r]) => r.event)]);
    expect([...kinds].sort()).toEqual(["give-up", "request", "response", "retry"]);
    const hookHeaders = hooked.flatMap(([, r]) =>
      Object.keys({ ...(r as any).requestHeaders, ...(r as any).responseHeaders }),
    );
    // The echoing header is there, masked; the credential-carrying ones are not.
    expect(hookHeaders).toContain("x-echo");
    expect(hookHeaders).toContain("www-authenticate");
    for (const gone of ["authorization", "cookie", "set-cookie", "x-auth-token"])
      expect(hookHeaders).not.toContain(gone);
    expect(entries.some((e) => e.record.event === "response" && e.record.errorId?.includes("[redacted]"))).toBe(true);
    expect(entries.some((e) => e.record.correlationId?.includes("[redacted]"))).toBe(true);

    const texts = [
      ...entries.map((e) => JSON.stringify(e.record)),
      ...entries.map((e) => e.message),
      ...lines,
      ...hooked.map(([, r]) => JSON.stringify(r)),
    ];
    expect(texts.length).toBeGreaterThan(100);
    expect(seen(texts)).toEqual([]);
  });
});
