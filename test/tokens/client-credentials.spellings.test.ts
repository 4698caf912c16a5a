// Attack suite, clientCredentials: the token endpoint puts the client secret or an issued token in
// its OAuth `error` code, echoes the secret in the spellings form encoding and HTTP Basic give it;
// a caller's fetch follows a redirect to a host that hands out a token of its choosing; an API
// answers a call made with the worker's token by echoing the worker's secret. Four categories, each
// at least 30 cases of its own, on clientCredentials' transports (the platform fetch, a caller's
// fetch) and, for the API calls, on every client transport.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { clientCredentials, PingOneTokenError } from "../../src/index.ts";
import {
  clientOn,
  expectPingOneError,
  type Make,
  settle,
  TRANSPORTS,
  USER,
  DEVICE,
  views,
} from "../support/hostile.ts";
import { type Handler, type HostileServer, json, startHostileServer } from "../support/hostile-server.ts";
import { anyOf, type Detector, ENCODINGS, Tally, tokenSeen } from "../support/spellings.ts";
import { ENV } from "../support/stub.ts";

const CLIENT = "4f2e1d0c-9b8a-4766-8544-33221100aabb";
const ISSUED = "eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiJ3b3JrZXItc3BlbGxpbmdzIn0.c2lnbmF0dXJlLXdvcmtlci1zcGVsbGluZ3M";
const EVIL = "eyJhbGciOiJub25lIn0.eyJzdWIiOiJhdHRhY2tlci1jaG9zZW4tdG9rZW4ifQ.ZXZpbC1zaWduYXR1cmUtdmFsdWU";
// Secrets with the characters each encoding spells its own way: form encoding's `~ ! ' ( ) *`, a
// space and a plus, non-ASCII letters, a secret that already looks percent-encoded.
const SECRETS = [
  "s3cr3t~W0rker!'()*Value",
  "with space & plus+sign=9f8e",
  "ünïcode-sécret-ключ-7d6c",
  "Short-Secret7",
  "%41lready-percent%2Fencoded-5b4a",
];
const formEncode = (value: string) => encodeURIComponent(value).replace(/%20/g, "+");
const basicOf = (secret: string) => btoa(`${formEncode(CLIENT)}:${formEncode(secret)}`);
/** The secret in any spelling, its Basic credentials, and the token issued with it. */
const secretSeen = (secret: string): Detector =>
  anyOf(tokenSeen(secret), tokenSeen(basicOf(secret)), tokenSeen(ISSUED), tokenSeen(EVIL));
const SPELLINGS: Array<[string, (secret: string) => string]> = [
  ["as it is", (s) => s],
  ["form-encoded (URLSearchParams)", ENCODINGS["form (URLSearchParams)"]!],
  ["encodeURIComponent", ENCODINGS.encodeURIComponent!],
  ["every byte %xx", ENCODINGS["every byte %xx (lower case)"]!],
  ["as HTTP Basic credentials", (s) => `Basic ${basicOf(s)}`],
  ["JSON \\u escapes", ENCODINGS["JSON \\u escapes"]!],
];

/** clientCredentials' own transports. */
const FETCHES: Array<[string, ((request: Request) => Promise<Response>) | undefined]> = [
  ["platform fetch", undefined],
  ["caller's fetch", (request) => fetch(request)],
];

interface Case {
  category: string;
  name: string;
  run: (ctx: {
    server: HostileServer;
    other: HostileServer;
    fetch: ((r: Request) => Promise<Response>) | undefined;
  }) => Promise<void>;
}
const cases: Case[] = [];
const add = (category: string, name: string, run: Case["run"]) => cases.push({ category, name, run });

const source = (server: HostileServer, secret: string, extra: Partial<Parameters<typeof clientCredentials>[0]> = {}) =>
  clientCredentials({
    clientId: CLIENT,
    clientSecret: secret,
    environmentId: ENV,
    authBaseUrl: server.url,
    timeoutMs: 60_000,
    ...extra,
  });
const tokenFailure = async (get: () => Promise<string>) => {
  const outcome = await settle(get);
  expect(outcome.error).toBeInstanceOf(PingOneTokenError);
  return outcome.error as PingOneTokenError;
};

// ---- the OAuth error code -------------------------------------------------------------------------------

