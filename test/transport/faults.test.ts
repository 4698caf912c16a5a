// Fault injection over a real loopback server: for every method and every fault, the number of
// attempts, the waits, the error, no POST sent twice except after a 429, no unhandled rejection,
// and no timer left behind (so a process using the client exits promptly).
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  createMfaClient,
  PingOneApiError,
  PingOneNetworkError,
  PingOneTimeoutError,
  type MfaClient,
} from "../../src/index.ts";
import { AUTHN, DEVICE, ENV, USER } from "../support/stub.ts";
import { startFaultServer, type Scenario } from "../support/fault-server.ts";
import { figure } from "../support/figures.ts";

type Method = "GET" | "PUT" | "DELETE" | "POST create" | "POST otp check";
const calls: Record<Method, (m: MfaClient) => Promise<unknown>> = {
  GET: (m) => m.devices.get(USER, DEVICE),
  PUT: (m) => m.devices.setNickname(USER, DEVICE, "Phone"),
  DELETE: (m) => m.devices.delete(USER, DEVICE),
  "POST create": (m) => m.devices.create(USER, { type: "SMS", phone: "+15125201234" }),
  "POST otp check": (m) => m.deviceAuthentications.checkOtp(AUTHN, "123456"),
};
const METHODS = Object.keys(calls) as Method[];
const isPost = (m: Method) => m.startsWith("POST");

const json =
  (status: number, body: unknown, headers: Record<string, string> = {}): Scenario =>
  (_, res) => {
    res.writeHead(status, { "content-type": "application/json", ...headers });
    res.end(JSON.stringify(body));
  };
const ok: Scenario = json(200, { id: DEVICE, type: "SMS", status: "ACTIVE", nickname: "Phone" });
const fail = (status: number) => json(status, { id: "e1", code: "UNEXPECTED_ERROR", message: "failed" });
const firstThen =
  (first: Scenario, then: Scenario): Scenario =>
  (req, res, n, body) =>
    (n === 1 ? first : then)(req, res, n, body);
const html502: Scenario = (_, res) => {
  res.writeHead(502, { "content-type": "text/html" });
  res.end("<html><body><h1>502 Bad Gateway</h1></body></html>");
};

interface Expectation {
  attempts: number | ((m: Method) => number);
  error?: Function;
  status?: number;
  /** The wait the client must schedule, [min, max] ms, or "date" for the HTTP-date scenario. */
  waitMs?: [number, number] | "date";
  deleteSucceeds?: boolean;
  /** Per-call timeout; generous by default (a minute) so a loaded machine still makes every retry. */
  timeoutMs?: number;
}
const retriedUnlessPost = (m: Method) => (isPost(m) ? 1 : 4);

const scenarios: Array<[string, Scenario, Expectation, boolean?]> = [
  [
    "429 with Retry-After in seconds, then success",
    firstThen(json(429, { code: "REQUEST_LIMITED", message: "slow" }, { "Retry-After": "1" }), ok),
    { attempts: 2, waitMs: [1000, 1000] },
  ],
  [
    "429 with Retry-After as an HTTP-date, then success",
    (req, res, n, b) => {
      if (n > 1) {
        retriedAt = Date.now();
        return ok(req, res, n, b);
      }
      // HTTP-dates have whole seconds: the wait asked for is the time to the next second boundary.
      const until = Math.ceil((Date.now() + 300) / 1000) * 1000;
      dateUntil = until;
      dateWaitMs = until - Date.now();
      json(429, { code: "REQUEST_LIMITED", message: "slow" }, { "Retry-After": new Date(until).toUTCString() })(
        req,
        res,
        n,
        b,
      );
    },
    { attempts: 2, waitMs: "date" },
  ],
  ["500 every time", fail(500), { attempts: retriedUnlessPost, error: PingOneApiError, status: 500 }],
  ["502 every time", fail(502), { attempts: retriedUnlessPost, error: PingOneApiError, status: 502 }],
  ["503 every time", fail(503), { attempts: retriedUnlessPost, error: PingOneApiError, status: 503 }],
  ["504 every time", fail(504), { attempts: retriedUnlessPost, error: PingOneApiError, status: 504 }],
  [
    "connection dropped before the request is read",
    ok,
    { attempts: retriedUnlessPost, error: PingOneNetworkError },
    true,
  ],
  [
    "connection dropped after the request is read",
    (req) => req.socket.destroy(),
    { attempts: retriedUnlessPost, error: PingOneNetworkError },
  ],
  [
    "connection dropped in the middle of the body",
    (_, res) => {
      res.writeHead(200, { "content-type": "application/json", "content-length": "200" });
      res.write('{"id":"d1","type":');
      setTimeout(() => res.socket?.destroy(), 5);
    },
    { attempts: retriedUnlessPost, error: PingOneNetworkError },
  ],
  [
    "a response that never ends",
    (_, res) => {
      res.writeHead(200, { "content-type": "application/json" });
      res.write('{"id":');
    },
    { attempts: 1, error: PingOneTimeoutError, timeoutMs: 600 },
  ],
  // DELETE returns nothing: a 200 that arrives whole is a success whatever its body says.
  [
    "malformed JSON",
    (_, res) => {
      res.writeHead(200, { "content-type": "application/json" });
      res.end("{not json");
    },
    { attempts: 1, error: PingOneApiError, status: 200, deleteSucceeds: true },
  ],
  ["an HTML error page", html502, { attempts: retriedUnlessPost, error: PingOneApiError, status: 502 }],
  ["an empty 200", (_, res) => res.end(), { attempts: 1, error: PingOneApiError, status: 200, deleteSucceeds: true }],
  [
    "401",
    json(401, { id: "e2", code: "ACCESS_FAILED", message: "The access token is not valid." }),
    { attempts: 1, error: PingOneApiError, status: 401 },
  ],
];

