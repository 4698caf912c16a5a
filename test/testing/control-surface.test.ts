// The CLI mock's control surface, driven from this process while the mock runs in its own: reset,
// faults and the last passcode over HTTP through connectMock, and the refusals that keep it a
// loopback-only test tool.
import { type ChildProcess, spawn } from "node:child_process";
import { fileURLToPath } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createMfaClient, PingOneApiError } from "../../src/index.ts";
import { CONTROL_CALLS, serveControl } from "../../src/testing/control-surface.ts";
import { connectMock, type RemoteMockControl, startMockServer } from "../../src/testing/index.ts";

const env = "0c9f2a8e-5b1d-4e3f-9a7c-6d2b8e4f1a3c";
const user = "7c0e0001-1a2b-4c3d-8e4f-5a6b7c8d9e0f";
const policy = { id: "5a0a0950-8a81-4739-b12a-f4d6a11c7a82" };
let child: ChildProcess;
let url: string;
let remote: RemoteMockControl;

beforeAll(async () => {
  const cli = fileURLToPath(new URL("../../src/testing/cli.ts", import.meta.url));
  const tsx = fileURLToPath(new URL("../../node_modules/.bin/tsx", import.meta.url));
  child = spawn(tsx, [cli, "--port", "0"], { stdio: ["ignore", "pipe", "pipe"] });
  const output = await new Promise<string>((resolve, reject) => {
    let text = "";
    child.stdout!.on("data", (chunk: Buffer) => {
      text += chunk;
      if (text.includes("control:")) resolve(text);
    });
    child.once("exit", (code) => reject(new Error(`the mock exited ${code}: ${text}`)));
  });
  url = /apiBaseUrl:\s+(\S+)\/v1/.exec(output)![1]!;
  remote = connectMock(url);
});
afterAll(() => {
  child?.kill("SIGTERM");
});

const client = () =>
  createMfaClient({
    environmentId: env,
    accessToken: "test-token",
    apiBaseUrl: `${url}/v1`,
    authBaseUrl: url,
    retry: { maxRetries: 0 },
    timeoutMs: 60_000,
  });

describe("the control surface of the pingone-mfa-mock process", () => {
  it("gives the last passcode, so a test in another process can activate a device", async () => {
    const mfa = client();
    const device = await mfa.devices.create(user, {
      type: "SMS",
      phone: "+15125201234",
      policy,
      status: "ACTIVATION_REQUIRED",
    });
    expect(device.status).toBe("ACTIVATION_REQUIRED");
    const otp = await remote.lastOtp({ deviceId: device.id });
    expect(otp).toMatch(/^\d{6}$/);
    const active = await mfa.devices.activate(user, device.id, { otp: otp! });
    expect(active.status).toBe("ACTIVE");
  });

  it("queues a fault the next request is answered with", async () => {
    await remote.failNext({ status: 503, action: "devices.list" });
    const error = await client()
      .devices.list(user)
      .then(
        () => expect.fail("expected the fault"),
        (e: unknown) => e as PingOneApiError,
      );
    expect(error).toBeInstanceOf(PingOneApiError);
    expect(error.status).toBe(503);
    expect((await client().devices.list(user))._embedded.devices.length).toBeGreaterThan(0);
  });

  it("resets: devices and passcodes are forgotten", async () => {
    await remote.reset();
    expect((await client().devices.list(user))._embedded.devices).toEqual([]);
    expect(await remote.lastOtp({ userId: user })).toBeUndefined();
  });

  it("refuses values the mock cannot represent, naming the argument", async () => {
    await expect(remote.advanceTime(-1)).rejects.toThrow(/advanceTime: ms must be/);
    await expect(remote.failNext({ status: 42 })).rejects.toThrow(/status must be an HTTP status/);
  });

  it("refuses what is not a control call from a local test: other calls, other methods, non-JSON, another Host", async () => {
    const post = (path: string, init: RequestInit = {}) =>
      fetch(`${url}/__pingone-mfa/control/${path}`, {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: "{}",
        ...init,
      });
    const unknown = await post("close");
    expect(unknown.status).toBe(404);
    expect((await unknown.json()).error).toContain("the calls: reset");
    expect((await fetch(`${url}/__pingone-mfa/control/reset`)).status).toBe(405);
    expect((await post("reset", { headers: { "content-type": "text/plain" } })).status).toBe(415);
    expect((await post("reset", { body: '{"args": {"0": 1}}' })).status).toBe(400);
    // A page on another name that resolves to loopback (DNS rebinding) is refused.
    const { request } = await import("node:http");
    const rebound = await new Promise<number>((resolve, reject) => {
      const r = request(`${url}/__pingone-mfa/control/reset`, {
        method: "POST",
        headers: { host: "attacker.example", "content-type": "application/json" },
      });
      r.on("response", (response) => resolve(response.statusCode!));
      r.on("error", reject);
      r.end("{}");
    });
    expect(rebound).toBe(403);
  });

  it("answers a control call without a CORS grant, so a web page cannot read passcodes", async () => {
    const answer = await fetch(`${url}/__pingone-mfa/control/lastOtp`, {
      method: "POST",
      headers: { "content-type": "application/json", origin: "https://attacker.example" },
      body: JSON.stringify({ args: [{ userId: user }] }),
    });
    expect(answer.headers.get("access-control-allow-origin")).toBeNull();
  });
});

