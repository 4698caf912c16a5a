// Attack suite, server side: a real loopback server that redirects, floods, truncates, drips,
// hangs, lies about lengths and statuses, and answers 2xx bodies that are not what the spec says.
// Every case runs on the three transports; each case asserts the error class and code, how many
// requests the server saw (nothing resent that must not be, nothing followed), and that the access
// token shows in no view of the error.
import { gzipSync } from "node:zlib";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import {
  type MfaClient,
  type MfaClientOptions,
  PingOneApiError,
  PingOneNetworkError,
  PingOneTimeoutError,
} from "../../src/index.ts";
import { figure } from "../support/figures.ts";
import {
  AUTHN,
  AUTHN_BODY,
  clientOn,
  DEVICE,
  DEVICE_BODY,
  ENV,
  expectPingOneError,
  FAST_RETRY,
  leaks,
  type Make,
  rejection,
  settle,
  sleep,
  TOKEN,
  TRANSPORTS,
  USER,
  views,
} from "../support/hostile.ts";
import {
  destroy,
  drip,
  endless,
  firstThen,
  hang,
  type Handler,
  type Hit,
  type HostileServer,
  json,
  raw,
  rawAnswer,
  reset,
  startHostileServer,
  text,
  within,
} from "../support/hostile-server.ts";

interface Ctx {
  transport: string;
  server: HostileServer;
  /** Where redirects point: it must never be reached. */
  other: HostileServer;
  client(extra?: Partial<MfaClientOptions>): MfaClient;
}
type Run = (ctx: Ctx) => Promise<void>;
const cases: Array<[string, Run]> = [];
const add = (name: string, run: Run) => cases.push([name, run]);

type Call = (m: MfaClient) => Promise<unknown>;
const PHONE = "+15125201234";
const calls = {
  "POST devices.create": (m) => m.devices.create(USER, { type: "SMS", phone: PHONE }),
  "POST deviceAuthentications.checkOtp": (m) => m.deviceAuthentications.checkOtp(AUTHN, "123456"),
  "GET devices.get": (m) => m.devices.get(USER, DEVICE),
  "PUT devices.setNickname": (m) => m.devices.setNickname(USER, DEVICE, "Phone"),
  "DELETE devices.delete": (m) => m.devices.delete(USER, DEVICE),
} satisfies Record<string, Call>;
type CallName = keyof typeof calls;
const get: Call = calls["GET devices.get"];
const create: Call = calls["POST devices.create"];
const rawGet: Call = (m) =>
  m.raw.api.GET("/environments/{environmentId}/users/{userId}/devices/{deviceId}", {
    params: { path: { environmentId: ENV, userId: USER, deviceId: DEVICE } },
  });
const rawPost: Call = (m) =>
  m.raw.auth.POST("/{environmentId}/deviceAuthentications/{deviceAuthenticationId}", {
    params: { path: { environmentId: ENV, deviceAuthenticationId: AUTHN } },
    body: { otp: "123456" } as never,
    headers: { "content-type": "application/vnd.pingidentity.otp.check+json" },
  } as never);
const resent = (name: CallName) => (name.startsWith("POST") ? 1 : 3);

/** The error of a call that must fail: a PingOneError (unless `reason` is the caller's own), with no token in any view. */
async function fails(run: () => unknown, reason?: unknown): Promise<any> {
  const error = await rejection(run);
  if (reason !== undefined) expect(error).toBe(reason);
  else expectPingOneError(error);
  expect(leaks(views(error), [TOKEN])).toEqual([]);
  return error;
}
const bodyOf = (value: unknown) => JSON.stringify(value);
/** The server sees the client close the connection. (The limit is a hang guard with a message, not a measure of speed.) */
const closes = (hit: Hit | undefined) => within(hit!.closed, 30_000, "the connection closing");
/** The waits a client logged before its retries ("retrying after … in N ms"). */
const waits = (lines: string[]) =>
  lines.flatMap((line) => /retrying after .* in (\d+) ms/.exec(line)?.[1] ?? []).map(Number);
const answer200 = (body: string) =>
  rawAnswer(
    "HTTP/1.1 200 OK",
    ["content-type: application/json", `content-length: ${Buffer.byteLength(body)}`, "connection: close"],
    body,
  );

// ---- redirects: never followed, nothing resent, only the host reported ------------------------------------

const REDIRECTS = [301, 302, 303, 307, 308, 300, 305, 399];
for (const status of REDIRECTS) {
  for (const [name, call] of Object.entries(calls) as Array<[CallName, Call]>) {
    add(
      `redirect ${status} on ${name} is not followed and reports the host only`,
      async ({ server, other, client }) => {
        server.handle((_, res) => {
          res.writeHead(status, {
            location: `${other.url}/steal/${TOKEN}?next=${TOKEN}#frag`,
            connection: "close",
            "content-type": "text/html",
          });
          res.end(`<a href="${other.url}/steal">moved</a>`);
        });
        const error = await fails(() => call(client()));
        expect(error).toBeInstanceOf(PingOneApiError);
        expect(error).toMatchObject({ code: "UNEXPECTED_REDIRECT", status, location: other.host });
        expect(error.message).not.toContain("/steal");
        expect(server.hits).toHaveLength(1);
        expect(other.hits).toHaveLength(0);
      },
    );
  }
}
for (const status of [302, 307, 308]) {
  for (const [name, call] of [
    ["raw.api.GET", rawGet],
    ["raw.auth.POST", rawPost],
  ] as const) {
    add(
      `redirect ${status} on ${name} rejects with UNEXPECTED_REDIRECT, not followed`,
      async ({ server, other, client }) => {
        server.handle((_, res) => {
          res.writeHead(status, { location: `${other.url}/steal?q=1`, connection: "close" });
          res.end();
        });
        const error = await fails(() => call(client()));
        expect(error).toBeInstanceOf(PingOneApiError);
        expect(error).toMatchObject({ code: "UNEXPECTED_REDIRECT", location: other.host });
        expect(server.hits).toHaveLength(1);
        expect(other.hits).toHaveLength(0);
      },
    );
  }
}
add("a 302 with two Location headers is not followed to either", async ({ server, other, client }) => {
  server.handle(
    rawAnswer("HTTP/1.1 302 Found", [
      `location: ${other.url}/a?x=1`,
      "location: http://127.0.0.2:9/b?y=2",
      "content-length: 0",
      "connection: close",
    ]),
  );
  const error = await fails(() => get(client()));
  expect(error).toMatchObject({ code: "UNEXPECTED_REDIRECT" });
  expect(String(error.location)).not.toMatch(/[/?]/);
  expect(other.hits).toHaveLength(0);
  expect(server.hits).toHaveLength(1);
});
add(
  "a 301 whose Location carries user:token@ reports the host without the credentials",
  async ({ server, other, client }) => {
    server.handle((_, res) => {
      res.writeHead(301, { location: `http://user:${TOKEN}@${other.host}/x`, connection: "close" });
      res.end();
    });
    const error = await fails(() => get(client()));
    expect(error).toMatchObject({ code: "UNEXPECTED_REDIRECT", location: other.host });
    expect(other.hits).toHaveLength(0);
  },
);

