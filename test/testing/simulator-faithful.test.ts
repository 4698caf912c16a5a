// The simulator where issue 2 of 6's sources decided its behaviour: creates without `policy`,
// device selection, the user's cool-down after wrong passcodes, the push limit, and acting as the
// user. Through the typed client and the mock's HTTP layer where the mock object offers the call;
// acting as the user goes straight to the simulator, its answers checked against the spec.
import { readFileSync } from "node:fs";
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { createMfaClient, type MfaClient, PingOneApiError } from "../../src/index.ts";
import { type MockServer, startMockServer } from "../../src/testing/index.ts";
import { createSimulator, type NextCalls, type SimulatedRequest } from "../../src/testing/simulation/index.ts";
import { validateAt } from "../support/spec.ts";

const env = "7a6b5c4d-3e2f-4a1b-8c9d-0e1f2a3b4c5d";
const policy = { id: "5a0a0950-8a81-4739-b12a-f4d6a11c7a82" };
let mock: MockServer;
let mfa: MfaClient;
let user: string;
let count = 0;
const newUser = () => `3d2c1b0a-${String(++count).padStart(4, "0")}-4f8e-9d7c-6b5a49382716`;
const failure = (promise: Promise<unknown>) =>
  promise.then(
    () => expect.fail("expected the call to fail"),
    (error: unknown) => {
      expect(error).toBeInstanceOf(PingOneApiError);
      return error as PingOneApiError;
    },
  );
const wrong = (code: string) => (code === "000000" ? "111111" : "000000");

beforeAll(async () => {
  mock = await startMockServer();
});
afterAll(() => mock.close());
beforeEach(() => {
  mock.reset();
  user = newUser();
  mfa = createMfaClient({
    environmentId: env,
    accessToken: "test-token",
    apiBaseUrl: mock.apiBaseUrl,
    authBaseUrl: mock.authBaseUrl,
    retry: false,
    timeoutMs: 60_000,
  });
});
afterEach(() => {
  expect(mock.violations).toEqual([]);
});

describe("creates", () => {
  it("[create.policy-optional] EMAIL, SMS, VOICE, WHATSAPP, TOTP and FIDO2 creates without policy are answered 201", async () => {
    // PingOne's getting-started "Set user device (Email)", sent as it is on the page.
    const raw = await fetch(`${mock.apiBaseUrl}/environments/${env}/users/${user}/devices`, {
      method: "POST",
      headers: { authorization: "Bearer test-token", "content-type": "application/json" },
      body: JSON.stringify({ type: "EMAIL", email: "ada.lovelace@example.com" }),
    });
    expect(raw.status).toBe(201);
    expect(await raw.json()).toMatchObject({ type: "EMAIL", status: "ACTIVE" });
    const created = await Promise.all([
      mfa.devices.create(user, { type: "SMS", phone: "+15125201234" }),
      mfa.devices.create(user, { type: "VOICE", phone: "+15125201235" }),
      mfa.devices.create(user, { type: "WHATSAPP", phone: "+15125201236" }),
      mfa.devices.create(user, { type: "TOTP" }),
      mfa.devices.create(user, { type: "FIDO2", rp: { id: "example.com", name: "Example" } }),
    ]);
    expect(created.map((d) => d.type)).toEqual(["SMS", "VOICE", "WHATSAPP", "TOTP", "FIDO2"]);
    expect((await mfa.devices.list(user)).size).toBe(6);
  });
});

