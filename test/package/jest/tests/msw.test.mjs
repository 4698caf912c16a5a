// Jest's ESM mode with pingone-mfa/msw: the simulator as MSW handlers on PingOne's own hosts, no
// port. (In Jest's default mode msw itself cannot be required from 2.11 on: its dependencies
// until-async and rettime are ES modules only.) Run by test/package/jest.test.ts.
import { randomUUID } from "node:crypto";
import { setupServer } from "msw/node";
import { createMfaClient, PingOneApiError } from "pingone-mfa";
import { createPingOneHandlers } from "pingone-mfa/msw";

const pingone = createPingOneHandlers({ region: "EU" });
const server = setupServer(...pingone.handlers);
beforeAll(() => server.listen({ onUnhandledRequest: "error" }));
afterAll(() => {
  server.close();
  pingone.close();
});

test("the client talks to the handlers on PingOne's EU hosts", async () => {
  const mfa = createMfaClient({ environmentId: randomUUID(), accessToken: "jest", region: "EU", retry: false });
  const user = randomUUID();
  const device = await mfa.devices.create(user, {
    type: "EMAIL",
    email: "ada@example.com",
    status: "ACTIVATION_REQUIRED",
    policy: { id: "5a0a0950-8a81-4739-b12a-f4d6a11c7a82" },
  });
  const active = await mfa.devices.activate(user, device.id, { otp: pingone.lastOtp({ deviceId: device.id }) });
  expect(active.status).toBe("ACTIVE");
  await expect(mfa.devices.get(user, randomUUID())).rejects.toBeInstanceOf(PingOneApiError);
});
