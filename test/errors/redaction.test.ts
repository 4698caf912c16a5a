// Attack suite, redaction: a server (or a caller's fetch, or a token function) echoes the call's
// secrets back in every place it controls, in every spelling, and no view of the error (message,
// stack, String(), JSON.stringify, util.inspect with hidden properties, the cause chain) and no
// logger line may show them. Secrets: the access token (a string, a token function's, tokens rotated
// across retries), OTPs, phone numbers, the remembered-device cookie and payload, base-URL
// credentials.
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import {
  createMfaClient as createFetchClient,
  type MfaClient,
  type MfaClientOptions,
  PingOneTokenError,
  PingOneValidationError,
} from "../../src/index.ts";
import { figure } from "../support/figures.ts";
import {
  AUTHN,
  clientOn,
  DEVICE,
  ENV,
  expectPingOneError,
  FAST_RETRY,
  leaks,
  type Make,
  settle,
  TRANSPORTS,
  USER,
  views,
} from "../support/hostile.ts";
import {
  type Handler,
  type HostileServer,
  json,
  rawAnswer,
  startHostileServer,
  text,
} from "../support/hostile-server.ts";

// A short opaque bearer token: what a custom authorization server may issue (PingOne's are JWTs).
const STRING_TOKEN = "sT0kEn.9f8e7d6c5b4a3f2e1d0c";
const FUNCTION_TOKEN = "fnT0ken-1a2b3c4d5e6f7a8b9c0d";
const OTP = "731946";
const ACTIVATION_OTP = "482913";
const PHONE = "+1 (512) 520-1234";
const UK_PHONE = "+44 20 7946 0958";
const COOKIE = "ST=c00k1e9f8e7d6c5b4a3210";
const PAYLOAD = "pAyl0ad.7e6d5c4b3a29.18f7";
const POLICY = "4d8b1a9c-2f3e-4a5b-9c6d-7e8f9a0b1c2d";

interface Secret {
  name: string;
  options?: Partial<MfaClientOptions>;
  call: (m: MfaClient) => Promise<unknown>;
  /** What the server sends back. */
  echoes: string[];
  /** What must not be seen. */
  spellings: string[];
}
const US_SPELLINGS = [
  "5125201234",
  "512-520-1234",
  "512 520 1234",
  "512.520.1234",
  "(512) 520-1234",
  "520-1234",
  "520 1234",
  "520.1234",
  "5201234",
];
const SECRETS: Secret[] = [
  {
    name: "the access token (string option)",
    options: { accessToken: STRING_TOKEN },
    call: (m) => m.devices.get(USER, DEVICE),
    echoes: [STRING_TOKEN, `Bearer ${STRING_TOKEN}`],
    spellings: [STRING_TOKEN],
  },
  {
    name: "the access token (from a token function)",
    options: { accessToken: async () => FUNCTION_TOKEN },
    call: (m) => m.devices.create(USER, { type: "SMS", phone: "+15125550199" }),
    echoes: [FUNCTION_TOKEN, `Bearer ${FUNCTION_TOKEN}`],
    spellings: [FUNCTION_TOKEN],
  },
  {
    name: "the OTP (deviceAuthentications.checkOtp)",
    call: (m) => m.deviceAuthentications.checkOtp(AUTHN, OTP),
    echoes: ["731 946", "731-946", "731946\n"],
    spellings: ["731946", "731 946", "731-946"],
  },
  {
    name: "the OTP (devices.activate)",
    call: (m) => m.devices.activate(USER, DEVICE, { otp: ACTIVATION_OTP }),
    echoes: ["482 913", "482-913", "482913\n"],
    spellings: ["482913", "482 913", "482-913"],
  },
  {
    name: "the phone (devices.create)",
    call: (m) => m.devices.create(USER, { type: "SMS", phone: PHONE }),
    echoes: ["+1 (512) 520-1234", "15125201234", "512.520.1234"],
    spellings: US_SPELLINGS,
  },
  {
    name: "the phone (one-time SMS authentication)",
    call: (m) =>
      m.deviceAuthentications.create({
        user: { id: USER },
        selectedDevice: { oneTime: { type: "SMS", phone: UK_PHONE } },
      }),
    echoes: ["+44 20 7946 0958", "442079460958", "020 7946 0958"],
    spellings: ["2079460958", "20 7946 0958", "7946 0958", "79460958"],
  },
  {
    name: "the remembered-device cookie",
    call: (m) =>
      m.deviceAuthentications.checkRememberedDevice(
        { user: { id: USER }, policy: { id: POLICY }, payload: { type: "BROWSER", value: PAYLOAD } },
        COOKIE,
      ),
    echoes: [COOKIE, `Cookie: ${COOKIE}`],
    spellings: [COOKIE],
  },
  {
    name: "the remembered-device cookie's value",
    call: (m) =>
      m.deviceAuthentications.checkRememberedDevice(
        { user: { id: USER }, policy: { id: POLICY }, payload: { type: "BROWSER", value: PAYLOAD } },
        COOKIE,
      ),
    echoes: [COOKIE.slice(3)],
    spellings: [COOKIE.slice(3)],
  },
  {
    name: "the remembered-device payload",
    call: (m) =>
      m.deviceAuthentications.checkRememberedDevice(
        { user: { id: USER }, policy: { id: POLICY }, payload: { type: "BROWSER", value: PAYLOAD } },
        COOKIE,
      ),
    echoes: [PAYLOAD, `payload ${PAYLOAD}`],
    spellings: [PAYLOAD],
  },
];

