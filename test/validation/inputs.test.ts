// Attack suite, inputs: hostile IDs, queries, headers, bodies, options and tokens. Each must be
// refused before anything is sent, with a PingOneValidationError naming the field (or, for a token
// function, a PingOneTokenError); the server must see no connection at all. Nothing may escape as
// a raw TypeError, RangeError or URIError.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  type MfaClient,
  type MfaClientOptions,
  PhoneNumberError,
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
  leaks,
  type Make,
  rejection,
  TRANSPORTS,
  USER,
  views,
} from "../support/hostile.ts";
import { type HostileServer, json, startHostileServer } from "../support/hostile-server.ts";

interface Ctx {
  /** A client on the counting server. */
  mfa: MfaClient;
  /** Creates a client of this transport on the counting server with `extra` options. */
  create(extra: Record<string, unknown>): MfaClient;
  /** Creates a client of this transport with exactly these options. */
  make: Make;
  server: HostileServer;
}
type Expect = {
  field: string | RegExp;
  error?: "validation" | "phone" | "token" | "abort";
  reason?: unknown;
  /** Parts of the refused value that are secret: no view of the error may show them. */
  hidden?: string[];
};
const cases: Array<[string, (ctx: Ctx) => unknown, Expect]> = [];
const add = (name: string, run: (ctx: Ctx) => unknown, expected: Expect) => cases.push([name, run, expected]);

// ---- IDs in paths -------------------------------------------------------------------------------------------

const BAD_IDS: Array<[string, unknown]> = [
  ["a lone high surrogate", "\ud800"],
  ["a lone low surrogate inside text", "a\udc00b"],
  ['".."', ".."],
  ['"."', "."],
  ['"a/b"', "a/b"],
  ['"a\\\\b"', "a\\b"],
  ["NUL", "\u0000"],
  ["a line break", "a\nb"],
  ["DEL", "\u007f"],
  ["300 characters", "x".repeat(300)],
  ["the empty string", ""],
  ["spaces only", "   "],
  ["a number", 42],
  ["null", null],
  ["undefined", undefined],
  ["an object", { id: DEVICE }],
  ["an array", [DEVICE]],
  ["a symbol", Symbol("id")],
];
const ID_SLOTS: Array<[string, string, (m: MfaClient, id: never) => unknown]> = [
  ["userId", "devices.get", (m, id) => m.devices.get(id, DEVICE)],
  ["deviceId", "devices.get", (m, id) => m.devices.get(USER, id)],
  ["deviceId", "devices.delete", (m, id) => m.devices.delete(USER, id)],
  [
    "deviceAuthenticationId",
    "deviceAuthentications.checkOtp",
    (m, id) => m.deviceAuthentications.checkOtp(id, "123456"),
  ],
  ["environmentId", "devices.get (call option)", (m, id) => m.devices.get(USER, DEVICE, { environmentId: id })],
];
for (const [field, method, call] of ID_SLOTS) {
  for (const [name, value] of BAD_IDS) {
    // A missing call option is no option: the client's environment is used.
    if (field === "environmentId" && value === undefined) continue;
    add(`${method}: ${field} ${name}`, ({ mfa }) => call(mfa, value as never), { field });
  }
}
for (const [name, value] of [
  ["a lone surrogate", "\ud800"],
  ['".."', ".."],
  ["a slash", "a/b"],
  ["a number", 42],
] as const) {
  add(
    `raw.api.GET: path deviceId ${name}`,
    ({ mfa }) =>
      mfa.raw.api.GET("/environments/{environmentId}/users/{userId}/devices/{deviceId}", {
        params: { path: { environmentId: ENV, userId: USER, deviceId: value as never } },
      }),
    { field: "deviceId" },
  );
}

// ---- devices.list query ------------------------------------------------------------------------------------

