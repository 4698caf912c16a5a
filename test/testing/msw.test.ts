// pingone-mfa/msw in Node: the simulator as MSW handlers under msw/node's setupServer, no port. The
// real client runs with its defaults (PingOne's hosts) and reaches the simulator through MSW; the
// control object works as startMockServer's does; requests the handlers do not own are left alone.
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { HttpResponse, http } from "msw";
import { setupServer } from "msw/node";
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { createMfaClient as createFetchClient } from "../../src/index.ts";
import {
  clientCredentials,
  createMfaClient,
  type MfaClient,
  PingOneApiError,
  PingOneNetworkError,
  PingOneTokenError,
} from "../../src/index.node.ts";
import { createPingOneHandlers, type PingOneHandlers } from "../../src/testing/msw.ts";

const env = "3f6c1a2e-8b4d-4c5e-9f7a-1b2c3d4e5f60";
const policy = { id: "5a0a0950-8a81-4739-b12a-f4d6a11c7a82" };
const pingone: PingOneHandlers = createPingOneHandlers();
const server = setupServer(...pingone.handlers);
/** Requests no handler answered (MSW passes them on to the network). */
const unhandled: string[] = [];
/** Every answer body the client received, to check no passcode crossed the wire. */
let wire: string[] = [];
let userCount = 0;
let user: string;

// The tests pass fetch to see the answers on the wire; the Node entry's own transport is answered too.
const testClient = (extra: Partial<Parameters<typeof createMfaClient>[0]> = {}): MfaClient =>
  createMfaClient({
    environmentId: env,
    accessToken: "any",
    retry: false,
    timeoutMs: 60_000,
    fetch: async (request) => {
      const response = await fetch(request);
      wire.push(await response.clone().text());
      return response;
    },
    ...extra,
  });
const failure = <T extends Error>(promise: Promise<unknown>) =>
  promise.then(
    () => expect.fail("expected the call to fail"),
    (error: unknown) => error as T,
  );
const newUser = () => `9d1e${String(++userCount).padStart(4, "0")}-2b3c-4d5e-8f60-7a8b9c0d1e2f`;

beforeAll(() => server.listen({ onUnhandledRequest: (request) => void unhandled.push(request.url) }));
afterAll(() => {
  server.close();
  pingone.close();
});
beforeEach(() => {
  pingone.reset();
  wire = [];
  unhandled.length = 0;
  user = newUser();
});
afterEach(() => {
  // Drops the handlers a test added with server.use (resetHandlers with handlers would replace the initial ones).
  server.resetHandlers();
  // The simulator's own answers passed the spec's response checks.
  expect(pingone.violations).toEqual([]);
});

