// pingone-mfa/msw: the PingOne simulator as MSW request handlers, for tests in a browser, jsdom or
// Node that have no port to give it. The handlers answer on PingOne's own hosts, so the client runs
// with its defaults (a region, no base URLs). This module is MSW's side only, as mock-server.ts is
// node:http's: it turns a fetch Request into the pipeline's MockRequest (./pipeline/pipeline.ts) and
// the answer into a Response. Everything it imports runs in a browser (no node: modules), and the
// examples mode and the proxy are absent because Prism does not.
import { type HttpHandler, HttpResponse, http } from "msw";
import { isRegion, REGIONS, type Region, regionHosts } from "../client/regions.js";
import { controlOf, type MockControl } from "./control.js";
import { corsHeaders, mockError } from "./http-io.js";
import { createPipeline, type MockAnswer, type MockRequest } from "./pipeline/pipeline.js";
import type { SimulatorLimits } from "./simulation/index.js";
import { readCapped } from "./read-capped.js";

export type { MockControl, OtpQuery } from "./control.js";
export type { MockFault } from "./faults.js";
export type { MockViolation } from "./pipeline/pipeline.js";
export type { SeedDevice, SimulatorLimits } from "./simulation/index.js";

/** Options of {@link createPingOneHandlers}. */
export interface PingOneHandlersOptions {
  /**
   * The regions whose hosts the handlers answer (`https://api.pingone.<tld>/v1`, `https://auth.pingone.<tld>`).
   * @default every region, so a client set to any region reaches the simulator
   */
  region?: Region | readonly Region[];
  /** A further devices base URL to answer (a custom domain, a gateway); must end with `/v1`, as PingOne's does. */
  apiBaseUrl?: string;
  /** A further deviceAuthentications and token base URL to answer. */
  authBaseUrl?: string;
  /** Limits of the simulation (daily SMS, attempts, lifetimes…); see {@link SimulatorLimits}. */
  limits?: Partial<SimulatorLimits>;
  /** Largest request body accepted, in bytes; larger ones get 413 without being read whole. @default 1 MiB */
  maxBodyBytes?: number;
}

/** The handlers to give `setupServer` (msw/node) or `setupWorker` (msw/browser), and the control object. */
export interface PingOneHandlers extends MockControl {
  handlers: HttpHandler[];
  /** The base URLs answered, longest path first: each region's two hosts and the ones given as options. */
  baseUrls: string[];
  /** Ends the waits of `failNext({ delayMs })` (those requests get a network error); nothing keeps a timer. */
  close(): void;
}

/** A base URL answered: where requests under it go in the pipeline, and the origin `_links` use. */
interface Base {
  url: URL;
  /** Path of the base without its trailing slash (`/v1`, or `` for a host's root). */
  path: string;
  host: "api" | "auth";
  /** The origin the simulator writes `_links` under: devices at `${origin}/v1/…`, authentications at `${origin}/…`. */
  origin: string;
}

const NAME = "createPingOneHandlers";

