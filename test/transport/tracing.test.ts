// The README's OpenTelemetry example, run as it is written: the block after the README's
// `<!-- tested: test/transport/tracing.test.ts -->` is copied to a temporary module (its package
// imports pointed at this checkout's sources and installed packages) and imported. Against the
// simulator it must leave one span per attempt with the method, status, attempt and correlation id,
// and no secret in any span's name or attributes.
import { subscribe, unsubscribe } from "node:diagnostics_channel";
import { type ClientRequest, createServer } from "node:http";
import type { AddressInfo, Socket } from "node:net";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import type { InMemorySpanExporter } from "@opentelemetry/sdk-trace-base";
import { afterAll, expect, it } from "vitest";
import { createMfaClient } from "../../src/index.node.ts";
import { startMockServer } from "../../src/testing/index.ts";
import { readmeBlock } from "../support/readme.ts";
import { anyOf, phoneSeen, tokenSeen } from "../support/spellings.ts";

const root = fileURLToPath(new URL("../..", import.meta.url));
// Package names as the README writes them, and what they are in this checkout.
const SPECIFIERS: Record<string, string> = {
  "pingone-mfa": pathToFileURL(join(root, "src/index.node.ts")).href,
  "pingone-mfa/testing": pathToFileURL(join(root, "src/testing/index.ts")).href,
  "@opentelemetry/api": import.meta.resolve("@opentelemetry/api"),
  "@opentelemetry/sdk-trace-base": import.meta.resolve("@opentelemetry/sdk-trace-base"),
};

const dir = mkdtempSync(join(tmpdir(), "pingone-mfa-readme-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

it("the README's OpenTelemetry example leaves one span per attempt, with no secret in it", async () => {
  let code = readmeBlock("test/transport/tracing.test.ts");
  for (const [name, target] of Object.entries(SPECIFIERS)) {
    const from = `from "${name}";`;
    expect(code, `the example imports ${name}`).toContain(from);
    code = code.replaceAll(from, `from "${target}";`);
  }
  const file = join(dir, "tracing-example.ts");
  // The block as written, plus one line handing its exporter to this test.
  writeFileSync(file, `${code}\nexport { exporter };\n`);
  const { exporter } = (await import(/* @vite-ignore */ pathToFileURL(file).href)) as {
    exporter: InMemorySpanExporter;
  };

  const spans = exporter
    .getFinishedSpans()
    .map((span): Record<string, unknown> => ({ name: span.name, status: span.status.code, ...span.attributes }));
  expect(spans).toEqual([
    expect.objectContaining({
      name: "PingOne POST",
      "http.request.method": "POST",
      "http.response.status_code": 201,
      "http.request.resend_count": 0,
      "pingone.correlation_id": "checkout-2f9c1b",
    }),
    expect.objectContaining({
      name: "PingOne GET",
      status: 2, // SpanStatusCode.ERROR
      "http.request.method": "GET",
      "http.response.status_code": 503,
      "http.request.resend_count": 0,
      "pingone.correlation_id": "checkout-2f9c1b",
      "pingone.error_id": expect.any(String),
    }),
    expect.objectContaining({
      name: "PingOne GET",
      "http.request.method": "GET",
      "http.response.status_code": 200,
      "http.request.resend_count": 1,
      "pingone.correlation_id": "checkout-2f9c1b",
    }),
  ]);
  for (const span of spans) expect(span["url.full"]).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/v1\/environments\/[^?]+$/);
  // The example's token and phone, in any spelling, in no span.
  // A fictional number (555-01xx), as examples should use.
  const seen = anyOf(tokenSeen("mock-token-4fb2c1e0a7d94e3b", 12), phoneSeen("+1 413 555 0150"));
  expect(code).toContain("mock-token-4fb2c1e0a7d94e3b");
  expect(code).toContain('"+1 413 555 0150"');
  expect(seen(spans.map((span) => JSON.stringify(span)))).toEqual([]);
});

// What the README says about diagnostics_channel on Node 20: the default transport's requests show
// on node:http's channels, a fetch option's on undici's.
it.each([
  ["the default node:http transport", ["http.client.request.start", "http.client.response.finish"], false],
  ["a fetch option (undici)", ["undici:request:create", "undici:request:headers"], true],
])("%s publishes on %j", async (_, channels, withFetch) => {
  const mock = await startMockServer();
  const seen: string[] = [];
  const listeners = channels.map((name) => [name, () => void seen.push(name)] as const);
  for (const [name, listener] of listeners) subscribe(name, listener);
  try {
    const mfa = createMfaClient({
      environmentId: crypto.randomUUID(),
      accessToken: "any",
      apiBaseUrl: mock.apiBaseUrl,
      authBaseUrl: mock.authBaseUrl,
      ...(withFetch ? { fetch: (request: Request) => fetch(request) } : {}),
    });
    await mfa.devices.list(crypto.randomUUID());
  } finally {
    for (const [name, listener] of listeners) unsubscribe(name, listener);
    await mock.close();
  }
  for (const name of channels) expect(seen).toContain(name);
});

// What the README warns of: with a proxy that has credentials, node:http's channel also carries the
// tunnel's CONNECT with the proxy's password, which no hook record holds.
it("the CONNECT of a proxy with credentials shows on http.client.request.start with Proxy-Authorization", async () => {
  const proxy = createServer();
  proxy.on("connect", (_request, socket: Socket) => socket.end("HTTP/1.1 403 Forbidden\r\n\r\n"));
  await new Promise<void>((resolve) => proxy.listen(0, "127.0.0.1", resolve));
  const seen: string[] = [];
  const listener = (message: unknown) => {
    const request = (message as { request: ClientRequest }).request;
    seen.push(`${request.method} ${request.path} ${String(request.getHeader("proxy-authorization"))}`);
  };
  subscribe("http.client.request.start", listener);
  const hooked: string[] = [];
  try {
    const mfa = createMfaClient({
      environmentId: crypto.randomUUID(),
      accessToken: "any",
      proxy: `http://alice:S3cretPass@127.0.0.1:${(proxy.address() as AddressInfo).port}`,
      hooks: { onRequest: (record) => void hooked.push(JSON.stringify(record)) },
    });
    await expect(mfa.devices.list(crypto.randomUUID())).rejects.toMatchObject({ name: "PingOneNetworkError" });
  } finally {
    unsubscribe("http.client.request.start", listener);
    await new Promise((resolve) => proxy.close(resolve));
  }
  const basic = `Basic ${Buffer.from("alice:S3cretPass").toString("base64")}`;
  expect(seen).toEqual([`CONNECT api.pingone.com:443 ${basic}`]);
  expect(hooked).toHaveLength(1);
  for (const text of hooked) expect(text).not.toMatch(/S3cretPass|YWxpY2U6UzNjcmV0UGFzcw/);
});