describe("the simulator as MSW handlers, through the real client", () => {
  it("issues a token, creates and activates a device, and authenticates, on PingOne's hosts", async () => {
    pingone.registerClient("worker", "worker-secret");
    const accessToken = clientCredentials({ clientId: "worker", clientSecret: "worker-secret", environmentId: env });
    const mfa = testClient({ accessToken });

    const device = await mfa.devices.create(user, {
      type: "EMAIL",
      email: "ada@example.com",
      status: "ACTIVATION_REQUIRED",
      policy,
    });
    expect(device.status).toBe("ACTIVATION_REQUIRED");
    // _links point at PingOne's api host, where the client sent the request.
    expect(device._links?.self?.href).toBe(
      `https://api.pingone.com/v1/environments/${env}/users/${user}/devices/${device.id}`,
    );
    const pairing = pingone.lastOtp({ deviceId: device.id });
    expect(pairing).toMatch(/^\d{6}$/);
    expect((await mfa.devices.activate(user, device.id, { otp: pairing! })).status).toBe("ACTIVE");

    const auth = await mfa.deviceAuthentications.create({ user: { id: user }, policy });
    expect(auth.status).toBe("OTP_REQUIRED");
    expect(auth._links?.self?.href).toBe(`https://auth.pingone.com/${env}/deviceAuthentications/${auth.id}`);
    const code = pingone.lastOtp({ deviceAuthenticationId: auth.id })!;
    const wrong = await failure<PingOneApiError>(
      mfa.deviceAuthentications.checkOtp(auth.id, code === "000000" ? "000001" : "000000"),
    );
    expect(wrong).toBeInstanceOf(PingOneApiError);
    expect([wrong.status, wrong.details[0]?.code]).toEqual([400, "INVALID_OTP"]);
    expect((await mfa.deviceAuthentications.checkOtp(auth.id, code)).status).toBe("COMPLETED");

    // Passcodes are read through the control object, never from the wire.
    expect(wire.length).toBeGreaterThan(4);
    expect(wire.filter((text) => text.includes(pairing!) || text.includes(code))).toEqual([]);
    expect(unhandled).toEqual([]);
  });

  it("refuses a wrong client secret once a client is registered", async () => {
    pingone.registerClient("worker", "worker-secret");
    const mfa = testClient({
      accessToken: clientCredentials({ clientId: "worker", clientSecret: "not-it", environmentId: env }),
    });
    const error = await failure<PingOneTokenError>(mfa.devices.list(user));
    expect(error).toBeInstanceOf(PingOneTokenError);
    expect([error.code, error.status]).toEqual(["invalid_client", 401]);
  });

  it("answers with the faults failNext asks for: a status, then a dropped connection", async () => {
    const mfa = testClient();
    pingone.failNext({ status: 503, action: "devices.list" });
    pingone.failNext({ drop: true, action: "devices.list" });
    const unavailable = await failure<PingOneApiError>(mfa.devices.list(user));
    expect(unavailable).toBeInstanceOf(PingOneApiError);
    expect([unavailable.status, unavailable.code]).toEqual([503, "UNEXPECTED_ERROR"]);
    expect(await failure(mfa.devices.list(user))).toBeInstanceOf(PingOneNetworkError);
    expect((await mfa.devices.list(user))._embedded.devices).toEqual([]);
  });

  it("forgets devices on reset()", async () => {
    const mfa = testClient();
    await mfa.devices.create(user, { type: "SMS", phone: "+1 512 520 1234", policy });
    expect((await mfa.devices.list(user))._embedded.devices).toHaveLength(1);
    pingone.reset();
    expect((await mfa.devices.list(user))._embedded.devices).toEqual([]);
  });

  it("answers the Node entry's own node:http transport, with no fetch given", async () => {
    const node = createMfaClient({ environmentId: env, accessToken: "any", retry: false, timeoutMs: 60_000 });
    const device = await node.devices.create(user, { type: "EMAIL", email: "ada@example.com", policy });
    expect(device._links?.self?.href).toMatch(/^https:\/\/api\.pingone\.com\/v1\//);
    expect((await node.devices.list(user))._embedded.devices.map((d) => d.id)).toEqual([device.id]);
    expect(unhandled).toEqual([]);
  });

  it("answers every region's hosts by default, and the fetch entry's client too", async () => {
    const eu = createFetchClient({ environmentId: env, accessToken: "any", region: "EU", retry: false });
    const device = await eu.devices.create(user, { type: "EMAIL", email: "ada@example.com", policy });
    expect(device._links?.self?.href).toMatch(/^https:\/\/api\.pingone\.eu\/v1\//);
    const auth = await eu.deviceAuthentications.create({ user: { id: user }, policy });
    expect(auth._links?.self?.href).toMatch(/^https:\/\/auth\.pingone\.eu\//);
    expect(pingone.baseUrls).toHaveLength(12);
  });

  it("ends the wait of a delayed fault on close(), with a network error", async () => {
    const own = createPingOneHandlers();
    let arrived = 0;
    // A first handler that only counts and lets the request go on to the simulator's.
    server.use(
      http.all("*", () => void arrived++),
      ...own.handlers,
    );
    own.failNext({ delayMs: 600_000, status: 500 });
    const pending = failure(testClient().devices.list(user));
    await expect.poll(() => arrived).toBe(1);
    // Held by the fault's ten-minute wait until close() ends it: the connection is dropped.
    own.close();
    expect(await pending).toBeInstanceOf(PingOneNetworkError);
    expect(wire).toEqual([]);
  });
});

describe("what the handlers own", () => {
  let real: Server;
  let realUrl: string;
  beforeAll(async () => {
    real = createServer((_, response) => response.end("the real server"));
    await new Promise<void>((resolve) => real.listen(0, "127.0.0.1", resolve));
    realUrl = `http://127.0.0.1:${(real.address() as AddressInfo).port}`;
  });
  afterAll(() => new Promise((resolve) => real.close(resolve)));

  it("leaves other hosts alone: MSW reports them unhandled and they reach the network", async () => {
    const answer = await fetch(`${realUrl}/v1/environments/${env}/users/${user}/devices`);
    expect(await answer.text()).toBe("the real server");
    expect(unhandled).toEqual([`${realUrl}/v1/environments/${env}/users/${user}/devices`]);
  });

  it("answers only under its base URLs; a region option narrows them", async () => {
    const na = createPingOneHandlers({ region: "NA" });
    server.use(
      ...na.handlers,
      http.all("*", () => HttpResponse.text("next handler")),
    );
    const text = (url: string) => fetch(url, { headers: { authorization: "Bearer any" } }).then((r) => r.text());
    const devices = `/environments/${env}/users/${user}/devices`;
    expect(await text(`https://api.pingone.eu/v1${devices}`)).toBe("next handler");
    expect(await text(`https://api.pingone.com${devices}`)).toBe("next handler"); // no /v1
    expect(await text(`https://api.pingone.com.example.test/v1${devices}`)).toBe("next handler");
    expect(JSON.parse(await text(`https://api.pingone.com/v1${devices}`))._embedded.devices).toEqual([]);
    expect(na.baseUrls).toEqual(["https://api.pingone.com/v1", "https://auth.pingone.com"]);
    na.close();
  });

  it("answers on base URLs given as options, with _links under them", async () => {
    const local = createPingOneHandlers({
      region: "NA",
      apiBaseUrl: "http://localhost:4010/v1",
      authBaseUrl: "http://localhost:4010/",
    });
    server.use(...local.handlers);
    const mfa = testClient({ apiBaseUrl: "http://localhost:4010/v1", authBaseUrl: "http://localhost:4010" });
    const device = await mfa.devices.create(user, { type: "EMAIL", email: "ada@example.com", policy });
    expect(device._links?.self?.href).toMatch(/^http:\/\/localhost:4010\/v1\/environments\//);
    const auth = await mfa.deviceAuthentications.create({ user: { id: user }, policy });
    expect(auth._links?.self?.href).toMatch(new RegExp(`^http://localhost:4010/${env}/deviceAuthentications/`));
    expect(local.baseUrls).toEqual([
      "https://api.pingone.com/v1",
      "http://localhost:4010/v1",
      "https://auth.pingone.com",
      "http://localhost:4010",
    ]);
    local.close();
  });

  it("says so when a device path is sent to the auth host, or an answer from the examples is asked for", async () => {
    const headers = { authorization: "Bearer any" };
    const misplaced = await fetch(`https://auth.pingone.com/v1/environments/${env}/users/${user}/devices`, { headers });
    expect([misplaced.status, misplaced.headers.get("x-pingone-mfa-mock")]).toEqual([501, "MOCK_NO_ROUTE"]);
    const preferred = await fetch(`https://api.pingone.com/v1/environments/${env}/users/${user}/devices`, {
      headers: { ...headers, prefer: "code=200" },
    });
    expect([preferred.status, (await preferred.json()).code]).toEqual([501, "MOCK_CANNOT_HONOUR_PREFER"]);
  });

  it("refuses a body over maxBodyBytes after reading no more than the cap", async () => {
    const small = createPingOneHandlers({ maxBodyBytes: 1024 });
    server.use(...small.handlers);
    let pulled = 0;
    // An endless body: the answer can only come if reading stops at the cap.
    const endless = new ReadableStream<Uint8Array>({
      pull(controller) {
        pulled++;
        controller.enqueue(new Uint8Array(16 * 1024).fill(0x20));
      },
    });
    const answer = await fetch(`https://api.pingone.com/v1/environments/${env}/users/${user}/devices`, {
      method: "POST",
      headers: { authorization: "Bearer any", "content-type": "application/json" },
      body: endless,
      duplex: "half",
    } as RequestInit);
    expect([answer.status, (await answer.json()).code]).toEqual([413, "MOCK_BODY_TOO_LARGE"]);
    expect(pulled).toBeLessThan(10);
    // A declared length over the cap is refused before reading.
    const declared = await fetch(`https://api.pingone.com/v1/environments/${env}/users/${user}/devices`, {
      method: "POST",
      headers: { authorization: "Bearer any", "content-type": "application/json" },
      body: JSON.stringify({ type: "EMAIL", email: `${"a".repeat(2000)}@example.com`, policy }),
    });
    expect(declared.status).toBe(413);
    small.close();
  });
});

describe("options", () => {
  it.each([
    [{ region: "XX" }, /region must be one of NA, CA, EU, AU, SG, AP/],
    [{ region: [] }, /region must be one of/],
    [{ apiBaseUrl: "https://gateway.example.test/pingone" }, /apiBaseUrl must end with \/v1/],
    [{ apiBaseUrl: "https://user:secret@gateway.example.test/v1" }, /apiBaseUrl must not carry credentials/],
    [{ authBaseUrl: "https://gateway.example.test/?x=1" }, /authBaseUrl must not carry credentials, a query/],
    [{ authBaseUrl: "ftp://gateway.example.test" }, /authBaseUrl must be an absolute http\(s\) URL/],
    [{ authBaseUrl: "auth.pingone.com" }, /authBaseUrl must be an absolute http\(s\) URL/],
    [{ maxBodyBytes: -1 }, /maxBodyBytes must be a whole number/],
  ])("refuses %j, naming the option", (options, message) => {
    expect(() => createPingOneHandlers(options as never)).toThrow(message);
  });
});