// ---- answers larger than maxResponseBytes -------------------------------------------------------------------

const MiB = 1024 * 1024;
const tooLarge = (error: any) => {
  expect(error).toBeInstanceOf(PingOneApiError);
  expect(error.code).toBe("RESPONSE_TOO_LARGE");
};
add("a 2 MiB body with Content-Length ends with RESPONSE_TOO_LARGE, not retried", async ({ server, client }) => {
  server.handle((_, res) => {
    res.writeHead(200, { "content-type": "application/json", "content-length": String(2 * MiB), connection: "close" });
    res.end(Buffer.alloc(2 * MiB, 0x20));
  });
  tooLarge(await fails(() => get(client())));
  expect(server.hits).toHaveLength(1);
});
add("a declared 2 MiB body whose rest is held back: the client closes the connection", async ({ server, client }) => {
  server.handle((_, res) => {
    res.writeHead(200, { "content-type": "application/json", "content-length": String(2 * MiB) });
    res.write("[");
  });
  tooLarge(await fails(() => get(client())));
  await closes(server.hits[0]);
});
add("a declared Content-Length of 10^12 with nothing sent fails at once", async ({ server, client }) => {
  server.handle(
    rawAnswer("HTTP/1.1 200 OK", ["content-type: application/json", "content-length: 1000000000000"], "[", "hold"),
  );
  // The body is held back and the deadline is a minute away: only a decision on the header alone
  // ends the call with RESPONSE_TOO_LARGE (waiting for the body would end in PingOneTimeoutError).
  tooLarge(await fails(() => get(client())));
  await closes(server.hits[0]);
});
add("a 2 MiB chunked body without Content-Length ends with RESPONSE_TOO_LARGE", async ({ server, client }) => {
  server.handle((_, res) => {
    res.writeHead(200, { "content-type": "application/json", connection: "close" });
    for (let i = 0; i < 32; i++) res.write(Buffer.alloc(64 * 1024, 0x20));
    res.end();
  });
  tooLarge(await fails(() => get(client())));
  expect(server.hits).toHaveLength(1);
});
add(
  "an endless chunked 200 ends with RESPONSE_TOO_LARGE and the server sees the socket close",
  async ({ server, client }) => {
    server.handle(endless());
    // The byte limit ends it, not the (one-minute) deadline, which would be a PingOneTimeoutError.
    tooLarge(await fails(() => get(client())));
    await closes(server.hits[0]);
  },
);
add("an endless body on a POST ends with RESPONSE_TOO_LARGE, sent once", async ({ server, client }) => {
  server.handle(endless(201));
  tooLarge(await fails(() => create(client())));
  expect(server.hits).toHaveLength(1);
  await closes(server.hits[0]);
});
add("an endless 500 on a GET ends with RESPONSE_TOO_LARGE and is not retried", async ({ server, client }) => {
  server.handle(endless(500));
  tooLarge(await fails(() => get(client())));
  expect(server.hits).toHaveLength(1);
});
add("an endless body through raw.api.GET rejects with RESPONSE_TOO_LARGE", async ({ server, client }) => {
  server.handle(endless());
  tooLarge(await fails(() => rawGet(client())));
  await closes(server.hits[0]);
});
const padded = (size: number) => {
  const base = bodyOf({ ...DEVICE_BODY, pad: "" });
  return bodyOf({ ...DEVICE_BODY, pad: " ".repeat(size - base.length) });
};
add("a body of exactly maxResponseBytes (1024) is accepted", async ({ server, client }) => {
  const body = padded(1024);
  expect(body.length).toBe(1024);
  server.handle(json(200, body));
  expect(await get(client({ maxResponseBytes: 1024 }))).toMatchObject(DEVICE_BODY);
});
add("a body of maxResponseBytes + 1 with Content-Length is refused", async ({ server, client }) => {
  server.handle(json(200, padded(1025)));
  tooLarge(await fails(() => get(client({ maxResponseBytes: 1024 }))));
});
add("a body of maxResponseBytes + 1, chunked, is refused", async ({ server, client }) => {
  const body = padded(1025);
  server.handle((_, res) => {
    res.writeHead(200, { "content-type": "application/json", connection: "close" });
    res.write(body.slice(0, 1000));
    res.end(body.slice(1000));
  });
  tooLarge(await fails(() => get(client({ maxResponseBytes: 1024 }))));
});
add("an endless 200 under a one-minute timeout grows RSS by less than 50 MiB", async ({ server, client }) => {
  server.handle(endless(200, Buffer.alloc(256 * 1024, 0x20)));
  const before = process.memoryUsage().rss;
  // The byte limit ends it (RESPONSE_TOO_LARGE), long before the deadline could.
  tooLarge(await fails(() => get(client({ timeoutMs: 60_000 }))));
  const grown = process.memoryUsage().rss - before;
  expect(grown).toBeLessThan(50 * MiB);
});
let bomb: Buffer | undefined;
add("a gzip bomb (64 MiB of zeros, 64 KiB on the wire) fails fast with bounded memory", async ({ server, client }) => {
  bomb ??= gzipSync(Buffer.alloc(64 * MiB), { level: 9 });
  server.handle((_, res) => {
    res.writeHead(200, {
      "content-type": "application/json",
      "content-encoding": "gzip",
      "content-length": String(bomb!.length),
      connection: "close",
    });
    res.end(bomb);
  });
  const before = process.memoryUsage().rss;
  const error = await fails(() => get(client()));
  expect(error).toBeInstanceOf(PingOneApiError);
  // node:http hands the compressed bytes over (not JSON); fetch inflates them and hits the limit.
  expect(["RESPONSE_TOO_LARGE", "UNEXPECTED_RESPONSE"]).toContain(error.code);
  expect(process.memoryUsage().rss - before).toBeLessThan(50 * MiB);
});