const body400 = (body: unknown): Handler => json(400, body);
const oneLine = (s: string) => s.replace(/[\r\n]+/g, " ").trim();
const filler = `${"x".repeat(1989)} `;
/** Where a server can put text: each takes the echoed secret and answers with it. */
const SOURCES: Array<[string, (echo: string) => Handler]> = [
  ["the server message", (e) => body400({ code: "INVALID_DATA", message: `rejected ${e}` })],
  [
    "a detail message",
    (e) =>
      body400({
        code: "INVALID_DATA",
        message: "m",
        details: [{ code: "INVALID_VALUE", target: "x", message: `bad ${e}` }],
      }),
  ],
  [
    "a detail target",
    (e) =>
      body400({ code: "INVALID_DATA", message: "m", details: [{ code: "INVALID_VALUE", target: e, message: "d" }] }),
  ],
  [
    "a detail code",
    (e) => body400({ code: "INVALID_DATA", message: "m", details: [{ code: e, target: "x", message: "d" }] }),
  ],
  [
    "an innerError value",
    (e) =>
      body400({
        code: "INVALID_DATA",
        message: "m",
        details: [{ code: "X", message: "d", innerError: { allowedValues: [e], deep: { deeper: { deepest: e } } } }],
      }),
  ],
  [
    "an innerError key",
    (e) =>
      body400({
        code: "INVALID_DATA",
        message: "m",
        details: [{ code: "X", message: "d", innerError: { [e]: "v", nested: { [e]: 1 } } }],
      }),
  ],
  ["the top-level code", (e) => body400({ code: e, message: "m" })],
  ["the top-level id", (e) => body400({ id: e, code: "INVALID_DATA", message: "m" })],
  [
    "unknown extra fields",
    (e) =>
      body400({ code: "INVALID_DATA", message: "m", echo: e, details: [{ code: "X", message: "d", echo: e, [e]: e }] }),
  ],
  [
    "the HTTP reason phrase",
    (e) => {
      const body = JSON.stringify({ code: "INVALID_DATA", message: "m" });
      return rawAnswer(
        `HTTP/1.1 400 ${oneLine(e)}`,
        ["content-type: application/json", `content-length: ${body.length}`, "connection: close"],
        body,
      );
    },
  ],
  [
    "the HTTP reason phrase of an empty 400",
    (e) => rawAnswer(`HTTP/1.1 400 Rejected ${oneLine(e)}`, ["content-length: 0", "connection: close"]),
  ],
  [
    "a message straddling the 2,000-character cut",
    (e) => body400({ code: "INVALID_DATA", message: `${filler}${e} tail` }),
  ],
  [
    "a detail message straddling the 2,000-character cut",
    (e) =>
      body400({
        code: "INVALID_DATA",
        message: "m",
        details: [{ code: "X", target: "t", message: `${filler}${e} tail` }],
      }),
  ],
  ["a message quoting key=value", (e) => body400({ code: "INVALID_DATA", message: `invalid request: value=${e}` })],
  [
    "a message quoting the request path",
    (e) => body400({ code: "INVALID_DATA", message: `no route for /v1/sessions/${e}/check` }),
  ],
  ["a message quoting JSON", (e) => body400({ code: "INVALID_DATA", message: `received {"value":"${e}"}` })],
  [
    "an HTML 502 page",
    (e) => text(502, `<html><body>Bad gateway for ${e}</body></html>`, { "content-type": "text/html" }),
  ],
  ["a text/plain 400", (e) => text(400, `Bad request: ${e}`)],
  ["a malformed 2xx body", (e) => json(200, `{"echo":"${e}"`)],
  [
    "a 429 retried, then given up",
    (e) => json(429, { code: "REQUEST_LIMITED", message: `slow down ${e}` }, { "retry-after": "0" }),
  ],
  [
    "a 3xx Location (userinfo, path, query)",
    (e) => (_, res) => {
      const enc = encodeURIComponent(e);
      res.writeHead(302, { location: `http://u:${enc}@127.0.0.1:9/${enc}/x?q=${enc}#${enc}`, connection: "close" });
      res.end();
    },
  ],
];

