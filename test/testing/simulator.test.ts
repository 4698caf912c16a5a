// The simulator, row by row as the README's simulator table lists it, through the typed client.
// After every test the mock's own answers must have passed the spec's response schemas, and no
// passcode may have crossed the wire except as `test.otp` on a test-mode device.
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { createMfaClient, type MfaClient, PingOneApiError } from "../../src/index.ts";
import { type MockServer, startMockServer } from "../../src/testing/index.ts";

const env = "0c9f2a8e-5b1d-4e3f-9a7c-6d2b8e4f1a3c";
const policy = { id: "5a0a0950-8a81-4739-b12a-f4d6a11c7a82" };
let mock: MockServer;
let mfa: MfaClient;
let user: string;
let wire: string[] = [];
let userCount = 0;

// The settings the README recommends for tests (one quick retry), with a deadline generous enough
// for a loaded machine; a test about the deadline sets its own.
const testClient = (extra: Partial<Parameters<typeof createMfaClient>[0]> = {}) =>
  createMfaClient({
    environmentId: env,
    accessToken: "test-token",
    apiBaseUrl: mock.apiBaseUrl,
    authBaseUrl: mock.authBaseUrl,
    retry: { maxRetries: 1, baseDelayMs: 10, maxDelayMs: 50 },
    timeoutMs: 60_000,
    fetch: async (request) => {
      const response = await fetch(request);
      wire.push(await response.clone().text());
      return response;
    },
    ...extra,
  });
const failure = (promise: Promise<unknown>) =>
  promise.then(
    () => expect.fail("expected the call to fail"),
    (error: unknown) => error as PingOneApiError,
  );
const sms = (phone = "+1 512 520 1234") => ({ type: "SMS" as const, phone, policy });
const email = (address = "ada.lovelace@example.com") => ({ type: "EMAIL" as const, email: address, policy });
const newUser = () => `7c0e${String(++userCount).padStart(4, "0")}-1a2b-4c3d-8e4f-5a6b7c8d9e0f`;
/** An active SMS device, made the way PingOne makes one for an administrator. */
const activeSms = async (phone?: string) => mfa.devices.create(user, sms(phone));
/** A device that needs activation, with its pairing code read from the mock. */
async function pending(
  body: Parameters<MfaClient["devices"]["create"]>[1] = { ...sms(), status: "ACTIVATION_REQUIRED" },
) {
  const device = await mfa.devices.create(user, body);
  return { device, otp: mock.lastOtp({ deviceId: device.id })! };
}

beforeAll(async () => {
  mock = await startMockServer();
});
afterAll(() => mock.close());
beforeEach(() => {
  mock.reset();
  wire = [];
  user = newUser();
  mfa = testClient();
});
afterEach(() => {
  expect(mock.violations).toEqual([]);
});