// ---- 2xx bodies that are not what the spec says --------------------------------------------------------------

const unexpected = (error: any, status = 200) => {
  expect(error).toBeInstanceOf(PingOneApiError);
  expect(error).toMatchObject({ code: "UNEXPECTED_RESPONSE", status });
};
const NOT_A_DEVICE: Array<[string, string]> = [
  ["null", "null"],
  ["42", "42"],
  ['"str"', '"str"'],
  ["true", "true"],
  ["[]", "[]"],
  ["{}", "{}"],
  ["a device without status", bodyOf({ id: DEVICE, type: "SMS" })],
  ["a device without id", bodyOf({ type: "SMS", status: "ACTIVE" })],
  ["a device without type", bodyOf({ id: DEVICE, status: "ACTIVE" })],
  ["an array holding a device", bodyOf([DEVICE_BODY])],
  ["truncated JSON", '{"id":'],
  ["text that is not JSON", "{not json"],
  ["whitespace only", "   \n"],
  ["a device followed by junk", `${bodyOf(DEVICE_BODY)}}}`],
];
for (const [name, body] of NOT_A_DEVICE) {
  add(`200 with ${name} for devices.get is UNEXPECTED_RESPONSE`, async ({ server, client }) => {
    server.handle(json(200, body));
    unexpected(await fails(() => get(client())));
    expect(server.hits).toHaveLength(1);
  });
}
const NOT_AN_AUTHENTICATION: Array<[string, string]> = [
  ["null", "null"],
  ["[]", "[]"],
  ["{}", "{}"],
  ["an authentication without status", bodyOf({ id: AUTHN })],
  ["an authentication without id", bodyOf({ status: "COMPLETED" })],
];
for (const [name, body] of NOT_AN_AUTHENTICATION) {
  add(`200 with ${name} for deviceAuthentications.checkOtp is UNEXPECTED_RESPONSE`, async ({ server, client }) => {
    server.handle(json(200, body));
    unexpected(await fails(() => calls["POST deviceAuthentications.checkOtp"](client())));
    expect(server.hits).toHaveLength(1);
  });
}
add("an empty 200 for devices.get is UNEXPECTED_RESPONSE", async ({ server, client }) => {
  server.handle(answer200(""));
  unexpected(await fails(() => get(client())));
});
add("an empty 200 for deviceAuthentications.checkOtp is UNEXPECTED_RESPONSE", async ({ server, client }) => {
  server.handle(answer200(""));
  unexpected(await fails(() => calls["POST deviceAuthentications.checkOtp"](client())));
});
add("a 204 for devices.get (a body is due) is UNEXPECTED_RESPONSE", async ({ server, client }) => {
  server.handle((_, res) => {
    res.writeHead(204, { connection: "close" });
    res.end();
  });
  unexpected(await fails(() => get(client())), 204);
});
add("a 201 with {} for devices.create is UNEXPECTED_RESPONSE", async ({ server, client }) => {
  server.handle(json(201, {}));
  unexpected(await fails(() => create(client())), 201);
  expect(server.hits).toHaveLength(1);
});
add("a 204 for devices.delete resolves undefined", async ({ server, client }) => {
  server.handle((_, res) => {
    res.writeHead(204, { connection: "close" });
    res.end();
  });
  expect(await calls["DELETE devices.delete"](client())).toBeUndefined();
});
add("a valid device resolves unchanged", async ({ server, client }) => {
  server.handle(json(200, DEVICE_BODY));
  expect(await get(client())).toEqual(DEVICE_BODY);
});
add("a 2xx body with __proto__ does not pollute Object.prototype", async ({ server, client }) => {
  server.handle(
    json(
      200,
      `{"id":"${DEVICE}","type":"SMS","status":"ACTIVE","__proto__":{"polluted":"yes"},"constructor":{"prototype":{"polluted":"yes"}}}`,
    ),
  );
  await settle(() => get(client()));
  expect(({} as Record<string, unknown>).polluted).toBeUndefined();
});
add("invalid UTF-8 inside a 2xx string becomes U+FFFD, no throw", async ({ server, client }) => {
  const body = Buffer.concat([
    Buffer.from(`{"id":"${DEVICE}","type":"SMS","status":"ACTIVE","nickname":"`),
    Buffer.from([0xff, 0xfe, 0xc3]),
    Buffer.from('"}'),
  ]);
  server.handle((_, res) => {
    res.writeHead(200, {
      "content-type": "application/json",
      "content-length": String(body.length),
      connection: "close",
    });
    res.end(body);
  });
  expect(await get(client())).toMatchObject({ id: DEVICE, nickname: expect.stringContaining("\ufffd") });
});
add(
  "a 2xx device with a field nested 100,000 deep gives a value or a PingOneError, never a RangeError",
  async ({ server, client }) => {
    const depth = 100_000;
    server.handle(
      json(200, `{"id":"${DEVICE}","type":"SMS","status":"ACTIVE","x":${"[".repeat(depth)}${"]".repeat(depth)}}`),
    );
    const outcome = await settle(() => get(client()));
    if ("error" in outcome) expectPingOneError(outcome.error);
    else expect(outcome.value).toMatchObject({ id: DEVICE });
  },
);

// ---- error bodies -------------------------------------------------------------------------------------------