interface Ctx {
  make: Make;
  server: HostileServer;
  logs: string[];
  client(extra?: Partial<MfaClientOptions>): MfaClient;
}
type Run = (ctx: Ctx) => Promise<void>;
const cases: Array<[string, Run]> = [];
const add = (name: string, run: Run) => cases.push([name, run]);

/** Asserts that neither the error (any view, the cause chain) nor any log line shows a spelling. */
function clean(error: unknown, logs: readonly string[], spellings: readonly string[]) {
  expect(leaks([...views(error), ...logs], spellings)).toEqual([]);
}

for (const secret of SECRETS) {
  for (const [source, handler] of SOURCES) {
    add(`${secret.name} echoed in ${source}`, async ({ server, client, logs }) => {
      const mfa = client(secret.options);
      for (const echo of secret.echoes) {
        server.handle(handler(echo));
        const outcome = await settle(() => secret.call(mfa));
        expect(outcome).toHaveProperty("error");
        expectPingOneError(outcome.error);
        clean(outcome.error, logs, secret.spellings);
      }
      expect(server.hits.length).toBeGreaterThan(0);
    });
  }
}

// ---- tokens a token function rotates, or fails with ---------------------------------------------------------

const rotated = (n: number) => `r0tated.${n}.a1b2c3d4e5f6a7b8`;
add("tokens rotated across retries are masked in the final error and the logs", async ({ server, client, logs }) => {
  const seen: string[] = [];
  server.handle((req, res) => {
    seen.push(String(req.headers.authorization));
    json(503, {
      code: "UNAVAILABLE",
      message: `tried ${seen.join(", ")}`,
      details: seen.map((s) => ({ code: "X", message: s, target: s.slice(7) })),
    })(req, res, undefined as never);
  });
  let n = 0;
  const error = await settle(() => client({ accessToken: () => rotated(++n) }).devices.get(USER, DEVICE));
  expect(n).toBe(3);
  expectPingOneError(error.error);
  clean(error.error, logs, [rotated(1), rotated(2), rotated(3)]);
});
add(
  "a token function that fails after a first attempt, its error holding that token, shows it nowhere",
  async ({ server, client, logs }) => {
    server.handle(json(503, { code: "UNAVAILABLE", message: "m" }));
    let n = 0;
    const accessToken = async () => {
      if (++n === 1) return rotated(1);
      const error = new Error(`refresh failed; the old token was ${rotated(1)}`, {
        cause: new Error(`upstream refused ${rotated(1)}`),
      });
      Object.assign(error, { token: rotated(1), headers: { authorization: `Bearer ${rotated(1)}` } });
      throw error;
    };
    const outcome = await settle(() => client({ accessToken }).devices.get(USER, DEVICE));
    expect(outcome.error).toBeInstanceOf(PingOneTokenError);
    expect(outcome.error).toMatchObject({ code: "TOKEN_SOURCE_FAILED" });
    clean(outcome.error, logs, [rotated(1)]);
  },
);
add(
  "a token function that throws synchronously, after a first attempt, with that token shows it nowhere",
  async ({ server, client, logs }) => {
    server.handle(json(503, { code: "UNAVAILABLE", message: "m" }));
    let n = 0;
    const accessToken = () => {
      if (++n === 1) return rotated(2);
      throw new AggregateError([new Error(`token ${rotated(2)} expired`)], `cannot refresh ${rotated(2)}`);
    };
    const outcome = await settle(() => client({ accessToken }).devices.get(USER, DEVICE));
    expect(outcome.error).toBeInstanceOf(PingOneTokenError);
    clean(outcome.error, logs, [rotated(2)]);
  },
);
add(
  "a token function rejecting at once (nothing sent) gives a PingOneTokenError without its secret",
  async ({ server, client, logs }) => {
    server.handle(json(200, {}));
    const accessToken = async (): Promise<string> => {
      throw Object.assign(new Error("token endpoint said no"), { clientSecret: "cl1ent-s3cret-value" });
    };
    const outcome = await settle(() => client({ accessToken }).devices.get(USER, DEVICE));
    expect(outcome.error).toBeInstanceOf(PingOneTokenError);
    expect(server.hits).toHaveLength(0);
    clean(outcome.error, logs, ["cl1ent-s3cret-value"]);
  },
);

