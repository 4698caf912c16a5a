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
import { type CallOptions, type MfaClientOptions, type ResolvedOptions, resolveOptions } from "./options.js";
import { lazyClient } from "./raw.js";
import { createTransport } from "../transport/core.js";
import { fetchExchange } from "../transport/fetch.js";
import type { Exchange } from "../transport/types.js";

/** Paths served by the api host (`https://api.pingone.<tld>/v1`). */
export type ApiPaths = Pick<paths, Extract<keyof paths, `/environments/${string}`>>;
/** Paths served by the auth host (`https://auth.pingone.<tld>`). */
export type AuthPaths = Pick<paths, Extract<keyof paths, `/{environmentId}/deviceAuthentications${string}`>>;

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
    return {
      ...methodsOver(call),
      raw: {
        api: lazyClient<ApiPaths>(resolved.apiBaseUrl, send),
        auth: lazyClient<AuthPaths>(resolved.authBaseUrl, send),
      },
    };
  };
}