for (const [name, query, field] of [
  ["filter with a lone surrogate", { filter: 'phone eq "\ud800"' }, "query.filter"],
  ["empty filter", { filter: "" }, "query.filter"],
  ["filter that is a number", { filter: 42 }, "query.filter"],
  ["limit -5", { limit: -5 }, "query.limit"],
  ["limit 0", { limit: 0 }, "query.limit"],
  ['limit "x&admin=1"', { limit: "x&admin=1" }, "query.limit"],
  ["limit NaN", { limit: Number.NaN }, "query.limit"],
  ["limit Infinity", { limit: Number.POSITIVE_INFINITY }, "query.limit"],
  ["limit 1.5", { limit: 1.5 }, "query.limit"],
  ["limit as a BigInt", { limit: 10n }, "query"],
  ['expand "all"', { expand: "all" }, "query.expand"],
  ["an unknown key", { admin: "1" }, "query.admin"],
  ["a query that is a string", "limit=5", "query"],
  ["a query that is null", null, "query"],
] as const) {
  add(`devices.list: ${name}`, ({ mfa }) => mfa.devices.list(USER, query as never), { field });
}

// ---- call option headers and other call options ------------------------------------------------------------

for (const [name, headers, field] of [
  ["a value with CRLF", { "X-Trace": "a\r\nInjected: 1" }, "headers.X-Trace"],
  ["a value with LF", { "X-Trace": "a\nb" }, "headers.X-Trace"],
  ["a value with CR", { "X-Trace": "a\rb" }, "headers.X-Trace"],
  ["a value with NUL", { "X-Trace": "a\u0000b" }, "headers.X-Trace"],
  ["a value with a lone surrogate", { "X-Trace": "a\ud800" }, "headers.X-Trace"],
  ["a value outside Latin-1", { "X-Trace": "price €5" }, "headers.X-Trace"],
  ["a value that is a number", { "X-Trace": 42 }, "headers.X-Trace"],
  ["a name with a space", { "X Trace": "1" }, "headers"],
  ["a name with a colon", { "X-Trace:": "1" }, "headers"],
  ["a name with CRLF", { "X-Trace\r\nInjected": "1" }, "headers"],
  ["an empty name", { "": "1" }, "headers"],
  ["reserved Authorization", { Authorization: "Bearer other" }, "headers.Authorization"],
  ["reserved authorization (lower case)", { authorization: "Bearer other" }, "headers.authorization"],
  ["reserved Content-Type", { "Content-Type": "text/plain" }, "headers.Content-Type"],
  ["reserved Host", { Host: "evil.example" }, "headers.Host"],
  ["reserved Content-Length", { "Content-Length": "0" }, "headers.Content-Length"],
  ["reserved Cookie", { Cookie: "ST=x" }, "headers.Cookie"],
  ["reserved Transfer-Encoding", { "Transfer-Encoding": "chunked" }, "headers.Transfer-Encoding"],
  ["reserved Connection", { Connection: "upgrade" }, "headers.Connection"],
  ["headers that are a string", "X-Trace: 1", "headers"],
] as const) {
  add(`call option headers: ${name}`, ({ mfa }) => mfa.devices.get(USER, DEVICE, { headers: headers as never }), {
    field,
  });
}
add(
  "call options: signal that is not an AbortSignal",
  ({ mfa }) => mfa.devices.get(USER, DEVICE, { signal: { aborted: false } as never }),
  { field: "signal" },
);
add("call options: an unknown option", ({ mfa }) => mfa.devices.get(USER, DEVICE, { timeout: 5 } as never), {
  field: "timeout",
});
add("call options: a string", ({ mfa }) => mfa.devices.get(USER, DEVICE, "fast" as never), {
  field: /^(call options|options)$/,
});
const abortReason = new Error("the caller's own reason");
add(
  "call options: an already aborted signal rejects with its reason",
  ({ mfa }) => mfa.devices.get(USER, DEVICE, { signal: AbortSignal.abort(abortReason) }),
  {
    field: "",
    error: "abort",
    reason: abortReason,
  },
);

// ---- bodies -------------------------------------------------------------------------------------------------