const apiError = (error: any, status = 400) => {
  expect(error).toBeInstanceOf(PingOneApiError);
  expect(error.status).toBe(status);
  expect(error.details.length).toBeLessThanOrEqual(20);
  expect(error.message.length).toBeLessThan(20_000);
  expect(() => views(error)).not.toThrow();
  return error as PingOneApiError;
};
add("a 400 with innerError nested 5,000 deep gives a PingOneApiError, no RangeError", async ({ server, client }) => {
  const depth = 5000;
  server.handle(
    json(
      400,
      `{"id":"e1","code":"INVALID_DATA","message":"deep","details":[{"code":"INVALID_VALUE","message":"d","innerError":${'{"a":'.repeat(depth)}1${"}".repeat(depth)}}]}`,
    ),
  );
  const error = apiError(await fails(() => get(client())));
  expect(error.code).toBe("INVALID_DATA");
  expect(error.details).toHaveLength(1);
});
add("a 400 with details nested 100,000 deep gives a PingOneApiError, no RangeError", async ({ server, client }) => {
  const depth = 100_000;
  server.handle(
    json(400, `{"code":"INVALID_DATA","message":"deep","details":[${"[".repeat(depth)}${"]".repeat(depth)}]}`),
  );
  apiError(await fails(() => get(client())));
});
let manyDetails: string | undefined;
add("a 400 with 1,000,000 details keeps 20 and says how many more", async ({ server, client }) => {
  manyDetails ??= `{"code":"INVALID_DATA","message":"many","details":[${Array(1_000_000).fill('{"code":"X","message":"m"}').join(",")}]}`;
  server.handle(json(400, manyDetails));
  const error = apiError(await fails(() => get(client({ maxResponseBytes: 64 * MiB }))));
  expect(error.details).toHaveLength(20);
  expect(error.message).toContain("999980");
});
add("a 400 with a 10 MB message keeps the message under 20,000 characters", async ({ server, client }) => {
  server.handle(json(400, { code: "INVALID_DATA", message: `${"m".repeat(10 * 1000 * 1000)} ${TOKEN}` }));
  const error = apiError(await fails(() => get(client({ maxResponseBytes: 16 * MiB }))));
  expect(error.message).toContain("mmmm");
});
add("a 400 with 20 details of 100 kB messages and targets keeps the message bounded", async ({ server, client }) => {
  const big = "t".repeat(100 * 1000);
  server.handle(
    json(400, {
      code: "INVALID_DATA",
      message: "m",
      details: Array.from({ length: 20 }, () => ({ code: "X", target: big, message: big })),
    }),
  );
  const error = apiError(await fails(() => get(client({ maxResponseBytes: 64 * MiB }))));
  expect(JSON.stringify(error.details).length).toBeLessThan(200_000);
});
add("a 400 with an innerError of 20,000 keys keeps at most 20", async ({ server, client }) => {
  const inner = Object.fromEntries(Array.from({ length: 20_000 }, (_, i) => [`k${i}`, i]));
  server.handle(
    json(400, { code: "INVALID_DATA", message: "m", details: [{ code: "X", message: "d", innerError: inner }] }),
  );
  const error = apiError(await fails(() => get(client({ maxResponseBytes: 8 * MiB }))));
  expect(Object.keys((error.details[0] as { innerError: object }).innerError).length).toBeLessThanOrEqual(20);
});
for (const [name, code] of [
  ["a number", 42],
  ["null", null],
  ["an object", { nested: "X" }],
  ["an array", ["X"]],
  ["a boolean", true],
] as const) {
  add(`a 400 whose code is ${name} gives a PingOneApiError`, async ({ server, client }) => {
    server.handle(json(400, { code, message: "m" }));
    const error = apiError(await fails(() => get(client())));
    expect(typeof error.code).toBe("string");
  });
}
for (const [name, code] of [
  ["100 characters long", "C".repeat(100)],
  ["holding a line break", "BAD\nCODE"],
  ["holding HTML", "<script>alert(1)</script>"],
] as const) {
  add(`a 400 whose code is ${name} becomes UNEXPECTED_RESPONSE`, async ({ server, client }) => {
    server.handle(json(400, { code, message: "m" }));
    expect(apiError(await fails(() => get(client()))).code).toBe("UNEXPECTED_RESPONSE");
  });
}
add("a 400 whose message is not a string gives a PingOneApiError", async ({ server, client }) => {
  server.handle(json(400, { code: "INVALID_DATA", message: { text: "m" } }));
  apiError(await fails(() => get(client())));
});
add(
  "a 400 whose id is a number or 10,000 characters keeps id a short string or undefined",
  async ({ server, client }) => {
    server.handle(
      firstThen(
        json(400, { code: "X", message: "m", id: 42 }),
        json(400, { code: "X", message: "m", id: "i".repeat(10_000) }),
      ),
    );
    const first = apiError(await fails(() => get(client())));
    expect(first.id).toBeUndefined();
    const second = apiError(await fails(() => get(client())));
    expect(second.id!.length).toBeLessThanOrEqual(101);
  },
);
add(
  "a 400 whose details are not an array, or hold non-objects, gives a PingOneApiError",
  async ({ server, client }) => {
    server.handle(
      firstThen(
        json(400, { code: "X", message: "m", details: "nope" }),
        json(400, { code: "X", message: "m", details: [null, 42, "s", [], { code: 42 }, { message: "no code" }] }),
      ),
    );
    expect(apiError(await fails(() => get(client()))).details).toEqual([]);
    apiError(await fails(() => get(client())));
  },
);
// Keys and codes the server controls, holding the call's token or phone.
const PLANTS: Array<[string, (secret: string) => unknown]> = [
  ["top-level code", (s) => ({ code: s, message: "m" })],
  ["top-level id", (s) => ({ id: s, code: "INVALID_DATA", message: "m" })],
  ["a detail code", (s) => ({ code: "INVALID_DATA", message: "m", details: [{ code: s, message: "d", target: "t" }] })],
  [
    "an innerError key",
    (s) => ({
      code: "INVALID_DATA",
      message: "m",
      details: [{ code: "X", message: "d", innerError: { [s]: "v", nested: { [s]: s } } }],
    }),
  ],
];
for (const [where, plant] of PLANTS) {
  add(`a 400 whose ${where} holds the token shows it nowhere`, async ({ server, client }) => {
    server.handle(json(400, plant(TOKEN)));
    apiError(await fails(() => get(client())));
  });
  add(`a 400 whose ${where} holds the phone shows it nowhere`, async ({ server, client }) => {
    server.handle(json(400, plant("15125201234")));
    const error = apiError(await fails(() => create(client())));
    expect(leaks(views(error), ["5125201234"])).toEqual([]);
  });
}
add("an HTML 502 page gives a PingOneApiError 502 without the page, GET retried", async ({ server, client }) => {
  server.handle(
    text(502, `<html><body><h1>502 Bad Gateway</h1>${TOKEN}</body></html>`, { "content-type": "text/html" }),
  );
  const error = apiError(await fails(() => get(client())), 502);
  expect(error.code).toBe("UNEXPECTED_RESPONSE");
  expect(error.message).not.toContain("<html");
  expect(server.hits).toHaveLength(3);
});
add("an empty 500 gives a PingOneApiError 500, GET retried, POST not", async ({ server, client }) => {
  server.handle(text(500, ""));
  expect(apiError(await fails(() => get(client())), 500).code).toBe("UNEXPECTED_RESPONSE");
  expect(server.hits).toHaveLength(3);
  server.handle(text(500, ""));
  apiError(await fails(() => create(client())), 500);
  expect(server.hits).toHaveLength(1);
});
add("a 400 with a JSON null or array body gives UNEXPECTED_RESPONSE", async ({ server, client }) => {
  server.handle(firstThen(json(400, "null"), json(400, "[]")));
  expect(apiError(await fails(() => get(client()))).code).toBe("UNEXPECTED_RESPONSE");
  expect(apiError(await fails(() => get(client()))).code).toBe("UNEXPECTED_RESPONSE");
});

