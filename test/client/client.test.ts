// The client's surface: options, regions, the request each method sends, refusals before any
// request, auth, per-call options, and the five documented exchanges.
import { inspect } from "node:util";
import { describe, expect, it } from "vitest";
import seeds from "../fixtures/seeds.json" with { type: "json" };
import { createMfaClient, PingOneValidationError, PhoneNumberError, type MfaClient } from "../../src/index.ts";
import { AUTHN, DEVICE, ENV, json, stubClient, stubFetch, TOKEN, USER } from "../support/stub.ts";

const vnd = (name: string) => `application/vnd.pingidentity.${name}+json`;

describe("options", () => {
  const base = { environmentId: ENV, accessToken: TOKEN };
  const refused = (options: unknown, field: string, pattern: RegExp) => {
    let error: unknown;
    try {
      createMfaClient(options as never);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(PingOneValidationError);
    expect((error as PingOneValidationError).field).toBe(field);
    expect((error as Error).message).toMatch(pattern);
  };

  it("refuses an unknown option, naming it", () =>
    refused({ ...base, regoin: "EU" }, "regoin", /Unknown option regoin/));
  it("requires environmentId", () => refused({ accessToken: TOKEN }, "environmentId", /environmentId is required/));
  it("requires accessToken", () => refused({ environmentId: ENV }, "accessToken", /accessToken is required/));
  it("refuses an accessToken that is neither string nor function", () =>
    refused({ ...base, accessToken: 42 }, "accessToken", /string or a function/));
  it("refuses an unknown region, listing the known ones", () =>
    refused({ ...base, region: "US" }, "region", /NA, CA, EU, AU, SG, AP/));
  it("refuses a plain-http base URL that is not loopback", () =>
    refused({ ...base, apiBaseUrl: "http://api.example.com/v1" }, "apiBaseUrl", /must use https/));
  it("refuses a base URL that is not a URL", () =>
    refused({ ...base, authBaseUrl: "auth.pingone.eu" }, "authBaseUrl", /absolute URL/));
  it("refuses an unknown defaultCountry", () =>
    refused({ ...base, defaultCountry: "XX" }, "defaultCountry", /ISO 3166/));
  it("refuses a bad timeout and an unknown retry option", () => {
    refused({ ...base, timeoutMs: -1 }, "timeoutMs", /integer/);
    refused({ ...base, retry: { retries: 2 } }, "retry.retries", /Unknown option retry.retries/);
    refused({ ...base, retry: { maxRetries: 99 } }, "retry.maxRetries", /0 to 10/);
  });
  it("refuses an environmentId that cannot be a path segment", () =>
    refused({ ...base, environmentId: ".." }, "environmentId", /cannot be/));

  it("accepts http on loopback and strips a trailing slash", async () => {
    const stub = stubFetch(() => json(200, { id: DEVICE, type: "SMS", status: "ACTIVE" }));
    const mfa = createMfaClient({
      ...base,
      fetch: stub.fetch,
      apiBaseUrl: "http://127.0.0.1:4010/",
      authBaseUrl: "http://localhost:4010",
    });
    await mfa.devices.get(USER, DEVICE);
    expect(stub.calls[0]!.url).toBe(`http://127.0.0.1:4010/environments/${ENV}/users/${USER}/devices/${DEVICE}`);
  });

  it("keeps the token out of the client object", () => {
    const mfa = createMfaClient({ ...base, fetch: stubFetch().fetch });
    expect(inspect(mfa, { depth: Infinity, showHidden: true })).not.toContain(TOKEN);
    expect(JSON.stringify(mfa)).not.toContain(TOKEN);
  });
});

describe("regions", () => {
  it.each([
    ["NA", "com"],
    ["CA", "ca"],
    ["EU", "eu"],
    ["AU", "com.au"],
    ["SG", "sg"],
    ["AP", "asia"],
  ] as const)("%s → api.pingone.%s/v1 and the matching auth host", async (region, tld) => {
    const { mfa, calls } = stubClient(() => json(200, { id: DEVICE, type: "SMS", status: "ACTIVE" }), { region });
    await mfa.devices.get(USER, DEVICE);
    await mfa.deviceAuthentications.get(AUTHN);
    expect(calls.map((c) => c.url)).toEqual([
      `https://api.pingone.${tld}/v1/environments/${ENV}/users/${USER}/devices/${DEVICE}`,
      `https://auth.pingone.${tld}/${ENV}/deviceAuthentications/${AUTHN}`,
    ]);
  });

  it("defaults to North America", async () => {
    const { mfa, calls } = stubClient(() => json(200, { id: AUTHN, status: "OTP_REQUIRED" }));
    await mfa.deviceAuthentications.get(AUTHN);
    expect(new URL(calls[0]!.url).host).toBe("auth.pingone.com");
  });
});

describe("each method sends its own method, path and media type", () => {
  const D = `https://api.pingone.com/v1/environments/${ENV}/users/${USER}/devices`;
  const A = `https://auth.pingone.com/${ENV}/deviceAuthentications`;
  type Case = [string, (m: MfaClient) => Promise<unknown>, string, string, string | undefined, unknown, number];
  const cases: Case[] = [
    [
      "devices.create",
      (m) => m.devices.create(USER, { type: "EMAIL", email: "a@example.com", policy: { id: DEVICE } }),
      "POST",
      D,
      "application/json",
      { type: "EMAIL", email: "a@example.com", policy: { id: DEVICE } },
      201,
    ],
    [
      "devices.list",
      (m) => m.devices.list(USER, { filter: 'type eq "SMS"', limit: 5, expand: "order" }),
      "GET",
      `${D}?filter=type%20eq%20%22SMS%22&limit=5&expand=order`,
      undefined,
      undefined,
      200,
    ],
    ["devices.get", (m) => m.devices.get(USER, DEVICE), "GET", `${D}/${DEVICE}`, undefined, undefined, 200],
    ["devices.delete", (m) => m.devices.delete(USER, DEVICE), "DELETE", `${D}/${DEVICE}`, undefined, undefined, 204],
    [
      "devices.activate",
      (m) => m.devices.activate(USER, DEVICE, { otp: "123456" }),
      "POST",
      `${D}/${DEVICE}`,
      vnd("device.activate"),
      { otp: "123456" },
      200,
    ],
    [
      "devices.block",
      (m) => m.devices.block(USER, DEVICE),
      "POST",
      `${D}/${DEVICE}`,
      vnd("device.block"),
      undefined,
      200,
    ],
    [
      "devices.unblock",
      (m) => m.devices.unblock(USER, DEVICE),
      "POST",
      `${D}/${DEVICE}`,
      vnd("device.unblock"),
      undefined,
      200,
    ],
    [
      "devices.unlock",
      (m) => m.devices.unlock(USER, DEVICE),
      "POST",
      `${D}/${DEVICE}`,
      vnd("device.unlock"),
      undefined,
      200,
    ],
    [
      "devices.resendPairingCode",
      (m) => m.devices.resendPairingCode(USER, DEVICE),
      "POST",
      `${D}/${DEVICE}`,
      vnd("device.sendActivationCode"),
      undefined,
      200,
    ],
    [
      "devices.setOrder",
      (m) => m.devices.setOrder(USER, [DEVICE, AUTHN]),
      "POST",
      D,
      vnd("devices.reorder"),
      { order: [{ id: DEVICE }, { id: AUTHN }] },
      200,
    ],
    ["devices.removeOrder", (m) => m.devices.removeOrder(USER), "POST", D, vnd("devices.order.remove"), undefined, 204],
    [
      "devices.setNickname",
      (m) => m.devices.setNickname(USER, DEVICE, "Work phone"),
      "PUT",
      `${D}/${DEVICE}/nickname`,
      "application/json",
      { nickname: "Work phone" },
      200,
    ],
    [
      "devices.sendLogs",
      (m) => m.devices.sendLogs(USER, DEVICE),
      "PUT",
      `${D}/${DEVICE}/logs`,
      "application/json",
      { status: "PENDING" },
      200,
    ],
    [
      "deviceAuthentications.create",
      (m) => m.deviceAuthentications.create({ user: { id: USER } }),
      "POST",
      A,
      "application/json",
      { user: { id: USER } },
      201,
    ],
    [
      "deviceAuthentications.get",
      (m) => m.deviceAuthentications.get(AUTHN),
      "GET",
      `${A}/${AUTHN}`,
      undefined,
      undefined,
      200,
    ],
    [
      "deviceAuthentications.selectDevice",
      (m) => m.deviceAuthentications.selectDevice(AUTHN, { device: { id: DEVICE } }),
      "POST",
      `${A}/${AUTHN}`,
      vnd("device.select"),
      { device: { id: DEVICE } },
      200,
    ],
    [
      "deviceAuthentications.checkOtp",
      (m) => m.deviceAuthentications.checkOtp(AUTHN, "604219"),
      "POST",
      `${A}/${AUTHN}`,
      vnd("otp.check"),
      { otp: "604219" },
      200,
    ],
    [
      "deviceAuthentications.checkAssertion",
      (m) => m.deviceAuthentications.checkAssertion(AUTHN, { origin: "https://app.example.com", assertion: "{}" }),
      "POST",
      `${A}/${AUTHN}`,
      vnd("assertion.check"),
      { origin: "https://app.example.com", assertion: "{}" },
      200,
    ],
    [
      "deviceAuthentications.cancel",
      (m) => m.deviceAuthentications.cancel(AUTHN, "CHANGE_DEVICE"),
      "POST",
      `${A}/${AUTHN}`,
      vnd("cancel.push.authentication"),
      { reason: "CHANGE_DEVICE" },
      200,
    ],
  ];

  it.each(cases)("%s", async (_, call, method, url, mediaType, body, status) => {
    const answer = {
      id: DEVICE,
      type: "SMS",
      status: "ACTIVE",
      _embedded: { devices: [] },
      order: [],
      nickname: "Work phone",
    };
    const { mfa, calls } = stubClient(() => json(status, answer));
    const result = await call(mfa);
    expect(calls).toHaveLength(1);
    const sent = calls[0]!;
    expect(sent.method).toBe(method);
    expect(sent.url).toBe(url);
    expect(sent.headers["content-type"]).toBe(mediaType);
    expect(sent.headers.authorization).toBe(`Bearer ${TOKEN}`);
    expect(sent.body === "" ? undefined : JSON.parse(sent.body)).toEqual(body);
    expect(result).toEqual(status === 204 ? undefined : answer);
  });
});

describe("refusals before any request", () => {
  const expectRefused = async (
    call: (m: MfaClient) => Promise<unknown>,
    type: Function,
    field: string,
    reason: string,
  ) => {
    const { mfa, calls } = stubClient();
    const error = await call(mfa).then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(type);
    expect(error).toMatchObject({ field, reason });
    expect(calls).toHaveLength(0);
  };

  it.each(["", " ", ".", "..", "a/b", "..%2F/x", "a\\b"])("path id %j", (id) =>
    expectRefused((m) => m.devices.get(id, DEVICE), PingOneValidationError, "userId", "INVALID_ID"),
  );
  it("a device id and a deviceAuthentication id", async () => {
    await expectRefused((m) => m.devices.delete(USER, ".."), PingOneValidationError, "deviceId", "INVALID_ID");
    await expectRefused(
      (m) => m.deviceAuthentications.get("../x"),
      PingOneValidationError,
      "deviceAuthenticationId",
      "INVALID_ID",
    );
    await expectRefused(
      (m) => m.devices.get(USER, DEVICE, { environmentId: "." }),
      PingOneValidationError,
      "environmentId",
      "INVALID_ID",
    );
  });
  it("a path id through raw, which checks ids in its path serializer", async () => {
    const { mfa, calls } = stubClient();
    const sent = mfa.raw.api.GET("/environments/{environmentId}/users/{userId}/devices/{deviceId}", {
      params: { path: { environmentId: ENV, userId: "..", deviceId: DEVICE } },
    });
    await expect(sent).rejects.toMatchObject({ name: "PingOneValidationError", field: "userId", reason: "INVALID_ID" });
    expect(calls).toHaveLength(0);
  });
  it("an unknown device type", () =>
    expectRefused(
      (m) => m.devices.create(USER, { type: "FAX", phone: "+15125201234" } as never),
      PingOneValidationError,
      "device.type",
      "UNKNOWN_DEVICE_TYPE",
    ));
  it("a missing phone and a missing email", async () => {
    await expectRefused(
      (m) => m.devices.create(USER, { type: "SMS" } as never),
      PingOneValidationError,
      "device.phone",
      "REQUIRED",
    );
    await expectRefused(
      (m) => m.devices.create(USER, { type: "EMAIL", policy: { id: DEVICE } } as never),
      PingOneValidationError,
      "device.email",
      "REQUIRED",
    );
  });
  it("testMode on WHATSAPP, naming the types that take it", async () => {
    const { mfa, calls } = stubClient();
    const body = { type: "WHATSAPP", phone: "+15125201234", policy: { id: DEVICE }, testMode: true } as never;
    await expect(mfa.devices.create(USER, body)).rejects.toThrow(
      /device\.testMode is not allowed with type WHATSAPP \(allowed with type EMAIL, SMS, VOICE\)/,
    );
    expect(calls).toHaveLength(0);
  });
  it("a phone on an EMAIL device", () =>
    expectRefused(
      (m) => m.devices.create(USER, { type: "EMAIL", email: "a@example.com", phone: "+15125201234" } as never),
      PingOneValidationError,
      "device.phone",
      "FIELD_NOT_ALLOWED",
    ));
  it("a phone without country code", () =>
    expectRefused(
      (m) => m.devices.create(USER, { type: "SMS", phone: "5125201234" }),
      PhoneNumberError,
      "device.phone",
      "MISSING_COUNTRY_CODE",
    ));
  it("an extension in an SMS phone", () =>
    expectRefused(
      (m) => m.devices.create(USER, { type: "SMS", phone: "+1 512 520 1234 ext. 9" }),
      PhoneNumberError,
      "device.phone",
      "EXTENSION_NOT_ALLOWED",
    ));
  it("an impossible one-time phone", () =>
    expectRefused(
      (m) =>
        m.deviceAuthentications.create({
          user: { id: USER },
          selectedDevice: { oneTime: { type: "VOICE", phone: "+1 512 520" } },
        }),
      PhoneNumberError,
      "deviceAuthentication.selectedDevice.oneTime.phone",
      "TOO_SHORT",
    ));
  it("an unknown one-time type", () =>
    expectRefused(
      (m) =>
        m.deviceAuthentications.create({
          user: { id: USER },
          selectedDevice: { oneTime: { type: "WHATSAPP" } },
        } as never),
      PingOneValidationError,
      "deviceAuthentication.selectedDevice.oneTime.type",
      "UNKNOWN_DEVICE_TYPE",
    ));
  it("an empty OTP, nickname or device order, and a repeated or malformed device id", async () => {
    await expectRefused(
      (m) => m.deviceAuthentications.checkOtp(AUTHN, ""),
      PingOneValidationError,
      "otp",
      "INVALID_LENGTH",
    );
    await expectRefused(
      (m) => m.devices.setNickname(USER, DEVICE, ""),
      PingOneValidationError,
      "nickname",
      "INVALID_LENGTH",
    );
    await expectRefused((m) => m.devices.setOrder(USER, []), PingOneValidationError, "deviceIds", "INVALID_LENGTH");
    await expectRefused(
      (m) => m.devices.setOrder(USER, [DEVICE, DEVICE]),
      PingOneValidationError,
      "deviceIds",
      "INVALID_VALUE",
    );
    await expectRefused(
      (m) => m.devices.setOrder(USER, [DEVICE, "not-a-device-id"]),
      PingOneValidationError,
      "deviceIds[1]",
      "INVALID_VALUE",
    );
    await expectRefused(
      (m) => m.devices.setOrder(USER, DEVICE as never),
      PingOneValidationError,
      "deviceIds",
      "INVALID_TYPE",
    );
  });
  it("unknown call options and reserved headers", async () => {
    await expectRefused(
      (m) => m.devices.get(USER, DEVICE, { env: ENV } as never),
      PingOneValidationError,
      "env",
      "UNKNOWN_OPTION",
    );
    await expectRefused(
      (m) => m.devices.get(USER, DEVICE, { headers: { Authorization: "Basic x" } }),
      PingOneValidationError,
      "headers.Authorization",
      "RESERVED_HEADER",
    );
    await expectRefused(
      (m) => m.devices.list(USER, { limt: 5 } as never),
      PingOneValidationError,
      "query.limt",
      "FIELD_NOT_ALLOWED",
    );
  });
  it("leaves the caller's body unchanged while sending E.164", async () => {
    const { mfa, calls } = stubClient(() => json(201, { id: DEVICE, type: "SMS", status: "ACTIVE" }));
    const body = { type: "SMS" as const, phone: "+1 (512) 520-1234" };
    await mfa.devices.create(USER, body);
    expect(body.phone).toBe("+1 (512) 520-1234");
    expect(JSON.parse(calls[0]!.body).phone).toBe("+15125201234");
  });
  it("uses defaultCountry for national numbers", async () => {
    const { mfa, calls } = stubClient(() => json(201, { id: DEVICE, type: "SMS", status: "ACTIVE" }), {
      defaultCountry: "US",
    });
    await mfa.devices.create(USER, {
      type: "VOICE",
      phone: "(512) 520-1234",
      extension: "313#",
      policy: { id: DEVICE },
    });
    expect(JSON.parse(calls[0]!.body)).toMatchObject({ phone: "+15125201234", extension: "313#" });
  });
});

describe("auth and per-call options", () => {
  it("calls a token function for every request, awaiting async ones", async () => {
    let n = 0;
    const { mfa, calls } = stubClient(() => json(200, { id: AUTHN, status: "OTP_REQUIRED" }), {
      accessToken: async () => `token-${++n}`,
    });
    await mfa.deviceAuthentications.get(AUTHN);
    await mfa.deviceAuthentications.get(AUTHN);
    expect(calls.map((c) => c.headers.authorization)).toEqual(["Bearer token-1", "Bearer token-2"]);
  });

  it("refuses an empty token from the function, before sending", async () => {
    const { mfa, calls } = stubClient(undefined, { accessToken: () => "" });
    await expect(mfa.devices.get(USER, DEVICE)).rejects.toMatchObject({
      name: "PingOneValidationError",
      field: "accessToken",
    });
    expect(calls).toHaveLength(0);
  });

  it("sends a call's environmentId and headers", async () => {
    const other = "11111111-2222-4333-8444-555555555555";
    const { mfa, calls } = stubClient(() => json(200, { id: AUTHN, status: "OTP_REQUIRED" }));
    await mfa.deviceAuthentications.get(AUTHN, {
      environmentId: other,
      headers: { "X-Ping-External-Transaction-ID": "t-1" },
    });
    expect(calls[0]!.url).toContain(`/${other}/deviceAuthentications/`);
    expect(calls[0]!.headers["x-ping-external-transaction-id"]).toBe("t-1");
  });
});

describe("the five documented exchanges", () => {
  const fill = (value: unknown) =>
    JSON.parse(
      Object.entries(seeds.placeholders).reduce((t, [from, to]) => t.split(from).join(to), JSON.stringify(value)),
    );

  it.each(seeds.seeds.map((s) => [s.title, s] as const))(
    "%s goes out as documented, phone in E.164",
    async (_, seed) => {
      const request = fill(seed.request);
      const { mfa, calls } = stubClient(() => json(seed.status, seed.response));
      const result =
        seed.host === "authPath"
          ? await mfa.deviceAuthentications.create(request)
          : await mfa.devices.create(USER, request);
      const expected = structuredClone(request);
      const target = expected.selectedDevice?.oneTime ?? expected;
      target.phone = target.phone.replace(/[^\d+]/g, "");
      expect(calls).toHaveLength(1);
      expect(calls[0]!.method).toBe(seed.method);
      expect(calls[0]!.headers["content-type"]).toBe("application/json");
      expect(JSON.parse(calls[0]!.body)).toEqual(expected);
      expect(result).toEqual(seed.response);
    },
  );
});
