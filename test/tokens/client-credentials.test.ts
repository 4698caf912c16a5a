// clientCredentials against a hostile token endpoint, and the client's 401 rule: one token per
// lifetime (minus the leeway), one request for any number of concurrent callers, failures typed and
// never remembered, nothing followed or read past its limits, the secret and the tokens in no view
// of any error or log line; after a 401 one fresh token and one more attempt, for any method.
import { inspect } from "node:util";
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from "vitest";
import {
  clientCredentials,
  createMfaClient,
  PingOneApiError,
  PingOneTokenError,
  PingOneValidationError,
} from "../../src/index.ts";
import { leaks, views } from "../support/hostile.ts";
import {
  destroy,
  firstThen,
  hang,
  type HostileServer,
  json,
  startHostileServer,
  text,
  endless,
} from "../support/hostile-server.ts";
import { DEVICE, ENV, USER } from "../support/stub.ts";

const SECRET = "s3cr3t-W0rker+Secret/Value=";
const CLIENT = "4f2e1d0c-9b8a-4766-8544-33221100aabb";
const ISSUED = "eyJhbGciOiJSUzI1NiJ9.aXNzdWVkLXRva2Vu.c2lnbmF0dXJlLWlzc3VlZA";
const ISSUED_2 = "eyJhbGciOiJSUzI1NiJ9.c2Vjb25kLXRva2Vu.c2lnbmF0dXJlLXNlY29uZA";
const BASIC = btoa(`${encodeURIComponent(CLIENT)}:${encodeURIComponent(SECRET).replace(/%20/g, "+")}`);
const SPELLINGS = [SECRET, encodeURIComponent(SECRET), BASIC, ISSUED, ISSUED_2];

let server: HostileServer;
beforeAll(async () => {
  server = await startHostileServer();
});
afterAll(() => server.close());
afterEach(() => vi.useRealTimers());

// A generous deadline (a loaded machine must not turn an answer into a timeout); the case about the
// deadline sets a short one of its own.
const source = (extra: Partial<Parameters<typeof clientCredentials>[0]> = {}) =>
  clientCredentials({
    clientId: CLIENT,
    clientSecret: SECRET,
    environmentId: ENV,
    authBaseUrl: server.url,
    timeoutMs: 60_000,
    ...extra,
  });
const granted = (token = ISSUED, expiresIn: unknown = 3600) =>
  json(200, { access_token: token, token_type: "Bearer", expires_in: expiresIn });
const tokenRequests = () => server.hits.filter((h) => h.path.endsWith("/as/token"));

