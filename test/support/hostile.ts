// What the hostile suites share: the three transports every case runs on, the IDs and secrets,
// and the views of an error a secret must never appear in.
import { inspect } from "node:util";
import { expect } from "vitest";
import { createMfaClient as createNodeClient } from "../../src/index.node.ts";
import {
  createMfaClient as createFetchClient,
  type MfaClient,
  type MfaClientOptions,
  PingOneError,
} from "../../src/index.ts";
import { AUTHN, DEVICE, ENV, USER } from "./stub.ts";
import type { HostileServer } from "./hostile-server.ts";

export { AUTHN, DEVICE, ENV, USER };

export type Make = (options: MfaClientOptions) => MfaClient;

const isObject = (value: unknown): value is object =>
  typeof value === "object" && value !== null && !Array.isArray(value);

/** The same cases run on each: node:http (index.node.ts, no fetch), the platform fetch (index.ts), and a caller's fetch. */
export const TRANSPORTS: Array<[string, Make]> = [
  ["node:http transport", (options) => createNodeClient(options)],
  ["platform fetch transport", (options) => createFetchClient(options)],
  // (Options that are not an object are passed on as they are, to be refused as such.)
  [
    "caller's fetch",
    (options) =>
      createFetchClient(isObject(options) ? { fetch: (request: Request) => fetch(request), ...options } : options),
  ],
];

export const TOKEN = "eyJhbGciOiJSUzI1NiJ9.aG9zdGlsZS10ZXN0LXRva2Vu.c2lnbmF0dXJlLWhvc3RpbGU";
/** Short retries so that every suite stays fast. */
export const FAST_RETRY = { maxRetries: 2, baseDelayMs: 1, maxDelayMs: 5 } as const;

export const DEVICE_BODY = { id: DEVICE, type: "SMS", status: "ACTIVE", nickname: "Phone" };
export const AUTHN_BODY = { id: AUTHN, status: "COMPLETED" };

/**
 * A client of `make` on `server` with short retries; `extra` overrides. Its deadline is generous (a
 * loaded machine must not turn an answer into a timeout): a case about timing sets its own.
 */
export function clientOn(make: Make, server: HostileServer, extra: Partial<MfaClientOptions> = {}): MfaClient {
  return make({
    environmentId: ENV,
    accessToken: TOKEN,
    apiBaseUrl: `${server.url}/v1`,
    authBaseUrl: server.url,
    retry: FAST_RETRY,
    timeoutMs: 60_000,
    ...extra,
  } as MfaClientOptions);
}

export type Outcome = { value: unknown; error?: undefined } | { error: unknown; value?: undefined };

/** What a call came to, thrown synchronously or rejected. */
export async function settle(run: () => unknown): Promise<Outcome> {
  try {
    return { value: await run() };
  } catch (error) {
    return { error };
  }
}

/** The error of a call that must fail. */
export async function rejection(run: () => unknown): Promise<any> {
  const outcome = await settle(run);
  if (!("error" in outcome) || outcome.error === undefined) {
    expect.fail(`expected a rejection, got ${inspect(outcome.value, { depth: 2 }).slice(0, 300)}`);
  }
  return outcome.error;
}

const safe = (view: () => string): string => {
  try {
    return view();
  } catch (error) {
    return `<view threw ${String((error as Error)?.name)}>`;
  }
};

/**
 * Every view of `error` a caller or a log pipeline may produce: String(), message, stack,
 * JSON.stringify, util.inspect with hidden properties at any depth, and the same for each error
 * of its cause chain and AggregateError errors, and each own property of theirs.
 */
export function views(error: unknown): string[] {
  const out: string[] = [
    safe(() => String(error)),
    safe(() => JSON.stringify(error) ?? ""),
    safe(() => inspect(error, { showHidden: true, depth: Infinity })),
  ];
  const seen = new Set<unknown>();
  const walk = (node: unknown, depth: number) => {
    if (node === null || typeof node !== "object" || seen.has(node) || depth > 10) return;
    seen.add(node);
    const e = node as Error & { errors?: unknown };
    out.push(
      safe(() => String(e.message)),
      safe(() => String(e.stack)),
      safe(() => JSON.stringify(e) ?? ""),
    );
    for (const key of Object.getOwnPropertyNames(e)) {
      const value = safe(() => {
        const v = (e as unknown as Record<string, unknown>)[key];
        return typeof v === "string" ? v : (JSON.stringify(v) ?? String(v));
      });
      out.push(value);
    }
    walk(e.cause, depth + 1);
    if (Array.isArray(e.errors)) for (const inner of e.errors) walk(inner, depth + 1);
  };
  walk(error, 0);
  return out;
}

/** The spellings of `secrets` seen in any of `texts`, as "spelling in view n". */
export function leaks(texts: readonly string[], spellings: readonly string[]): string[] {
  const found: string[] = [];
  for (const spelling of spellings) {
    const at = texts.findIndex((t) => t.includes(spelling));
    if (at >= 0)
      found.push(
        `${JSON.stringify(spelling)} in view ${at}: …${texts[at]!.slice(Math.max(0, texts[at]!.indexOf(spelling) - 60), texts[at]!.indexOf(spelling) + spelling.length + 20)}…`,
      );
  }
  return found;
}

/** Fails unless `error` is one of the client's errors (never a raw TypeError, RangeError, URIError). */
export function expectPingOneError(error: unknown): asserts error is PingOneError {
  if (!(error instanceof PingOneError)) {
    expect.fail(`expected a PingOneError, got ${safe(() => inspect(error, { depth: 1 })).slice(0, 400)}`);
  }
}

export const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