describe("simulator: devices", () => {
  it("[create.ids] [create.status] create: server-set id and dates; SMS, VOICE, EMAIL, WHATSAPP start ACTIVE, credential types ACTIVATION_REQUIRED", async () => {
    const before = Date.now();
    const device = await activeSms();
    expect(device.id).toMatch(/^[0-9a-f-]{36}$/);
    expect(Date.parse(device.createdAt!)).toBeGreaterThanOrEqual(before - 1000);
    expect(device).toMatchObject({
      status: "ACTIVE",
      type: "SMS",
      phone: "+15125201234",
      user: { id: user },
      environment: { id: env },
    });
    expect((await mfa.devices.create(user, { type: "VOICE", phone: "+15125201235", policy })).status).toBe("ACTIVE");
    expect((await mfa.devices.create(user, email())).status).toBe("ACTIVE");
    expect((await mfa.devices.create(user, { type: "TOTP" })).status).toBe("ACTIVATION_REQUIRED");
    const fido = await mfa.devices.create(user, { type: "FIDO2", rp: { id: "example.com", name: "Example" }, policy });
    expect(fido).toMatchObject({
      status: "ACTIVATION_REQUIRED",
      publicKeyCredentialCreationOptions: expect.any(String),
    });
  });

  it("[create.cap] the device cap counts ACTIVE and blocked devices: past 5, PingOne's LIMIT_EXCEEDED", async () => {
    // Two devices awaiting activation do not count.
    const { device: waiting } = await pending();
    await mfa.devices.create(user, { type: "TOTP" });
    const active = [];
    for (let i = 0; i < 5; i++) active.push(await activeSms(`+1512520123${i}`));
    const error = await failure(activeSms("+15125201299"));
    expect(error).toMatchObject({ status: 400, code: "REQUEST_FAILED" });
    expect(error.details[0]).toMatchObject({ code: "LIMIT_EXCEEDED", innerError: { maximumAllowed: 5 } });
    // A blocked device still counts; a deleted one frees its place.
    await mfa.devices.block(user, active[0]!.id);
    await expect(activeSms("+15125201298")).rejects.toMatchObject({ status: 400 });
    await mfa.devices.delete(user, active[0]!.id);
    // Activating a waiting device is held to the cap too (the cap bounds ACTIVE devices).
    await activeSms("+15125201297");
    const otp = mock.lastOtp({ deviceId: waiting.id })!;
    const activation = await failure(mfa.devices.activate(user, waiting.id, { otp }));
    expect(activation.details[0]).toMatchObject({ code: "LIMIT_EXCEEDED", innerError: { maximumAllowed: 5 } });
    // The cap is the MFA settings' pairing.maxAllowedDevices: up to 15.
    mock.setLimits({ pairing: { maxAllowedDevices: 6 } });
    expect(await mfa.devices.activate(user, waiting.id, { otp })).toMatchObject({ status: "ACTIVE" });
    expect(() => mock.setLimits({ pairing: { maxAllowedDevices: 16 } })).toThrow(/pairing\.maxAllowedDevices.*15/);
  });

  it("[create.test-mode] create in test mode returns the pairing code as test.otp, as PingOne does", async () => {
    const device = await mfa.devices.create(user, {
      ...sms("+14135550150"),
      testMode: true,
      status: "ACTIVATION_REQUIRED",
    });
    expect(device.test?.otp).toMatch(/^\d{6}$/);
    expect(device.test?.otp).toBe(mock.lastOtp({ deviceId: device.id }));
    // A device not in test mode never shows its code on the wire.
    const { otp } = await pending();
    expect(wire.join("\n")).not.toContain(otp);
  });

  it("[list] [not-found] get and list: a created device is there, filtered by status and type, limited, default first, with the order when expanded", async () => {
    const first = await activeSms();
    const second = await mfa.devices.create(user, email());
    const { device: third } = await pending();
    expect(await mfa.devices.get(user, second.id)).toMatchObject({ id: second.id, type: "EMAIL" });
    const all = await mfa.devices.list(user);
    expect(all._embedded.devices.map((d) => d.id)).toEqual([first.id, second.id, third.id]);
    const active = await mfa.devices.list(user, { filter: 'status eq "ACTIVE"' });
    expect(active._embedded.devices.map((d) => d.id)).toEqual([first.id, second.id]);
    const emails = await mfa.devices.list(user, { filter: 'type eq "EMAIL"' });
    expect(emails._embedded.devices.map((d) => d.id)).toEqual([second.id]);
    expect((await mfa.devices.list(user, { limit: 1 }))._embedded.devices).toHaveLength(1);
    const expanded = await mfa.devices.list(user, { expand: "order" });
    expect(expanded._embedded.order).toEqual([{ id: first.id }, { id: second.id }]);
    await expect(mfa.devices.get(user, "3f2e1d0c-9b8a-4766-8544-332211009988")).rejects.toMatchObject({
      status: 404,
      code: "NOT_FOUND",
    });
    // Another user, another environment: not visible.
    await expect(mfa.devices.get(newUser(), first.id)).rejects.toMatchObject({ status: 404 });
    const otherEnv = testClient({ environmentId: "9e8d7c6b-5a49-4382-9170-6f5e4d3c2b1a" });
    await expect(otherEnv.devices.get(user, first.id)).rejects.toMatchObject({ status: 404 });
  });

  it("[delete] delete: gone afterwards (404), and the next device becomes the default", async () => {
    const first = await activeSms();
    const second = await mfa.devices.create(user, email());
    await mfa.devices.delete(user, first.id);
    await expect(mfa.devices.get(user, first.id)).rejects.toMatchObject({ status: 404 });
    await expect(mfa.devices.delete(user, first.id)).rejects.toMatchObject({ status: 404 });
    expect((await mfa.devices.list(user, { expand: "order" }))._embedded.order).toEqual([{ id: second.id }]);
  });

  it("[activate] activate: the right passcode → ACTIVE; a wrong one → PingOne's 400 with INVALID_OTP; too many → locked; unlock resets", async () => {
    const { device, otp } = await pending();
    const wrong = await failure(mfa.devices.activate(user, device.id, { otp: otp === "000000" ? "111111" : "000000" }));
    expect(wrong).toMatchObject({ status: 400, code: "INVALID_DATA" });
    expect(wrong.details[0]).toMatchObject({
      code: "INVALID_OTP",
      target: "otp",
      innerError: { attemptsRemaining: 2 },
    });
    expect(await mfa.devices.activate(user, device.id, { otp })).toMatchObject({ status: "ACTIVE" });

    const { device: other, otp: code } = await pending({ ...email(), status: "ACTIVATION_REQUIRED" });
    const bad = code === "123456" ? "654321" : "123456";
    await failure(mfa.devices.activate(user, other.id, { otp: bad }));
    await failure(mfa.devices.activate(user, other.id, { otp: bad }));
    const locked = await failure(mfa.devices.activate(user, other.id, { otp: bad }));
    expect(locked.details[0]).toMatchObject({
      code: "LIMIT_EXCEEDED",
      innerError: { lockExpiresAt: expect.any(String) },
    });
    expect(await mfa.devices.get(user, other.id)).toMatchObject({ lock: { status: "LOCKED" } });
    // Locked: even the right code is refused until unlocked.
    await expect(mfa.devices.activate(user, other.id, { otp: code })).rejects.toMatchObject({ status: 400 });
    expect(await mfa.devices.unlock(user, other.id)).toMatchObject({ lock: { status: "UNLOCKED" } });
    expect(await mfa.devices.activate(user, other.id, { otp: code })).toMatchObject({ status: "ACTIVE" });
  });

  it("[activate] activate: a lock ends by itself when its time is up", async () => {
    const { device, otp } = await pending();
    mock.setLimits({ lockoutFailures: 1, lockoutSeconds: 60 });
    await failure(mfa.devices.activate(user, device.id, { otp: otp === "999999" ? "888888" : "999999" }));
    await expect(mfa.devices.activate(user, device.id, { otp })).rejects.toMatchObject({ status: 400 });
    mock.advanceTime(61_000);
    expect(await mfa.devices.activate(user, device.id, { otp })).toMatchObject({ status: "ACTIVE" });
  });

  it("[block] block and unblock: a blocked device cannot authenticate", async () => {
    const device = await activeSms();
    expect(await mfa.devices.block(user, device.id)).toMatchObject({ status: "ACTIVE", block: { status: "BLOCKED" } });
    // Its only device blocked, the user has no usable device.
    await expect(mfa.deviceAuthentications.create({ user: { id: user }, policy })).rejects.toMatchObject({
      status: 400,
      details: [{ code: "NO_USABLE_DEVICES" }],
    });
    // With another device, the blocked one is listed apart and cannot be chosen.
    const other = await mfa.devices.create(user, email());
    const auth = await mfa.deviceAuthentications.create({ user: { id: user }, policy });
    expect(auth).toMatchObject({ status: "OTP_REQUIRED", selectedDevice: { id: other.id } });
    expect(auth._embedded?.blockedDevices?.map((d) => d.id)).toEqual([device.id]);
    await mfa.devices.delete(user, other.id);
    expect(await mfa.devices.unblock(user, device.id)).toMatchObject({ block: { status: "UNBLOCKED" } });
    expect((await mfa.deviceAuthentications.create({ user: { id: user }, policy })).status).toBe("OTP_REQUIRED");
  });

  it("[order] set and remove the order: the first is the default; without an order the user chooses", async () => {
    const first = await activeSms();
    const second = await mfa.devices.create(user, email());
    const order = await mfa.devices.setOrder(user, [second.id]);
    expect(order.order).toEqual([{ id: second.id }, { id: first.id }]);
    const auth = await mfa.deviceAuthentications.create({ user: { id: user }, policy });
    expect(auth).toMatchObject({ status: "OTP_REQUIRED", selectedDevice: { id: second.id } });
    await mfa.devices.removeOrder(user);
    expect((await mfa.deviceAuthentications.create({ user: { id: user }, policy })).status).toBe(
      "DEVICE_SELECTION_REQUIRED",
    );
    // Only the user's active devices can be ordered.
    const { device: inactive } = await pending();
    await expect(mfa.devices.setOrder(user, [inactive.id])).rejects.toMatchObject({ status: 400 });
  });

  it("[other-device-calls] nickname: set, and seen on the next read", async () => {
    const device = await activeSms();
    expect(await mfa.devices.setNickname(user, device.id, "Work phone")).toMatchObject({ nickname: "Work phone" });
    expect(await mfa.devices.get(user, device.id)).toMatchObject({ nickname: "Work phone" });
  });

  it("[other-device-calls] send logs: MOBILE devices only", async () => {
    const mobile = mock.addDevice({ environmentId: env, userId: user, type: "MOBILE" });
    expect(await mfa.devices.sendLogs(user, mobile)).toMatchObject({ status: "PENDING" });
    const device = await activeSms();
    await expect(mfa.devices.sendLogs(user, device.id)).rejects.toMatchObject({ status: 400 });
  });

  it("[other-device-calls] resend the pairing code: a new code, the old one no longer works", async () => {
    const { device, otp } = await pending();
    await mfa.devices.resendPairingCode(user, device.id);
    const fresh = mock.lastOtp({ deviceId: device.id })!;
    if (fresh !== otp)
      await expect(mfa.devices.activate(user, device.id, { otp })).rejects.toMatchObject({ status: 400 });
    expect(await mfa.devices.activate(user, device.id, { otp: fresh })).toMatchObject({ status: "ACTIVE" });
  });
});

