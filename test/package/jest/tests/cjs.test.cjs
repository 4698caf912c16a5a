// Jest's default (CommonJS) mode, as a user's plain JS test: the package and its simulator by
// require, a device created and activated, and the errors the client throws checked with
// `instanceof` against the classes the package exports. Run by test/package/jest.test.ts.
const { randomUUID } = require("node:crypto");
const {
  createMfaClient,
  PhoneNumberError,
  PingOneApiError,
  PingOneError,
  PingOneValidationError,
} = require("pingone-mfa");
const { startMockServer } = require("pingone-mfa/testing");

const policy = { id: "5a0a0950-8a81-4739-b12a-f4d6a11c7a82" };
const environmentId = randomUUID();
let mock;
let mfa;

beforeAll(async () => {
  mock = await startMockServer();
  mfa = createMfaClient({
    environmentId,
    accessToken: "jest",
    apiBaseUrl: mock.apiBaseUrl,
    authBaseUrl: mock.authBaseUrl,
    retry: false,
    timeoutMs: 60_000,
  });
});
afterAll(() => mock.close());

test("require loads the CommonJS builds", () => {
  expect(require.resolve("pingone-mfa")).toMatch(/dist[\\/]index\.node\.cjs$/);
  expect(require.resolve("pingone-mfa/testing")).toMatch(/dist[\\/]src[\\/]testing[\\/]index\.cjs$/);
  // Resolved only: msw itself cannot be required here from 2.11 on (see msw.test.mjs).
  expect(require.resolve("pingone-mfa/msw")).toMatch(/dist[\\/]src[\\/]testing[\\/]msw\.cjs$/);
});

test("creates and activates a device against the simulator", async () => {
  const user = randomUUID();
  const device = await mfa.devices.create(user, {
    type: "EMAIL",
    email: "ada@example.com",
    status: "ACTIVATION_REQUIRED",
    policy,
  });
  expect(device.status).toBe("ACTIVATION_REQUIRED");
  const active = await mfa.devices.activate(user, device.id, { otp: mock.lastOtp({ deviceId: device.id }) });
  expect(active.status).toBe("ACTIVE");
  const { data } = await mfa.raw.api.GET("/environments/{environmentId}/users/{userId}/devices", {
    params: { path: { environmentId, userId: user } },
  });
  expect(data._embedded.devices.map((d) => d.id)).toEqual([device.id]);
});

test("an API error is a PingOneApiError and a PingOneError", async () => {
  const error = await mfa.devices.get(randomUUID(), randomUUID()).catch((e) => e);
  expect(error).toBeInstanceOf(PingOneApiError);
  expect(error).toBeInstanceOf(PingOneError);
  expect(error).not.toBeInstanceOf(PingOneValidationError);
  expect([error.status, error.code]).toEqual([404, "NOT_FOUND"]);
});

test("a phone refused before sending is a PhoneNumberError and a PingOneValidationError", async () => {
  const error = await mfa.devices.create(randomUUID(), { type: "SMS", phone: "5125201234", policy }).catch((e) => e);
  expect(error).toBeInstanceOf(PhoneNumberError);
  expect(error).toBeInstanceOf(PingOneValidationError);
  expect(error).not.toBeInstanceOf(PingOneApiError);
  expect(error.reason).toBe("MISSING_COUNTRY_CODE");
});
