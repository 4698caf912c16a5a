// createMfaClient: two openapi-fetch clients (api host, auth host) over one transport, and the typed
// methods on top. Each method checks its input, sends its action's media type, and returns the
// parsed success body or throws a PingOneError.
import createClient, { type Client, defaultPathSerializer } from "openapi-fetch";
import type { paths } from "../generated/schema.js";
import { tokenSource } from "./auth.ts";
import { deviceAuthenticationsApi } from "./device-authentications.ts";
import { devicesApi } from "./devices.ts";
import { apiErrorFrom, unexpectedResponse } from "./errors.ts";
import { checkId } from "./ids.ts";
import { type CallOptions, checkCallOptions, type MfaClientOptions, resolveOptions } from "./options.ts";
import type { CountryCode } from "./phone.ts";
import type { Secrets } from "./redact.ts";
import { createTransport, exchangeOf, OutgoingRequest } from "./transport.ts";

/** Paths served by the api host (`https://api.pingone.<tld>/v1`). */
export type ApiPaths = Pick<paths, Extract<keyof paths, `/environments/${string}`>>;
/** Paths served by the auth host (`https://auth.pingone.<tld>`). */
export type AuthPaths = Pick<paths, Extract<keyof paths, `/{environmentId}/deviceAuthentications${string}`>>;

/** What every resource module needs from the client. */
export interface Context {
  api: Client<ApiPaths>;
  auth: Client<AuthPaths>;
  defaultCountry: CountryCode | undefined;
  /** Checks the call options and returns the environment ID and the openapi-fetch options of one call. */
  prepare(call: CallOptions | undefined, mediaType?: string): Prepared;
  /** Awaits an openapi-fetch call: the parsed body (undefined when `expectBody` is false), or a thrown error. */
  send<T>(pending: Promise<Sent>, secrets?: Secrets, expectBody?: boolean): Promise<T>;
}

interface Prepared {
  environmentId: string;
  init: { parseAs: "stream"; headers: Record<string, string>; signal?: AbortSignal };
}
interface Sent {
  error?: unknown;
  response: Response;
}

// openapi-fetch percent-encodes path values but lets "." and ".." through. The typed methods check
// their IDs before building a path; `raw` gets the same refusal here.
const strictPathSerializer = (pathname: string, params: Record<string, unknown>) => {
  for (const [name, value] of Object.entries(params)) checkId(name, value);
  return defaultPathSerializer(pathname, params);
};

/** The client returned by {@link createMfaClient}. */
export interface MfaClient {
  devices: ReturnType<typeof devicesApi>;
  deviceAuthentications: ReturnType<typeof deviceAuthenticationsApi>;
  /** The underlying openapi-fetch clients, with auth, retries and timeout applied. Bodies are not checked. */
  raw: { api: Client<ApiPaths>; auth: Client<AuthPaths> };
}

/**
 * Creates a typed PingOne MFA client. Options are checked at once; a bad one throws a
 * `PingOneValidationError` naming it.
 *
 * @example
 * const mfa = createMfaClient({ environmentId, accessToken, region: "EU" });
 * const device = await mfa.devices.create(userId, { type: "SMS", phone: "+1 (512) 520-1234" });
 */
export function createMfaClient(options: MfaClientOptions): MfaClient {
  const resolved = resolveOptions(options);
  const token = tokenSource(resolved.accessToken);
  const transportOptions = { fetch: resolved.fetch, token, retry: resolved.retry, timeoutMs: resolved.timeoutMs, logger: resolved.logger };
  // The typed methods: light requests, success bodies read by send() under the call's deadline.
  const typed = {
    fetch: createTransport(transportOptions, true) as (request: Request) => Promise<Response>,
    Request: OutgoingRequest as unknown as typeof Request,
  };
  const api = createClient<ApiPaths>({ ...typed, baseUrl: resolved.apiBaseUrl });
  const auth = createClient<AuthPaths>({ ...typed, baseUrl: resolved.authBaseUrl });
  // `raw`: standard Requests and fully read Responses, for middleware and any parseAs.
  const standard = { fetch: createTransport(transportOptions), pathSerializer: strictPathSerializer };
  const raw = {
    api: createClient<ApiPaths>({ ...standard, baseUrl: resolved.apiBaseUrl }),
    auth: createClient<AuthPaths>({ ...standard, baseUrl: resolved.authBaseUrl }),
  };

  const context: Context = {
    api,
    auth,
    defaultCountry: resolved.defaultCountry,
    prepare(call, mediaType) {
      const { environmentId, signal, headers } = checkCallOptions(call);
      const init: Prepared["init"] = { parseAs: "stream", headers: { ...headers } };
      if (mediaType) init.headers["Content-Type"] = mediaType;
      if (signal) init.signal = signal;
      return { environmentId: environmentId ?? resolved.environmentId, init };
    },
    async send<T>(pending: Promise<Sent>, secrets: Secrets = {}, expectBody = true): Promise<T> {
      const { error, response } = await pending;
      const exchange = exchangeOf(response);
      if (!exchange) throw new Error("pingone-mfa: a response did not come through the client's transport");
      try {
        // The tokens this call sent are masked too, should the answer echo one.
        const known: Secrets = { ...secrets, values: [...(secrets.values ?? []), ...exchange.tokens] };
        if (!response.ok) throw apiErrorFrom(response, error, exchange, known, exchange.retryAfterMs);
        if (!expectBody) return undefined as T;
        const text = await exchange.readBody();
        if (!text) throw unexpectedResponse(response, exchange, "an empty body");
        try {
          return JSON.parse(text) as T;
        } catch {
          throw unexpectedResponse(response, exchange, "a body that is not JSON");
        }
      } finally {
        exchange.release();
      }
    },
  };
  return { devices: devicesApi(context), deviceAuthentications: deviceAuthenticationsApi(context), raw };
}
