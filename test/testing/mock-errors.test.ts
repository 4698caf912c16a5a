// The mock is clear about its own errors: a setup mistake, a Prefer it cannot honour or a body past
// its limits is answered with a status and a MOCK_ code (never a PingOne-looking 404), media types
// are enforced on action URLs, findings in any script reach the header escaped, and nothing a
// client sends makes it answer 500. Also: CORS, the examples mode chosen by shape, and the bin.
import { spawn } from "node:child_process";
import { request as httpRequest } from "node:http";
import { fileURLToPath } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createMfaClient } from "../../src/index.ts";
import { type MockServer, startMockServer } from "../../src/testing/index.ts";

const env = "0c9f2a8e-5b1d-4e3f-9a7c-6d2b8e4f1a3c";
const user = "4b3a2918-0716-4f5e-8d4c-3b2a19080706";
const policy = { id: "5a0a0950-8a81-4739-b12a-f4d6a11c7a82" };
let mock: MockServer;
const auth = { authorization: "Bearer t" };
const devices = () => `${mock.apiBaseUrl}/environments/${env}/users/${user}/devices`;
const call = async (url: string, init: RequestInit = {}) => {
  const response = await fetch(url, { ...init, headers: { ...auth, ...(init.headers as Record<string, string>) } });
  const text = await response.text();
  return { status: response.status, headers: response.headers, body: text ? JSON.parse(text) : undefined };
};
const post = (url: string, contentType: string | undefined, body?: string) =>
  call(url, {
    method: "POST",
    ...(contentType ? { headers: { "content-type": contentType } } : {}),
    ...(body !== undefined ? { body } : {}),
  });

beforeAll(async () => {
  mock = await startMockServer();
});
afterAll(() => mock.close());

describe("the mock's own errors", () => {
  it("an unroutable request is 501 MOCK_NO_ROUTE, with a hint when /v1 is missing; a wrong method 405", async () => {
    const noV1 = await call(`${mock.url}/environments/${env}/users/${user}/devices`);
    expect(noV1).toMatchObject({
      status: 501,
      body: { code: "MOCK_NO_ROUTE", message: expect.stringContaining(`use apiBaseUrl ${mock.url}/v1`) },
    });
    expect(noV1.headers.get("x-pingone-mfa-mock")).toBe("MOCK_NO_ROUTE");
    expect(await call(`${mock.url}/v2/anything`)).toMatchObject({ status: 501, body: { code: "MOCK_NO_ROUTE" } });
    expect(await call(devices(), { method: "PATCH" })).toMatchObject({
      status: 405,
      body: { code: "MOCK_METHOD_NOT_ALLOWED" },
    });
  });

  it("a Prefer it cannot honour is 501 MOCK_CANNOT_HONOUR_PREFER; one it can is answered from the examples", async () => {
    expect(await call(devices(), { headers: { prefer: "code=503" } })).toMatchObject({
      status: 501,
      body: { code: "MOCK_CANNOT_HONOUR_PREFER" },
    });
    const unknown = await call(devices(), { headers: { prefer: "code=200, example=noSuchExample" } });
    expect(unknown).toMatchObject({
      status: 501,
      body: { code: "MOCK_CANNOT_HONOUR_PREFER", message: expect.stringContaining("noSuchExample") },
    });
    const documented = await call(devices(), { headers: { prefer: "code=404" } });
    expect(documented).toMatchObject({ status: 404, body: { code: "NOT_FOUND" } });
  });

  it("action URLs need a declared media type: missing or undeclared → 415, with or without a body", async () => {
    const device = `${devices()}/1c2b3a49-5867-4f5e-9d8c-7b6a5f4e3d2c`;
    expect((await post(device, undefined)).status).toBe(415);
    expect((await post(device, undefined, "{}")).status).toBe(415);
    expect((await post(device, "application/json", "{}")).status).toBe(415);
    expect((await post(device, "application/vnd.pingidentity.device.fly+json", "{}")).status).toBe(415);
    expect((await post(devices(), "text/plain", "{}")).status).toBe(415);
    const missing = await post(`${mock.authBaseUrl}/${env}/deviceAuthentications`, undefined);
    expect(missing).toMatchObject({
      status: 415,
      body: { details: [expect.objectContaining({ target: "Content-Type" })] },
    });
  });

  it("a body that is missing, null, not an object or not JSON is PingOne's 400", async () => {
    for (const body of [undefined, "null", "[]", '"SMS"', "42"]) {
      expect((await post(devices(), "application/json", body)).status, String(body)).toBe(400);
    }
    expect(await post(devices(), "application/json", "{nope")).toMatchObject({
      status: 400,
      body: { code: "INVALID_DATA" },
    });
    // A body-less action with its media type and no body is fine (404: there is no such device).
    expect(
      (
        await post(
          `${devices()}/1c2b3a49-5867-4f5e-9d8c-7b6a5f4e3d2c`,
          "application/vnd.pingidentity.device.block+json",
        )
      ).status,
    ).toBe(404);
  });

  it("findings in any script reach the sl-violations header escaped, never as a 500", async () => {
    const body = JSON.stringify({ type: "SMS", phone: "+15125201234", policy, 电话: "☎", ["x".repeat(50_000)]: 1 });
    const answer = await post(devices(), "application/json", body);
    expect(answer.status).toBe(400);
    const header = answer.headers.get("sl-violations")!;
    expect(header).toMatch(/^[\x20-\x7e]*$/);
    expect(header.length).toBeLessThanOrEqual(8000);
    expect(answer.body.details.map((d: { target: string }) => d.target)).toContain("电话");
  });

  it("a 100,000-deep body is 400 MOCK_BODY_TOO_DEEP", async () => {
    const deep = `{"type":"SMS","phone":"+15125201234","a":${"[".repeat(100_000)}${"]".repeat(100_000)}}`;
    expect(await post(devices(), "application/json", deep)).toMatchObject({
      status: 400,
      body: { code: "MOCK_BODY_TOO_DEEP" },
    });
  });

  it("bodies past 1 MiB are 413 MOCK_BODY_TOO_LARGE; 200 MiB streamed in costs the mock no memory to speak of", async () => {
    expect(
      await post(devices(), "application/json", `{"type":"SMS","pad":"${"x".repeat(1024 * 1024)}"}`),
    ).toMatchObject({ status: 413, body: { code: "MOCK_BODY_TOO_LARGE" } });
    globalThis.gc?.();
    const before = process.memoryUsage().rss;
    const status = await new Promise<number>((resolve, reject) => {
      const { port } = new URL(mock.url);
      const req = httpRequest(
        {
          host: "127.0.0.1",
          port,
          method: "POST",
          path: new URL(devices()).pathname,
          headers: { ...auth, "content-type": "application/json" },
        },
        (res) => {
          res.resume();
          resolve(res.statusCode!);
        },
      );
      req.on("error", reject);
      const chunk = Buffer.alloc(1024 * 1024, 0x61);
      let sent = 0;
      const write = () => {
        while (sent < 200) {
          sent++;
          if (!req.write(chunk)) return void req.once("drain", write);
        }
        req.end();
      };
      write();
    });
    expect(status).toBe(413);
    const grownMiB = (process.memoryUsage().rss - before) / 1024 / 1024;
    console.log(`200 MiB request: 413, mock process RSS grew ${grownMiB.toFixed(1)} MiB`);
    expect(grownMiB).toBeLessThan(64);
  });

  it("a request without a bearer token is PingOne's 401", async () => {
    const answer = await fetch(devices());
    expect(answer.status).toBe(401);
    expect(await answer.json()).toMatchObject({ code: "ACCESS_FAILED", details: [{ code: "INVALID_TOKEN" }] });
  });
});

