// createMfaClient: two openapi-fetch clients (api host, auth host) over one transport, and the typed
// methods on top. Each method names an action of the spec; the context checks its input, sends its
// media type, and returns the parsed success body or throws a PingOneError.
import createClient, { type Client, defaultPathSerializer } from "openapi-fetch";
import type { paths } from "../generated/schema.js";
import { tokenSource } from "./auth.js";
import { createCall } from "./call.js";
import type { Context } from "./context.js";
import { deviceAuthenticationsApi } from "./device-authentications.js";
import { devicesApi } from "./devices.js";
import { checkId } from "./ids.js";
import { type MfaClientOptions, resolveOptions } from "./options.js";
import { createTransport, OutgoingRequest } from "./transport.js";

/** Paths served by the api host (`https://api.pingone.<tld>/v1`). */
export type ApiPaths = Pick<paths, Extract<keyof paths, `/environments/${string}`>>;
/** Paths served by the auth host (`https://auth.pingone.<tld>`). */
export type AuthPaths = Pick<paths, Extract<keyof paths, `/{environmentId}/deviceAuthentications${string}`>>;

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
  // The typed methods: light requests, success bodies read under the call's deadline.
  const typed = {
    fetch: createTransport(transportOptions, true) as (request: Request) => Promise<Response>,
    Request: OutgoingRequest as unknown as typeof Request,
  };
  const context: Context = {
    call: createCall({
      clients: {
        api: createClient<never>({ ...typed, baseUrl: resolved.apiBaseUrl }),
        auth: createClient<never>({ ...typed, baseUrl: resolved.authBaseUrl }),
      },
      environmentId: resolved.environmentId,
      defaultCountry: resolved.defaultCountry,
    }),
  };
  // `raw`: standard Requests and fully read Responses, for middleware and any parseAs.
  const standard = { fetch: createTransport(transportOptions), pathSerializer: strictPathSerializer };
  const raw = {
    api: createClient<ApiPaths>({ ...standard, baseUrl: resolved.apiBaseUrl }),
    auth: createClient<AuthPaths>({ ...standard, baseUrl: resolved.authBaseUrl }),
  };
  return { devices: devicesApi(context), deviceAuthentications: deviceAuthenticationsApi(context), raw };
}