const SMS = { type: "SMS", phone: "+15125201234" };
const deep = (levels: number) => {
  const root: Record<string, unknown> = {};
  let node = root;
  for (let i = 0; i < levels; i++) node = (node.n = {}) as Record<string, unknown>;
  return root;
};
const circular = () => {
  const body: Record<string, unknown> = { ...SMS, notification: { clientContext: {} } };
  ((body.notification as Record<string, Record<string, unknown>>).clientContext as Record<string, unknown>).self = body;
  return body;
};
const revoked = () => {
  const { proxy, revoke } = Proxy.revocable({ ...SMS }, {});
  revoke();
  return proxy;
};
for (const [name, body, field] of [
  ["a BigInt", () => ({ ...SMS, nickname: 10n }), "device"],
  ["a circular reference", circular, "device"],
  ["nesting 100,000 deep", () => ({ ...SMS, notification: { clientContext: deep(100_000) } }), "device"],
  [
    "a getter that throws",
    () =>
      Object.defineProperty({ ...SMS }, "nickname", {
        enumerable: true,
        get: () => {
          throw new Error("getter");
        },
      }),
    "device",
  ],
  [
    "a toJSON that throws",
    () => ({
      ...SMS,
      toJSON: () => {
        throw new RangeError("toJSON");
      },
    }),
    "device",
  ],
  [
    "a toJSON that throws a non-Error",
    () => ({
      ...SMS,
      nickname: {
        toJSON: () => {
          throw Symbol("x");
        },
      },
    }),
    "device",
  ],
  ["a symbol as the phone", () => ({ type: "SMS", phone: Symbol("phone") }), "device.phone"],
  ["a symbol as the body", () => Symbol("body"), "device"],
  [
    "a Proxy whose ownKeys trap throws",
    () =>
      new Proxy(
        { ...SMS },
        {
          ownKeys: () => {
            throw new TypeError("trap");
          },
        },
      ),
    "device",
  ],
  ["a revoked Proxy", revoked, "device"],
  [
    "a Proxy whose get trap throws",
    () =>
      new Proxy(
        { ...SMS },
        {
          get: () => {
            throw new Error("get trap");
          },
        },
      ),
    "device",
  ],
  ["a function", () => () => SMS, "device"],
  ["null", () => null, "device"],
  ["a string", () => JSON.stringify(SMS), "device"],
  ["an array", () => [SMS], "device"],
  ["more than 1 MiB of JSON", () => ({ ...SMS, nickname: "n".repeat(2 * 1024 * 1024) }), "device"],
  ["an unknown field", () => ({ ...SMS, admin: true }), "device.admin"],
  ['type "FAX"', () => ({ type: "FAX", phone: "+15125201234" }), "device.type"],
  ["a nickname with a lone surrogate", () => ({ ...SMS, nickname: "Phone \ud800" }), "device.nickname"],
  ["a nickname of 101 characters", () => ({ ...SMS, nickname: "n".repeat(101) }), "device.nickname"],
  [
    "testMode on WHATSAPP",
    () => ({ type: "WHATSAPP", phone: "+15125201234", policy: { id: DEVICE }, testMode: true }),
    "device.testMode",
  ],
  ["policy.id that is not a UUID", () => ({ ...SMS, policy: { id: "../../admin" } }), "device.policy.id"],
] as const) {
  add(`devices.create body: ${name}`, ({ mfa }) => mfa.devices.create(USER, (body as () => unknown)() as never), {
    field,
  });
}
for (const [name, phone] of [
  ["an extension", "+1 (512) 520-1234 ext. 5"],
  ["no country code", "5125201234"],
  ["a number", 15125201234],
  ["a lone surrogate", "+1512520\ud8001234"],
  ["10,000 characters", `+1${"5".repeat(10_000)}`],
  ["letters", "+1 512 CALL NOW"],
  ["two plus signs", "++15125201234"],
  ["too short", "+1 512"],
] as const) {
  add(`devices.create phone: ${name}`, ({ mfa }) => mfa.devices.create(USER, { type: "SMS", phone: phone as never }), {
    field: "device.phone",
    error: "phone",
    hidden: ["5125201234", "512 520", "520-1234", "5201234"],
  });
}
for (const [name, otp] of [
  ["empty", ""],
  ["with a comma", "731,946"],
  ["with an emoji", "731\u{1F600}946"],
  ["only separators", " - . - "],
  ["21 digits once its spaces are removed", `${"1".repeat(11)} ${"1".repeat(10)}`],
  ["a number", 123456],
  ["a lone surrogate", "12\ud80034"],
  ["21 characters", "1".repeat(21)],
  ["null", null],
] as const) {
  add(
    `deviceAuthentications.checkOtp otp: ${name}`,
    ({ mfa }) => mfa.deviceAuthentications.checkOtp(AUTHN, otp as never),
    {
      field: "otp",
      hidden: typeof otp === "string" && otp.length > 3 ? [otp] : [],
    },
  );
}
add("devices.setOrder: deviceIds that are not an array", ({ mfa }) => mfa.devices.setOrder(USER, "a,b" as never), {
  field: "deviceIds",
});
add("devices.setOrder: an id that is not a UUID", ({ mfa }) => mfa.devices.setOrder(USER, [DEVICE, "../x"]), {
  field: "deviceIds[1]",
});
add("devices.setOrder: the same id twice", ({ mfa }) => mfa.devices.setOrder(USER, [DEVICE, DEVICE]), {
  field: /^(deviceIds|order)$/,
});
add(
  "devices.setNickname: a nickname that is a BigInt",
  ({ mfa }) => mfa.devices.setNickname(USER, DEVICE, 1n as never),
  { field: /^(nickname|body)$/ },
);
add(
  "deviceAuthentications.cancel: an unknown reason",
  ({ mfa }) => mfa.deviceAuthentications.cancel(AUTHN, "BECAUSE" as never),
  { field: "reason" },
);
const check = { user: { id: USER }, policy: { id: DEVICE }, payload: { type: "BROWSER", value: "p" } } as const;
for (const [name, cookie] of [
  ["with CRLF", "ST=s3cr3tc00kie\r\nX-Injected: 1"],
  ["with NUL", "ST=s3cr3tc00kie\u0000"],
  ["empty", ""],
  ["a number", 42],
] as const) {
  add(
    `deviceAuthentications.checkRememberedDevice: a cookie ${name}`,
    ({ mfa }) => mfa.deviceAuthentications.checkRememberedDevice(check, cookie as never),
    {
      field: /^(cookie|Cookie)$/,
      hidden: ["s3cr3tc00kie"],
    },
  );
}

