// The validating proxy against a hostile upstream on loopback: redirects are not followed, a
// compressed or pretty-printed answer reaches the client whole and framed anew, an answer past the
// client's limit is not read whole, and the upstream's own sl-violations never pass.
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { gzipSync } from "node:zlib";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { createMfaClient, PingOneApiError } from "../../src/index.ts";
import { type MockServer, startMockServer } from "../../src/testing/index.ts";

const env = "0c9f2a8e-5b1d-4e3f-9a7c-6d2b8e4f1a3c";
const user = "7c0e0001-1a2b-4c3d-8e4f-5a6b7c8d9e0f";
const list = (origin: string) => ({
  _links: { self: { href: `${origin}/v1/environments/${env}/users/${user}/devices` } },
  _embedded: { devices: [] },
  count: 0,
  size: 0,
});

type Handler = (request: IncomingMessage, response: ServerResponse, body: Buffer) => void;
let upstream: Server;
let upstreamUrl: string;
let handler: Handler;
const seen: Array<{ method: string; url: string; headers: IncomingMessage["headers"]; body: string }> = [];
let proxy: MockServer;

beforeAll(async () => {
  upstream = createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on("data", (c: Buffer) => chunks.push(c));
    request.on("end", () => {
      const body = Buffer.concat(chunks);
      seen.push({ method: request.method!, url: request.url!, headers: request.headers, body: body.toString() });
      handler(request, response, body);
    });
  });
  await new Promise<void>((resolve) => upstream.listen(0, "127.0.0.1", resolve));
  upstreamUrl = `http://127.0.0.1:${(upstream.address() as AddressInfo).port}`;
  proxy = await startMockServer({ upstream: { apiBaseUrl: `${upstreamUrl}/v1`, authBaseUrl: upstreamUrl } });
});
afterEach(() => {
  seen.length = 0;
});
afterAll(async () => {
  await proxy.close();
  upstream.closeAllConnections();
  await new Promise((resolve) => upstream.close(resolve));
});

const client = () =>
  createMfaClient({
    environmentId: env,
    accessToken: "upstream-token",
    apiBaseUrl: proxy.apiBaseUrl,
    authBaseUrl: proxy.authBaseUrl,
    retry: { maxRetries: 0 },
    timeoutMs: 60_000,
  });