describe("device selection", () => {
  const twoDevices = async () => {
    const first = await mfa.devices.create(user, { type: "SMS", phone: "+15125201234", policy });
    const second = await mfa.devices.create(user, { type: "EMAIL", email: "ada@example.com", policy });
    return [first, second] as const;
  };
  const start = () => mfa.deviceAuthentications.create({ user: { id: user }, policy });

  it("[selection] DEFAULT_TO_FIRST uses the default device at once, and asks only when there is no order", async () => {
    const [first] = await twoDevices();
    expect(await start()).toMatchObject({ status: "OTP_REQUIRED", selectedDevice: { id: first.id } });
    await mfa.devices.removeOrder(user);
    expect((await start()).status).toBe("DEVICE_SELECTION_REQUIRED");
  });

  it("[selection] PROMPT_TO_SELECT asks among several devices and uses a single one at once", async () => {
    mock.setLimits({ authentication: { deviceSelection: "PROMPT_TO_SELECT" } });
    const only = await mfa.devices.create(user, { type: "SMS", phone: "+15125201234", policy });
    expect(await start()).toMatchObject({ status: "OTP_REQUIRED", selectedDevice: { id: only.id } });
    await mfa.devices.create(user, { type: "EMAIL", email: "ada@example.com", policy });
    const several = await start();
    expect(several.status).toBe("DEVICE_SELECTION_REQUIRED");
    expect(several._embedded?.devices).toHaveLength(2);
  });

  it("[selection] ALWAYS_DISPLAY_DEVICES asks even with a single device", async () => {
    mock.setLimits({ authentication: { deviceSelection: "ALWAYS_DISPLAY_DEVICES" } });
    const only = await mfa.devices.create(user, { type: "SMS", phone: "+15125201234", policy });
    const auth = await start();
    expect(auth.status).toBe("DEVICE_SELECTION_REQUIRED");
    expect(auth._embedded?.devices?.map((d) => d.id)).toEqual([only.id]);
    expect(mock.lastOtp({ deviceAuthenticationId: auth.id })).toBeUndefined();
    expect(await mfa.deviceAuthentications.selectDevice(auth.id, { device: { id: only.id } })).toMatchObject({
      status: "OTP_REQUIRED",
    });
  });

  it("[no-usable-device] a user the mock does not know gets 400 NO_USABLE_DEVICES", async () => {
    const error = await failure(mfa.deviceAuthentications.create({ user: { id: newUser() }, policy }));
    expect(error).toMatchObject({ status: 400, code: "REQUEST_FAILED", details: [{ code: "NO_USABLE_DEVICES" }] });
  });
});

describe("wrong passcodes", () => {
  const smsDevice = () => mfa.devices.create(user, { type: "SMS", phone: "+15125201234", policy });
  const start = () => mfa.deviceAuthentications.create({ user: { id: user }, policy });
  const otpOf = (id: string) => mock.lastOtp({ deviceAuthenticationId: id })!;
  const attempt = async (id: string, right = false) => {
    const otp = otpOf(id);
    return failure(mfa.deviceAuthentications.checkOtp(id, right ? otp : wrong(otp)));
  };

  it("[cool-down] the third wrong passcode fails the authentication and blocks the user for 2 minutes: QUOTA_EXCEEDED with a numeric coolDownExpiresAt", async () => {
    await smsDevice();
    const first = await start();
    for (const left of [2, 1, 0])
      expect((await attempt(first.id)).details[0]).toMatchObject({
        code: "INVALID_OTP",
        innerError: { attemptsRemaining: left },
      });
    expect(await mfa.deviceAuthentications.get(first.id)).toMatchObject({ status: "FAILED" });
    const before = Date.now();
    const second = await start();
    const blocked = await failure(mfa.deviceAuthentications.checkOtp(second.id, otpOf(second.id)));
    expect(blocked).toMatchObject({ status: 400, code: "REQUEST_FAILED" });
    expect(blocked.details[0]).toMatchObject({ code: "QUOTA_EXCEEDED" });
    const until = (blocked.details[0]!.innerError as { coolDownExpiresAt: unknown }).coolDownExpiresAt;
    expect(typeof until).toBe("number");
    expect(until as number).toBeGreaterThan(before + 60_000);
    expect(until as number).toBeLessThanOrEqual(Date.now() + 120_000);
    // Retrying on the failed authentication meets the cool-down too, as a public page expects.
    await expect(attempt(first.id)).resolves.toMatchObject({ details: [{ code: "QUOTA_EXCEEDED" }] });
    mock.advanceTime(120_001);
    expect(await mfa.deviceAuthentications.checkOtp(second.id, otpOf(second.id))).toMatchObject({
      status: "COMPLETED",
    });
  });

  it("[cool-down] wrong passcodes count per user across authentications until a right one; the policy sets the count and the cool-down", async () => {
    await smsDevice();
    mock.setLimits({ otp: { failure: { count: 4, coolDown: { duration: 30, timeUnit: "SECONDS" } } } });
    const a = await start();
    await attempt(a.id);
    await attempt(a.id);
    const b = await start();
    expect((await attempt(b.id)).details[0]?.innerError).toMatchObject({ attemptsRemaining: 1 });
    // A right passcode starts the count again.
    await mfa.deviceAuthentications.checkOtp(b.id, otpOf(b.id));
    const c = await start();
    for (const left of [3, 2, 1, 0])
      expect((await attempt(c.id)).details[0]?.innerError).toMatchObject({ attemptsRemaining: left });
    const d = await start();
    await expect(attempt(d.id, true)).resolves.toMatchObject({ details: [{ code: "QUOTA_EXCEEDED" }] });
    mock.advanceTime(30_001);
    expect(await mfa.deviceAuthentications.checkOtp(d.id, otpOf(d.id))).toMatchObject({ status: "COMPLETED" });
  });

  it("[cool-down] one-time passcodes never block the user", async () => {
    await smsDevice();
    const oneTime = await mfa.deviceAuthentications.create({
      user: { id: user },
      policy,
      selectedDevice: { oneTime: { type: "EMAIL", email: "ada@example.com" } },
    } as never);
    for (const left of [2, 1, 0])
      expect((await attempt(oneTime.id)).details[0]?.innerError).toMatchObject({ attemptsRemaining: left });
    expect((await mfa.deviceAuthentications.get(oneTime.id)).status).toBe("FAILED");
    const next = await start();
    expect(await mfa.deviceAuthentications.checkOtp(next.id, otpOf(next.id))).toMatchObject({ status: "COMPLETED" });
  });
});

