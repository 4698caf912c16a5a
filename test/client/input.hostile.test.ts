// Attack suite, input: call options that answer differently the second time they are read (getters,
// Proxies) must not put an unchecked header or path on the wire; reserved and hop-by-hop headers are
// refused by name; numbers past 2^53 are refused, naming the field, instead of going out as `1e+21`;
// whatever fails in a `raw` call (a status of 999, a 2xx body that is not JSON, a request that cannot
// be built) is a PingOneError. Three categories, each at least 30 cases of its own, on every transport.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type MfaClient, PingOneApiError, PingOneError, PingOneValidationError } from "../../src/index.ts";
import {
  AUTHN_BODY,
  clientOn,
  DEVICE,
  DEVICE_BODY,
  ENV,
  expectPingOneError,
  type Make,
  settle,
  TRANSPORTS,
  USER,
} from "../support/hostile.ts";
import { type HostileServer, json, rawAnswer, startHostileServer } from "../support/hostile-server.ts";
import { Tally } from "../support/spellings.ts";

interface Ctx {
  server: HostileServer;
  mfa: MfaClient;
}
interface Case {
  category: string;
  name: string;
  run: (ctx: Ctx) => Promise<void>;
}
const cases: Case[] = [];
const add = (category: string, name: string, run: Case["run"]) => cases.push({ category, name, run });

const refused = async (run: () => unknown, server: HostileServer, field?: string) => {
  const outcome = await settle(run);
  expect(outcome.error).toBeInstanceOf(PingOneValidationError);
  if (field !== undefined) expect(outcome.error).toMatchObject({ field });
  expect(server.hits).toHaveLength(0);
  return outcome.error as PingOneValidationError;
};

// ---- call headers and options, read once ------------------------------------------------------------------

const HEADERS = "call headers and options read once";
const RESERVED = [
  "authorization",
  "content-type",
  "content-length",
  "host",
  "connection",
  "transfer-encoding",
  "cookie",
  "keep-alive",
  "te",
  "trailer",
  "upgrade",
  "expect",
  "proxy-connection",
  "proxy-authorization",
];
const titleCase = (name: string) =>
  name.replace(/(^|-)([a-z])/g, (_, dash: string, c: string) => dash + c.toUpperCase());
for (const name of RESERVED) {
  for (const spelled of [name, titleCase(name) === name ? name.toUpperCase() : titleCase(name)]) {
    add(HEADERS, `${spelled} is refused by name, nothing sent`, async ({ server, mfa }) => {
      server.handle(json(200, DEVICE_BODY));
      const error = await refused(
        () => mfa.devices.get(USER, DEVICE, { headers: { [spelled]: "x" } }),
        server,
        `headers.${spelled}`,
      );
      expect(error.reason).toBe("RESERVED_HEADER");
    });
  }
}