describe("CORS, for browser-based tests", () => {
  it("answers a preflight and lets the page read the headers the client reads", async () => {
    const preflight = await fetch(devices(), {
      method: "OPTIONS",
      headers: {
        origin: "http://localhost:5173",
        "access-control-request-method": "POST",
        "access-control-request-headers": "authorization, content-type",
      },
    });
    expect(preflight.status).toBe(204);
    expect(preflight.headers.get("access-control-allow-origin")).toBe("http://localhost:5173");
    expect(preflight.headers.get("access-control-allow-headers")).toBe("authorization, content-type");
    expect(preflight.headers.get("access-control-allow-methods")).toContain("POST");
    const answer = await fetch(devices(), { headers: { ...auth, origin: "http://localhost:5173" } });
    expect(answer.headers.get("access-control-allow-origin")).toBe("http://localhost:5173");
    expect(answer.headers.get("access-control-expose-headers")).toContain("retry-after");
  });
});

describe("examples mode", () => {
  let examples: MockServer;
  beforeAll(async () => {
    examples = await startMockServer({ mode: "examples" });
  });
  afterAll(() => examples.close());

  it.each([
    ["SMS", { type: "SMS", phone: "+14135550199" }],
    ["VOICE", { type: "VOICE", phone: "+14135550198" }],
    ["EMAIL", { type: "EMAIL", email: "someone.else@example.com" }],
  ] as const)(
    "a one-time %s for any user gets the one-time example (OTP_REQUIRED), chosen by shape",
    async (type, oneTime) => {
      const mfa = createMfaClient({
        environmentId: env,
        accessToken: "t",
        apiBaseUrl: examples.apiBaseUrl,
        authBaseUrl: examples.authBaseUrl,
        retry: false,
      });
      const answer = await mfa.deviceAuthentications.create({
        user: { id: user },
        policy,
        selectedDevice: { oneTime },
      } as never);
      expect(answer.status).toBe("OTP_REQUIRED");
      expect(answer.selectedDevice?.oneTime?.type).toBe(type);
      expect(examples.violations).toEqual([]);
    },
  );
});

