// `mfa.raw` loads openapi-fetch and raw-calls.ts on its first call (raw.ts). A load that fails
// (a browser's chunk request while offline) fails that call only, as the network would, and the
// next call loads again; a middleware openapi-fetch would refuse is the PingOneValidationError it
// always was, not a failed load; `use` and `eject` never leave a rejection unhandled.
import { afterEach, beforeEach, expect, it } from "vitest";
import { PingOneNetworkError, PingOneValidationError } from "../../src/index.ts";
import { lazyClient } from "../../src/client/raw.ts";
import type { Send } from "../../src/transport/core.ts";
import { DEVICE, ENV, json, stubClient, USER } from "../support/stub.ts";

const DEVICE_PATH = "/environments/{environmentId}/users/{userId}/devices/{deviceId}";
const params = { path: { environmentId: ENV, userId: USER, deviceId: DEVICE } };
const BASE = "https://api.pingone.com/v1";

// Unhandled rejections seen while a test runs (vitest would also fail the run, later and less plainly).
let unhandled: unknown[] = [];
const onUnhandled = (reason: unknown) => unhandled.push(reason);
beforeEach(() => {
  unhandled = [];
  process.on("unhandledRejection", onUnhandled);
});
afterEach(() => {
  process.off("unhandledRejection", onUnhandled);
});
// Lets pending rejections reach the unhandledRejection check.
const drain = () => new Promise((resolve) => setTimeout(resolve, 10));

it("a failed load fails that call only: the next call loads again and is sent", async () => {
  const sent: string[] = [];
  const send: Send = async (request) => {
    sent.push(`${request.method} ${request.url}`);
    return {
      status: 200,
      headers: { "content-type": "application/json" },
      body: new TextEncoder().encode("{}"),
      request: { method: request.method, url: request.url },
      retryAfterMs: undefined,
      tokens: [],
    } as never;
  };
  const offline = new TypeError("Failed to fetch dynamically imported module");
  let loads = 0;
  const load = () => {
    loads++;
    return loads === 1
      ? Promise.reject(offline)
      : Promise.all([import("openapi-fetch"), import("../../src/client/raw-calls.ts")]);
  };
  const raw = lazyClient<Record<string, never>>(BASE, send, load as never);
  const GET = raw.GET as unknown as (path: string, init: unknown) => Promise<{ data: unknown }>;

  const first = await GET(DEVICE_PATH, { params }).catch((error: unknown) => error);
  expect(first).toBeInstanceOf(PingOneNetworkError);
  // The cause is the error as the load gave it (a redacted copy).
  expect((first as Error).cause).toMatchObject({ name: "TypeError", message: offline.message });
  expect(sent).toEqual([]);

  const second = await GET(DEVICE_PATH, { params });
  expect(second.data).toEqual({});
  expect(sent).toEqual([`GET ${BASE}/environments/${ENV}/users/${USER}/devices/${DEVICE}`]);
  // Loaded once it worked: a third call loads nothing.
  await GET(DEVICE_PATH, { params });
  expect(loads).toBe(2);
});

it("a failed load, then use and eject: no unhandled rejection, and middleware registered meanwhile runs", async () => {
  const send: Send = async () => {
    throw new Error("not reached");
  };
  let loads = 0;
  const load = () => {
    loads++;
    return loads === 1
      ? Promise.reject(new TypeError("offline"))
      : Promise.all([import("openapi-fetch"), import("../../src/client/raw-calls.ts")]);
  };
  const raw = lazyClient<Record<string, never>>(BASE, send, load as never);
  const GET = raw.GET as unknown as (path: string, init: unknown) => Promise<unknown>;
  await expect(GET(DEVICE_PATH, { params })).rejects.toBeInstanceOf(PingOneNetworkError);
  const seen: string[] = [];
  const stop = new Error("stopped by middleware");
  const mine = {
    onRequest: ({ request }: { request: Request }) => {
      seen.push(request.method);
      throw stop;
    },
  };
  const other = { onRequest() {} };
  raw.use(mine, other);
  raw.eject(other);
  await drain();
  expect(unhandled).toEqual([]);
  // The middleware's own error is a client error: rawFailure makes it a validation error, not a load failure.
  const outcome = await GET(DEVICE_PATH, { params }).catch((error: unknown) => error);
  expect(outcome).toBeInstanceOf(PingOneValidationError);
  expect(seen).toEqual(["GET"]);
});

it("a middleware openapi-fetch refuses is a PingOneValidationError; eject it and calls go out again", async () => {
  const { mfa, calls } = stubClient(() => json(200, { id: DEVICE }));
  const GET = () => mfa.raw.api.GET(DEVICE_PATH as never, { params } as never);

  mfa.raw.api.use({} as never);
  const refused = await GET().catch((error: unknown) => error);
  expect(refused).toBeInstanceOf(PingOneValidationError);
  expect(refused).not.toBeInstanceOf(PingOneNetworkError);
  expect((refused as Error).message).toMatch(/Middleware must be an object/);
  expect(calls).toHaveLength(0);

  mfa.raw.api.eject({} as never); // not the same object: still refused
  await expect(GET()).rejects.toBeInstanceOf(PingOneValidationError);

  mfa.raw.api.use({ onRequest() {} });
  await drain();
  expect(unhandled).toEqual([]);
  // Still refused: the first `{}` was never ejected.
  await expect(GET()).rejects.toBeInstanceOf(PingOneValidationError);
  expect(calls).toHaveLength(0);
});

it("ejecting the refused middleware itself lets calls go out, with the others in order", async () => {
  const { mfa, calls } = stubClient(() => json(200, { id: DEVICE }));
  const order: string[] = [];
  const refusedOne = {};
  mfa.raw.api.use(refusedOne as never);
  await expect(mfa.raw.api.GET(DEVICE_PATH as never, { params } as never)).rejects.toBeInstanceOf(
    PingOneValidationError,
  );
  mfa.raw.api.eject(refusedOne as never);
  mfa.raw.api.use({ onRequest: () => void order.push("use") });
  const result = await mfa.raw.api.GET(
    DEVICE_PATH as never,
    {
      params,
      middleware: [{ onRequest: () => void order.push("call") }],
    } as never,
  );
  expect((result as { data: unknown }).data).toEqual({ id: DEVICE });
  expect(order).toEqual(["use", "call"]);
  expect(calls).toHaveLength(1);
  await drain();
  expect(unhandled).toEqual([]);
});

it("a load that never settles ends when the caller aborts, with the caller's reason", async () => {
  const send: Send = async () => {
    throw new Error("not reached");
  };
  const raw = lazyClient<Record<string, never>>(BASE, send, (() => new Promise(() => {})) as never);
  const GET = raw.GET as unknown as (path: string, init: unknown) => Promise<unknown>;
  const controller = new AbortController();
  const reason = new Error("caller gave up");
  const call = GET(DEVICE_PATH, { params, signal: controller.signal }).catch((error: unknown) => error);
  controller.abort(reason);
  expect(await call).toBe(reason);
  // Already aborted before the call: the same reason, without waiting for the load.
  expect(await GET(DEVICE_PATH, { params, signal: controller.signal }).catch((error: unknown) => error)).toBe(reason);
});