describe("simulator: deviceAuthentications", () => {
  it("[no-usable-device] [selection] create: no usable device → 400 NO_USABLE_DEVICES; one → OTP_REQUIRED; several → the default, or DEVICE_SELECTION_REQUIRED when the policy prompts", async () => {
    const none = await mfa.deviceAuthentications.create({ user: { id: user }, policy }).then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(none).toBeInstanceOf(PingOneApiError);
    expect(none).toMatchObject({ status: 400, details: [{ code: "NO_USABLE_DEVICES" }] });
    const first = await activeSms();
    const one = await mfa.deviceAuthentications.create({ user: { id: user }, policy });
    expect(one).toMatchObject({ status: "OTP_REQUIRED", selectedDevice: { id: first.id } });
    await mfa.devices.create(user, email());
    expect((await mfa.deviceAuthentications.create({ user: { id: user }, policy })).status).toBe("OTP_REQUIRED");
    mock.setLimits({ deviceSelection: "PROMPT_TO_SELECT" });
    const several = await mfa.deviceAuthentications.create({ user: { id: user }, policy });
    expect(several.status).toBe("DEVICE_SELECTION_REQUIRED");
    expect(several._embedded?.devices).toHaveLength(2);
  });

  it.each([
    ["SMS", { type: "SMS", phone: "+14135550144" }, { phone: "*******44" }],
    ["VOICE", { type: "VOICE", phone: "+1 (413) 555-0177" }, { phone: "*******77" }],
    ["EMAIL", { type: "EMAIL", email: "grace.hopper@example.com" }, { email: "gr****@example.com" }],
  ] as const)(
    "[one-time] one-time %s for any user: OTP_REQUIRED at once, the target masked as PingOne masks it",
    async (_, oneTime, masked) => {
      const auth = await mfa.deviceAuthentications.create({
        user: { id: user },
        policy,
        selectedDevice: { oneTime },
      } as never);
      expect(auth.status).toBe("OTP_REQUIRED");
      expect(auth.selectedDevice?.oneTime).toEqual({ type: oneTime.type, ...masked });
      const otp = mock.lastOtp({ deviceAuthenticationId: auth.id })!;
      expect(wire.join("\n")).not.toContain(otp);
      expect(wire.join("\n")).not.toContain("4135550");
      expect(await mfa.deviceAuthentications.checkOtp(auth.id, otp)).toMatchObject({ status: "COMPLETED" });
    },
  );

  it("[select] select: the chosen device gets the passcode", async () => {
    const first = await activeSms();
    const second = await mfa.devices.create(user, email());
    mock.setLimits({ deviceSelection: "PROMPT_TO_SELECT" });
    const auth = await mfa.deviceAuthentications.create({ user: { id: user }, policy });
    const selected = await mfa.deviceAuthentications.selectDevice(auth.id, { device: { id: second.id } });
    expect(selected).toMatchObject({ status: "OTP_REQUIRED", selectedDevice: { id: second.id } });
    expect(mock.lastOtp({ deviceId: second.id })).toBe(mock.lastOtp({ deviceAuthenticationId: auth.id }));
    expect(mock.lastOtp({ deviceId: first.id })).toBeUndefined();
    // A device that is not the user's is refused.
    await expect(
      mfa.deviceAuthentications.selectDevice(auth.id, { device: { id: "1e2d3c4b-5a69-4788-9766-554433221100" } }),
    ).rejects.toMatchObject({ status: 400 });
  });

  it("[check-otp] [not-allowed] checkOtp: right → COMPLETED; wrong → 400 with the attempts left; exhausted → FAILED", async () => {
    await activeSms();
    const auth = await mfa.deviceAuthentications.create({ user: { id: user }, policy });
    const otp = mock.lastOtp({ deviceAuthenticationId: auth.id })!;
    const bad = otp === "000000" ? "000001" : "000000";
    const wrong = await failure(mfa.deviceAuthentications.checkOtp(auth.id, bad));
    expect(wrong.details[0]).toMatchObject({ code: "INVALID_OTP", innerError: { attemptsRemaining: 2 } });
    expect(await mfa.deviceAuthentications.checkOtp(auth.id, otp)).toMatchObject({ status: "COMPLETED" });

    const again = await mfa.deviceAuthentications.create({ user: { id: user }, policy });
    for (const left of [2, 1, 0]) {
      const error = await failure(mfa.deviceAuthentications.checkOtp(again.id, bad));
      expect(error.details[0]?.innerError).toMatchObject({ attemptsRemaining: left });
    }
    expect(await mfa.deviceAuthentications.get(again.id)).toMatchObject({
      status: "FAILED",
      error: { code: "OTP_ATTEMPTS_EXCEEDED" },
    });
    // FAILED allows nothing but a read.
    await expect(mfa.deviceAuthentications.checkOtp(again.id, otp)).rejects.toMatchObject({ status: 400 });
  });

  it("[check-otp] checkOtp: a passcode past its lifetime is refused", async () => {
    await activeSms();
    mock.setLimits({ otpLifetimeSeconds: 30 });
    const auth = await mfa.deviceAuthentications.create({ user: { id: user }, policy });
    mock.advanceTime(31_000);
    await expect(
      mfa.deviceAuthentications.checkOtp(auth.id, mock.lastOtp({ deviceAuthenticationId: auth.id })!),
    ).rejects.toMatchObject({ status: 400 });
  });

  it("[push] push: approve, deny, time out; cancel goes back to device selection", async () => {
    const mobile = mock.addDevice({ environmentId: env, userId: user, type: "MOBILE" });
    const approve = await mfa.deviceAuthentications.create({ user: { id: user }, policy });
    expect(approve).toMatchObject({ status: "PUSH_CONFIRMATION_REQUIRED", selectedDevice: { id: mobile } });
    mock.approvePush(approve.id);
    expect(await mfa.deviceAuthentications.get(approve.id)).toMatchObject({ status: "COMPLETED" });
    const deny = await mfa.deviceAuthentications.create({ user: { id: user }, policy });
    mock.denyPush(deny.id);
    expect((await mfa.deviceAuthentications.get(deny.id)).status).toBe("FAILED");
    const late = await mfa.deviceAuthentications.create({ user: { id: user }, policy });
    mock.timeOutPush(late.id);
    expect((await mfa.deviceAuthentications.get(late.id)).status).toBe("PUSH_CONFIRMATION_TIMED_OUT");
    const cancelled = await mfa.deviceAuthentications.create({ user: { id: user }, policy });
    expect(await mfa.deviceAuthentications.cancel(cancelled.id, "CHANGE_DEVICE")).toMatchObject({
      status: "DEVICE_SELECTION_REQUIRED",
    });
  });

  it("[assertion] FIDO2: an assertion is asked for and any assertion completes", async () => {
    mock.addDevice({ environmentId: env, userId: user, type: "FIDO2", rp: { id: "example.com", name: "Example" } });
    const auth = await mfa.deviceAuthentications.create({ user: { id: user }, policy });
    expect(auth).toMatchObject({ status: "ASSERTION_REQUIRED", publicKeyCredentialRequestOptions: expect.any(String) });
    const done = await mfa.deviceAuthentications.checkAssertion(auth.id, {
      assertion: JSON.stringify({ id: "cred" }),
      origin: "https://example.com",
      compatibility: "FULL",
    });
    expect(done.status).toBe("COMPLETED");
  });

  it("[expiry] get, and expiry: an authentication past its lifetime is gone (404)", async () => {
    await activeSms();
    const auth = await mfa.deviceAuthentications.create({ user: { id: user }, policy });
    expect(await mfa.deviceAuthentications.get(auth.id)).toMatchObject({ id: auth.id, status: "OTP_REQUIRED" });
    mock.advanceTime(30 * 60_000 + 1);
    await expect(mfa.deviceAuthentications.get(auth.id)).rejects.toMatchObject({ status: 404, code: "NOT_FOUND" });
    await expect(mfa.deviceAuthentications.get("0f1e2d3c-4b5a-4697-8877-665544332211")).rejects.toMatchObject({
      status: 404,
    });
  });

  it("[remember] remembered device: COMPLETED with the cookie the browser was remembered with, FAILED without", async () => {
    const payload = "eyJhbGciOiJSUzI1NiJ9.payload.signature";
    const cookie = mock.rememberBrowser({ environmentId: env, userId: user, payload });
    const check = { user: { id: user }, policy, payload: { type: "BROWSER" as const, value: payload } };
    const remembered = await mfa.deviceAuthentications.checkRememberedDevice(check, cookie);
    expect(remembered.status).toBe("COMPLETED");
    expect(remembered._embedded?.accessingDevices?.[0]).toMatchObject({ type: "BROWSER" });
    expect((await mfa.deviceAuthentications.checkRememberedDevice(check, "ST=someone-else")).status).toBe("FAILED");
    expect(
      (
        await mfa.deviceAuthentications.checkRememberedDevice(
          { ...check, payload: { type: "BROWSER", value: "other" } },
          cookie,
        )
      ).status,
    ).toBe("FAILED");
  });

  it("[remember] remember, then check: the cookie devices.remember returns is the one the check takes", async () => {
    const payload = "eyJhbGciOiJSUzI1NiJ9.remembered.signature";
    const session = { id: "db259ebc-59b3-4871-bb67-d7715a8fb86e" };
    const { device, cookie } = await mfa.devices.remember(user, { type: "BROWSER", policy, payload, session });
    expect(device).toMatchObject({ type: "BROWSER", status: "ACTIVE" });
    expect(cookie).toMatch(/^ST=[\w-]+; Path=\/; Secure; HttpOnly$/);
    const check = {
      user: { id: user },
      policy,
      payload: { type: "BROWSER" as const, value: payload },
      deviceSession: session,
    };
    expect((await mfa.deviceAuthentications.checkRememberedDevice(check, cookie)).status).toBe("COMPLETED");
    const { deviceSession: _, ...withoutSession } = check;
    expect((await mfa.deviceAuthentications.checkRememberedDevice(withoutSession, cookie)).status).toBe("FAILED");
  });
});