// ---- base-URL credentials ------------------------------------------------------------------------------------

for (const [option, url] of [
  ["apiBaseUrl", "https://admin:hunter2pass@api.example.com/v1"],
  ["authBaseUrl", "https://:hunter2pass@auth.example.com"],
  ["apiBaseUrl", "http://admin:hunter2pass@127.0.0.1:8080/v1"],
  ["authBaseUrl", "https://hunter2pass@auth.example.com"],
  ["apiBaseUrl", "https://admin:hunter2%70ass@api.example.com/v1"],
] as const) {
  add(
    `a ${option} with credentials (${url.replace("hunter2", "…")}) is refused at creation without the password`,
    async ({ make, logs }) => {
      const outcome = await settle(() => make({ environmentId: ENV, accessToken: STRING_TOKEN, [option]: url }));
      expect(outcome.error).toBeInstanceOf(PingOneValidationError);
      expect(outcome.error).toMatchObject({ field: option });
      clean(outcome.error, logs, ["hunter2"]);
    },
  );
}

// ---- readability and the query string -------------------------------------------------------------------------

for (const [token, message, readable] of [
  ["any", "Too many requests from any client", "Too many requests"],
  ["the", "Throttled: the tenant is over its limit; other requests wait", "other requests wait"],
  ["a1", "Quota a1b2 reached for area 51", "Quota a1b2 reached"],
] as const) {
  add(`a short token ${JSON.stringify(token)} does not mask ordinary words`, async ({ server, client }) => {
    server.handle(json(429, { code: "REQUEST_LIMITED", message }, { "retry-after": "999999999" }));
    const outcome = await settle(() => client({ accessToken: token }).devices.get(USER, DEVICE));
    expectPingOneError(outcome.error);
    expect(outcome.error.message).toContain(readable);
    expect(outcome.error.message).not.toMatch(new RegExp(`(?<![A-Za-z0-9])${token}(?![A-Za-z0-9])`));
  });
}
add(
  "a phone in a list filter stays out of the error's URL, its views and the logs",
  async ({ server, client, logs }) => {
    server.handle((req, res) =>
      json(400, { code: "INVALID_DATA", message: `bad filter in ${decodeURIComponent(req.url ?? "")}` })(
        req,
        res,
        undefined as never,
      ),
    );
    const outcome = await settle(() => client().devices.list(USER, { filter: `phone eq "${PHONE}"` }));
    expectPingOneError(outcome.error);
    expect((outcome.error as unknown as { url: string }).url).toMatch(/\?…$/);
    clean(outcome.error, logs, US_SPELLINGS);
  },
);