const RFC_6749 = [
  "invalid_request",
  "invalid_client",
  "invalid_grant",
  "unauthorized_client",
  "unsupported_grant_type",
  "invalid_scope",
  "access_denied",
  "unsupported_response_type",
  "server_error",
  "temporarily_unavailable",
];
for (const code of RFC_6749) {
  add("the OAuth error code", `RFC 6749's ${code} is kept`, async ({ server, fetch }) => {
    const secret = SECRETS[0]!;
    server.handle(json(400, { error: code, error_description: `no ${secret}` }));
    const error = await tokenFailure(source(server, secret, fetch ? { fetch } : {}));
    expect(error).toMatchObject({ code, status: 400 });
    expect(secretSeen(secret)(views(error))).toEqual([]);
  });
}
const FOREIGN_CODES: Array<[string, (secret: string) => unknown]> = [
  ["the secret itself", (s) => s],
  ["the secret, form-encoded", (s) => new URLSearchParams({ s }).toString().slice(2)],
  ["the Basic credentials", (s) => basicOf(s)],
  ["an issued token", () => ISSUED],
  ["a token of the server's choosing", () => EVIL],
  ["a code with the secret glued", (s) => `invalid_client_${s}`],
  ["a short made-up code", () => "custom_refusal"],
  ["an RFC code in upper case", () => "INVALID_CLIENT"],
  ["an RFC code with a space", () => "invalid_client "],
  ["a number", () => 401],
  ["an object", (s) => ({ code: s })],
  ["an array", (s) => [s]],
  ["null", () => null],
  ["PingOne's API code", () => "INVALID_DATA"],
  ["a phone number", () => "+15125201234"],
  ["a 300-character code", () => "x".repeat(300)],
  ["an RFC 6750 code (a resource server's, not a token endpoint's)", () => "invalid_token"],
  ["a code with a line break", () => "invalid_client\r\nX-Injected: 1"],
  ["the secret percent-encoded twice", (s) => encodeURIComponent(encodeURIComponent(s))],
  ["the secret in full-width letters", (s) => ENCODINGS["full-width"]!(s)],
];
for (const [what, code] of FOREIGN_CODES) {
  add("the OAuth error code", `${what} as the error code is not shown`, async ({ server, fetch }) => {
    for (const secret of SECRETS) {
      server.handle(json(401, { error: code(secret) }));
      const error = await tokenFailure(source(server, secret, fetch ? { fetch } : {}));
      expect(error).toMatchObject({ code: "UNEXPECTED_RESPONSE", status: 401 });
      expect(secretSeen(secret)(views(error))).toEqual([]);
    }
  });
}

// ---- the secret in the spellings form encoding and Basic give it ----------------------------------------------

for (const secret of SECRETS) {
  for (const [how, spell] of SPELLINGS) {
    add(
      "the client secret echoed by the token endpoint",
      `${JSON.stringify(secret)} ${how}`,
      async ({ server, fetch }) => {
        for (const authMethod of ["client_secret_basic", "client_secret_post"] as const) {
          server.handle(
            json(401, {
              error: "invalid_client",
              error_description: `bad credentials ${spell(secret)} (${authMethod})`,
              detail: spell(secret),
            }),
          );
          const error = await tokenFailure(source(server, secret, { authMethod, ...(fetch ? { fetch } : {}) }));
          expect(error).toMatchObject({ code: "invalid_client" });
          expect(secretSeen(secret)(views(error))).toEqual([]);
        }
      },
    );
  }
}

// ---- redirects -------------------------------------------------------------------------------------------

/** A fetch that follows redirects whatever the request asks (as some wrappers do). */
const following = (request: Request) => fetch(new Request(request, { redirect: "follow" }));
/** A caller's fetch answering with `response`, its `redirected` and `url` made to say what a followed redirect says. */
const answering = (extra: { redirected?: boolean; url?: string; type?: string }) => async (): Promise<Response> => {
  const response = new Response(JSON.stringify({ access_token: EVIL, token_type: "Bearer", expires_in: 3600 }), {
    status: 200,
    headers: { "content-type": "application/json" },
  });
  for (const [key, value] of Object.entries(extra)) Object.defineProperty(response, key, { value });
  return response;
};
const grantedEvil: Handler = json(200, { access_token: EVIL, token_type: "Bearer", expires_in: 3600 });