/** Checks a base URL option: absolute http(s), no credentials, query or fragment; no trailing slash. */
function baseOption(option: "apiBaseUrl" | "authBaseUrl", value: unknown): URL {
  let url: URL | undefined;
  try {
    url = typeof value === "string" ? new URL(value) : undefined;
  } catch {}
  if (!url || (url.protocol !== "https:" && url.protocol !== "http:"))
    throw new TypeError(`${NAME}: ${option} must be an absolute http(s) URL`);
  if (/[@?#]/.test((value as string).slice(url.protocol.length + 2)))
    throw new TypeError(`${NAME}: ${option} must not carry credentials, a query or a fragment`);
  url.pathname = url.pathname.replace(/\/+$/, "");
  // The simulator's device links are `${origin}/v1/…`, PingOne's layout.
  if (option === "apiBaseUrl" && !url.pathname.endsWith("/v1"))
    throw new TypeError(`${NAME}: apiBaseUrl must end with /v1, as PingOne's api host does (got ${url.pathname})`);
  return url;
}

function regionsOption(value: PingOneHandlersOptions["region"]): Region[] {
  if (value === undefined) return Object.keys(REGIONS) as Region[];
  const list = typeof value === "string" ? [value] : value;
  if (!Array.isArray(list) || list.length === 0 || !list.every(isRegion))
    throw new TypeError(
      `${NAME}: region must be one of ${Object.keys(REGIONS).join(", ")}, or a non-empty list of them`,
    );
  return list;
}

function baseOf(url: URL, host: Base["host"]): Base {
  const path = url.pathname.replace(/\/+$/, "");
  const root = host === "api" ? path.slice(0, -"/v1".length) : path;
  return { url, path, host, origin: `${url.origin}${root}` };
}

/** The body, or undefined past the cap: refused on its Content-Length, else read only up to the cap. */
async function readBody(request: Request, cap: number): Promise<Uint8Array | undefined> {
  if (Number(request.headers.get("content-length")) > cap) return undefined;
  return request.body ? readCapped(request.body, cap) : new Uint8Array(0);
}

/** The pipeline's answer as MSW sends it: JSON (or nothing), or a network error for a dropped connection. */
function toResponse(answer: MockAnswer): Response {
  if (answer.drop) return HttpResponse.error();
  const { body } = answer;
  const text = body === undefined || body === null ? "" : typeof body === "string" ? body : JSON.stringify(body);
  const headers = new Headers(text ? { "content-type": "application/json" } : {});
  for (const [name, value] of Object.entries(answer.headers)) {
    if (typeof value === "string") headers.set(name, value);
    else {
      headers.delete(name);
      for (const one of value) headers.append(name, one);
    }
  }
  return new HttpResponse(text || null, { status: answer.status, headers });
}

/**
 * The PingOne simulator as MSW request handlers: the same simulation and control object as
 * `startMockServer` (stateful mode), answering on PingOne's hosts.
 *
 * ```ts
 * const pingone = createPingOneHandlers();
 * const server = setupServer(...pingone.handlers); // or setupWorker(...) in a browser
 * ```
 */
export function createPingOneHandlers(options: PingOneHandlersOptions = {}): PingOneHandlers {
  const maxBodyBytes = options.maxBodyBytes ?? 1024 * 1024;
  if (!Number.isSafeInteger(maxBodyBytes) || maxBodyBytes < 0)
    throw new RangeError(`${NAME}: maxBodyBytes must be a whole number of bytes, 0 or more`);
  const bases: Base[] = [];
  const add = (url: URL, host: Base["host"]) => {
    if (!bases.some((b) => b.url.href === url.href)) bases.push(baseOf(url, host));
  };
  for (const region of regionsOption(options.region)) {
    const hosts = regionHosts(region);
    add(new URL(hosts.apiBaseUrl), "api");
    add(new URL(hosts.authBaseUrl), "auth");
  }
  if (options.apiBaseUrl !== undefined) add(baseOption("apiBaseUrl", options.apiBaseUrl), "api");
  if (options.authBaseUrl !== undefined) add(baseOption("authBaseUrl", options.authBaseUrl), "auth");
  // Longest path first: where both hosts share an origin (`…/v1` and `…`), device paths go to the api base.
  bases.sort((a, b) => b.path.length - a.path.length);

  const pipeline = createPipeline({ mode: "stateful", limits: options.limits, maxBodyBytes });

  /** The answer to a request under `base`, or undefined when it is not under it (MSW then tries the next handler). */
  async function answer(base: Base, request: Request): Promise<Response | undefined> {
    const url = new URL(request.url);
    if (url.origin !== base.url.origin || !url.pathname.startsWith(`${base.path}/`)) return undefined;
    const rest = url.pathname.slice(base.path.length);
    const headers: Record<string, string> = Object.fromEntries(request.headers);
    const mistake = (status: number, code: "MOCK_NO_ROUTE" | "MOCK_CANNOT_HONOUR_PREFER", message: string) => {
      const failure = mockError(status, code, message);
      return toResponse({ ...failure, headers: { ...corsHeaders(headers), ...failure.headers } });
    };
    // PingOne's auth host has no device paths; without this the pipeline would route them.
    if (base.host === "auth" && rest.startsWith("/v1/"))
      return mistake(
        501,
        "MOCK_NO_ROUTE",
        `${request.method} ${url.pathname}: device paths are on the api host (apiBaseUrl), not on ${base.origin}`,
      );
    if (headers.prefer !== undefined)
      return mistake(
        501,
        "MOCK_CANNOT_HONOUR_PREFER",
        "the MSW handlers simulate only (answers from the examples need Prism, which does not run here); leave Prefer out, or use startMockServer from pingone-mfa/testing",
      );
    const body = await readBody(request, maxBodyBytes);
    const mockRequest: MockRequest = {
      method: request.method.toUpperCase(),
      target: `${base.host === "api" ? "/v1" : ""}${rest}${url.search}`,
      headers,
      body,
      origin: base.origin,
    };
    return toResponse(await pipeline.handle(mockRequest));
  }

  const handlers = bases.map((base) =>
    http.all(`${base.url.origin}${base.path}/*`, async ({ request }) => {
      try {
        return await answer(base, request);
      } catch (error) {
        const failure = mockError(500, "MOCK_FAILURE", `the mock failed on this request: ${(error as Error).message}`);
        const cors = corsHeaders({ origin: request.headers.get("origin") ?? undefined });
        return toResponse({ ...failure, headers: { ...cors, ...failure.headers } });
      }
    }),
  );

  return {
    ...controlOf(pipeline),
    handlers,
    baseUrls: bases.map((b) => `${b.url.origin}${b.path}`),
    close: () => pipeline.close(),
  };
}
