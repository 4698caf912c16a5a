// clientCredentials on the Node entry sends over the client's node:http(s) transport (one path,
// one proxy logic for tokens and API calls; test/transport/proxy.test.ts has the proxy side). The
// rules the fetch path keeps hold here too: a 3xx is not followed, a too-large answer, an
// unreadable one and a hang each give their own PingOneTokenError code, the secret the endpoint
// echoes is masked, and nothing the transport drops on the floor leaks the secret.
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { clientCredentials } from "../../src/index.node.ts";
import { PingOneTokenError } from "../../src/index.ts";
import { leaks, rejection, TOKEN, views } from "../support/hostile.ts";
import { ENV } from "../support/stub.ts";

const SECRET = "node-Transport-s3cret-value";
let server: Server;
let base: string;
const seen: Array<{ method: string | undefined; authorization: string | undefined; body: string }> = [];

/** What the token endpoint does, by the environment's last hex digit in the path. */
const behaviours: Record<string, (res: import("node:http").ServerResponse) => void> = {
  ok: (res) =>
    res
      .writeHead(200, { "content-type": "application/json" })
      .end(JSON.stringify({ access_token: TOKEN, token_type: "Bearer", expires_in: 3600 })),
  redirect: (res) => res.writeHead(302, { location: "https://elsewhere.example/token" }).end(),
  large: (res) => res.writeHead(200, { "content-type": "application/json" }).end(`{"pad":"${"x".repeat(70_000)}"}`),
  echo: (res) =>
    res
      .writeHead(401, { "content-type": "application/json" })
      .end(JSON.stringify({ error: "invalid_client", error_description: `bad secret ${SECRET}` })),
  hang: () => {},
};

beforeAll(async () => {
  server = createServer((req, res) => {
    let body = "";
    req.on("data", (chunk: Buffer) => (body += chunk));
    req.on("end", () => {
      seen.push({ method: req.method, authorization: req.headers.authorization, body });
      behaviours[req.url!.split("/")[1]!]!(res);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(async () => {
  server.closeAllConnections();
  await new Promise<void>((resolve) => server.close(() => resolve()));
});

const source = (behaviour: string, extra: Record<string, unknown> = {}) =>
  clientCredentials({
    clientId: "worker",
    clientSecret: SECRET,
    environmentId: ENV,
    authBaseUrl: `${base}/${behaviour}`,
    proxy: false,
    ...extra,
  });
const failure = async (get: () => Promise<string>) => {
  const error = await rejection(get);
  expect(error).toBeInstanceOf(PingOneTokenError);
  expect(leaks(views(error), [SECRET, btoa(`worker:${SECRET}`)])).toEqual([]);
  return error as PingOneTokenError;
};

describe("clientCredentials over node:http (the Node entry)", () => {
  it("posts the form with Basic credentials and shares the token", async () => {
    seen.length = 0;
    const tokens = source("ok");
    expect(await Promise.all([tokens(), tokens()])).toEqual([TOKEN, TOKEN]);
    expect(seen).toEqual([
      { method: "POST", authorization: `Basic ${btoa(`worker:${SECRET}`)}`, body: "grant_type=client_credentials" },
    ]);
  });

  it("does not follow a 3xx", async () => expect((await failure(source("redirect"))).code).toBe("UNEXPECTED_REDIRECT"));

  it("closes an answer past 64 kB", async () => {
    const error = await failure(source("large"));
    expect([error.code, error.message]).toEqual([
      "UNEXPECTED_RESPONSE",
      expect.stringContaining("more than 65536 bytes"),
    ]);
  });

  it("masks the secret the endpoint echoes", async () => {
    const error = await failure(source("echo"));
    expect([error.code, error.status]).toEqual(["invalid_client", 401]);
    expect(error.description).toContain("[redacted]");
  });

  it("gives up on a hang after timeoutMs", async () =>
    expect((await failure(source("hang", { timeoutMs: 50 }))).code).toBe("TOKEN_TIMEOUT"));

  it("reports an unreachable endpoint", async () => {
    const closed = createServer();
    await new Promise<void>((resolve) => closed.listen(0, "127.0.0.1", resolve));
    const port = (closed.address() as AddressInfo).port;
    await new Promise<void>((resolve) => closed.close(() => resolve()));
    const tokens = clientCredentials({
      clientId: "worker",
      clientSecret: SECRET,
      environmentId: ENV,
      authBaseUrl: `http://127.0.0.1:${port}`,
      proxy: false,
    });
    expect((await failure(tokens)).code).toBe("TOKEN_REQUEST_FAILED");
  });
});