// ---- client options -----------------------------------------------------------------------------------------

const OPTIONS: Array<[string, Record<string, unknown>, string]> = [
  ["timeoutMs NaN", { timeoutMs: Number.NaN }, "timeoutMs"],
  ["timeoutMs -1", { timeoutMs: -1 }, "timeoutMs"],
  ["timeoutMs 0", { timeoutMs: 0 }, "timeoutMs"],
  ['timeoutMs "1000"', { timeoutMs: "1000" }, "timeoutMs"],
  ["timeoutMs Infinity", { timeoutMs: Number.POSITIVE_INFINITY }, "timeoutMs"],
  ["timeoutMs 1.5", { timeoutMs: 1.5 }, "timeoutMs"],
  ["maxResponseBytes 10", { maxResponseBytes: 10 }, "maxResponseBytes"],
  ['maxResponseBytes "big"', { maxResponseBytes: "big" }, "maxResponseBytes"],
  ["maxResponseBytes 1023", { maxResponseBytes: 1023 }, "maxResponseBytes"],
  ["maxResponseBytes NaN", { maxResponseBytes: Number.NaN }, "maxResponseBytes"],
  ["retry { maxRetries: -1 }", { retry: { maxRetries: -1 } }, "retry.maxRetries"],
  ["retry { maxRetries: 1.5 }", { retry: { maxRetries: 1.5 } }, "retry.maxRetries"],
  ["retry { maxRetries: NaN }", { retry: { maxRetries: Number.NaN } }, "retry.maxRetries"],
  ["retry { baseDelayMs: -1 }", { retry: { baseDelayMs: -1 } }, "retry.baseDelayMs"],
  ['retry { maxDelayMs: "5" }', { retry: { maxDelayMs: "5" } }, "retry.maxDelayMs"],
  ["retry { tries: 3 }", { retry: { tries: 3 } }, "retry.tries"],
  ['retry "yes"', { retry: "yes" }, "retry"],
  ["retry true", { retry: true }, "retry"],
  ["retry null", { retry: null }, "retry"],
  ['apiBaseUrl "http://example.com" (not loopback)', { apiBaseUrl: "http://example.com" }, "apiBaseUrl"],
  ['apiBaseUrl "https://u:p@api.example.com"', { apiBaseUrl: "https://u:p@api.example.com" }, "apiBaseUrl"],
  ['apiBaseUrl "https://api.example.com/?x"', { apiBaseUrl: "https://api.example.com/?x" }, "apiBaseUrl"],
  ['apiBaseUrl "https://api.example.com/#"', { apiBaseUrl: "https://api.example.com/#" }, "apiBaseUrl"],
  ['apiBaseUrl "javascript:alert(1)"', { apiBaseUrl: "javascript:alert(1)" }, "apiBaseUrl"],
  ["apiBaseUrl 42", { apiBaseUrl: 42 }, "apiBaseUrl"],
  ['apiBaseUrl ""', { apiBaseUrl: "" }, "apiBaseUrl"],
  ['apiBaseUrl "//api.example.com"', { apiBaseUrl: "//api.example.com" }, "apiBaseUrl"],
  ['apiBaseUrl "ftp://api.example.com"', { apiBaseUrl: "ftp://api.example.com" }, "apiBaseUrl"],
  ['apiBaseUrl "http://127.0.0.1.evil.example"', { apiBaseUrl: "http://127.0.0.1.evil.example" }, "apiBaseUrl"],
  ['apiBaseUrl "http://localhost.evil.example"', { apiBaseUrl: "http://localhost.evil.example" }, "apiBaseUrl"],
  ['apiBaseUrl "https://api.example.com:99999"', { apiBaseUrl: "https://api.example.com:99999" }, "apiBaseUrl"],
  ['authBaseUrl "http://auth.example.com"', { authBaseUrl: "http://auth.example.com" }, "authBaseUrl"],
  [
    'authBaseUrl "https://:secret@auth.example.com"',
    { authBaseUrl: "https://:secret@auth.example.com" },
    "authBaseUrl",
  ],
  ['authBaseUrl "data:text/html,x"', { authBaseUrl: "data:text/html,x" }, "authBaseUrl"],
  ['environmentId ".."', { environmentId: ".." }, "environmentId"],
  ['environmentId "a/b"', { environmentId: "a/b" }, "environmentId"],
  ["environmentId 42", { environmentId: 42 }, "environmentId"],
  ['environmentId ""', { environmentId: "" }, "environmentId"],
  ["environmentId missing", { environmentId: undefined }, "environmentId"],
  ['region "XX"', { region: "XX" }, "region"],
  ["region 42", { region: 42 }, "region"],
  ['region "__proto__"', { region: "__proto__" }, "region"],
  ['defaultCountry "USA"', { defaultCountry: "USA" }, "defaultCountry"],
  ["defaultCountry 1", { defaultCountry: 1 }, "defaultCountry"],
  ['fetch "x"', { fetch: "x" }, "fetch"],
  ["logger {}", { logger: {} }, "logger"],
  ["logger { debug: 1 }", { logger: { debug: 1 } }, "logger"],
  ["an unknown option", { timeout: 1000 }, "timeout"],
  ["accessToken null", { accessToken: null }, "accessToken"],
  ["accessToken 42", { accessToken: 42 }, "accessToken"],
  ["accessToken {}", { accessToken: {} }, "accessToken"],
];
for (const [name, extra, field] of OPTIONS) {
  add(`option ${name}`, ({ create }) => create(extra), { field });
}
for (const [name, options] of [
  ["undefined", undefined],
  ["null", null],
  ["a string", "environmentId=x"],
  ["an array", []],
] as const) {
  add(`options that are ${name}`, ({ make }) => make(options as never), { field: /^(options|environmentId)$/ });
}
// An environmentId that cannot be percent-encoded must be refused at creation, or at the latest
// before anything is sent.
add(
  "option environmentId with a lone surrogate",
  ({ create }) => create({ environmentId: "env\ud800" }).devices.get(USER, DEVICE),
  { field: "environmentId" },
);