describe("the push limit", () => {
  const start = () => mfa.deviceAuthentications.create({ user: { id: user }, policy });

  it("[push-limit] 5 denied or ignored pushes block pushes for 30 minutes: the MOBILE device is not usable", async () => {
    const mobile = mock.addDevice({ environmentId: env, userId: user, type: "MOBILE" });
    for (let i = 0; i < 5; i++) {
      const push = await start();
      expect(push).toMatchObject({ status: "PUSH_CONFIRMATION_REQUIRED", selectedDevice: { id: mobile } });
      if (i % 2) mock.denyPush(push.id);
      else mock.timeOutPush(push.id);
      await mfa.deviceAuthentications.get(push.id);
    }
    await expect(start()).rejects.toMatchObject({ status: 400, details: [{ code: "NO_USABLE_DEVICES" }] });
    // With another device, the MOBILE one is listed as blocked, and why.
    await mfa.devices.create(user, { type: "SMS", phone: "+15125201234", policy });
    const other = await start();
    expect(other.status).toBe("OTP_REQUIRED");
    expect(other._embedded?.blockedDevices?.[0]).toMatchObject({
      id: mobile,
      usableStatus: { status: "DISABLED", reason: "PUSH_LIMIT_EXCEEDED" },
    });
    mock.advanceTime(30 * 60_000 + 1);
    await mfa.devices.delete(user, other.selectedDevice!.id!);
    expect((await start()).status).toBe("PUSH_CONFIRMATION_REQUIRED");
  });

  it("[push-limit] an approved push starts the count again; pushes older than the time period do not count", async () => {
    mock.addDevice({ environmentId: env, userId: user, type: "MOBILE" });
    mock.setLimits({ pushLimit: { count: 2 } });
    const answer = async (how: "approve" | "deny") => {
      const push = await start();
      if (how === "approve") mock.approvePush(push.id);
      else mock.denyPush(push.id);
      return (await mfa.deviceAuthentications.get(push.id)).status;
    };
    expect(await answer("deny")).toBe("FAILED");
    expect(await answer("approve")).toBe("COMPLETED");
    expect(await answer("deny")).toBe("FAILED");
    mock.advanceTime(10 * 60_000 + 1);
    expect(await answer("deny")).toBe("FAILED");
    expect((await start()).status).toBe("PUSH_CONFIRMATION_REQUIRED");
    expect(await answer("deny")).toBe("FAILED");
    await expect(start()).rejects.toMatchObject({ status: 400 });
  });
});