describe("simulator: limits, faults, links, tokens", () => {
  it("[daily-quotas] PingOne's daily limits: the 51st SMS of the day is REQUEST_LIMITED with Retry-After; a test can lower the limit; the next day resets it", async () => {
    const device = await activeSms();
    mock.setLimits({ smsPerDay: 2 });
    await mfa.deviceAuthentications.create({ user: { id: user }, policy });
    await mfa.deviceAuthentications.create({ user: { id: user }, policy });
    const limited = await failure(
      testClient({ retry: false }).deviceAuthentications.create({ user: { id: user }, policy }),
    );
    expect(limited).toMatchObject({ status: 429, code: "REQUEST_LIMITED", retryAfterMs: expect.any(Number) });
    expect(limited.details[0]).toMatchObject({ code: "QUOTA_EXCEEDED", innerError: { quotaLimit: 2 } });
    mock.advanceTime(24 * 3600_000);
    expect((await mfa.deviceAuthentications.create({ user: { id: user }, policy })).selectedDevice).toEqual({
      id: device.id,
    });
    // Emails count separately, 50 a day unless lowered.
    mock.setLimits({ emailsPerDay: 0 });
    await expect(
      testClient({ retry: false }).deviceAuthentications.create({
        user: { id: user },
        policy,
        selectedDevice: { oneTime: { type: "EMAIL", email: "a@example.com" } },
      } as never),
    ).rejects.toMatchObject({ status: 429 });
  });

  it("[daily-quotas] the default daily limit is PingOne's 50 SMS", async () => {
    await activeSms();
    for (let i = 0; i < 50; i++) await mfa.deviceAuthentications.create({ user: { id: user }, policy });
    await expect(
      testClient({ retry: false }).deviceAuthentications.create({ user: { id: user }, policy }),
    ).rejects.toMatchObject({ status: 429 });
  });

  it("faults on demand: a 429 with Retry-After 0 is retried and passes; with a Retry-After past the deadline it fails fast", async () => {
    mock.failNext({ status: 429, retryAfter: 0 });
    expect((await mfa.devices.list(user)).size).toBe(0);
    // One 429 only: a client that waited its 120 s would end with a PingOneTimeoutError (the
    // deadline is 60 s); the 429 itself coming back says it gave up at once, without a retry.
    mock.failNext({ status: 429, retryAfter: 120 });
    await expect(mfa.devices.list(user)).rejects.toMatchObject({ status: 429, retryAfterMs: 120_000 });
    mock.reset();
  });

  it("faults on demand: 5xx, a delay, a dropped connection, only for one action", async () => {
    mock.failNext({ status: 503, action: "devices.get" });
    const device = await activeSms();
    // GET is retried once after a 503 with the test settings; a second 503 would surface.
    expect((await mfa.devices.get(user, device.id)).id).toBe(device.id);
    mock.failNext({ status: 500, times: 2 });
    await expect(mfa.devices.list(user)).rejects.toMatchObject({ status: 500, code: "UNEXPECTED_ERROR" });
    mock.failNext({ delayMs: 300 });
    await expect(testClient({ timeoutMs: 100, retry: false }).devices.list(user)).rejects.toMatchObject({
      name: "PingOneTimeoutError",
    });
    mock.failNext({ drop: true });
    await expect(testClient({ retry: false }).devices.list(user)).rejects.toMatchObject({
      name: "PingOneNetworkError",
    });
    expect(() => mock.failNext({ status: 42 })).toThrow(RangeError);
  });

  it("[links] _links point at the mock itself, so following one works", async () => {
    const device = await activeSms();
    const self = (device._links as Record<string, { href: string }>).self!.href;
    expect(self.startsWith(mock.apiBaseUrl)).toBe(true);
    const followed = await fetch(self, { headers: { authorization: "Bearer test-token" } });
    expect(await followed.json()).toMatchObject({ id: device.id });
    const auth = await mfa.deviceAuthentications.create({ user: { id: user }, policy });
    const check = (auth._links as Record<string, { href: string }>)["otp.check"]!.href;
    expect(check).toBe(`${mock.authBaseUrl}/${env}/deviceAuthentications/${auth.id}`);
  });

  it("[token] token endpoint: client credentials by Basic or form; registered clients only once registered; revoked tokens get 401", async () => {
    const tokenUrl = `${mock.authBaseUrl}/${env}/as/token`;
    const basic = await fetch(tokenUrl, {
      method: "POST",
      headers: { "content-type": "application/x-www-form-urlencoded", authorization: `Basic ${btoa("client:secret")}` },
      body: "grant_type=client_credentials",
    });
    expect(basic.status).toBe(200);
    // The scheme name in any case (RFC 9110 §11.1).
    const lower = await fetch(tokenUrl, {
      method: "POST",
      headers: { "content-type": "application/x-www-form-urlencoded", authorization: `bAsIc ${btoa("client:secret")}` },
      body: "grant_type=client_credentials",
    });
    expect(lower.status).toBe(200);
    const issued = (await basic.json()) as { access_token: string; token_type: string; expires_in: number };
    expect(issued).toMatchObject({ token_type: "Bearer", expires_in: 3600 });
    // Once a token is issued, only issued tokens work.
    await expect(mfa.devices.list(user)).rejects.toMatchObject({ status: 401 });
    const authorized = testClient({ accessToken: issued.access_token });
    expect((await authorized.devices.list(user)).size).toBe(0);
    mock.revokeTokens();
    await expect(authorized.devices.list(user)).rejects.toMatchObject({ status: 401, code: "ACCESS_FAILED" });

    mock.registerClient("worker", "s3cret");
    const post = (body: string) =>
      fetch(tokenUrl, { method: "POST", headers: { "content-type": "application/x-www-form-urlencoded" }, body });
    expect((await post("grant_type=client_credentials&client_id=worker&client_secret=s3cret")).status).toBe(200);
    const refused = await post("grant_type=client_credentials&client_id=worker&client_secret=wrong");
    expect(refused.status).toBe(401);
    expect(await refused.json()).toMatchObject({ error: "invalid_client" });
    expect(await (await post("grant_type=password")).json()).toMatchObject({ error: "unsupported_grant_type" });
    // Tokens expire with their lifetime.
    mock.setLimits({ tokenLifetimeSeconds: 60 });
    const short = (await (
      await post("grant_type=client_credentials&client_id=worker&client_secret=s3cret")
    ).json()) as { access_token: string };
    mock.advanceTime(61_000);
    await expect(testClient({ accessToken: short.access_token }).devices.list(user)).rejects.toMatchObject({
      status: 401,
    });
  });

  it("reset forgets everything", async () => {
    const device = await activeSms();
    mock.failNext({ status: 500, action: "devices.delete" });
    mock.reset();
    await expect(mfa.devices.get(user, device.id)).rejects.toMatchObject({ status: 404 });
    expect(mock.lastOtp({ userId: user })).toBeUndefined();
  });
});