// ---- a caller's fetch that fails with the secrets in its error (only the fetch option can do this) ---------------

const callerFetchCases: Array<[string, Run]> = [];
const hostileFetch =
  (fail: (request: Request) => unknown) =>
  async (request: Request): Promise<Response> => {
    const outcome = fail(request);
    if (outcome instanceof Response) return outcome;
    throw outcome;
  };
const withAuth = (request: Request) => String(request.headers.get("authorization"));
const FETCH_FAILURES: Array<[string, (request: Request) => unknown]> = [
  ["an Error whose message holds the Authorization header", (r) => new TypeError(`fetch failed with ${withAuth(r)}`)],
  [
    "an Error whose cause holds the token",
    (r) => new TypeError("fetch failed", { cause: new Error(`socket sent ${withAuth(r)}`) }),
  ],
  [
    "a cause chain 3 deep holding the token at the bottom",
    (r) => new Error("a", { cause: new Error("b", { cause: new Error(`c ${withAuth(r)}`) }) }),
  ],
  [
    "a cause chain 6 deep holding the token everywhere",
    (r) => {
      let error = new Error(`level 6 ${withAuth(r)}`);
      for (let i = 5; i >= 1; i--) error = new Error(`level ${i} ${withAuth(r)}`, { cause: error });
      return error;
    },
  ],
  [
    "an AggregateError whose errors hold the token",
    (r) => new AggregateError([new Error(`first ${withAuth(r)}`), new Error(`second ${withAuth(r)}`)], "all failed"),
  ],
  [
    "an Error with .request (a Request with Authorization)",
    (r) => Object.assign(new Error("fetch failed"), { request: r, url: r.url }),
  ],
  [
    "an Error with .headers holding Authorization",
    (r) =>
      Object.assign(new Error("fetch failed"), {
        headers: { authorization: withAuth(r) },
        config: { auth: withAuth(r) },
      }),
  ],
  [
    "an Error whose name holds the token",
    (r) => Object.assign(new Error("fetch failed"), { name: `Err ${withAuth(r)}` }),
  ],
  [
    "an Error whose stack holds the token",
    (r) => Object.assign(new Error("fetch failed"), { stack: `Error: ${withAuth(r)}\n    at x` }),
  ],
  [
    "a circular cause holding the token",
    (r) => {
      const error = new Error(`loop ${withAuth(r)}`);
      (error as { cause?: unknown }).cause = error;
      return error;
    },
  ],
  ["a string holding the token", (r) => `failed: ${withAuth(r)}`],
  ["a plain object holding the token", (r) => ({ message: withAuth(r), headers: { authorization: withAuth(r) } })],
  [
    "an Error whose message getter throws an Error holding the token",
    (r) => {
      const error = new Error("x");
      Object.defineProperty(error, "message", {
        get: () => {
          throw new Error(`getter ${withAuth(r)}`);
        },
      });
      return error;
    },
  ],
  ["a null-prototype object (String() throws)", () => Object.create(null)],
  [
    "a Response whose body stream fails with the token",
    (r) =>
      new Response(
        new ReadableStream({ pull: (controller) => controller.error(new Error(`stream broke for ${withAuth(r)}`)) }),
        { status: 200 },
      ),
  ],
];
for (const [name, fail] of FETCH_FAILURES) {
  callerFetchCases.push([
    `a caller's fetch rejecting with ${name}: a PingOneError without the token`,
    async ({ logs }) => {
      const mfa = createFetchClient({
        environmentId: ENV,
        accessToken: STRING_TOKEN,
        retry: FAST_RETRY,
        logger: { debug: (l) => logs.push(l) },
        fetch: hostileFetch(fail),
      });
      const outcome = await settle(() => mfa.devices.get(USER, DEVICE));
      expectPingOneError(outcome.error);
      clean(outcome.error, logs, [STRING_TOKEN]);
    },
  ]);
}
for (const secret of SECRETS.filter((s) => !s.name.includes("token"))) {
  callerFetchCases.push([
    `a caller's fetch rejecting with the request body: ${secret.name} shows nowhere`,
    async ({ logs }) => {
      const fetch = async (request: Request): Promise<Response> => {
        const body = await request.text();
        throw new Error(`could not send ${body} with ${request.headers.get("cookie")}; ${secret.echoes.join(" | ")}`, {
          cause: new Error(secret.echoes.join(" ")),
        });
      };
      const mfa = createFetchClient({
        environmentId: ENV,
        accessToken: STRING_TOKEN,
        retry: FAST_RETRY,
        logger: { debug: (l) => logs.push(l) },
        fetch,
      });
      const outcome = await settle(() => secret.call(mfa));
      expectPingOneError(outcome.error);
      clean(outcome.error, logs, secret.spellings);
    },
  ]);
}
for (const [name, result] of [
  ["undefined", undefined],
  ["a plain object", { status: 200 }],
] as const) {
  callerFetchCases.push([
    `a caller's fetch resolving with ${name} gives a PingOneError`,
    async ({ logs }) => {
      const mfa = createFetchClient({
        environmentId: ENV,
        accessToken: STRING_TOKEN,
        retry: FAST_RETRY,
        logger: { debug: (l) => logs.push(l) },
        fetch: (async () => result) as never,
      });
      const outcome = await settle(() => mfa.devices.get(USER, DEVICE));
      expectPingOneError(outcome.error);
    },
  ]);
}