/** Sends a call with `options`, and checks the request that arrived carries only checked headers. */
async function sentAsChecked(ctx: Ctx, options: unknown, expected: Record<string, string>) {
  ctx.server.handle(json(200, DEVICE_BODY));
  const outcome = await settle(() => ctx.mfa.devices.get(USER, DEVICE, options as never));
  if (outcome.error !== undefined) {
    // Refusing is fine too, as long as it is typed and nothing went out.
    expectPingOneError(outcome.error);
    expect(ctx.server.hits).toHaveLength(0);
    return;
  }
  const [hit] = ctx.server.hits;
  expect(ctx.server.hits).toHaveLength(1);
  expect(hit!.headers.host).toBe(ctx.server.host);
  expect(hit!.headers["transfer-encoding"]).toBeUndefined();
  expect(hit!.headers["x-smuggled"]).toBeUndefined();
  expect(hit!.path).toBe(`/v1/environments/${ENV}/users/${USER}/devices/${DEVICE}`);
  for (const [name, value] of Object.entries(expected)) expect(hit!.headers[name]).toBe(value);
}
/** A Proxy whose keys (and values) change after the first time they are listed. */
const shifting = (first: Record<string, string>, then: Record<string, string>) => {
  let listed = 0;
  const current = () => (listed > 1 ? then : first);
  return new Proxy({} as Record<string, string>, {
    ownKeys: () => {
      listed++;
      return Object.keys(current());
    },
    getOwnPropertyDescriptor: (_, key) =>
      Object.hasOwn(current(), key as string)
        ? { value: current()[key as string], enumerable: true, configurable: true, writable: true }
        : undefined,
    get: (_, key) => current()[key as string],
  });
};
const SWAPS: Array<[string, () => unknown, Record<string, string>]> = [
  [
    "a Proxy listing x-a, then Host",
    () => ({ headers: shifting({ "x-a": "ok" }, { host: "evil.example" }) }),
    { "x-a": "ok" },
  ],
  [
    "a Proxy listing x-a, then Transfer-Encoding beside Content-Length",
    () => ({ headers: shifting({ "x-a": "ok" }, { "transfer-encoding": "chunked", "content-length": "5" }) }),
    { "x-a": "ok" },
  ],
  [
    "a Proxy listing x-a, then X-Smuggled",
    () => ({ headers: shifting({ "x-a": "ok" }, { "x-smuggled": "1" }) }),
    { "x-a": "ok" },
  ],
  [
    "a header getter answering ok, then a line break and Host",
    () => {
      let n = 0;
      return {
        headers: {
          get "x-trace"() {
            return n++ ? "a\r\nHost: evil.example" : "ok";
          },
        },
      };
    },
    { "x-trace": "ok" },
  ],
  [
    "a header getter answering ok, then throwing",
    () => {
      let n = 0;
      return {
        headers: {
          get "x-trace"() {
            if (n++) throw new Error("second read");
            return "ok";
          },
        },
      };
    },
    { "x-trace": "ok" },
  ],
  [
    "a headers getter answering a clean object, then one with Host",
    () => {
      let n = 0;
      return {
        get headers() {
          return n++ ? { host: "evil.example", "x-smuggled": "1" } : { "x-a": "ok" };
        },
      };
    },
    { "x-a": "ok" },
  ],
  [
    "an environmentId getter answering the ID, then a path escape",
    () => {
      let n = 0;
      return {
        get environmentId() {
          return n++ ? "../../admin" : ENV;
        },
      };
    },
    {},
  ],
  [
    "call options as a Proxy that lists headers only the second time",
    () => {
      let listed = 0;
      const later = { headers: { host: "evil.example" } };
      return new Proxy({} as Record<string, unknown>, {
        ownKeys: () => (listed++ ? Object.keys(later) : []),
        getOwnPropertyDescriptor: (_, key) =>
          listed > 1 && key === "headers"
            ? { value: later.headers, enumerable: true, configurable: true, writable: true }
            : undefined,
        get: (_, key) => (listed > 1 ? later[key as "headers"] : undefined),
      });
    },
    {},
  ],
];
for (const [what, options, expected] of SWAPS)
  add(HEADERS, `${what}: only what was checked is sent`, (ctx) => sentAsChecked(ctx, options(), expected));

// ---- numbers sent exactly ------------------------------------------------------------------------------------

const NUMBERS = "numbers past 2^53 refused, naming the field";
const BIG: Array<[string, number]> = [
  ["1e21", 1e21],
  ["-1e21", -1e21],
  ["1e22", 1e22],
  ["2^53", 2 ** 53],
  ["2^53 + 2", 2 ** 53 + 2],
  ["-(2^53)", -(2 ** 53)],
  ["Number.MAX_VALUE", Number.MAX_VALUE],
  ["1.5e300", 1.5e300],
  ["2^64", 2 ** 64],
];
const authn = (mfa: MfaClient, extra: Record<string, unknown>) =>
  mfa.deviceAuthentications.create({ user: { id: USER }, ...extra } as never);