// ---- access tokens ------------------------------------------------------------------------------------------

for (const [name, accessToken] of [
  ['""', ""],
  ['"a b"', "a b"],
  ['"tok\\u0000en"', "tok\u0000en"],
  ['"tökén"', "tökén"],
  ['"tok\\r\\nen"', "tok\r\nen"],
  ["a secret with a space", "s3cret t0ken-value"],
  ["a secret with a non-ASCII letter", "s3cret-tökén-value"],
  ["9,000 characters", "t".repeat(9000)],
  ["42", 42],
  ["a function returning 42", () => 42],
  ["a function returning undefined", () => undefined],
  ['a function returning ""', () => ""],
  ['a function returning "a b"', async () => "a b"],
  ["a function returning an object", async () => ({ token: "t" })],
  [
    "a function that throws synchronously",
    () => {
      throw new TypeError("no token");
    },
  ],
  [
    "a function that rejects",
    async () => {
      throw new Error("token endpoint down");
    },
  ],
  ["a function that rejects with undefined", () => Promise.reject(undefined)],
  [
    "a function that throws a null-prototype object",
    () => {
      throw Object.create(null);
    },
  ],
] as const) {
  add(`accessToken ${name}`, ({ create }) => create({ accessToken }).devices.get(USER, DEVICE), {
    field: "accessToken",
    error: "token",
    hidden: typeof accessToken === "string" && accessToken.includes("s3cret") ? ["s3cret", "t0ken-value", "tökén"] : [],
  });
}

