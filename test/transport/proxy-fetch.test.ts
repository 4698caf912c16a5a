// A caller's fetch gets `(request, init)` and can forward both as they are to another fetch: the
// README's recipe, npm undici's fetch with a ProxyAgent, run for real through a loopback proxy
// (CONNECT to an HTTPS target), for the client's calls and for clientCredentials. Before, the
// client called a caller's fetch with a global Request alone, which undici's fetch cannot read
// ("Failed to parse URL from [object Request]").
import type { IncomingMessage, Server, ServerResponse } from "node:http";
import { createServer } from "node:https";
import type { AddressInfo } from "node:net";
import { ProxyAgent, fetch as undiciFetch } from "undici";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { clientCredentials, createMfaClient } from "../../src/index.node.ts";
import { createMfaClient as createFetchClient, type MfaClientOptions } from "../../src/index.ts";
import { LOOPBACK_CERT, LOOPBACK_KEY } from "../support/loopback-cert.ts";
import { type LoopbackProxy, startLoopbackProxy } from "../support/loopback-proxy.ts";
import { DEVICE_BODY, ENV, TOKEN, USER } from "../support/hostile.ts";

let target: Server;
let base: string;
let proxy: LoopbackProxy;
const bodies: string[] = [];

beforeAll(async () => {
  target = createServer({ key: LOOPBACK_KEY, cert: LOOPBACK_CERT }, (req: IncomingMessage, res: ServerResponse) => {
    let body = "";
    req.on("data", (chunk: Buffer) => (body += chunk));
    req.on("end", () => {
      bodies.push(`${req.method} ${req.url} ${req.headers.authorization ?? "-"} ${body}`);
      const token = req.url?.endsWith("/as/token");
      res.writeHead(token ? 200 : req.method === "POST" ? 201 : 200, { "content-type": "application/json" });
      res.end(JSON.stringify(token ? { access_token: TOKEN, token_type: "Bearer", expires_in: 3600 } : DEVICE_BODY));
    });
  });
  await new Promise<void>((resolve) => target.listen(0, "127.0.0.1", resolve));
  base = `https://localhost:${(target.address() as AddressInfo).port}`;
  proxy = await startLoopbackProxy({ credentials: "alice:pw" });
});
afterAll(async () => {
  await proxy.close();
  target.closeAllConnections();
  await new Promise<void>((resolve) => target.close(() => resolve()));
});

describe("a caller's fetch", () => {
  it("gets a Request whose string form is its URL, and an init describing the same request", async () => {
    const seen: Array<{ input: string; method: unknown; redirect: unknown; headers: unknown; sameUrl: boolean }> = [];
    const mfa = createFetchClient({
      environmentId: ENV,
      accessToken: TOKEN,
      apiBaseUrl: `${base}/v1`,
      authBaseUrl: base,
      retry: false,
      fetch: async (input, init) => {
        seen.push({
          input: String(input),
          method: init.method,
          redirect: init.redirect,
          headers: (init.headers as Record<string, string>).authorization,
          sameUrl: input instanceof Request && input.method === init.method,
        });
        return new Response(JSON.stringify(DEVICE_BODY), {
          status: 201,
          headers: { "content-type": "application/json" },
        });
      },
    });
    await mfa.devices.create(USER, { type: "SMS", phone: "+15125201234" });
    expect(seen).toEqual([
      {
        input: `${base}/v1/environments/${ENV}/users/${USER}/devices`,
        method: "POST",
        redirect: "manual",
        headers: `Bearer ${TOKEN}`,
        sameUrl: true,
      },
    ]);
  });

  it("forwards as is to npm undici's fetch with a ProxyAgent: tokens and calls through one CONNECT proxy", async () => {
    // The README's recipe (Proxies), with the loopback certificate trusted for the test.
    const dispatcher = new ProxyAgent({
      uri: "http://alice:pw@" + proxy.url.slice(7),
      requestTls: { ca: LOOPBACK_CERT },
    });
    const viaProxy: NonNullable<MfaClientOptions["fetch"]> = (input, init) =>
      undiciFetch(input.url, { ...init, dispatcher });
    const tokens = clientCredentials({
      clientId: "worker",
      clientSecret: "worker-secret",
      environmentId: ENV,
      authBaseUrl: base,
      fetch: viaProxy,
    });
    const mfa = createMfaClient({
      environmentId: ENV,
      accessToken: tokens,
      apiBaseUrl: `${base}/v1`,
      authBaseUrl: base,
      retry: false,
      fetch: viaProxy,
    });
    bodies.length = 0;
    const device = await mfa.devices.create(USER, { type: "SMS", phone: "+15125201234" });
    expect(device).toMatchObject({ id: DEVICE_BODY.id });
    // Method, headers and body made it through undici: the token form, the bearer, the device.
    expect(bodies).toEqual([
      `POST /${ENV}/as/token Basic ${btoa("worker:worker-secret")} grant_type=client_credentials`,
      `POST /v1/environments/${ENV}/users/${USER}/devices Bearer ${TOKEN} {"type":"SMS","phone":"+15125201234"}`,
    ]);
    expect(proxy.connects()).toBeGreaterThanOrEqual(1);
    expect(proxy.seen.every((s) => s.line === `CONNECT ${new URL(base).host}` && s.credentials === "alice:pw")).toBe(
      true,
    );
    await dispatcher.close();
  });
});