describe("the control surface's rules", () => {
  it("answers only on loopback addresses", async () => {
    const mock = await startMockServer();
    try {
      const request = {
        method: "POST",
        pathname: "/__pingone-mfa/control/reset",
        headers: { host: "127.0.0.1:4010", "content-type": "application/json" },
        body: new Uint8Array(),
      };
      expect(serveControl(mock, { ...request, remoteAddress: "10.1.2.3" }).status).toBe(403);
      expect(serveControl(mock, { ...request, remoteAddress: "::ffff:192.168.1.5" }).status).toBe(403);
      expect(serveControl(mock, { ...request, remoteAddress: undefined }).status).toBe(403);
      expect(serveControl(mock, { ...request, remoteAddress: "::1" }).status).toBe(200);
      expect(serveControl(mock, { ...request, remoteAddress: "::ffff:127.0.0.1" }).status).toBe(200);
      // The URL the mock prints when it listens on every interface works from the same machine.
      for (const host of ["0.0.0.0:4010", "[::]:4010"])
        expect(
          serveControl(mock, { ...request, headers: { ...request.headers, host }, remoteAddress: "127.0.0.1" }).status,
        ).toBe(200);
      for (const host of ["127.0.0.1.attacker.example", "localhost.attacker.example:4010", "[::ffff:127.0.0.1]"])
        expect(
          serveControl(mock, { ...request, headers: { ...request.headers, host }, remoteAddress: "127.0.0.1" }).status,
        ).toBe(403);
    } finally {
      await mock.close();
    }
  });

  it("is off unless asked for: startMockServer answers its paths as no route", async () => {
    const mock = await startMockServer();
    try {
      const answer = await fetch(`${mock.url}/__pingone-mfa/control/reset`, {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: "{}",
      });
      expect(answer.status).toBe(501);
      expect(answer.headers.get("x-pingone-mfa-mock")).toBe("MOCK_NO_ROUTE");
    } finally {
      await mock.close();
    }
  });

  it("serves every call the control object has (the list is complete)", async () => {
    const mock = await startMockServer();
    try {
      const methods = Object.keys(mock).filter(
        (key) => !["url", "apiBaseUrl", "authBaseUrl", "mode", "close"].includes(key),
      );
      expect([...CONTROL_CALLS].sort()).toEqual(methods.sort());
    } finally {
      await mock.close();
    }
  });
});