// ---- status lines and headers -------------------------------------------------------------------------------

const limited = { code: "REQUEST_LIMITED", message: "Too many requests" };
// "At once": a wait started for Retry-After could only end at the deadline, as a PingOneTimeoutError;
// the 429 itself coming back, after one attempt, says no wait was started.
add("429 with Retry-After 999999999 on a GET is thrown at once with retryAfterMs", async ({ server, client }) => {
  server.handle(json(429, limited, { "retry-after": "999999999" }));
  const error = apiError(await fails(() => get(client())), 429);
  expect(error.retryAfterMs).toBe(999_999_999_000);
  expect(server.hits).toHaveLength(1);
});
add("429 with Retry-After 999999999 on a POST is thrown at once with retryAfterMs", async ({ server, client }) => {
  server.handle(json(429, limited, { "retry-after": "999999999" }));
  expect(apiError(await fails(() => create(client())), 429).retryAfterMs).toBe(999_999_999_000);
  expect(server.hits).toHaveLength(1);
});
add(
  "429 with Retry-After 120 and timeoutMs 60000 is thrown at once, the wait not started",
  async ({ server, client }) => {
    server.handle(json(429, limited, { "retry-after": "120" }));
    const lines: string[] = [];
    expect(
      apiError(
        await fails(() => get(client({ timeoutMs: 60_000, logger: { debug: (line) => lines.push(line) } }))),
        429,
      ).retryAfterMs,
    ).toBe(120_000);
    expect(server.hits).toHaveLength(1);
    expect(waits(lines)).toEqual([]);
    expect(lines.join("\n")).toContain("not retrying after 429, the wait would pass timeoutMs");
  },
);
for (const value of ["garbage", "-1", "1.5", "", "1e3", "0x10", "99999999999", "Mon, 32 Foo 2026 99:99:99 GMT"]) {
  add(`429 with Retry-After ${JSON.stringify(value)} uses the back-off`, async ({ server, client }) => {
    server.handle(json(429, limited, { "retry-after": value }));
    const lines: string[] = [];
    const error = apiError(await fails(() => get(client({ logger: { debug: (line) => lines.push(line) } }))), 429);
    expect(server.hits).toHaveLength(3);
    // The waits scheduled are the back-off's (at most FAST_RETRY.maxDelayMs), not a reading of the header.
    expect(waits(lines)).toHaveLength(2);
    for (const wait of waits(lines)) expect(wait).toBeLessThanOrEqual(FAST_RETRY.maxDelayMs);
    expect(error.retryAfterMs).toBeUndefined();
  });
}
add('429 with Retry-After "0" is retried at once', async ({ server, client }) => {
  server.handle(json(429, limited, { "retry-after": "0" }));
  apiError(await fails(() => get(client())), 429);
  expect(server.hits).toHaveLength(3);
});
add("429 with a Retry-After HTTP-date in the past is retried at once", async ({ server, client }) => {
  server.handle(json(429, limited, { "retry-after": new Date(Date.now() - 60_000).toUTCString() }));
  const error = apiError(await fails(() => get(client())), 429);
  expect(server.hits).toHaveLength(3);
  expect(error.retryAfterMs).toBe(0);
});
add("429 with two Retry-After headers is retried quickly", async ({ server, client }) => {
  server.handle(json(429, limited, { "retry-after": ["0", "0"] }));
  const lines: string[] = [];
  apiError(await fails(() => get(client({ logger: { debug: (line) => lines.push(line) } }))), 429);
  expect(server.hits).toHaveLength(3);
  expect(waits(lines)).toHaveLength(2);
  for (const wait of waits(lines)) expect(wait).toBeLessThanOrEqual(FAST_RETRY.maxDelayMs);
});
add("429 then 200 on a POST is retried (PingOne did not process it)", async ({ server, client }) => {
  server.handle(firstThen(json(429, limited, { "retry-after": "0" }), json(201, DEVICE_BODY)));
  expect(await create(client())).toEqual(DEVICE_BODY);
  expect(server.hits).toHaveLength(2);
});
add("503 then 200 on a GET resolves after one retry", async ({ server, client }) => {
  server.handle(firstThen(json(503, { code: "UNAVAILABLE", message: "m" }), json(200, DEVICE_BODY)));
  expect(await get(client())).toEqual(DEVICE_BODY);
  expect(server.hits).toHaveLength(2);
});
add("503 with Retry-After 0 on a POST is not resent", async ({ server, client }) => {
  server.handle(json(503, { code: "UNAVAILABLE", message: "m" }, { "retry-after": "0" }));
  expect(apiError(await fails(() => create(client())), 503).retryAfterMs).toBe(0);
  expect(server.hits).toHaveLength(1);
});
add("a reason phrase holding the token is not in the error", async ({ server, client }) => {
  const body = bodyOf({ code: "INVALID_DATA", message: "bad" });
  server.handle(
    rawAnswer(
      `HTTP/1.1 400 Bearer ${TOKEN}`,
      ["content-type: application/json", `content-length: ${body.length}`, "connection: close"],
      body,
    ),
  );
  expect(apiError(await fails(() => get(client()))).code).toBe("INVALID_DATA");
});
add("a reason phrase holding the token on an empty 500 is not in the error", async ({ server, client }) => {
  server.handle(rawAnswer(`HTTP/1.1 500 ${TOKEN} broke`, ["content-length: 0", "connection: close"]));
  apiError(await fails(() => create(client())), 500);
});
add("a status line without a reason phrase is read", async ({ server, client }) => {
  const body = bodyOf(DEVICE_BODY);
  server.handle(
    rawAnswer(
      "HTTP/1.1 200",
      ["content-type: application/json", `content-length: ${body.length}`, "connection: close"],
      body,
    ),
  );
  expect(await get(client())).toEqual(DEVICE_BODY);
});
add("an HTTP/1.0 answer delimited by the connection closing is read", async ({ server, client }) => {
  server.handle(rawAnswer("HTTP/1.0 200 OK", ["content-type: application/json"], bodyOf(DEVICE_BODY)));
  expect(await get(client())).toEqual(DEVICE_BODY);
});
add("100 Continue before the answer is skipped", async ({ server, client, transport }) => {
  const body = bodyOf(DEVICE_BODY);
  server.handle(
    raw(
      `HTTP/1.1 100 Continue\r\n\r\nHTTP/1.1 200 OK\r\ncontent-type: application/json\r\ncontent-length: ${body.length}\r\nconnection: close\r\n\r\n${body}`,
    ),
  );
  const outcome = await settle(() => get(client()));
  // Node's fetch (undici) refuses a 100 nobody asked for ("bad response"): the client can only report it.
  if (transport.includes("fetch") && "error" in outcome) expect(outcome.error).toBeInstanceOf(PingOneNetworkError);
  else expect(outcome.value).toEqual(DEVICE_BODY);
});
add("103 Early Hints before the answer is skipped", async ({ server, client }) => {
  const body = bodyOf(AUTHN_BODY);
  server.handle(
    raw(
      `HTTP/1.1 103 Early Hints\r\nlink: </x>; rel=preload\r\n\r\nHTTP/1.1 200 OK\r\ncontent-type: application/json\r\ncontent-length: ${body.length}\r\nconnection: close\r\n\r\n${body}`,
    ),
  );
  expect(await calls["POST deviceAuthentications.checkOtp"](client())).toEqual(AUTHN_BODY);
});
add("a 100 Continue and then the connection closing is a PingOneNetworkError", async ({ server, client }) => {
  server.handle(raw("HTTP/1.1 100 Continue\r\n\r\n"));
  expect(await fails(() => get(client()))).toBeInstanceOf(PingOneNetworkError);
  expect(server.hits).toHaveLength(3);
});
add(
  "an unsolicited 101 Switching Protocols ends with a PingOneError, at the latest at the timeout",
  async ({ server, client }) => {
    server.handle(raw("HTTP/1.1 101 Switching Protocols\r\nupgrade: websocket\r\nconnection: upgrade\r\n\r\n", "hold"));
    // The server holds the socket: the call settles only if the client gives up (here by timeoutMs 300).
    // The limit below is a hang guard with a message, a hundred times the timeout.
    await within(
      fails(() => create(client({ timeoutMs: 300 }))),
      30_000,
      "the call settling (timeoutMs is 300)",
    );
    expect(server.hits).toHaveLength(1);
  },
);
for (const status of [418, 451, 599]) {
  add(
    `an unusual ${status} with PingOne's error body is a PingOneApiError, not retried`,
    async ({ server, client }) => {
      server.handle(json(status, { code: "ODD", message: "odd" }));
      expect(apiError(await fails(() => get(client())), status).code).toBe("ODD");
      expect(server.hits).toHaveLength(1);
    },
  );
}
for (const status of [600, 999]) {
  add(`a status ${status} ends with a PingOneError`, async ({ server, client }) => {
    const body = bodyOf({ code: "ODD", message: "odd" });
    server.handle(
      rawAnswer(
        `HTTP/1.1 ${status} Odd`,
        ["content-type: application/json", `content-length: ${body.length}`, "connection: close"],
        body,
      ),
    );
    await fails(() => create(client()));
    expect(server.hits).toHaveLength(1);
  });
}
add("a 299 with a valid device resolves; a 299 with {} is UNEXPECTED_RESPONSE", async ({ server, client }) => {
  server.handle(firstThen(json(299, DEVICE_BODY), json(299, {})));
  expect(await get(client())).toEqual(DEVICE_BODY);
  unexpected(await fails(() => get(client())), 299);
});
add("two different Content-Length headers never resolve with a value", async ({ server, client }) => {
  const body = bodyOf(DEVICE_BODY);
  server.handle(
    rawAnswer(
      "HTTP/1.1 200 OK",
      [
        "content-type: application/json",
        `content-length: ${body.length}`,
        `content-length: ${body.length + 10}`,
        "connection: close",
      ],
      body,
    ),
  );
  await fails(() => get(client()));
});
add("two equal Content-Length headers give the device or a PingOneError", async ({ server, client }) => {
  const body = bodyOf(DEVICE_BODY);
  server.handle(
    rawAnswer(
      "HTTP/1.1 200 OK",
      [
        "content-type: application/json",
        `content-length: ${body.length}`,
        `content-length: ${body.length}`,
        "connection: close",
      ],
      body,
    ),
  );
  const outcome = await settle(() => get(client()));
  if ("error" in outcome) expectPingOneError(outcome.error);
  else expect(outcome.value).toEqual(DEVICE_BODY);
});
add(
  "Transfer-Encoding chunked beside Content-Length gives the device or a PingOneError",
  async ({ server, client }) => {
    const body = bodyOf(DEVICE_BODY);
    const chunked = `${body.length.toString(16)}\r\n${body}\r\n0\r\n\r\n`;
    server.handle(
      rawAnswer(
        "HTTP/1.1 200 OK",
        ["content-type: application/json", "content-length: 5", "transfer-encoding: chunked", "connection: close"],
        chunked,
      ),
    );
    const outcome = await settle(() => get(client()));
    if ("error" in outcome) expectPingOneError(outcome.error);
    else expect(outcome.value).toEqual(DEVICE_BODY);
  },
);
for (const [name, length] of [
  ["negative", "-1"],
  ["not a number", "abc"],
] as const) {
  add(`a Content-Length that is ${name} is a PingOneError, never a value`, async ({ server, client }) => {
    server.handle(
      rawAnswer(
        "HTTP/1.1 200 OK",
        ["content-type: application/json", `content-length: ${length}`, "connection: close"],
        bodyOf(DEVICE_BODY),
      ),
    );
    await fails(() => get(client()));
  });
}
add("an invalid chunk size is a PingOneError, never a value", async ({ server, client }) => {
  server.handle(
    rawAnswer(
      "HTTP/1.1 200 OK",
      ["content-type: application/json", "transfer-encoding: chunked", "connection: close"],
      "zz\r\n{}\r\n0\r\n\r\n",
    ),
  );
  await fails(() => get(client()));
});
add("bytes that are not HTTP are a PingOneNetworkError; GET retried", async ({ server, client }) => {
  server.handle(raw(`HELLO ${TOKEN}\r\n\r\n`));
  expect(await fails(() => get(client()))).toBeInstanceOf(PingOneNetworkError);
  expect(server.hits).toHaveLength(3);
});
add("a 20 KiB header holding the token is a PingOneError without the token", async ({ server, client }) => {
  server.handle(
    rawAnswer(
      "HTTP/1.1 200 OK",
      [`x-echo: ${`Bearer ${TOKEN} `.repeat(300)}`, "content-length: 2", "connection: close"],
      "{}",
    ),
  );
  await fails(() => get(client()));
});
add("headers that never complete end with a PingOneTimeoutError", async ({ server, client }) => {
  server.handle(raw("HTTP/1.1 200 OK\r\ncontent-type: application/json\r\n", "hold"));
  const error = await fails(() => get(client({ timeoutMs: 200 })));
  expect(error).toBeInstanceOf(PingOneTimeoutError);
  expect(error.timeoutMs).toBe(200);
});
add("two answers back to back on one socket give the first", async ({ server, client }) => {
  const body = bodyOf(DEVICE_BODY);
  const one = `HTTP/1.1 200 OK\r\ncontent-type: application/json\r\ncontent-length: ${body.length}\r\n\r\n${body}`;
  server.handle(raw(`${one}HTTP/1.1 500 Oops\r\ncontent-length: 0\r\n\r\n`));
  const outcome = await settle(() => get(client()));
  if ("error" in outcome) expectPingOneError(outcome.error);
  else expect(outcome.value).toEqual(DEVICE_BODY);
});

