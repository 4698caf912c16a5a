// Answers are open, requests closed: an upstream that answers with a device type, a device status
// and a deviceAuthentication status the spec does not list passes the mock's response validation
// and reaches the caller unchanged, while a request naming an unknown type is refused before
// anything is sent.
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createMfaClient, type MfaClient, PingOneValidationError } from "../../src/index.ts";
import { clientThroughProxy } from "../support/proxy-client.ts";
import { type MockServer, startMockServer } from "../../src/testing/index.ts";
import { exampleIds } from "../../src/contract/cases.ts";

const ids = exampleIds();
const NEW_DEVICE = { id: ids.deviceId, type: "SMART_WATCH", status: "DORMANT", block: { status: "QUARANTINED" } };
const NEW_AUTH = {
  id: ids.deviceAuthenticationId,
  status: "PUSH_CONFIRMATION_REJECTED",
  _embedded: { devices: [{ id: ids.deviceId, type: "HOLOGRAM", status: "DORMANT" }] },
};

describe("answers with values the spec does not list", () => {
  const received: string[] = [];
  let upstream: ReturnType<typeof createServer>;
  let proxy: MockServer;
  let mfa: MfaClient;
  const violations: string[] = [];

  beforeAll(async () => {
    upstream = createServer((request: IncomingMessage, response: ServerResponse) => {
      received.push(`${request.method} ${request.url}`);
      request.resume();
      response.writeHead(200, { "content-type": "application/json" });
      response.end(JSON.stringify(request.url?.includes("deviceAuthentications") ? NEW_AUTH : NEW_DEVICE));
    });
    await new Promise<void>((resolve) => upstream.listen(0, "127.0.0.1", resolve));
    const base = `http://127.0.0.1:${(upstream.address() as AddressInfo).port}`;
    proxy = await startMockServer({ upstream: { apiBaseUrl: `${base}/v1`, authBaseUrl: base } });
    mfa = clientThroughProxy(proxy, ids.environmentId, violations);
  });
  afterAll(async () => {
    await proxy.close();
    await new Promise((resolve) => upstream.close(resolve));
  });

  it("passes a new device type and status through validation and the client unchanged", async () => {
    const device = await mfa.devices.get(ids.userId, ids.deviceId);
    expect(violations).toEqual([]);
    expect(device).toEqual(NEW_DEVICE);
  });

  it("passes a new deviceAuthentication status and device type through unchanged", async () => {
    const auth = await mfa.deviceAuthentications.get(ids.deviceAuthenticationId);
    expect(violations).toEqual([]);
    expect(auth).toEqual(NEW_AUTH);
  });

  it("refuses a request with an unknown device type before sending it", async () => {
    const before = received.length;
    const error = await mfa.devices.create(ids.userId, { type: "SMART_WATCH" } as never).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(PingOneValidationError);
    expect(error).toMatchObject({ field: "device.type", reason: "UNKNOWN_DEVICE_TYPE" });
    expect(received.length).toBe(before);
  });

  it("flags a known status whose branch is incomplete (OTP_REQUIRED without its otp.check link)", async () => {
    NEW_AUTH.status = "OTP_REQUIRED";
    try {
      await mfa.deviceAuthentications.get(ids.deviceAuthenticationId);
      expect(violations.join()).toContain("_links");
    } finally {
      NEW_AUTH.status = "PUSH_CONFIRMATION_REJECTED";
      violations.length = 0;
    }
  });
});
