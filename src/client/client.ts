// createMfaClient: the typed methods over one transport, and two openapi-fetch clients (api host,
// auth host) over the same transport as `raw`. Each method is an action of the spec; the call
// checks its input, builds and sends its request, and returns the parsed success body or throws a
// PingOneError.
import type { Client } from "openapi-fetch";
import type { Methods } from "../../generated/methods.js";
import type { paths } from "../../generated/schema.js";
import { tokenSource } from "../tokens/token-source.js";
import { createCall } from "./call.js";
import { methodsOver } from "./methods.js";
import { checkId } from "../validation/ids.js";
import {
  type CallOptions,
  type MfaClientOptions,
  RESERVED_HEADERS,
  type ResolvedOptions,
  resolveOptions,
} from "./options.js";
import { PingOneValidationError, unexpectedResponse } from "../errors/errors.js";
import { lazyClient } from "./raw.js";
import { createTransport, type Send } from "../transport/core.js";
import { fetchExchange } from "../transport/fetch.js";
import type { Exchange } from "../transport/types.js";

/** Paths served by the api host (`https://api.pingone.<tld>/v1`). */
export type ApiPaths = Pick<paths, Extract<keyof paths, `/environments/${string}`>>;
/** Paths served by the auth host (`https://auth.pingone.<tld>`). */
export type AuthPaths = Pick<paths, Extract<keyof paths, `/{environmentId}/deviceAuthentications${string}`>>;

// openapi-fetch percent-encodes path values but lets "." and ".." through. The typed methods check
// their IDs before building a path; `raw` gets the same refusal here.
const strictPathSerializer = (pathname: string, params: Record<string, unknown>) =>
  pathname.replace(/\{([^{}]+)\}/g, (_, name: string) => encodeURIComponent(checkId(name, params[name])));

const NO_BODY = new Set([101, 103, 204, 205, 304]);
// `raw` may send its own Authorization (the client's replaces it), Content-Type and Cookie; the
// headers that frame the request or name its host are the transport's, as for the typed methods.
const RAW_ALLOWED = new Set(["authorization", "content-type", "cookie"]);

/** openapi-fetch's fetch for `raw`: its Request goes through the client's transport; the whole answer comes back as a Response. */
function rawFetch(send: Send): (request: Request) => Promise<Response> {
  return async (request) => {
    const headers: Record<string, string> = {};
    request.headers.forEach((value, name) => {
      if (RESERVED_HEADERS.has(name) && !RAW_ALLOWED.has(name))
        throw new PingOneValidationError(`headers.${name}`, "RESERVED_HEADER", `headers.${name} is set by the client`);
      headers[name] = value;
    });
    const body = request.body ? new Uint8Array(await request.arrayBuffer()) : undefined;
    const answer = await send({ method: request.method, url: request.url, headers, body }, request.signal ?? undefined);
    // A Response holds statuses 200 to 599 only; anything else (a 999 from a broken server) is an
    // answer the client cannot use, as it is for the typed methods.
    if (answer.status < 200 || answer.status > 599)
      throw unexpectedResponse(answer.status, answer.request, "a status outside 200–599");
    try {
      return new Response(NO_BODY.has(answer.status) ? null : (answer.body as Uint8Array<ArrayBuffer>), {
        status: answer.status,
        headers: answer.headers,
      });
    } catch {
      throw unexpectedResponse(answer.status, answer.request, "headers a Response cannot hold");
    }
  };
}

/** The client returned by {@link createMfaClient}. */
export interface MfaClient extends Methods<CallOptions> {
  /** The underlying openapi-fetch clients over the same transport (auth, retries, timeout, limits). Bodies are not checked. */
  raw: { api: Client<ApiPaths>; auth: Client<AuthPaths> };
}

/** createMfaClient over `defaultExchange` (given the checked options: its `proxy`) when the caller passes no `fetch`. */
export function clientFactory(defaultExchange: (options: ResolvedOptions) => Exchange) {
  /**
   * Creates a typed PingOne MFA client. Options are checked at once; a bad one throws a
   * `PingOneValidationError` naming it.
   *
   * @example
   * const mfa = createMfaClient({ environmentId, accessToken, region: "EU" });
   * const device = await mfa.devices.create(userId, { type: "SMS", phone: "+1 (512) 520-1234" });
   */
  return function createMfaClient(options: MfaClientOptions): MfaClient {
    const resolved = resolveOptions(options);
    const send = createTransport({
      exchange: resolved.fetch ? fetchExchange(resolved.fetch) : defaultExchange(resolved),
      token: tokenSource(resolved.accessToken),
      retry: resolved.retry,
      timeoutMs: resolved.timeoutMs,
      maxResponseBytes: resolved.maxResponseBytes,
      logger: resolved.logger,
      hooks: resolved.hooks,
      correlationHeader: resolved.correlationHeader,
    });
    const call = createCall({
      send,
      baseUrls: { api: resolved.apiBaseUrl, auth: resolved.authBaseUrl },
      environmentId: resolved.environmentId,
      defaultCountry: resolved.defaultCountry,
    });
    const shared = { fetch: rawFetch(send), pathSerializer: strictPathSerializer };
    return {
      ...methodsOver(call),
      raw: {
        api: lazyClient<ApiPaths>({ ...shared, baseUrl: resolved.apiBaseUrl }),
        auth: lazyClient<AuthPaths>({ ...shared, baseUrl: resolved.authBaseUrl }),
      },
    };
  };
}