const PLACES: Array<[string, string, (mfa: MfaClient, n: number) => Promise<unknown>]> = [
  [
    "a user reference's own field",
    "deviceAuthentication.user.level",
    (m, n) => authn(m, { user: { id: USER, level: n } }),
  ],
  [
    "notification.clientContext",
    "deviceAuthentication.notification.clientContext.amount",
    (m, n) => authn(m, { notification: { clientContext: { amount: n } } }),
  ],
  [
    "an array inside clientContext",
    "deviceAuthentication.notification.clientContext.list[2]",
    (m, n) => authn(m, { notification: { clientContext: { list: [1, 2, n] } } }),
  ],
  [
    "a device's notification",
    "device.notification.clientContext.n",
    (m, n) => m.devices.create(USER, { type: "SMS", phone: "+15125550199", notification: { clientContext: { n } } }),
  ],
];
for (const [label, value] of BIG) {
  for (const [where, field, call] of PLACES)
    add(NUMBERS, `${label} in ${where}`, async ({ server, mfa }) => {
      server.handle(json(201, AUTHN_BODY));
      const error = await refused(() => call(mfa, value), server, field);
      expect(error.message).not.toContain("e+");
    });
  if (value > 0)
    add(NUMBERS, `${label} as the list query's limit`, async ({ server, mfa }) => {
      server.handle(json(200, { _embedded: { devices: [] } }));
      await refused(() => mfa.devices.list(USER, { limit: value }), server, "query.limit");
    });
}
for (const [label, value, written] of [
  ["2^53 - 1", 2 ** 53 - 1, "9007199254740991"],
  ["-(2^53 - 1)", -(2 ** 53 - 1), "-9007199254740991"],
  ["1e15", 1e15, "1000000000000000"],
] as const) {
  add(NUMBERS, `control: ${label} goes out exactly as ${written}`, async ({ server, mfa }) => {
    server.handle(json(201, AUTHN_BODY));
    await authn(mfa, { notification: { clientContext: { amount: value } } });
    expect(server.hits[0]!.body).toContain(`"amount":${written}`);
  });
}

// ---- raw ----------------------------------------------------------------------------------------------

const RAW = "raw failures are PingOneErrors";
const DEVICE_PATH = "/environments/{environmentId}/users/{userId}/devices/{deviceId}";
const params = { path: { environmentId: ENV, userId: USER, deviceId: DEVICE } };
const rawGet = (mfa: MfaClient, init: Record<string, unknown> = {}) =>
  mfa.raw.api.GET(DEVICE_PATH as never, { params, ...init } as never);

