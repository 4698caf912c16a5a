// clientCredentials against the simulator's token endpoint, through the typed client: Basic and
// form, one token for many calls, and a revoked token replaced after the API's 401 for GET and POST.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { clientCredentials, createMfaClient, PingOneTokenError } from "../../src/index.ts";
import { type MockServer, startMockServer } from "../../src/testing/index.ts";

const env = "2d3c4b5a-6978-4e8f-9a0b-1c2d3e4f5a6b";
const user = "6e5d4c3b-2a19-4f08-8e7d-6c5b4a392817";
const policy = { id: "5a0a0950-8a81-4739-b12a-f4d6a11c7a82" };
let mock: MockServer;
let tokenRequests = 0;

const countingFetch = (request: Request) => {
  if (new URL(request.url).pathname.endsWith("/as/token")) tokenRequests++;
  return fetch(request);
};
const provider = (
  authMethod: "client_secret_basic" | "client_secret_post" = "client_secret_basic",
  clientSecret = "worker-secret",
) =>
  clientCredentials({
    clientId: "worker",
    clientSecret,
    environmentId: env,
    authBaseUrl: mock.authBaseUrl,
    authMethod,
    fetch: countingFetch,
    timeoutMs: 60_000,
  });
const client = (accessToken: ReturnType<typeof provider>) =>
  createMfaClient({
    environmentId: env,
    accessToken,
    apiBaseUrl: mock.apiBaseUrl,
    authBaseUrl: mock.authBaseUrl,
    retry: false,
    timeoutMs: 60_000,
  });

beforeAll(async () => {
  mock = await startMockServer();
});
afterAll(() => mock.close());
beforeEach(() => {
  mock.reset();
  mock.registerClient("worker", "worker-secret");
  tokenRequests = 0;
});

describe("clientCredentials with the simulator", () => {
  it.each(["client_secret_basic", "client_secret_post"] as const)("%s: one token for many calls", async (method) => {
    const mfa = client(provider(method));
    await mfa.devices.create(user, { type: "SMS", phone: "+15125201234", policy });
    await Promise.all(Array.from({ length: 20 }, () => mfa.devices.list(user)));
    expect(tokenRequests).toBe(1);
    expect(mock.violations).toEqual([]);
  });

  it("a wrong secret is PingOneTokenError invalid_client from the call, and nothing reaches the API", async () => {
    const error = await client(provider("client_secret_basic", "wrong"))
      .devices.list(user)
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(PingOneTokenError);
    expect(error).toMatchObject({ code: "invalid_client", status: 401 });
    expect(String(error)).not.toContain("wrong");
  });

  it.each([
    ["GET", (mfa: ReturnType<typeof client>) => mfa.devices.list(user)],
    [
      "POST",
      (mfa: ReturnType<typeof client>) => mfa.devices.create(user, { type: "EMAIL", email: "a@example.com", policy }),
    ],
  ])("%s after the token was revoked: 401, one fresh token, the call answered", async (_, call) => {
    const mfa = client(provider());
    await mfa.devices.list(user);
    mock.revokeTokens();
    await expect(call(mfa)).resolves.toBeDefined();
    expect(tokenRequests).toBe(2);
  });

  it("an expired token is replaced before it is sent (lifetime shorter than the leeway)", async () => {
    mock.setLimits({ tokenLifetimeSeconds: 1 });
    const mfa = client(provider());
    await mfa.devices.list(user);
    await new Promise((resolve) => setTimeout(resolve, 600));
    await mfa.devices.list(user);
    expect(tokenRequests).toBe(2);
  });
});
