// Jest's ESM mode (node --experimental-vm-modules): the package and its simulator by import, a
// device created, and `instanceof` across the two builds Jest then loads, since a require from an
// ES module test (module.createRequire) gets the CommonJS build: an error from one build is an
// instance of the other's class. Run by test/package/jest.test.ts.
import { randomUUID } from "node:crypto";
import { createRequire } from "node:module";
import { createMfaClient, PhoneNumberError, PingOneApiError, PingOneError, PingOneValidationError } from "pingone-mfa";
import { startMockServer } from "pingone-mfa/testing";

const require = createRequire(import.meta.url);
const cjs = require("pingone-mfa");
const policy = { id: "5a0a0950-8a81-4739-b12a-f4d6a11c7a82" };
let mock;
let base;

beforeAll(async () => {
  mock = await startMockServer();
  base = { accessToken: "jest", apiBaseUrl: mock.apiBaseUrl, authBaseUrl: mock.authBaseUrl, retry: false };
});
afterAll(() => mock.close());

test("import and require load two builds", () => {
  expect(require.resolve("pingone-mfa")).toMatch(/dist[\\/]index\.node\.cjs$/);
  expect(cjs.createMfaClient).not.toBe(createMfaClient);
  expect(cjs.PingOneApiError).not.toBe(PingOneApiError);
});

test("creates and activates a device against the simulator", async () => {
  const mfa = createMfaClient({ ...base, environmentId: randomUUID() });
  const user = randomUUID();
  const device = await mfa.devices.create(user, {
    type: "EMAIL",
    email: "ada@example.com",
    status: "ACTIVATION_REQUIRED",
    policy,
  });
  const active = await mfa.devices.activate(user, device.id, { otp: mock.lastOtp({ deviceId: device.id }) });
  expect([device.status, active.status]).toEqual(["ACTIVATION_REQUIRED", "ACTIVE"]);
});

test("an error from the imported client is an instance of both builds' classes", async () => {
  const mfa = createMfaClient({ ...base, environmentId: randomUUID() });
  const api = await mfa.devices.get(randomUUID(), randomUUID()).catch((e) => e);
  expect(api).toBeInstanceOf(PingOneApiError);
  expect(api).toBeInstanceOf(cjs.PingOneApiError);
  expect(api).toBeInstanceOf(cjs.PingOneError);
  expect(api).not.toBeInstanceOf(cjs.PingOneValidationError);
  const phone = await mfa.devices.create(randomUUID(), { type: "SMS", phone: "5125201234", policy }).catch((e) => e);
  expect(phone).toBeInstanceOf(PhoneNumberError);
  expect(phone).toBeInstanceOf(cjs.PhoneNumberError);
  expect(phone).toBeInstanceOf(cjs.PingOneValidationError);
  expect(phone).not.toBeInstanceOf(cjs.PingOneApiError);
});

test("an error from the required client is an instance of both builds' classes", async () => {
  const mfa = cjs.createMfaClient({ ...base, environmentId: randomUUID() });
  const api = await mfa.devices.get(randomUUID(), randomUUID()).catch((e) => e);
  expect(api).toBeInstanceOf(cjs.PingOneApiError);
  expect(api).toBeInstanceOf(PingOneApiError);
  expect(api).toBeInstanceOf(PingOneError);
  expect(api).not.toBeInstanceOf(PingOneValidationError);
  expect([api.status, api.code]).toEqual([404, "NOT_FOUND"]);
});