describe("the pingone-mfa-mock bin", () => {
  it("prints its base URLs, answers, and stops on SIGTERM; a bad flag is a clear message and exit 2", async () => {
    const cli = fileURLToPath(new URL("../../src/testing/cli.ts", import.meta.url));
    const tsx = fileURLToPath(new URL("../../node_modules/.bin/tsx", import.meta.url));
    const child = spawn(tsx, [cli, "--port", "0", "--mode", "examples"], { stdio: ["ignore", "pipe", "pipe"] });
    const output = await new Promise<string>((resolve, reject) => {
      let text = "";
      child.stdout.on("data", (chunk: Buffer) => {
        text += chunk;
        if (text.includes("authBaseUrl")) resolve(text);
      });
      child.once("exit", (code) => reject(new Error(`exited ${code}: ${text}`)));
    });
    const apiBaseUrl = /apiBaseUrl:\s+(\S+)/.exec(output)![1]!;
    expect(apiBaseUrl).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/v1$/);
    expect((await fetch(`${apiBaseUrl}/environments/${env}/users/${user}/devices`, { headers: auth })).status).toBe(
      200,
    );
    const exited = new Promise<number | null>((resolve) => child.once("exit", resolve));
    child.kill("SIGTERM");
    expect(await exited).toBe(0);

    const bad = spawn(tsx, [cli, "--port", "http"], { stdio: ["ignore", "pipe", "pipe"] });
    let stderr = "";
    bad.stderr.on("data", (chunk: Buffer) => (stderr += chunk));
    expect(await new Promise((resolve) => bad.once("exit", resolve))).toBe(2);
    expect(stderr).toContain("--port must be a port number");
    expect(stderr).not.toContain("    at ");
  });
});

describe("hostile requests get an answer, never a 500", () => {
  it("a malformed percent-escape in the path, an unreadable Basic header, a JSON token request, a broken request line", async () => {
    expect((await call(`${mock.apiBaseUrl}/environments/%zz/users/${user}/devices`)).status).toBe(400);
    const token = (headers: Record<string, string>, body = "grant_type=client_credentials") =>
      fetch(`${mock.authBaseUrl}/${env}/as/token`, { method: "POST", headers, body });
    const basic = await token({ "content-type": "application/x-www-form-urlencoded", authorization: "Basic JTp4" });
    expect(basic.status).toBe(401);
    expect(await basic.json()).toMatchObject({ error: "invalid_client" });
    expect((await token({ "content-type": "application/json" }, '{"grant_type":"client_credentials"}')).status).toBe(
      400,
    );
    const { connect } = await import("node:net");
    const status = await new Promise<string>((resolve, reject) => {
      const socket = connect(Number(new URL(mock.url).port), "127.0.0.1", () =>
        socket.end("GET //[ HTTP/1.1\r\nHost: x\r\n\r\n"),
      );
      let text = "";
      socket.on("data", (chunk) => (text += chunk));
      socket.on("end", () => resolve(text.split("\r\n")[0]!));
      socket.on("error", reject);
    });
    expect(status).toMatch(/^HTTP\/1\.1 4\d\d/);
  });

  it("a body with 2,000 unknown fields gets the first 50 findings, not a 2,000-detail answer", async () => {
    const body = Object.fromEntries([
      ["type", "SMS"],
      ["phone", "+15125201234"],
      ["policy", policy],
      ...Array.from({ length: 2000 }, (_, i) => [`extra${i}`, i]),
    ]);
    const answer = await post(devices(), "application/json", JSON.stringify(body));
    expect(answer.status).toBe(400);
    expect(answer.body.details).toHaveLength(50);
    expect(answer.body.message).toContain("the first 50 of");
  });

  it("a 405 says which methods the path has", async () => {
    const answer = await fetch(devices(), { method: "PATCH", headers: auth });
    expect(answer.headers.get("allow")).toBe("GET, POST");
  });

  it("made-up device types do not grow the mock's cache of narrowed operations", async () => {
    const { narrowOperation } = await import("../../src/testing/prism/operations.ts");
    const prism = await import("@stoplight/prism-http");
    const operations = await prism.getHttpOperationsFromSpec(
      fileURLToPath(new URL("../../generated/openapi.json", import.meta.url)),
    );
    const create = operations.find((o) => o.method === "post" && o.path.endsWith("/devices"))!;
    const first = narrowOperation(create, "application/json", { type: "MADE_UP_1" });
    for (let i = 2; i < 200; i++)
      expect(narrowOperation(create, "application/json", { type: `MADE_UP_${i}` })).toBe(first);
    expect(narrowOperation(create, "application/json", { type: "SMS" })).not.toBe(first);
  });
});