// ---- connections that fail ----------------------------------------------------------------------------------

const truncated: Handler = (_, res) => {
  res.writeHead(200, { "content-type": "application/json", "content-length": "500" });
  res.write('{"id":"d1","type":"SMS",');
  setTimeout(() => res.socket?.destroy(), 2);
};
for (const name of [
  "GET devices.get",
  "PUT devices.setNickname",
  "POST devices.create",
  "POST deviceAuthentications.checkOtp",
] as const) {
  add(
    `a truncated body (Content-Length 500, 25 sent, closed) on ${name} is a PingOneNetworkError, attempted ${resent(name)}×`,
    async ({ server, client }) => {
      server.handle(truncated);
      expect(await fails(() => calls[name](client()))).toBeInstanceOf(PingOneNetworkError);
      expect(server.hits).toHaveLength(resent(name));
    },
  );
}
for (const name of Object.keys(calls) as CallName[]) {
  add(
    `a socket destroyed at once on ${name} is a PingOneNetworkError, attempted ${resent(name)}×`,
    async ({ server, client }) => {
      server.handle(destroy);
      expect(await fails(() => calls[name](client()))).toBeInstanceOf(PingOneNetworkError);
      expect(server.hits).toHaveLength(resent(name));
    },
  );
}
for (const name of ["GET devices.get", "POST devices.create"] as const) {
  add(
    `a connection reset (RST) on ${name} is a PingOneNetworkError, attempted ${resent(name)}×`,
    async ({ server, client }) => {
      server.handle(reset);
      expect(await fails(() => calls[name](client()))).toBeInstanceOf(PingOneNetworkError);
      expect(server.hits).toHaveLength(resent(name));
    },
  );
}
for (const name of ["GET devices.get", "POST devices.create"] as const) {
  add(
    `a server that never answers ${name} gives a PingOneTimeoutError within timeoutMs`,
    async ({ server, client }) => {
      server.handle(hang);
      const started = Date.now();
      const error = await fails(() => calls[name](client({ timeoutMs: 200 })));
      expect(error).toBeInstanceOf(PingOneTimeoutError);
      expect(error.timeoutMs).toBe(200);
      // Not before the deadline. (How long after it depends on the machine's load, so is not checked.)
      expect(Date.now() - started).toBeGreaterThanOrEqual(190);
      expect(server.hits).toHaveLength(1);
    },
  );
}
add(
  "a body dripping one byte per 20 ms past the timeout gives a PingOneTimeoutError and closes the connection",
  async ({ server, client }) => {
    server.handle(drip(200, bodyOf({ ...DEVICE_BODY, pad: "x".repeat(200) }), 20));
    // The whole body takes over 5 s to drip; the deadline is 250 ms.
    expect(await fails(() => get(client({ timeoutMs: 250 })))).toBeInstanceOf(PingOneTimeoutError);
    await closes(server.hits[0]);
  },
);