describe("acting as the user", () => {
  const spec = JSON.parse(readFileSync(new URL("../../generated/openapi.json", import.meta.url), "utf8"));
  const nextCalls: NextCalls = new Map(
    Object.values(spec.components.schemas as Record<string, any>).flatMap((schema) => {
      const status = schema.allOf?.find((part: any) => part.properties?.status?.const)?.properties.status.const;
      return status && Array.isArray(schema["x-pingone-next"]) ? [[status, schema["x-pingone-next"]]] : [];
    }),
  );
  const self = "5b4a3928-1706-4f5e-8d4c-3b2a19080706";
  const other = "6c5b4a39-2817-4a6f-9e5d-4c3b2a190817";
  const call = (
    sim: ReturnType<typeof createSimulator>,
    token: string,
    action: string,
    params: Record<string, string>,
    body?: unknown,
  ) =>
    sim.handle({
      action,
      params: { environmentId: env, ...params },
      query: {},
      body,
      headers: { authorization: `Bearer ${token}` },
      origin: "http://127.0.0.1:4010",
    } satisfies SimulatedRequest);
  const valid = (pointer: string, body: unknown) => expect(validateAt(pointer, body).errors).toEqual([]);

  it("[create.actor] [user-token] a user's own create starts ACTIVATION_REQUIRED; asking for ACTIVE is refused", () => {
    const sim = createSimulator(nextCalls);
    const token = sim.userToken(env, self);
    expect(sim.acceptsToken(token)).toBe(true);
    for (const body of [
      { type: "EMAIL", email: "ada@example.com" },
      { type: "SMS", phone: "+15125201234", status: "ACTIVATION_REQUIRED" },
    ]) {
      const created = call(sim, token, "devices.create", { userId: self }, body);
      expect(created).toMatchObject({ status: 201, body: { status: "ACTIVATION_REQUIRED" } });
      valid("/components/schemas/Device", created.body);
      expect(sim.lastOtp({ deviceId: (created.body as { id: string }).id })).toMatch(/^\d{6}$/);
    }
    const refused = call(
      sim,
      token,
      "devices.create",
      { userId: self },
      { type: "EMAIL", email: "a@example.com", status: "ACTIVE" },
    );
    expect(refused).toMatchObject({ status: 400, body: { code: "INVALID_DATA", details: [{ target: "status" }] } });
    valid("/components/schemas/PingOneError", refused.body);
    // An administrator's token creates it ACTIVE.
    expect(
      call(sim, "worker", "devices.create", { userId: self }, { type: "EMAIL", email: "a@example.com" }).body,
    ).toMatchObject({
      status: "ACTIVE",
    });
  });

  it("[user-token] reaches only the user's own devices and authentications: 403 otherwise; revokeTokens ends it", () => {
    const sim = createSimulator(nextCalls);
    const token = sim.userToken(env, self);
    call(sim, "worker", "devices.create", { userId: self }, { type: "SMS", phone: "+15125201234" });
    const theirs = call(sim, "worker", "devices.create", { userId: other }, { type: "SMS", phone: "+15125201235" });
    expect(call(sim, token, "devices.list", { userId: self })).toMatchObject({ status: 200, body: { size: 1 } });
    const forbidden = [
      call(sim, token, "devices.list", { userId: other }),
      call(sim, token, "devices.get", { userId: other, deviceId: (theirs.body as { id: string }).id }),
      call(sim, token, "devices.list", { userId: self, environmentId: "8d7c6b5a-4938-4271-8f6e-5d4c3b2a1908" }),
      call(sim, token, "deviceAuthentications.create", {}, { user: { id: other } }),
    ];
    const othersAuth = call(sim, "worker", "deviceAuthentications.create", {}, { user: { id: other } });
    forbidden.push(
      call(sim, token, "deviceAuthentications.get", { deviceAuthenticationId: (othersAuth.body as { id: string }).id }),
    );
    for (const answer of forbidden) {
      expect(answer).toMatchObject({
        status: 403,
        body: { code: "ACCESS_FAILED", details: [{ code: "INSUFFICIENT_PERMISSIONS" }] },
      });
      valid("/components/schemas/PingOneError", answer.body);
    }
    const own = call(sim, token, "deviceAuthentications.create", {}, { user: { id: self } });
    expect(own).toMatchObject({ status: 201, body: { status: "OTP_REQUIRED" } });
    valid("/components/schemas/DeviceAuthentication", own.body);
    // Once the token endpoint has issued a token, user tokens still work; revoked, they do not.
    sim.token(new URLSearchParams("grant_type=client_credentials&client_id=a&client_secret=b"), undefined);
    expect(sim.acceptsToken(token)).toBe(true);
    sim.revokeTokens();
    expect(sim.acceptsToken(token)).toBe(false);
    // It lasts accessTokenValiditySeconds.
    sim.setLimits({ accessTokenValiditySeconds: 60 });
    const short = sim.userToken(env, self);
    sim.advanceTime(60_001);
    expect(sim.acceptsToken(short)).toBe(false);
  });
});