describe("the validating proxy's hop upstream", () => {
  it("does not follow a redirect: the client sees the 3xx and fails with UNEXPECTED_REDIRECT", async () => {
    handler = (_request, response) => {
      response.writeHead(307, { location: `${upstreamUrl}/elsewhere` });
      response.end();
    };
    const created = client().devices.activate(user, "3c1ad7b2-1c9e-4b55-9a43-2f0c8d6e7a11", { otp: "123456" });
    const error = await created.then(
      () => expect.fail("a redirect must not succeed"),
      (e: unknown) => e as PingOneApiError,
    );
    expect(error).toBeInstanceOf(PingOneApiError);
    expect(error.code).toBe("UNEXPECTED_REDIRECT");
    expect(seen.map((s) => s.url)).toEqual([
      `/v1/environments/${env}/users/${user}/devices/3c1ad7b2-1c9e-4b55-9a43-2f0c8d6e7a11`,
    ]);
  });

  it("passes no body on for GET or DELETE: what the spec gives no body is neither read nor sent", async () => {
    handler = (_request, response) => {
      response.writeHead(204);
      response.end();
    };
    const device = `${proxy.apiBaseUrl}/environments/${env}/users/${user}/devices/3c1ad7b2-1c9e-4b55-9a43-2f0c8d6e7a11`;
    for (const body of ["not json \u0000 at all", JSON.stringify([[[[[[]]]]]]), "[".repeat(5000)]) {
      const answer = await fetch(device, {
        method: "DELETE",
        headers: { authorization: "Bearer upstream-token", "content-type": "application/json" },
        body,
      });
      expect(answer.status).toBe(204);
    }
    expect(seen.map((s) => `${s.method} ${s.body.length}`)).toEqual(["DELETE 0", "DELETE 0", "DELETE 0"]);
  });

  it("reads a gzip answer and passes it on decoded, with a length that matches", async () => {
    handler = (_request, response) => {
      const body = gzipSync(JSON.stringify(list(upstreamUrl)));
      response.writeHead(200, {
        "content-type": "application/json",
        "content-encoding": "gzip",
        "content-length": body.length,
      });
      response.end(body);
    };
    const page = await client().devices.list(user);
    expect(page._embedded.devices).toEqual([]);
    const raw = await fetch(`${proxy.apiBaseUrl}/environments/${env}/users/${user}/devices`, {
      headers: { authorization: "Bearer t" },
    });
    expect(raw.headers.get("content-encoding")).toBeNull();
    const text = await raw.text();
    expect(Number(raw.headers.get("content-length") ?? text.length)).toBe(Buffer.byteLength(text));
  });

  it("passes on a pretty-printed answer", async () => {
    handler = (_request, response) => {
      const body = JSON.stringify(list(upstreamUrl), null, 2);
      response.writeHead(200, { "content-type": "application/json", "content-length": Buffer.byteLength(body) });
      response.end(body);
    };
    expect((await client().devices.list(user)).count).toBe(0);
  });

  it("passes on each of several Set-Cookie headers, not only the last", async () => {
    handler = (_request, response) => {
      response.writeHead(200, {
        "content-type": "application/json",
        "set-cookie": ["ST=one; Path=/; Secure; HttpOnly", "LB=two; Path=/"],
      });
      response.end(JSON.stringify(list(upstreamUrl)));
    };
    const raw = await fetch(`${proxy.apiBaseUrl}/environments/${env}/users/${user}/devices`, {
      headers: { authorization: "Bearer t" },
    });
    expect(raw.status).toBe(200);
    expect(raw.headers.getSetCookie()).toEqual(["ST=one; Path=/; Secure; HttpOnly", "LB=two; Path=/"]);
  });

  it("never passes on the upstream's own sl-violations", async () => {
    handler = (_request, response) => {
      response.writeHead(200, {
        "content-type": "application/json",
        "sl-violations": '[{"message":"Bearer eyJhbGciOiJIUzI1NiJ9.e30.c2VjcmV0 +15125201234"}]',
      });
      response.end(JSON.stringify(list(upstreamUrl)));
    };
    const raw = await fetch(`${proxy.apiBaseUrl}/environments/${env}/users/${user}/devices`, {
      headers: { authorization: "Bearer t" },
    });
    expect(raw.status).toBe(200);
    expect(raw.headers.get("sl-violations")).toBeNull();
  });

  it("stops reading an answer past the client's limit (a gzip bomb is not inflated whole)", async () => {
    handler = (_request, response) => {
      const body = gzipSync(Buffer.alloc(64 * 1024 * 1024, 0x20));
      response.writeHead(200, { "content-type": "application/json", "content-encoding": "gzip" });
      response.end(body);
    };
    const raw = await fetch(`${proxy.apiBaseUrl}/environments/${env}/users/${user}/devices`, {
      headers: { authorization: "Bearer t" },
    });
    expect(raw.status).toBe(502);
    expect(raw.headers.get("x-pingone-mfa-mock")).toBe("upstream");
    expect(await raw.text()).toContain("larger than 1024 KiB");
  });

  it("passes on no header that describes the hop: X-Forwarded-*, Forwarded, Via, an inbound sl-violations", async () => {
    handler = (_request, response) => {
      response.writeHead(200, { "content-type": "application/json" });
      response.end(JSON.stringify(list(upstreamUrl)));
    };
    const { request } = await import("node:http");
    await new Promise<void>((resolve, reject) => {
      const r = request(`${proxy.apiBaseUrl}/environments/${env}/users/${user}/devices`, {
        headers: {
          authorization: "Bearer t",
          "x-forwarded-for": "203.0.113.9",
          "x-forwarded-host": "evil.example",
          forwarded: "for=203.0.113.9",
          via: "1.1 somewhere",
          "sl-violations": "[]",
        },
      });
      r.on("response", (response) => response.resume().on("end", resolve));
      r.on("error", reject);
      r.end();
    });
    const sent = Object.keys(seen[0]!.headers);
    for (const name of ["x-forwarded-for", "x-forwarded-host", "forwarded", "via", "sl-violations"])
      expect(sent).not.toContain(name);
    expect(seen[0]!.headers.authorization).toBe("Bearer t");
  });

  it("close() ends a call to an upstream that never answers", async () => {
    const stalled = new Set<import("node:net").Socket>();
    const closedSockets: boolean[] = [];
    const silent = createServer((request) => {
      stalled.add(request.socket);
      request.socket.on("close", () => closedSockets.push(true));
    });
    await new Promise<void>((resolve) => silent.listen(0, "127.0.0.1", resolve));
    const silentUrl = `http://127.0.0.1:${(silent.address() as AddressInfo).port}`;
    const own = await startMockServer({ upstream: { apiBaseUrl: `${silentUrl}/v1`, authBaseUrl: silentUrl } });
    const pending = fetch(`${own.apiBaseUrl}/environments/${env}/users/${user}/devices`, {
      headers: { authorization: "Bearer t" },
    }).catch((error: Error) => error);
    await expect.poll(() => stalled.size).toBe(1);
    await own.close();
    await expect.poll(() => closedSockets.length).toBe(1);
    expect(await pending).toBeInstanceOf(Error);
    silent.closeAllConnections();
    await new Promise((resolve) => silent.close(resolve));
  });

  it("sends the body it checked, framed anew, with neither the client's Host nor its Prefer", async () => {
    handler = (_request, response) => {
      response.writeHead(200, { "content-type": "application/json" });
      response.end(JSON.stringify(list(upstreamUrl)));
    };
    const body = JSON.stringify({ type: "EMAIL", email: "ada@example.com" });
    await fetch(`${proxy.apiBaseUrl}/environments/${env}/users/${user}/devices`, {
      method: "POST",
      headers: { authorization: "Bearer t", "content-type": "application/json", prefer: "code=201" },
      body,
    });
    expect(seen).toHaveLength(1);
    expect(seen[0]!.body).toBe(body);
    expect(seen[0]!.headers["content-length"]).toBe(String(Buffer.byteLength(body)));
    expect(seen[0]!.headers.host).toBe(new URL(upstreamUrl).host);
    expect(seen[0]!.headers.prefer).toBeUndefined();
    expect(seen[0]!.headers.authorization).toBe("Bearer t");
  });
});