for (const status of [999, 600, 700, 800, 900, 601]) {
  add(RAW, `an answer with status ${status}`, async ({ server, mfa }) => {
    const body = JSON.stringify({ code: "X", message: "m" });
    server.handle(
      rawAnswer(
        `HTTP/1.1 ${status} Odd`,
        ["content-type: application/json", `content-length: ${body.length}`, "connection: close"],
        body,
      ),
    );
    const outcome = await settle(() => rawGet(mfa));
    expect(outcome.error).toBeInstanceOf(PingOneApiError);
    expect(outcome.error).toMatchObject({ status, code: "UNEXPECTED_RESPONSE" });
  });
}
for (const body of ["not json", "{", "<html>down</html>", "[1,2", '{"a":}', "\u00ff\u00fe"]) {
  for (const framed of [true, false])
    add(
      RAW,
      `a 200 body ${JSON.stringify(body)} ${framed ? "with" : "without"} Content-Length`,
      async ({ server, mfa }) => {
        server.handle(
          rawAnswer(
            "HTTP/1.1 200 OK",
            [
              "content-type: application/json",
              framed ? `content-length: ${Buffer.byteLength(body)}` : "",
              "connection: close",
            ].filter(Boolean),
            body,
          ),
        );
        const outcome = await settle(() => rawGet(mfa));
        expectPingOneError(outcome.error);
        expect(outcome.error).toBeInstanceOf(PingOneApiError);
        expect(outcome.error).toMatchObject({ status: 200, code: "UNEXPECTED_RESPONSE" });
      },
    );
}
for (const name of [
  "host",
  "transfer-encoding",
  "content-length",
  "connection",
  "upgrade",
  "expect",
  "te",
  "keep-alive",
]) {
  add(RAW, `a raw request with a ${name} header, nothing sent`, async ({ server, mfa }) => {
    server.handle(json(200, DEVICE_BODY));
    const value = name === "content-length" ? "0" : name === "expect" ? "100-continue" : "x";
    const outcome = await settle(() => rawGet(mfa, { headers: { [name]: value } }));
    expect(outcome.error).toBeInstanceOf(PingOneValidationError);
    expect(server.hits).toHaveLength(0);
  });
}
const REQUEST_SIDE: Array<[string, (mfa: MfaClient) => Promise<unknown>]> = [
  [
    "a BigInt body",
    (m) =>
      m.raw.api.POST(
        "/environments/{environmentId}/users/{userId}/devices" as never,
        {
          params,
          body: { type: "SMS", phone: 1n },
        } as never,
      ),
  ],
  [
    "a circular body",
    (m) => {
      const body: Record<string, unknown> = { type: "SMS" };
      body.self = body;
      return m.raw.api.POST("/environments/{environmentId}/users/{userId}/devices" as never, { params, body } as never);
    },
  ],
  ["a base URL that does not parse", (m) => rawGet(m, { baseUrl: "http://[not a url" })],
  [
    "a middleware of the caller's that throws",
    (m) =>
      rawGet(m, {
        middleware: [
          {
            onRequest: () => {
              throw new TypeError("middleware broke");
            },
          },
        ],
      }),
  ],
  [
    "a path ID that escapes",
    (m) => m.raw.api.GET(DEVICE_PATH as never, { params: { path: { ...params.path, deviceId: ".." } } } as never),
  ],
];
for (const [what, run] of REQUEST_SIDE)
  add(RAW, `${what}, nothing sent`, async ({ server, mfa }) => {
    server.handle(json(200, DEVICE_BODY));
    const outcome = await settle(() => run(mfa));
    expectPingOneError(outcome.error);
    expect(server.hits).toHaveLength(0);
  });

// ---- run ----------------------------------------------------------------------------------------------

const tally = new Tally("input");

describe.each(TRANSPORTS)("%s", (transport, make: Make) => {
  let server: HostileServer;
  beforeAll(async () => {
    server = await startHostileServer();
  });
  afterAll(() => server.close());

  it.each(cases.map((c) => [`${c.category}: ${c.name}`, c] as const))("%s", async (_, c) => {
    await tally.run(c.category, c.name, transport, () => c.run({ server, mfa: clientOn(make, server) }));
  });

  it("raw: a caller's abort reason passes as it is (not wrapped)", async () => {
    server.handle(json(200, DEVICE_BODY));
    const controller = new AbortController();
    const reason = new Error("the caller's own reason");
    controller.abort(reason);
    const outcome = await settle(() => rawGet(clientOn(make, server), { signal: controller.signal }));
    expect(outcome.error).toBe(reason);
    expect(outcome.error).not.toBeInstanceOf(PingOneError);
  });
});

it("every category has at least 30 cases of its own, none misbehaving on any transport", () => {
  const rows = tally.report();
  expect(rows).toHaveLength(3);
  for (const row of rows) {
    expect(row.cases, row.category).toBeGreaterThanOrEqual(30);
    expect(row.transports, row.category).toBe(TRANSPORTS.length);
    expect(row.runs, row.category).toBe(row.cases * TRANSPORTS.length);
    expect(row.bad, row.category).toEqual([]);
  }
});