let server: Awaited<ReturnType<typeof startFaultServer>>;
let dateWaitMs = 0;
let dateUntil = 0;
let retriedAt = 0;
let duplicatePosts = 0;
let ran = 0;
const rejections: unknown[] = [];
const onRejection = (reason: unknown) => rejections.push(reason);
const timers = () => process.getActiveResourcesInfo().filter((r) => r === "Timeout").length;
let baselineTimers = 0;

beforeAll(async () => {
  server = await startFaultServer();
  process.on("unhandledRejection", onRejection);
  baselineTimers = timers();
});
afterAll(async () => {
  process.off("unhandledRejection", onRejection);
  await server.close();
  figure(`faults: ${ran} scenarios, ${duplicatePosts} duplicate POSTs, ${rejections.length} unhandled rejections`);
});

describe.each(scenarios)("%s", (name, scenario, expected, dropOnConnect) => {
  it.each(METHODS)("%s", async (method) => {
    await server.use(scenario, dropOnConnect);
    const log: string[] = [];
    const mfa = createMfaClient({
      logger: { debug: (line) => log.push(line) },
      environmentId: ENV,
      accessToken: "fault-token",
      apiBaseUrl: `${server.url}/v1`,
      authBaseUrl: server.url,
      timeoutMs: expected.timeoutMs ?? 60_000,
      retry: { maxRetries: 3, baseDelayMs: 5, maxDelayMs: 20 },
    });
    const started = performance.now();
    const result = await calls[method](mfa).then(
      (value) => ({ value }),
      (error: unknown) => ({ error }),
    );
    const elapsed = performance.now() - started;
    ran++;

    const attempts = dropOnConnect ? server.state.connections : server.state.requests;
    // Counted before any assertion can stop the test: a POST the server saw twice, where no 429 allowed it.
    if (isPost(method) && server.state.requests > 1 && !name.startsWith("429")) duplicatePosts++;
    const want = typeof expected.attempts === "function" ? expected.attempts(method) : expected.attempts;
    expect(attempts).toBe(want);
    if (expected.error && !(expected.deleteSucceeds && method === "DELETE")) {
      expect("error" in result && result.error).toBeInstanceOf(expected.error);
      if (expected.status) expect((result as { error: PingOneApiError }).error.status).toBe(expected.status);
    } else {
      expect(result).toHaveProperty("value");
    }
    if (expected.waitMs) {
      // The wait the client scheduled (its log says) matches Retry-After, and it really waited that long.
      const scheduled = Number(/retrying after 429 in (\d+) ms/.exec(log.join("\n"))?.[1]);
      if (expected.waitMs === "date") {
        // The time left until the date when the client read it: no more than was left when the
        // server wrote it (how much less depends on the machine's load), and the retry reaches the
        // server no earlier than the date (2 ms for the rounding of timers against the clock).
        expect(scheduled).toBeGreaterThanOrEqual(0);
        expect(scheduled).toBeLessThanOrEqual(dateWaitMs);
        expect(retriedAt).toBeGreaterThanOrEqual(dateUntil - 2);
      } else {
        expect(scheduled).toBeGreaterThanOrEqual(expected.waitMs[0]);
        expect(scheduled).toBeLessThanOrEqual(expected.waitMs[1]);
      }
      expect(elapsed).toBeGreaterThanOrEqual(scheduled);
    }
    // Nothing left ticking once the call has settled.
    await new Promise((resolve) => setImmediate(resolve));
    expect(timers()).toBeLessThanOrEqual(baselineTimers);
  });
});

it("counted no duplicate POST and no unhandled rejection", () => {
  expect(duplicatePosts).toBe(0);
  expect(rejections).toEqual([]);
});