// ---- the caller cancels -------------------------------------------------------------------------------------

add(
  "a caller's abort while waiting for headers rejects with the caller's reason, not retried",
  async ({ server, client }) => {
    server.handle(hang);
    const controller = new AbortController();
    const reason = new Error("caller gave up");
    setTimeout(() => controller.abort(reason), 50);
    await fails(() => client().devices.get(USER, DEVICE, { signal: controller.signal }), reason);
    await sleep(20);
    expect(server.hits).toHaveLength(1);
  },
);
add("a caller's abort in the middle of a body rejects with the caller's reason", async ({ server, client }) => {
  server.handle(drip(200, bodyOf(DEVICE_BODY), 20));
  const controller = new AbortController();
  const reason = { why: "mine" };
  setTimeout(() => controller.abort(reason), 60);
  await fails(() => client().devices.get(USER, DEVICE, { signal: controller.signal }), reason);
  expect(server.hits).toHaveLength(1);
});
add(
  "a caller's abort during a Retry-After wait rejects at once with the caller's reason",
  async ({ server, client }) => {
    server.handle(json(429, limited, { "retry-after": "60" }));
    const controller = new AbortController();
    const reason = "stop";
    // Aborted once the client is in its 60 s wait (it logs the wait, then starts it): the rejection
    // must come long before that wait could end (the limit is a hang guard, far below 60 s and far
    // above any scheduling delay).
    const debug = (line: string) => {
      if (waits([line]).length > 0) setImmediate(() => controller.abort(reason));
    };
    const call = client({ timeoutMs: 120_000, logger: { debug } }).devices.create(
      USER,
      { type: "SMS", phone: PHONE },
      { signal: controller.signal },
    );
    await within(
      fails(() => call, reason),
      30_000,
      "the call rejecting (the Retry-After wait is 60 s)",
    );
    expect(controller.signal.aborted).toBe(true);
    expect(server.hits).toHaveLength(1);
  },
);
add("an already aborted signal rejects with its reason and sends nothing", async ({ server, client }) => {
  server.handle(json(200, DEVICE_BODY));
  const reason = new Error("aborted before");
  await fails(() => client().devices.get(USER, DEVICE, { signal: AbortSignal.abort(reason) }), reason);
  expect(server.hits).toHaveLength(0);
});