for (const status of [301, 302, 303, 307, 308]) {
  for (const [where, target] of [
    ["another host", (other: HostileServer) => `${other.url}/steal/as/token`],
    ["another path of the same host", (_: HostileServer, server: HostileServer) => `${server.url}/steal/as/token`],
    [
      "the same path with a query",
      (_: HostileServer, server: HostileServer) => `${server.url}/${ENV}/as/token?steal=1`,
    ],
  ] as const) {
    for (const authMethod of ["client_secret_basic", "client_secret_post"] as const)
      add(
        "redirects to a token of another host's choosing",
        `${status} to ${where} (${authMethod})`,
        async ({ server, other, fetch }) => {
          server.handle((req, res, hit) => {
            if (hit.url.includes("steal")) return grantedEvil(req, res, hit);
            res.writeHead(status, { location: target(other, server), connection: "close" });
            res.end();
          });
          other.handle(grantedEvil);
          // The platform fetch is asked not to follow, and does not; a caller's fetch here follows regardless.
          const error = await tokenFailure(
            source(server, SECRETS[0]!, { authMethod, ...(fetch ? { fetch: following } : {}) }),
          );
          expect(error).toMatchObject({ code: "UNEXPECTED_REDIRECT" });
          expect(secretSeen(SECRETS[0]!)(views(error))).toEqual([]);
          if (!fetch) expect(other.hits.length + server.count("steal")).toBe(0);
        },
      );
  }
}
for (const [what, extra] of [
  ["redirected: true", { redirected: true }],
  ["a URL on another host", { url: "http://127.0.0.1:9/steal/as/token" }],
  ["a URL on another path", { url: "ENDPOINT/../steal" }],
  ["an opaque redirect", { type: "opaqueredirect" }],
  ["redirected: true and the endpoint's own URL", { redirected: true, url: "ENDPOINT" }],
  ["a URL that does not parse", { url: "http://[not a url" }],
] as const) {
  add(
    "redirects to a token of another host's choosing",
    `a caller's fetch answering with ${what}`,
    async ({ server }) => {
      const endpoint = `${server.url}/${ENV}/as/token`;
      const fields = Object.fromEntries(
        Object.entries(extra).map(([k, v]) => [k, typeof v === "string" ? v.replace("ENDPOINT", endpoint) : v]),
      );
      const error = await tokenFailure(source(server, SECRETS[0]!, { fetch: answering(fields) }));
      expect(error).toMatchObject({ code: "UNEXPECTED_REDIRECT" });
      expect(secretSeen(SECRETS[0]!)(views(error))).toEqual([]);
    },
  );
}
add(
  "redirects to a token of another host's choosing",
  "control: a caller's fetch answering from the endpoint's own URL (or no URL) is taken",
  async ({ server }) => {
    const endpoint = `${server.url}/${ENV}/as/token`;
    expect(await source(server, SECRETS[0]!, { fetch: answering({ url: endpoint }) })()).toBe(EVIL);
    expect(await source(server, SECRETS[0]!, { fetch: answering({}) })()).toBe(EVIL);
  },
);

// ---- the API echoing the worker's secret --------------------------------------------------------------------

const apiCases: Array<[string, string, (secret: string) => string]> = [];
for (const secret of SECRETS) for (const [how, spell] of SPELLINGS) apiCases.push([secret, how, spell]);

// ---- run ----------------------------------------------------------------------------------------------

const tally = new Tally("clientCredentials");
let transports = 0;

describe.each(FETCHES)("token endpoint over the %s", (transport, fetch) => {
  let server: HostileServer;
  let other: HostileServer;
  beforeAll(async () => {
    transports++;
    [server, other] = await Promise.all([startHostileServer(), startHostileServer()]);
  });
  afterAll(() => Promise.all([server.close(), other.close()]));

  it.each(cases.map((c) => [`${c.category}: ${c.name}`, c] as const))("%s", async (_, c) => {
    await tally.run(c.category, c.name, transport, () => c.run({ server, other, fetch }));
  });
});

describe.each(TRANSPORTS)("API calls with the worker's token over the %s", (transport, make: Make) => {
  let server: HostileServer;
  beforeAll(async () => {
    server = await startHostileServer();
  });
  afterAll(() => server.close());

  it.each(apiCases)("the API echoes %j %s", async (secret, how, spell) => {
    await tally.run(
      "the worker's secret echoed by the API",
      `${JSON.stringify(secret)} ${how}`,
      transport,
      async () => {
        server.handle((req, res, hit) =>
          hit.path.endsWith("/as/token")
            ? json(200, { access_token: ISSUED, token_type: "Bearer", expires_in: 3600 })(req, res, hit)
            : json(400, {
                code: "INVALID_DATA",
                message: `worker ${spell(secret)} may not`,
                details: [{ code: "X", target: spell(secret), message: `${hit.headers.authorization}` }],
              })(req, res, hit),
        );
        const logs: string[] = [];
        const mfa = clientOn(make, server, {
          accessToken: source(server, secret),
          logger: { debug: (line) => logs.push(line) },
        });
        const outcome = await settle(() => mfa.devices.get(USER, DEVICE));
        expectPingOneError(outcome.error);
        expect(outcome.error).toMatchObject({ status: 400 });
        expect(secretSeen(secret)([...views(outcome.error), ...logs])).toEqual([]);
      },
    );
  });
});

it("every category has at least 30 cases of its own, none misbehaving on any transport", () => {
  const rows = tally.report();
  expect(rows).toHaveLength(4);
  expect(transports).toBe(FETCHES.length);
  for (const row of rows) {
    const across = row.category === "the worker's secret echoed by the API" ? TRANSPORTS.length : FETCHES.length;
    expect(row.cases, row.category).toBeGreaterThanOrEqual(30);
    expect(row.transports, row.category).toBe(across);
    expect(row.runs, row.category).toBe(row.cases * across);
    expect(row.bad, row.category).toEqual([]);
  }
});