describe("simulator: what a demanding user (or a fuzzer) tries", () => {
  const base32Decode = (text: string) => {
    const bits = [...text]
      .map((c) => "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567".indexOf(c).toString(2).padStart(5, "0"))
      .join("");
    return Buffer.from(bits.match(/.{8}/g)!.map((byte) => parseInt(byte, 2)));
  };
  // RFC 6238 written independently of the simulator's, checked on the RFC's own test vector.
  const totp = async (key: Buffer, time: number) => {
    const { createHmac } = await import("node:crypto");
    const counter = Buffer.alloc(8);
    counter.writeBigUInt64BE(BigInt(Math.floor(time / 30_000)));
    const mac = createHmac("sha1", key).update(counter).digest();
    const at = mac[19]! & 0xf;
    return String((mac.readUInt32BE(at) & 0x7fffffff) % 1_000_000).padStart(6, "0");
  };

  it("[create.credentials] TOTP: the secret is base32 and the codes an authenticator app computes from it work", async () => {
    expect(await totp(Buffer.from("12345678901234567890"), 59_000)).toBe("287082");
    const device = await mfa.devices.create(user, { type: "TOTP" });
    expect(device.secret).toMatch(/^[A-Z2-7]{32}$/);
    const key = base32Decode(device.secret!);
    await expect(
      mfa.devices.activate(user, device.id, { otp: "000000" === (await totp(key, Date.now())) ? "111111" : "000000" }),
    ).rejects.toMatchObject({ status: 400 });
    expect(await mfa.devices.activate(user, device.id, { otp: await totp(key, Date.now()) })).toMatchObject({
      status: "ACTIVE",
    });
    const auth = await mfa.deviceAuthentications.create({ user: { id: user }, policy });
    expect(auth.status).toBe("OTP_REQUIRED");
    expect(mock.lastOtp({ deviceAuthenticationId: auth.id })).toBeUndefined();
    expect(await mfa.deviceAuthentications.checkOtp(auth.id, await totp(key, Date.now()))).toMatchObject({
      status: "COMPLETED",
    });
  });

  it("[activate] activation needs its proof: a passcode device refuses an attestation, a FIDO2 device needs one", async () => {
    const { device } = await pending({ ...email(), status: "ACTIVATION_REQUIRED" });
    const error = await failure(mfa.devices.activate(user, device.id, { attestation: "{}" } as never));
    expect(error.details[0]).toMatchObject({ code: "REQUIRED_VALUE", target: "otp" });
    const fido = await mfa.devices.create(user, { type: "FIDO2", rp: { id: "example.com", name: "Example" }, policy });
    await expect(mfa.devices.activate(user, fido.id, { otp: "123456" })).rejects.toMatchObject({ status: 400 });
  });

  it("[device-gone] a device blocked or deleted during an authentication cannot complete it", async () => {
    const device = await activeSms();
    const auth = await mfa.deviceAuthentications.create({ user: { id: user }, policy });
    await mfa.devices.block(user, device.id);
    const blocked = await failure(
      mfa.deviceAuthentications.checkOtp(auth.id, mock.lastOtp({ deviceAuthenticationId: auth.id })!),
    );
    expect(blocked.details[0]).toMatchObject({ target: "selectedDevice.id" });
    const mobile = mock.addDevice({ environmentId: env, userId: user, type: "MOBILE" });
    await mfa.devices.unblock(user, device.id);
    await mfa.devices.delete(user, device.id);
    const push = await mfa.deviceAuthentications.create({ user: { id: user }, policy });
    expect(push.selectedDevice).toEqual({ id: mobile });
    await mfa.devices.delete(user, mobile);
    mock.approvePush(push.id);
    expect(await mfa.deviceAuthentications.get(push.id)).toMatchObject({
      status: "FAILED",
      error: { code: "DEVICE_NOT_USABLE" },
    });
  });

  it("[select] selecting a device deleted meanwhile is INVALID_DATA on device.id", async () => {
    mock.setLimits({ deviceSelection: "PROMPT_TO_SELECT" });
    const first = await activeSms();
    await mfa.devices.create(user, email());
    const auth = await mfa.deviceAuthentications.create({ user: { id: user }, policy });
    await mfa.devices.delete(user, first.id);
    const error = await failure(mfa.deviceAuthentications.selectDevice(auth.id, { device: { id: first.id } }));
    expect(error).toMatchObject({ code: "INVALID_DATA", details: [expect.objectContaining({ target: "device.id" })] });
  });

  it("[one-time] lastOtp({ to }) matches a phone in any spelling, and a one-letter email name is hidden", async () => {
    const auth = await mfa.deviceAuthentications.create({
      user: { id: user },
      policy,
      selectedDevice: { oneTime: { type: "SMS", phone: "+1 (415) 555-2671" } },
    } as never);
    expect(mock.lastOtp({ to: "+1 (415) 555-2671" })).toBe(mock.lastOtp({ deviceAuthenticationId: auth.id }));
    expect(mock.lastOtp({ to: "+14155552671" })).toBeDefined();
    const oneLetter = await mfa.deviceAuthentications.create({
      user: { id: user },
      policy,
      selectedDevice: { oneTime: { type: "EMAIL", email: "a@example.com" } },
    } as never);
    expect(oneLetter.selectedDevice?.oneTime).toMatchObject({ email: "****@example.com" });
  });

  it("[control-checks] the mock object refuses what it cannot do: advanceTime(NaN) or backwards, failNext for an unknown method or a negative delay", () => {
    expect(() => mock.advanceTime(Number.NaN)).toThrow(RangeError);
    expect(() => mock.advanceTime(-1)).toThrow(RangeError);
    expect(() => mock.failNext({ status: 500, action: "devices.creat" })).toThrow(/action must be a client method/);
    expect(() => mock.failNext({ delayMs: -5 })).toThrow(RangeError);
  });

  it("[token] once the token endpoint has issued a token, a made-up token's 401 says it is the mock's rule", async () => {
    await fetch(`${mock.authBaseUrl}/${env}/as/token`, {
      method: "POST",
      headers: { "content-type": "application/x-www-form-urlencoded" },
      body: "grant_type=client_credentials&client_id=a&client_secret=b",
    });
    const answer = await fetch(`${mock.apiBaseUrl}/environments/${env}/users/${user}/devices`, {
      headers: { authorization: "Bearer made-up" },
    });
    expect(answer.status).toBe(401);
    expect(answer.headers.get("x-pingone-mfa-mock")).toBe("TOKEN_NOT_ISSUED");
    expect((await answer.json()).details[0].message).toContain("reset()");
  });
});