// ---- run ----------------------------------------------------------------------------------------------------

let ran = 0;
let bad = 0;
const misbehaving: string[] = [];

describe.each(TRANSPORTS)("%s", (transport, make: Make) => {
  let server: HostileServer;
  let mfa: MfaClient;
  beforeAll(async () => {
    server = await startHostileServer();
    server.handle(json(200, { id: DEVICE, type: "SMS", status: "ACTIVE" }));
    mfa = clientOn(make, server);
  });
  afterAll(() => server.close());

  it.each(cases)("%s", async (name, run, expected) => {
    ran++;
    const before = { hits: server.hits.length, connections: server.connections };
    const ctx: Ctx = {
      mfa,
      server,
      make,
      create: (extra) => {
        const options: Record<string, unknown> = {
          environmentId: ENV,
          accessToken: "t0ken",
          apiBaseUrl: `${server.url}/v1`,
          authBaseUrl: server.url,
          retry: false,
          ...extra,
        };
        for (const key of Object.keys(options)) if (options[key] === undefined) delete options[key];
        return make(options as unknown as MfaClientOptions);
      },
    };
    try {
      const error = await rejection(() => run(ctx));
      if (expected.error === "abort") {
        expect(error).toBe(expected.reason);
      } else {
        expectPingOneError(error);
        if (expected.error === "token") {
          if (!(error instanceof PingOneTokenError)) {
            expect(error).toBeInstanceOf(PingOneValidationError);
            expect((error as PingOneValidationError).field).toBe("accessToken");
          } else {
            expect(error.code).toBe("TOKEN_SOURCE_FAILED");
          }
        } else {
          expect(error).toBeInstanceOf(expected.error === "phone" ? PhoneNumberError : PingOneValidationError);
          const { field, reason } = error as PingOneValidationError;
          if (typeof expected.field === "string") expect(field).toBe(expected.field);
          else expect(field).toMatch(expected.field);
          expect(typeof reason).toBe("string");
        }
      }
      if (expected.hidden?.length) expect(leaks(views(error), expected.hidden)).toEqual([]);
      // Nothing sent: not a request, not even a connection.
      await new Promise((resolve) => setTimeout(resolve, 0));
      expect(server.hits.length - before.hits).toBe(0);
      expect(server.connections - before.connections).toBe(0);
    } catch (error) {
      bad++;
      misbehaving.push(`${transport}: ${name}`);
      throw error;
    }
  });
});

it("every hostile input was refused before anything was sent", () => {
  figure(`hostile inputs: ${cases.length} cases × ${TRANSPORTS.length} transports, ${bad} misbehaving`);
  expect(ran).toBe(cases.length * TRANSPORTS.length);
  expect(misbehaving).toEqual([]);
  expect(bad).toBe(0);
});
