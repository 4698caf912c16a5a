// Live mode: the walk runs through the validating proxy, so every real answer is checked against
// the spec. With PINGONE_* set it goes to that environment; otherwise (CI) to a local fake PingOne,
// which proves the proxy plumbing: forwarding to both hosts, refusing invalid requests, flagging
// answers that break the spec.
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { createMfaClient, type MfaClient } from "../src/index.ts";
import { startMockServer, type MockServer } from "../src/testing/index.ts";
import { exampleIds } from "./cases.ts";
import { startFakePingOne } from "./fake-pingone.ts";
import { liveWalk } from "./live-walk.ts";
import { liveSettings } from "./live-settings.ts";

const live = liveSettings(process.env);
const violations: string[] = [];

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
  let fake: Awaited<ReturnType<typeof startFakePingOne>> | undefined;
  let proxy: MockServer | undefined;
  let mfa: MfaClient;
  const ids = exampleIds();
  const userId = live?.userId ?? ids.userId;

  beforeAll(async () => {
    if (live) {
      mfa = client(inject("mockUrl"), live.environmentId, live.token);
      return;
    }
    fake = await startFakePingOne();
    proxy = await startMockServer({ upstream: { apiBaseUrl: `${fake.url}/v1`, authBaseUrl: fake.url } });
    mfa = client(proxy.url, ids.environmentId, async () => "fake-token");
  });
  afterAll(async () => {
    await proxy?.close();
    await fake?.close();
  });

  it("walks create → activate → authenticate → check OTP → delete, every answer valid", async () => {
    violations.length = 0;
    const steps = await liveWalk(mfa, userId, live?.policyId);
    expect(steps.map((s) => s.status)).toEqual(
      expect.arrayContaining(["ACTIVATION_REQUIRED", "ACTIVE", "COMPLETED", "deleted"]),
    );
    expect(violations).toEqual([]);
    if (fake) {
      expect(fake.devices.size).toBe(0);
      expect(fake.requests.every((r) => r.authorized)).toBe(true);
      expect(fake.requests.map((r) => `${r.method} ${r.path.replace(/[0-9a-f-]{36}/g, ":id")}`)).toEqual([
        "POST /v1/environments/:id/users/:id/devices",
        "POST /v1/environments/:id/users/:id/devices/:id",
        "POST /:id/deviceAuthentications",
        "POST /:id/deviceAuthentications/:id",
        "POST /:id/deviceAuthentications/:id",
        "DELETE /v1/environments/:id/users/:id/devices/:id",
      ]);
    }
  });

  it.skipIf(live)("flags an upstream answer that breaks the spec", async () => {
    violations.length = 0;
    // The proxy reports the finding; the client, checking the same required fields, refuses the answer.
    await expect(mfa.devices.get(userId, ids.deviceId)).rejects.toMatchObject({ code: "UNEXPECTED_RESPONSE" });
    expect(violations.join()).toMatch(/response.*must have required property 'type'/);
  });

  it.skipIf(live)("refuses an invalid request without forwarding it", async () => {
    const before = fake!.requests.length;
    const { response } = await mfa.raw.api.POST("/environments/{environmentId}/users/{userId}/devices", {
      params: { path: { environmentId: ids.environmentId, userId } },
      body: { type: "WHATSAPP", phone: "+15125201234", testMode: true } as never,
    });
    expect(response.status).toBe(400);
    expect(fake!.requests.length).toBe(before);
  });
});