// ---- run ----------------------------------------------------------------------------------------------------

let ran = 0;
let bad = 0;
const misbehaving: string[] = [];
const guard = async (label: string, run: () => Promise<void>) => {
  ran++;
  try {
    await run();
  } catch (error) {
    bad++;
    misbehaving.push(label);
    throw error;
  }
};

describe.each(TRANSPORTS)("%s", (transport, make: Make) => {
  // A new server (a new origin) per case: no request can go out on a pooled socket that an earlier
  // case's server closed, which would fail before the server could echo anything.
  let server: HostileServer;
  beforeEach(async () => {
    server = await startHostileServer();
  });
  afterEach(() => server.close());

  it.each(cases)("%s", async (name, run) => {
    const logs: string[] = [];
    const ctx: Ctx = {
      make: (options) => make({ logger: { debug: (line: string) => logs.push(line) }, ...options }),
      server,
      logs,
      client: (extra) => clientOn(make, server, { logger: { debug: (line) => logs.push(line) }, ...extra }),
    };
    await guard(`${transport}: ${name}`, () => run(ctx));
  });
});

describe("a caller's fetch that fails", () => {
  it.each(callerFetchCases)("%s", async (name, run) => {
    const logs: string[] = [];
    await guard(`caller's fetch: ${name}`, () =>
      run({ logs, make: createFetchClient, server: undefined as never, client: undefined as never }),
    );
  });
});

it("no secret was seen in any view or log line", () => {
  figure(
    `redaction: ${cases.length} cases × ${TRANSPORTS.length} transports + ${callerFetchCases.length} caller-fetch cases, ${bad} misbehaving`,
  );
  expect(ran).toBe(cases.length * TRANSPORTS.length + callerFetchCases.length);
  expect(misbehaving).toEqual([]);
  expect(bad).toBe(0);
});
