// Live mode: the walk runs through the validating proxy, so every answer is checked against the
// spec. With PINGONE_* set it goes to that environment; otherwise (CI) to the simulator, which proves
// the whole path: the shipped command's live mode with a clientCredentials token from the
// simulator's token endpoint, forwarding to both hosts, refusing invalid requests without
// forwarding them, flagging answers that break the spec, and cleaning up when a step fails.
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { mkdtemp, readFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { clientCredentials, createMfaClient, type MfaClient } from "../../src/index.ts";
import { clientThroughProxy } from "../support/proxy-client.ts";
import { startMockServer, type MockServer } from "../../src/testing/index.ts";
import { main } from "../../src/contract/command.ts";
import { exampleIds } from "../../src/contract/cases.ts";
import { liveWalk } from "../../src/contract/live-walk.ts";
import { liveSettings } from "../../src/contract/settings.ts";

const live = liveSettings(process.env);
const ids = exampleIds();
const userId = "7f1a2b3c-4d5e-4f60-8a9b-0c1d2e3f4a5b";
const env = "1a2b3c4d-5e6f-4a7b-8c9d-0e1f2a3b4c5d";

if (live) {
  describe("live: the shipped command against your environment", () => {
    it("passes every step", async () => {
      expect(await main(["contract"], process.env)).toBe(0);
    }, 120_000);
  });
} else {
  console.log(
    "live check against your own environment: not run, because PINGONE_ENVIRONMENT_ID is not set (the same command runs against the simulator below)",
  );
}

describe.skipIf(live)("live mode, against the simulator through the validating proxy", () => {
  let simulator: MockServer;
  let proxy: MockServer;
  let relay: Server;
  let relayUrl: string;
  const forwarded: string[] = [];
  const findings: string[] = [];
  let mfa: MfaClient;

  beforeAll(async () => {
    simulator = await startMockServer();
    // A relay between the proxy and the simulator records what the proxy forwarded.
    relay = createServer((request, response) => {
      forwarded.push(`${request.method} ${request.url!.replace(/[0-9a-f]{8}(-[0-9a-f]{4}){3}-[0-9a-f]{12}/g, ":id")}`);
      const chunks: Buffer[] = [];
      request.on("data", (c: Buffer) => chunks.push(c));
      request.on("end", async () => {
        const headers = Object.fromEntries(
          Object.entries(request.headers).filter(([k]) => k !== "host" && k !== "content-length"),
        ) as Record<string, string>;
        const answer = await fetch(new URL(request.url!, simulator.url), {
          method: request.method!,
          headers,
          ...(chunks.length ? { body: Buffer.concat(chunks) } : {}),
        });
        response.writeHead(answer.status, Object.fromEntries(answer.headers));
        response.end(Buffer.from(await answer.arrayBuffer()));
      });
    });
    await new Promise<void>((resolve) => relay.listen(0, "127.0.0.1", resolve));
    relayUrl = `http://127.0.0.1:${(relay.address() as AddressInfo).port}`;
    proxy = await startMockServer({ upstream: { apiBaseUrl: `${relayUrl}/v1`, authBaseUrl: relayUrl } });
    mfa = clientThroughProxy(proxy, env, findings);
  });
  afterAll(async () => {
    await proxy.close();
    await new Promise((resolve) => relay.close(resolve));
    await simulator.close();
  });

  it("the shipped command's live mode passes every step, with a clientCredentials token, and leaves nothing behind", async () => {
    simulator.reset();
    simulator.registerClient("ci-worker", "ci-worker-secret");
    const dir = await mkdtemp(join(tmpdir(), "pingone-mfa-live-"));
    const code = await main(["contract", "--junit", join(dir, "live.xml"), "--json", join(dir, "live.json")], {
      PINGONE_ENVIRONMENT_ID: env,
      PINGONE_USER_ID: userId,
      PINGONE_CLIENT_ID: "ci-worker",
      PINGONE_CLIENT_SECRET: "ci-worker-secret",
      PINGONE_API_BASE_URL: simulator.apiBaseUrl,
      PINGONE_AUTH_BASE_URL: simulator.authBaseUrl,
    });
    expect(code).toBe(0);
    const report = JSON.parse(await readFile(join(dir, "live.json"), "utf8"));
    expect(report).toMatchObject({ mode: "live", passed: 5, failed: 0 });
    expect(report.results.map((r: { name: string }) => r.name)).toEqual([
      "create a test-mode SMS device",
      "activate it with test.otp",
      "start a device authentication",
      "check the OTP",
      "delete the device",
    ]);
    expect((await readFile(join(dir, "live.xml"), "utf8")).match(/<testcase /g)).toHaveLength(5);
    expect(simulator.violations).toEqual([]);
    // Nothing left behind (asked with a token of its own: the simulator now accepts only issued ones).
    const accessToken = clientCredentials({
      clientId: "ci-worker",
      clientSecret: "ci-worker-secret",
      environmentId: env,
      authBaseUrl: simulator.authBaseUrl,
    });
    expect(
      (
        await createMfaClient({
          environmentId: env,
          accessToken,
          apiBaseUrl: simulator.apiBaseUrl,
          authBaseUrl: simulator.authBaseUrl,
        }).devices.list(userId)
      ).size,
    ).toBe(0);
  });

  it("walks create → activate → authenticate → check OTP → delete, forwarding each request once", async () => {
    simulator.reset();
    forwarded.length = 0;
    findings.length = 0;
    const results = await liveWalk(mfa, { userId, takeFindings: () => findings.splice(0) });
    expect(results.map((r) => [r.name, r.problems])).toEqual([
      ["create a test-mode SMS device", []],
      ["activate it with test.otp", []],
      ["start a device authentication", []],
      ["check the OTP", []],
      ["delete the device", []],
    ]);
    expect(forwarded).toEqual([
      "POST /v1/environments/:id/users/:id/devices",
      "POST /v1/environments/:id/users/:id/devices/:id",
      "POST /:id/deviceAuthentications",
      "POST /:id/deviceAuthentications/:id",
      "DELETE /v1/environments/:id/users/:id/devices/:id",
    ]);
    expect((await mfa.devices.list(userId))._embedded.devices).toEqual([]);
  });

  it("cleans up even when a step fails, and reports the failed step", async () => {
    simulator.reset();
    simulator.failNext({ status: 500, action: "deviceAuthentications.create" });
    const results = await liveWalk(mfa, { userId, takeFindings: () => findings.splice(0) });
    expect(results.map((r) => [r.name, r.passed])).toEqual([
      ["create a test-mode SMS device", true],
      ["activate it with test.otp", true],
      ["start a device authentication", false],
      ["delete the device", true],
    ]);
    expect((await mfa.devices.list(userId))._embedded.devices).toEqual([]);
  });

  it("reports an answer that breaks the spec as a failed step", async () => {
    simulator.reset();
    findings.length = 0;
    // A device without its type: the proxy flags it and the client refuses it.
    simulator.failNext({ status: 200, body: { id: ids.deviceId, status: "ACTIVE" }, action: "devices.activate" });
    const results = await liveWalk(mfa, { userId, takeFindings: () => findings.splice(0) });
    const activation = results.find((r) => r.name === "activate it with test.otp")!;
    expect(activation.passed).toBe(false);
    expect(activation.problems.join()).toMatch(/must have required property 'type'/);
    expect(proxy.violations.at(-1)?.request).toMatch(/^POST \/v1\/environments\//);
  });

  it("refuses an invalid request without forwarding it", async () => {
    const before = forwarded.length;
    const { response } = await mfa.raw.api.POST("/environments/{environmentId}/users/{userId}/devices", {
      params: { path: { environmentId: env, userId } },
      body: { type: "WHATSAPP", phone: "+15125201234", testMode: true } as never,
    });
    expect(response.status).toBe(400);
    expect(forwarded.length).toBe(before);
  });
});
