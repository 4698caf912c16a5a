// 200 concurrent calls through one client, against a real loopback server, with a slow token
// function: all complete, each gets its own environment's answer (no cross-talk of per-call
// options), and the token function is asked once per request (the client does not cache tokens).
import { afterAll, beforeAll, expect, it } from "vitest";
import { createMfaClient as createNodeClient } from "../../src/index.node.ts";
import { createMfaClient } from "../../src/index.ts";
import { USER } from "../support/stub.ts";
import { startFaultServer } from "../support/fault-server.ts";
import { figure } from "../support/figures.ts";

const CALLS = 200;
let server: Awaited<ReturnType<typeof startFaultServer>>;
beforeAll(async () => {
  server = await startFaultServer();
  // Echo the environment from the path and the token, after a random delay so answers interleave.
  await server.use((req, res) => {
    const environment = new URL(req.url!, "http://x").pathname.split("/")[3];
    setTimeout(() => {
      res.writeHead(200, { "content-type": "application/json" });
      res.end(JSON.stringify({ id: environment, type: "SMS", status: "ACTIVE", nickname: req.headers.authorization }));
    }, Math.random() * 20);
  });
});
afterAll(() => server.close());

it(`completes ${CALLS} concurrent calls without cross-talk`, async () => {
  let tokenCalls = 0;
  let inFlight = 0;
  let maxInFlight = 0;
  const mfa = createMfaClient({
    environmentId: "00000000-0000-4000-8000-000000000000",
    apiBaseUrl: `${server.url}/v1`,
    authBaseUrl: server.url,
    // Generous: 200 calls at once on a loaded machine must not meet the deadline.
    timeoutMs: 120_000,
    accessToken: async () => {
      const n = ++tokenCalls;
      inFlight++;
      maxInFlight = Math.max(maxInFlight, inFlight);
      await new Promise((resolve) => setTimeout(resolve, 25));
      inFlight--;
      return `token-${n}`;
    },
  });
  const environments = Array.from({ length: CALLS }, (_, i) => `env-${String(i).padStart(3, "0")}`);
  const started = performance.now();
  const results = await Promise.all(
    environments.map((environmentId) => mfa.devices.get(USER, "device-1", { environmentId })),
  );
  const elapsed = Math.round(performance.now() - started);

  const crossTalk = results.filter((device, i) => device.id !== environments[i]).length;
  const tokens = new Set(results.map((device) => device.nickname));
  figure(
    `concurrency: ${CALLS} concurrent calls in ${elapsed} ms, ${crossTalk} cross-talk, token function called ${tokenCalls} times (${maxInFlight} at once; not cached)`,
  );
  expect(results).toHaveLength(CALLS);
  expect(crossTalk).toBe(0);
  expect(server.state.requests).toBe(CALLS);
  expect(tokenCalls).toBe(CALLS);
  expect(tokens.size).toBe(CALLS);
  expect(maxInFlight).toBeGreaterThan(1);
});

it("adds one listener to an AbortSignal shared by many calls (no MaxListenersExceededWarning)", async () => {
  const server = await startFaultServer();
  await server.use((_, res) => {
    res.writeHead(200, { "content-type": "application/json" });
    res.end(JSON.stringify({ id: "d", type: "SMS", status: "ACTIVE" }));
  });
  const warnings: Error[] = [];
  const onWarning = (warning: Error) => warnings.push(warning);
  process.on("warning", onWarning);
  try {
    const shared = new AbortController();
    for (const create of [createNodeClient, createMfaClient]) {
      const mfa = create({
        environmentId: "e",
        accessToken: "t",
        apiBaseUrl: `${server.url}/v1`,
        authBaseUrl: server.url,
        retry: false,
      });
      const results = await Promise.all(
        Array.from({ length: 50 }, () => mfa.devices.get(USER, "d", { signal: shared.signal })),
      );
      expect(results).toHaveLength(50);
    }
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(warnings.filter((w) => w.name === "MaxListenersExceededWarning")).toEqual([]);
  } finally {
    process.off("warning", onWarning);
    await server.close();
  }
});
