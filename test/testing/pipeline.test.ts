// The mock's request pipeline on its own (no socket): what it loads, what it keeps, and the
// answers of its early stages.
import { execFile } from "node:child_process";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import { afterEach, describe, expect, it, vi } from "vitest";
import { createPipeline, type MockRequest } from "../../src/testing/pipeline/pipeline.ts";
import { startMockServer } from "../../src/testing/index.ts";

const env = "0c9f2a8e-5b1d-4e3f-9a7c-6d2b8e4f1a3c";
const user = "7c0e0001-1a2b-4c3d-8e4f-5a6b7c8d9e0f";
const devices = `/v1/environments/${env}/users/${user}/devices`;
const request = (overrides: Partial<MockRequest> = {}): MockRequest => ({
  method: "GET",
  target: devices,
  headers: { authorization: "Bearer test-token" },
  body: new Uint8Array(),
  origin: "http://mock.test",
  ...overrides,
});
const createSms = (body: Uint8Array): MockRequest =>
  request({
    method: "POST",
    headers: { authorization: "Bearer test-token", "content-type": "application/json" },
    body,
  });

afterEach(() => {
  vi.useRealTimers();
});

describe("the pipeline", () => {
  it("close() ends a fault's delay and leaves no timer behind", async () => {
    vi.useFakeTimers();
    const pipeline = createPipeline({ mode: "stateful", maxBodyBytes: 1024 });
    const control = (await import("../../src/testing/control.ts")).controlOf(pipeline);
    control.failNext({ delayMs: 600_000, status: 503 });
    const pending = pipeline.handle(request());
    await vi.advanceTimersByTimeAsync(0);
    expect(vi.getTimerCount()).toBe(1);
    pipeline.close();
    expect(vi.getTimerCount()).toBe(0);
    expect(await pending).toEqual({ drop: true });
  });

  it("refuses a body that is not UTF-8 with 400, and stores nothing", async () => {
    const pipeline = createPipeline({ mode: "stateful", maxBodyBytes: 1024 });
    const text = JSON.stringify({ type: "EMAIL", email: "ada@example.com", nickname: "X" });
    const bytes = new TextEncoder().encode(text);
    bytes[bytes.indexOf(0x58)] = 0xff; // the nickname's X becomes a byte that is never UTF-8
    const answer = await pipeline.handle(createSms(bytes));
    expect(answer).toMatchObject({ status: 400, body: { code: "INVALID_DATA" } });
    expect(JSON.stringify((answer as { body: unknown }).body)).toContain("UTF-8");
    const list = await pipeline.handle(request());
    expect((list as { body: { _embedded: { devices: unknown[] } } }).body._embedded.devices).toEqual([]);
  });

  it("ignores the body of an action that takes none (GET, DELETE), however broken", async () => {
    const pipeline = createPipeline({ mode: "stateful", maxBodyBytes: 1024 });
    const created = await pipeline.handle(
      createSms(new TextEncoder().encode(JSON.stringify({ type: "SMS", phone: "+15125201234" }))),
    );
    const id = (created as { body: { id: string } }).body.id;
    const broken = [new TextEncoder().encode("{nope"), Uint8Array.of(0x7b, 0xff, 0x7d), new TextEncoder().encode("[]")];
    for (const body of broken) {
      const read = await pipeline.handle(request({ target: `${devices}/${id}`, body }));
      expect(read).toMatchObject({ status: 200, body: { id } });
      const list = await pipeline.handle(request({ body }));
      expect(list).toMatchObject({ status: 200 });
    }
    const deleted = await pipeline.handle(request({ method: "DELETE", target: `${devices}/${id}`, body: broken[0]! }));
    expect(deleted).toMatchObject({ status: 204 });
  });

  it("reads a target starting with // as a path, not as a host, and refuses its empty segment", async () => {
    const pipeline = createPipeline({ mode: "stateful", maxBodyBytes: 1024 });
    for (const target of [`//evil.example${devices}`, devices.replace("/users/", "//users/")]) {
      const answer = await pipeline.handle(request({ target }));
      expect(answer).toMatchObject({ status: 400, body: { code: "INVALID_REQUEST" } });
    }
  });

  it("answers a body over the cap with the mock's 413", async () => {
    const pipeline = createPipeline({ mode: "stateful", maxBodyBytes: 10 });
    const answer = await pipeline.handle(request({ method: "POST", body: undefined }));
    expect(answer).toMatchObject({ status: 413, headers: { "x-pingone-mfa-mock": "MOCK_BODY_TOO_LARGE" } });
  });
});

describe("Prism stays off the stateful path", () => {
  it("a process that starts the simulator and creates a device loads no @stoplight module", async () => {
    const script = `
      import { createRequire } from "node:module";
      const { startMockServer } = await import(${JSON.stringify(fileURLToPath(new URL("../../src/testing/index.ts", import.meta.url)))});
      const mock = await startMockServer();
      const answer = await fetch(mock.apiBaseUrl + "/environments/${env}/users/${user}/devices", {
        method: "POST",
        headers: { authorization: "Bearer t", "content-type": "application/json" },
        body: JSON.stringify({ type: "EMAIL", email: "ada@example.com" }),
      });
      const loaded = Object.keys(createRequire(import.meta.url).cache);
      console.log(JSON.stringify({ status: answer.status, loaded: loaded.length, stoplight: loaded.filter((p) => p.includes("@stoplight")) }));
      await mock.close();`;
    const tsx = fileURLToPath(new URL("../../node_modules/.bin/tsx", import.meta.url));
    const { stdout } = await promisify(execFile)(tsx, ["--input-type=module", "-e", script]);
    const seen = JSON.parse(stdout.trim().split("\n").at(-1)!);
    expect(seen.status).toBe(201);
    expect(seen.stoplight).toEqual([]);
  });

  it("and the examples mode does load it (the check above can fail)", async () => {
    const mock = await startMockServer({ mode: "examples" });
    await mock.close();
    const { createRequire } = await import("node:module");
    const loaded = Object.keys(createRequire(import.meta.url).cache);
    expect(loaded.some((path) => path.includes("@stoplight"))).toBe(true);
  });

  it("Prefer: dynamic=true is refused (a made-up body would not be PingOne's answer)", async () => {
    const mock = await startMockServer();
    try {
      const answer = await fetch(`${mock.apiBaseUrl}${devices.slice(3)}`, {
        method: "POST",
        headers: { authorization: "Bearer t", "content-type": "application/json", prefer: "dynamic=true" },
        body: JSON.stringify({ type: "EMAIL", email: "ada@example.com" }),
      });
      expect(answer.status).toBe(501);
      expect(answer.headers.get("x-pingone-mfa-mock")).toBe("MOCK_CANNOT_HONOUR_PREFER");
    } finally {
      await mock.close();
    }
  });
});