describe("clientCredentials: the request", () => {
  it("POSTs grant_type=client_credentials to {auth}/{env}/as/token with HTTP Basic by default, or the secret in the form", async () => {
    server.handle(granted());
    expect(await source()()).toBe(ISSUED);
    const [hit] = server.hits;
    expect(hit).toMatchObject({ method: "POST", path: `/${ENV}/as/token`, body: "grant_type=client_credentials" });
    expect(hit!.headers["content-type"]).toBe("application/x-www-form-urlencoded");
    expect(hit!.headers.authorization).toBe(`Basic ${BASIC}`);

    server.handle(granted());
    await source({ authMethod: "client_secret_post" })();
    const form = new URLSearchParams(server.hits[0]!.body);
    expect(Object.fromEntries(form)).toEqual({
      grant_type: "client_credentials",
      client_id: CLIENT,
      client_secret: SECRET,
    });
    expect(server.hits[0]!.headers.authorization).toBeUndefined();
  });

  it("uses the region's auth host unless authBaseUrl is given, with the same https rule as the client", () => {
    expect(() =>
      clientCredentials({
        clientId: CLIENT,
        clientSecret: SECRET,
        environmentId: ENV,
        authBaseUrl: "http://auth.example.com",
      }),
    ).toThrow(expect.objectContaining({ field: "authBaseUrl", reason: "INSECURE_URL" }));
    expect(() =>
      clientCredentials({
        clientId: CLIENT,
        clientSecret: SECRET,
        environmentId: ENV,
        authBaseUrl: `https://u:${SECRET}@auth.example.com`,
      }),
    ).toThrow(PingOneValidationError);
    expect(() =>
      clientCredentials({ clientId: CLIENT, clientSecret: SECRET, environmentId: ENV, region: "MARS" as never }),
    ).toThrow(expect.objectContaining({ field: "region" }));
  });

  it.each([
    ["clientId", { clientId: "" }],
    ["clientSecret", { clientSecret: undefined }],
    ["clientSecret", { clientSecret: "line\nbreak" }],
    ["environmentId", { environmentId: "a/b" }],
    ["authMethod", { authMethod: "private_key_jwt" }],
    ["leewaySeconds", { leewaySeconds: -1 }],
    ["timeoutMs", { timeoutMs: 0 }],
    ["fetch", { fetch: "yes" }],
    ["scope", { scope: "openid" }],
  ])("refuses a bad %s with an error naming it, and no secret in it", (field, change) => {
    let error: unknown;
    try {
      clientCredentials({ clientId: CLIENT, clientSecret: SECRET, environmentId: ENV, ...change } as never);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(PingOneValidationError);
    expect((error as PingOneValidationError).field).toBe(field);
    expect(leaks(views(error), SPELLINGS)).toEqual([]);
  });
});

describe("clientCredentials: caching", () => {
  it("keeps the token until expires_in minus the leeway, then fetches another", async () => {
    vi.useFakeTimers({ toFake: ["Date"] });
    server.handle(firstThen(granted(ISSUED, 3600), granted(ISSUED_2, 3600)));
    const tokens = source({ leewaySeconds: 60 });
    expect(await tokens()).toBe(ISSUED);
    vi.advanceTimersByTime(3539_000);
    expect(await tokens()).toBe(ISSUED);
    expect(tokenRequests()).toHaveLength(1);
    vi.advanceTimersByTime(2_000);
    expect(await tokens()).toBe(ISSUED_2);
    expect(tokenRequests()).toHaveLength(2);
  });

  it("never renews sooner than half a token's lifetime, however large the leeway", async () => {
    vi.useFakeTimers({ toFake: ["Date"] });
    server.handle(firstThen(granted(ISSUED, 60), granted(ISSUED_2, 60)));
    const tokens = source({ leewaySeconds: 3600 });
    await tokens();
    vi.advanceTimersByTime(29_000);
    expect(await tokens()).toBe(ISSUED);
    vi.advanceTimersByTime(2_000);
    expect(await tokens()).toBe(ISSUED_2);
  });

  it("100 concurrent callers share one token request", async () => {
    let answer!: () => void;
    server.handle((req, res, hit) => {
      answer = () => granted()(req, res, hit);
    });
    const tokens = source();
    const all = Promise.all(Array.from({ length: 100 }, () => tokens()));
    await vi.waitFor(() => expect(tokenRequests()).toHaveLength(1), { timeout: 60_000 });
    answer();
    expect(new Set(await all)).toEqual(new Set([ISSUED]));
    expect(tokenRequests()).toHaveLength(1);
  });

  it("does not remember a failure: the next call asks again", async () => {
    server.handle(firstThen(json(503, { error: "temporarily_unavailable" }), granted()));
    const tokens = source();
    await expect(tokens()).rejects.toMatchObject({ name: "PingOneTokenError", status: 503 });
    expect(await tokens()).toBe(ISSUED);
    expect(tokenRequests()).toHaveLength(2);
  });

  it("invalidate drops the held token (only if it is the one held)", async () => {
    server.handle(firstThen(granted(ISSUED), granted(ISSUED_2)));
    const tokens = source();
    await tokens();
    tokens.invalidate("some-other-token");
    expect(await tokens()).toBe(ISSUED);
    tokens.invalidate(ISSUED);
    expect(await tokens()).toBe(ISSUED_2);
  });
});

describe("clientCredentials: failures are typed, and nothing secret is in them", () => {
  const echo = (status: number) =>
    ((req, res, hit) =>
      json(status, {
        error: "invalid_client",
        error_description: `Request denied for ${hit.headers.authorization} with secret ${SECRET}`,
      })(req, res, hit)) as Parameters<HostileServer["handle"]>[0];
  const cases: Array<[string, Parameters<HostileServer["handle"]>[0], Record<string, unknown>]> = [
    [
      "invalid_client with a description echoing the credentials",
      echo(401),
      { code: "invalid_client", status: 401, description: expect.stringContaining("Request denied") },
    ],
    [
      "a 400 unsupported_grant_type",
      json(400, { error: "unsupported_grant_type" }),
      { code: "unsupported_grant_type", status: 400 },
    ],
    ["a 500 HTML page", text(500, `<h1>down</h1> ${SECRET}`), { code: "UNEXPECTED_RESPONSE", status: 500 }],
    [
      "an OAuth error code that is not a short token",
      json(400, { error: `bad ${SECRET}` }),
      { code: "UNEXPECTED_RESPONSE", status: 400 },
    ],
    [
      "a redirect (not followed)",
      json(302, {}, { location: `${"http://127.0.0.1:1"}/steal?secret=${SECRET}` }),
      { code: "UNEXPECTED_REDIRECT", status: 302 },
    ],
    [
      "200 without access_token",
      json(200, { token_type: "Bearer", expires_in: 3600, note: SECRET }),
      { code: "UNEXPECTED_RESPONSE" },
    ],
    [
      "200 with a token that is not printable ASCII",
      json(200, { access_token: "tok en", token_type: "Bearer" }),
      { code: "UNEXPECTED_RESPONSE" },
    ],
    [
      "200 with token_type mac",
      json(200, { access_token: ISSUED, token_type: "mac", expires_in: 60 }),
      { code: "UNEXPECTED_RESPONSE" },
    ],
    ["200 that is not JSON", text(200, "access_token=x"), { code: "UNEXPECTED_RESPONSE" }],
    ["an endless answer", endless(200), { code: "UNEXPECTED_RESPONSE" }],
    ["no answer at all", destroy, { code: "TOKEN_REQUEST_FAILED" }],
    ["an answer that never comes", hang, { code: "TOKEN_TIMEOUT" }],
  ];
  it.each(cases)("%s", async (_, handler, expected) => {
    server.handle(handler);
    // The answer that never comes ends at a short deadline, which no load can make it miss.
    const error = await source(handler === hang ? { timeoutMs: 200 } : {})().then(
      () => expect.fail("the token request succeeded"),
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(PingOneTokenError);
    expect(error).toMatchObject(expected);
    expect(leaks(views(error), SPELLINGS)).toEqual([]);
    expect(server.count("/steal")).toBe(0);
  });

  it("a refused endpoint (nothing listening) is TOKEN_REQUEST_FAILED", async () => {
    const error = await clientCredentials({
      clientId: CLIENT,
      clientSecret: SECRET,
      environmentId: ENV,
      authBaseUrl: "http://127.0.0.1:1",
    })().catch((e: unknown) => e);
    expect(error).toMatchObject({ name: "PingOneTokenError", code: "TOKEN_REQUEST_FAILED" });
    expect(leaks(views(error), SPELLINGS)).toEqual([]);
  });

  it("the source itself shows nothing secret when inspected", async () => {
    server.handle(granted());
    const tokens = source();
    await tokens();
    expect(
      leaks(
        [inspect(tokens, { showHidden: true, depth: Infinity }), String(tokens), JSON.stringify(tokens) ?? ""],
        SPELLINGS,
      ),
    ).toEqual([]);
  });
});

describe("the client with a token source: 401 → one fresh token, one more attempt", () => {
  const client = (accessToken: Parameters<typeof createMfaClient>[0]["accessToken"], lines: string[] = []) =>
    createMfaClient({
      environmentId: ENV,
      accessToken,
      apiBaseUrl: `${server.url}/v1`,
      authBaseUrl: server.url,
      retry: false,
      timeoutMs: 60_000,
      logger: { debug: (line) => lines.push(line) },
    });
  const device = { id: DEVICE, type: "SMS", status: "ACTIVE" };
  // The API refuses the first token; the token endpoint hands out the second.
  const api =
    (refuseAll = false): Parameters<HostileServer["handle"]>[0] =>
    (req, res, hit) => {
      if (hit.path.endsWith("/as/token"))
        return granted(tokenRequests().length === 1 ? ISSUED : ISSUED_2)(req, res, hit);
      const bearer = String(hit.headers.authorization);
      if (refuseAll || bearer === `Bearer ${ISSUED}`)
        return json(401, { id: "x", code: "ACCESS_FAILED", message: `The access token ${bearer} is not valid.` })(
          req,
          res,
          hit,
        );
      return json(hit.method === "POST" ? 201 : 200, device)(req, res, hit);
    };
  const apiHits = () => server.hits.filter((h) => h.path.startsWith("/v1/"));

  it.each([
    ["GET", (mfa: ReturnType<typeof client>) => mfa.devices.get(USER, DEVICE)],
    ["POST", (mfa: ReturnType<typeof client>) => mfa.devices.create(USER, { type: "SMS", phone: "+15125201234" })],
    ["DELETE", (mfa: ReturnType<typeof client>) => mfa.devices.delete(USER, DEVICE)],
  ])("%s: the refused token is dropped, a fresh one fetched, the call sent once more and answered", async (_, call) => {
    server.handle(api());
    const lines: string[] = [];
    await call(client(source(), lines)).catch((e: unknown) => {
      // DELETE answers 204 in PingOne; this server answers 200 with a body, which the client refuses as unexpected.
      if (!(e instanceof PingOneApiError && e.code === "UNEXPECTED_RESPONSE")) throw e;
    });
    expect(apiHits().map((h) => h.headers.authorization)).toEqual([`Bearer ${ISSUED}`, `Bearer ${ISSUED_2}`]);
    expect(tokenRequests()).toHaveLength(2);
    expect(lines.join("\n")).toContain("401, sending again once with a fresh token");
    expect(leaks(lines, SPELLINGS)).toEqual([]);
  });

  it("never more than once: a second 401 is the caller's, redacted", async () => {
    server.handle(api(true));
    const error = await client(source())
      .devices.get(USER, DEVICE)
      .catch((e: unknown) => e);
    expect(error).toMatchObject({ name: "PingOneApiError", status: 401 });
    expect(apiHits()).toHaveLength(2);
    expect(leaks(views(error), SPELLINGS)).toEqual([]);
  });

  it("a fixed token, or a function that gives the same token again, is not sent twice", async () => {
    server.handle(api(true));
    await expect(client(ISSUED).devices.get(USER, DEVICE)).rejects.toMatchObject({ status: 401 });
    expect(apiHits()).toHaveLength(1);
    server.handle(api(true));
    await expect(client(() => ISSUED).devices.get(USER, DEVICE)).rejects.toMatchObject({ status: 401 });
    expect(apiHits()).toHaveLength(1);
  });

  it("a plain function that rotates tokens gets the one more attempt too", async () => {
    server.handle(api());
    const handed = [ISSUED, ISSUED_2];
    let n = 0;
    expect(await client(() => handed[Math.min(n++, 1)]!).devices.get(USER, DEVICE)).toMatchObject({ id: DEVICE });
    expect(apiHits()).toHaveLength(2);
  });

  it("a token source that fails surfaces as PingOneTokenError from the call, nothing sent", async () => {
    server.handle(echo401());
    const error = await client(source())
      .devices.get(USER, DEVICE)
      .catch((e: unknown) => e);
    expect(error).toMatchObject({ name: "PingOneTokenError", code: "invalid_client", status: 401 });
    expect(apiHits()).toHaveLength(0);
    expect(leaks(views(error), SPELLINGS)).toEqual([]);
  });
  const echo401 = (): Parameters<HostileServer["handle"]>[0] => (req, res, hit) =>
    json(401, { error: "invalid_client", error_description: `bad credentials ${hit.headers.authorization} ${SECRET}` })(
      req,
      res,
      hit,
    );
});
