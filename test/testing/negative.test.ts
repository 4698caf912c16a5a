// Requests that break the spec are refused by the mock with the violation named, and the typed
// client surfaces the refusal as a PingOneApiError carrying that detail. Bodies the client itself
// refuses are sent through `raw` to show the mock refuses them too.
import { describe, expect, inject, it } from "vitest";
import { createMfaClient, type PingOneApiError, PingOneValidationError } from "../../src/index.ts";
import { exampleIds } from "../../src/contract/cases.ts";

const ids = exampleIds();
const mockUrl = () => inject("mockUrl");
const client = (fetchImpl: (request: Request) => Promise<Response> = fetch) =>
  createMfaClient({
    environmentId: ids.environmentId,
    accessToken: "contract-test-token",
    apiBaseUrl: `${mockUrl()}/v1`,
    authBaseUrl: mockUrl(),
    retry: false,
    fetch: fetchImpl,
  });
const apiError = (promise: Promise<unknown>) =>
  promise.then(
    () => expect.fail("the mock accepted it"),
    (e: unknown) => e as PingOneApiError,
  );
const devicesPath = "/environments/{environmentId}/users/{userId}/devices" as const;
const pathParams = { path: { environmentId: ids.environmentId, userId: ids.userId } };
const policy = { id: "5a0a0950-8a81-4739-b12a-f4d6a11c7a82" };