// ---- the caller's own hooks misbehaving ----------------------------------------------------------------------

for (const name of ["GET devices.get", "POST devices.create"] as const) {
  add(`a logger whose debug throws does not turn a successful ${name} into a failure`, async ({ server, client }) => {
    server.handle(json(name.startsWith("POST") ? 201 : 200, DEVICE_BODY));
    const debug = () => {
      throw new Error("log sink down");
    };
    const outcome = await settle(() => calls[name](client({ logger: { debug } })));
    // The request went out and PingOne answered: for a create, the device now exists.
    expect(server.hits).toHaveLength(1);
    expect(outcome).toEqual({ value: DEVICE_BODY });
  });
}
add(
  "a token function that never settles ends with a PingOneTimeoutError within timeoutMs, nothing sent",
  async ({ server, client }) => {
    server.handle(json(200, DEVICE_BODY));
    const error = await fails(() =>
      get(client({ timeoutMs: 200, accessToken: () => new Promise<string>(() => undefined) })),
    );
    expect(error).toBeInstanceOf(PingOneTimeoutError);
    expect(error.timeoutMs).toBe(200);
    expect(server.hits).toHaveLength(0);
  },
);

// ---- a caller's fetch that follows redirects anyway (only the fetch option can do this) --------------------------

const followingCases: Array<[string, Run]> = [];
for (const [name, call] of [
  ["GET devices.get", get],
  ["POST devices.create", create],
] as const) {
  followingCases.push([
    `a caller's fetch that follows a 302 on ${name} anyway: the answer is refused as UNEXPECTED_REDIRECT`,
    async ({ server, other }) => {
      server.handle((_, res) => {
        res.writeHead(302, { location: `${other.url}/elsewhere`, connection: "close" });
        res.end();
      });
      const following = async (request: Request) =>
        fetch(request.url, {
          method: request.method,
          headers: request.headers,
          body: request.method === "GET" ? null : await request.text(),
          redirect: "follow",
        });
      const mfa = clientOn((options) => TRANSPORTS[1]![1]({ ...options, fetch: following }), server);
      const error = await fails(() => call(mfa));
      expect(error).toBeInstanceOf(PingOneApiError);
      expect(error.code).toBe("UNEXPECTED_REDIRECT");
      expect(server.hits).toHaveLength(1);
      // The caller's fetch did reach the other host; the client must still not take its answer, nor send again.
      expect(other.hits.length).toBeLessThanOrEqual(1);
    },
  ]);
}

// ---- run every case on every transport -----------------------------------------------------------------------

let ran = 0;
let bad = 0;
const misbehaving: string[] = [];
// A transport that rejects twice, or forgets a promise, shows here.
const rejections: unknown[] = [];
process.on("unhandledRejection", (reason) => rejections.push(reason));

/**
 * The server under test and the redirect target, new for each case. A new port is a new origin, so
 * no client can send a case's request on a socket that an earlier case's server has closed (the
 * platform fetch pools sockets per origin across clients; a loaded machine may not have seen the
 * close yet, and the attempt would fail before reaching the server, blurring the counts).
 */
function serverPair(): { server: HostileServer; other: HostileServer } {
  const pair = {} as { server: HostileServer; other: HostileServer };
  beforeEach(async () => {
    [pair.server, pair.other] = await Promise.all([startHostileServer(), startHostileServer()]);
  });
  afterEach(async () => {
    // Also ends what a case left busy (a held or endless answer).
    await Promise.all([pair.server.close(), pair.other.close()]);
  });
  return pair;
}

/** Runs one case with the redirect target answering, counting it, and naming it when it misbehaves. */
async function runCase(label: string, name: string, run: Run, ctx: Ctx) {
  ctx.other.handle(json(200, DEVICE_BODY));
  ran++;
  try {
    await run(ctx);
  } catch (error) {
    bad++;
    misbehaving.push(`${label}: ${name}`);
    throw error;
  }
}

describe.each(TRANSPORTS)("%s", (transport, make: Make) => {
  const pair = serverPair();
  it.each(cases)("%s", (name, run) =>
    runCase(transport, name, run, { transport, ...pair, client: (extra) => clientOn(make, pair.server, extra) }),
  );
});

describe("a caller's fetch that follows redirects", () => {
  const pair = serverPair();
  const transport = "caller's fetch (following)";
  it.each(followingCases)("%s", (name, run) =>
    runCase(transport, name, run, {
      transport,
      ...pair,
      client: (extra) => clientOn(TRANSPORTS[1]![1], pair.server, extra),
    }),
  );
});

it("no hostile server case misbehaved on any transport", () => {
  figure(
    `hostile server: ${cases.length} cases × ${TRANSPORTS.length} transports + ${followingCases.length} caller-fetch cases, ${bad} misbehaving`,
  );
  expect(ran).toBe(cases.length * TRANSPORTS.length + followingCases.length);
  expect(misbehaving).toEqual([]);
  expect(bad).toBe(0);
  expect(rejections).toEqual([]);
});
