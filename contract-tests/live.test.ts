// Live mode: the walk runs through the validating proxy, so every real answer is checked against
// the spec. With PINGONE_* set it goes to that environment; otherwise (CI) to the simulator, which
// proves the proxy plumbing: forwarding to both hosts, refusing invalid requests, flagging answers
// that break the spec, and the walk's clean-up.
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { createMfaClient, type MfaClient } from "../src/index.ts";
import { startMockServer, type MockServer } from "../src/testing/index.ts";
import { exampleIds } from "./cases.ts";
import { liveWalk } from "./live-walk.ts";
import { liveSettings } from "./live-settings.ts";

const live = liveSettings(process.env);
const violations: string[] = [];
const forwarded: string[] = [];

function client(base: string, environmentId: string, token: () => Promise<string>): MfaClient {
  return createMfaClient({
    environmentId,
    accessToken: token,
    apiBaseUrl: `${base}/v1`,
    authBaseUrl: base,
    retry: false,
    fetch: async (request) => {
      const response = await fetch(request);
      const found = response.headers.get("sl-violations");
      if (found) violations.push(`${request.method} ${new URL(request.url).pathname}: ${found}`);
      return response;
    },
  });
}

describe("live walk through the validating proxy", () => {
  let simulator: MockServer | undefined;
  let proxy: MockServer | undefined;
  let mfa: MfaClient;
  const ids = exampleIds();
  const userId = live?.userId ?? "7f1a2b3c-4d5e-4f60-8a9b-0c1d2e3f4a5b";

  beforeAll(async () => {
    if (live) {
      mfa = client(inject("mockUrl"), live.environmentId, live.token);
      return;
    }
    simulator = await startMockServer();
    // What reaches the simulator is what the proxy forwarded.
    const upstream = `${simulator.url}`;
    const counting = await import("node:http").then(({ createServer }) => {
      const server = createServer((request, response) => {
        forwarded.push(`${request.method} ${request.url!.replace(/[0-9a-f]{8}(-[0-9a-f]{4}){3}-[0-9a-f]{12}/g, ":id")}`);
        const target = new URL(request.url!, upstream);
        const chunks: Buffer[] = [];
        request.on("data", (c: Buffer) => chunks.push(c));
        request.on("end", async () => {
          const headers = Object.fromEntries(Object.entries(request.headers).filter(([k]) => k !== "host" && k !== "content-length")) as Record<string, string>;
          const answer = await fetch(target, { method: request.method!, headers, ...(chunks.length ? { body: Buffer.concat(chunks) } : {}) });
          response.writeHead(answer.status, Object.fromEntries(answer.headers));
          response.end(Buffer.from(await answer.arrayBuffer()));
        });
      });
      return new Promise<import("node:http").Server>((resolve) => server.listen(0, "127.0.0.1", () => resolve(server)));
    });
    const port = (counting.address() as import("node:net").AddressInfo).port;
    closeCounting = () => new Promise((resolve) => counting.close(() => resolve()));
    proxy = await startMockServer({ upstream: { apiBaseUrl: `http://127.0.0.1:${port}/v1`, authBaseUrl: `http://127.0.0.1:${port}` } });
    mfa = client(proxy.url, ids.environmentId, async () => "simulated-token");
  });
  let closeCounting: (() => Promise<void>) | undefined;
  afterAll(async () => {
    await proxy?.close();
    await closeCounting?.();
    await simulator?.close();
  });

  it("walks create → activate → authenticate → check OTP → delete, every answer valid", async () => {
    violations.length = 0;
    forwarded.length = 0;
    const steps = await liveWalk(mfa, userId, live?.policyId);
    expect(steps.map((s) => s.status)).toEqual(expect.arrayContaining(["ACTIVATION_REQUIRED", "ACTIVE", "COMPLETED", "deleted"]));
    expect(violations).toEqual([]);
    if (simulator) {
      expect(simulator.violations).toEqual([]);
      expect(forwarded).toEqual([
        "POST /v1/environments/:id/users/:id/devices",
        "POST /v1/environments/:id/users/:id/devices/:id",
        "POST /:id/deviceAuthentications",
        "POST /:id/deviceAuthentications/:id",
        "DELETE /v1/environments/:id/users/:id/devices/:id",
      ]);
      // Nothing the walk created is left behind.
      expect((await mfa.devices.list(userId))._embedded.devices).toEqual([]);
    }
  });

  it.skipIf(live)("cleans up even when a step fails", async () => {
    simulator!.failNext({ status: 500, action: "deviceAuthentications.create" });
    await expect(liveWalk(mfa, userId)).rejects.toMatchObject({ status: 500 });
    expect((await mfa.devices.list(userId))._embedded.devices).toEqual([]);
  });

  it.skipIf(live)("flags an upstream answer that breaks the spec", async () => {
    violations.length = 0;
    simulator!.failNext({ status: 200, body: { id: ids.deviceId }, action: "devices.get" });
    // The proxy reports the finding; the client, checking the same required fields, refuses the answer.
    await expect(mfa.devices.get(userId, ids.deviceId)).rejects.toMatchObject({ code: "UNEXPECTED_RESPONSE" });
    expect(violations.join()).toMatch(/response.*must have required property 'type'/);
    expect(proxy!.violations.at(-1)?.request).toMatch(/^GET \/v1\/environments\//);
  });

  it.skipIf(live)("refuses an invalid request without forwarding it", async () => {
    const before = forwarded.length;
    const { response } = await mfa.raw.api.POST("/environments/{environmentId}/users/{userId}/devices", {
      params: { path: { environmentId: ids.environmentId, userId } },
      body: { type: "WHATSAPP", phone: "+15125201234", testMode: true } as never,
    });
    expect(response.status).toBe(400);
    expect(forwarded.length).toBe(before);
  });
});