describe.skipIf(inject("live"))("negative contract", () => {
  it("a missing required field: select without device.id, refused by the client and by the mock", async () => {
    await expect(
      client().deviceAuthentications.selectDevice(ids.deviceAuthenticationId, { device: {} } as never),
    ).rejects.toMatchObject({
      field: "selection.device.id",
      reason: "REQUIRED",
    });
    const { error, response } = await client().raw.auth.POST(
      "/{environmentId}/deviceAuthentications/{deviceAuthenticationId}",
      {
        params: { path: { environmentId: ids.environmentId, deviceAuthenticationId: ids.deviceAuthenticationId } },
        body: { device: {} } as never,
        headers: { "Content-Type": "application/vnd.pingidentity.device.select+json" },
      },
    );
    expect(response.status).toBe(400);
    expect(error).toMatchObject({ code: "INVALID_DATA" });
    expect((error as PingOneApiError).details).toContainEqual(
      expect.objectContaining({ code: "REQUIRED_VALUE", target: "device.id" }),
    );
  });

  it("a missing required field the client also refuses: VOICE without phone", async () => {
    const body = { type: "VOICE", policy };
    await expect(client().devices.create(ids.userId, body as never)).rejects.toBeInstanceOf(PingOneValidationError);
    const { error, response } = await client().raw.api.POST(devicesPath, { params: pathParams, body: body as never });
    expect(response.status).toBe(400);
    expect((error as PingOneApiError).details).toContainEqual(
      expect.objectContaining({ code: "REQUIRED_VALUE", target: "phone" }),
    );
  });

  it("a create without policy is PingOne's getting-started request: sent by the client, accepted by the mock", async () => {
    const device = await client().devices.create(ids.userId, { type: "VOICE", phone: "+15125201234" });
    expect(device).toMatchObject({ id: expect.any(String), type: expect.any(String) });
  });

  it("a wrong enum: status PAUSED, refused by the client and by the mock", async () => {
    const body = { type: "SMS", phone: "+15125201234", status: "PAUSED" };
    await expect(client().devices.create(ids.userId, body as never)).rejects.toMatchObject({
      field: "device.status",
      reason: "INVALID_VALUE",
    });
    const { error, response } = await client().raw.api.POST(devicesPath, { params: pathParams, body: body as never });
    expect(response.status).toBe(400);
    expect((error as PingOneApiError).details).toContainEqual(
      expect.objectContaining({ code: "INVALID_VALUE", target: "status" }),
    );
  });

  it("testMode on WHATSAPP: refused by the client, and by the mock", async () => {
    const body = { type: "WHATSAPP", phone: "+15125201234", policy, testMode: true };
    await expect(client().devices.create(ids.userId, body as never)).rejects.toMatchObject({
      reason: "FIELD_NOT_ALLOWED",
    });
    const { error, response } = await client().raw.api.POST(devicesPath, { params: pathParams, body: body as never });
    expect(response.status).toBe(400);
    expect(response.headers.get("sl-violations")).toContain("testMode");
    expect((error as PingOneApiError).details).toEqual([
      expect.objectContaining({ code: "INVALID_VALUE", target: "testMode" }),
    ]);
  });

  it("each vendor media type is validated against its own schema: a device body sent as reorder is refused", async () => {
    const { error, response } = await client().raw.api.POST(devicesPath, {
      params: pathParams,
      body: { type: "SMS", phone: "+15125201234" } as never,
      headers: { "Content-Type": "application/vnd.pingidentity.devices.reorder+json" },
    });
    expect(response.status).toBe(400);
    const targets = (error as PingOneApiError).details.map((d) => d.target);
    expect(targets).toEqual(expect.arrayContaining(["order", "type", "phone"]));
  });

  it("and a valid reorder is accepted, while a reorder body sent as a device create is refused", async () => {
    const order = await client().devices.setOrder(ids.userId, [ids.deviceId], { headers: { Prefer: "code=200" } });
    expect(order.order).toBeDefined();
    const { response } = await client().raw.api.POST(devicesPath, {
      params: pathParams,
      body: { order: [{ id: ids.deviceId }] } as never,
    });
    expect(response.status).toBe(400);
  });

  it("an undeclared media type gets 415, naming the ones allowed", async () => {
    const { error, response } = await client().raw.api.POST(devicesPath, {
      params: pathParams,
      body: { otp: "123456" } as never,
      headers: { "Content-Type": "application/vnd.pingidentity.otp.check+json" },
    });
    expect(response.status).toBe(415);
    expect((error as PingOneApiError).details[0]).toMatchObject({ target: "Content-Type" });
  });

  it("a missing bearer token gets 401, which the client surfaces", async () => {
    const withoutToken = (request: Request) => {
      request.headers.delete("authorization");
      return fetch(request);
    };
    const error = await apiError(client(withoutToken).devices.get(ids.userId, ids.deviceId));
    expect(error).toMatchObject({ status: 401, code: "ACCESS_FAILED" });
    expect(error.details).toContainEqual(expect.objectContaining({ code: "INVALID_TOKEN" }));
    const raw = await fetch(`${mockUrl()}/v1/environments/${ids.environmentId}/users/${ids.userId}/devices`);
    expect(raw.status).toBe(401);
    expect(raw.headers.get("sl-violations")).toContain("Authorization: Bearer");
  });

  it("a devices path without /v1 is a setup mistake the mock names, not a PingOne-looking 404", async () => {
    const response = await fetch(`${mockUrl()}/environments/${ids.environmentId}/users/${ids.userId}/devices`, {
      headers: { Authorization: "Bearer t" },
    });
    expect(response.status).toBe(501);
    expect(response.headers.get("x-pingone-mfa-mock")).toBe("MOCK_NO_ROUTE");
    expect(await response.json()).toMatchObject({
      code: "MOCK_NO_ROUTE",
      message: expect.stringContaining("use apiBaseUrl"),
    });
  });

  it("answers a request without Prefer with the closest documented example", async () => {
    const device = await client().devices.create(ids.userId, { type: "WHATSAPP", phone: "+1 512 555 1234", policy });
    expect(device).toMatchObject({ type: "WHATSAPP", id: "cd44c285-2375-4c17-9c54-47dea4438e11" });
    const testDevice = await client().devices.create(ids.userId, {
      type: "SMS",
      phone: "+14135550150",
      testMode: true,
      status: "ACTIVATION_REQUIRED",
      policy,
    });
    expect(testDevice.test?.otp).toBe("288161");
  });
});
