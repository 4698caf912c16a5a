// clientCredentials: a worker application's access tokens (OAuth 2.0 client credentials, RFC 6749
// §4.4) from PingOne's token endpoint, for createMfaClient({ accessToken }). One token is shared
// until shortly before it expires; callers arriving while it is fetched wait for the same request;
// a failed request is not remembered; a token the API refused is dropped (the client then asks for
// a fresh one). The client secret and the tokens stay in this closure and out of every error.
import { isBearerToken, KNOWN_SECRETS } from "./token-source.js";
import { checkInteger, checkObject, rejectUnknown } from "../validation/checks.js";
import { TOKEN_DEFAULTS } from "../client/defaults.js";
import { PingOneTokenError, PingOneValidationError } from "../errors/errors.js";
import { checkId } from "../validation/ids.js";
import { redact, type Secrets } from "../errors/redact.js";
import { checkBaseUrl, isRegion, type Region, REGIONS, regionHosts } from "../client/regions.js";
import { type CallerFetch, callFetch, type FetchResponse, readCapped, streamOf } from "../transport/fetch.js";
import { TooLarge } from "../transport/types.js";
import { ProxyRefused } from "../transport/proxy-refused.js";
import { proxySecretsOf, refuseProxyUrl } from "../transport/proxy-settings.js";

/** Options of {@link clientCredentials}. */
export interface ClientCredentialsOptions {
  /** The worker application's client ID. */
  clientId: string;
  /** The worker application's client secret. */
  clientSecret: string;
  /** The environment the worker application lives in (it may differ from the one you manage). */
  environmentId: string;
  /** Region of that environment. @default "NA" */
  region?: Region;
  /** Base URL of the token endpoint's host, instead of the region's (a custom domain, or the mock). */
  authBaseUrl?: string;
  /** How the secret is sent: HTTP Basic (PingOne's default) or in the form. @default "client_secret_basic" */
  authMethod?: "client_secret_basic" | "client_secret_post";
  /** A token is replaced this many seconds before it expires (at most half its lifetime). @default 60 */
  leewaySeconds?: number;
  /** Longest a token request may take. @default 10000 */
  timeoutMs?: number;
  /**
   * The fetch to call the token endpoint with, called as `fetch(request, init)` like the client's
   * `fetch` option (forward both as they are). @default Node: node:http(s), as the client; elsewhere globalThis.fetch
   */
  fetch?: CallerFetch;
  /**
   * Node: the HTTP(S) proxy for the token request, or `false` to ignore HTTPS_PROXY / HTTP_PROXY;
   * unset, those variables and NO_PROXY decide, as for the client. Elsewhere refused.
   */
  proxy?: string | false;
}

/** An access token source for `createMfaClient({ accessToken })`. */
export interface TokenSource {
  /** The current token, fetched when there is none or it is about to expire. */
  (): Promise<string>;
  /** Drops `token` if it is the one held (the API refused it), so the next call fetches another. */
  invalidate(token: string): void;
}

const KEYS = [
  "clientId",
  "clientSecret",
  "environmentId",
  "region",
  "authBaseUrl",
  "authMethod",
  "leewaySeconds",
  "timeoutMs",
  "fetch",
  "proxy",
] as const;
const MAX_ANSWER = 64 * 1024;

const requiredString = (name: string, value: unknown): string => {
  if (typeof value !== "string" || value.length === 0 || value.length > 4096 || /[\0-\x1f\x7f]/.test(value)) {
    throw new PingOneValidationError(
      name,
      "INVALID_VALUE",
      `clientCredentials: ${name} must be a non-empty string without control characters`,
    );
  }
  return value;
};

// RFC 6749 §2.3.1: id and secret are form-encoded before they are joined for Basic.
const formEncode = (value: string) => encodeURIComponent(value).replace(/%20/g, "+");

// The error codes RFC 6749 defines (§5.2 for the token endpoint, §4.1.2.1 and §4.2.2.1 for the
// authorization endpoint, which some servers answer with too). Any other `error` is the server's
// free text, which may hold anything (an echoed secret or token): it is not shown.
const OAUTH_ERRORS = new Set([
  "invalid_request",
  "invalid_client",
  "invalid_grant",
  "unauthorized_client",
  "unsupported_grant_type",
  "invalid_scope",
  "access_denied",
  "unsupported_response_type",
  "server_error",
  "temporarily_unavailable",
]);

/**
 * How the token request is sent when the caller gives no fetch, for the `proxy` option (checked
 * for its type): the platform's fetch, or on Node the client's own node:http(s) transport, so that
 * tokens and API calls take one path through one proxy logic.
 */
export type TokenSender = (proxy: string | false | undefined, maxBytes: number) => CallerFetch;

/** The platform's fetch, looked up per request (so MSW and other interceptors see it). It takes no proxy URL. */
const platformSender: TokenSender = (proxy) => {
  refuseProxyUrl("proxy", proxy);
  return (input, init) => globalThis.fetch(input, init);
};

/** clientCredentials sending with `defaultSender` when the caller gives no fetch. */
export function credentialsFactory(defaultSender: TokenSender) {
  /**
   * Returns a token source that fetches, caches and refreshes a worker token.
   * @throws {PingOneTokenError} `NOT_FOR_BROWSERS` in the browser entry (the "browser" and
   *   "react-native" export conditions), where a client secret would be public.
   */
  return function clientCredentials(options: ClientCredentialsOptions): TokenSource {
    return tokenSourceOf(options, defaultSender);
  };
}

/**
 * Returns a token source that fetches, caches and refreshes a worker token.
 * @throws {PingOneTokenError} `NOT_FOR_BROWSERS` in the browser entry (the "browser" and
 *   "react-native" export conditions), where a client secret would be public.
 */
export const clientCredentials: (options: ClientCredentialsOptions) => TokenSource = credentialsFactory(platformSender);

function tokenSourceOf(options: ClientCredentialsOptions, defaultSender: TokenSender): TokenSource {
  checkObject("options", options);
  rejectUnknown("", options as unknown as Record<string, unknown>, KEYS);
  const clientId = requiredString("clientId", options.clientId);
  const clientSecret = requiredString("clientSecret", options.clientSecret);
  const environmentId = checkId("environmentId", options.environmentId);
  const region = options.region ?? "NA";
  if (!isRegion(region))
    throw new PingOneValidationError(
      "region",
      "INVALID_VALUE",
      `clientCredentials: region must be one of ${Object.keys(REGIONS).join(", ")}`,
    );
  const base =
    options.authBaseUrl === undefined
      ? regionHosts(region).authBaseUrl
      : checkBaseUrl("authBaseUrl", options.authBaseUrl);
  const authMethod = options.authMethod ?? "client_secret_basic";
  if (authMethod !== "client_secret_basic" && authMethod !== "client_secret_post") {
    throw new PingOneValidationError(
      "authMethod",
      "INVALID_VALUE",
      'clientCredentials: authMethod must be "client_secret_basic" or "client_secret_post"',
    );
  }
  const leewayMs = checkInteger("leewaySeconds", options.leewaySeconds ?? TOKEN_DEFAULTS.leewaySeconds, 0, 3600) * 1000;
  const timeoutMs = checkInteger("timeoutMs", options.timeoutMs ?? TOKEN_DEFAULTS.timeoutMs, 1, 120_000);
  if (options.fetch !== undefined && typeof options.fetch !== "function")
    throw new PingOneValidationError("fetch", "INVALID_VALUE", "clientCredentials: fetch must be a function");
  const { proxy } = options;
  if (proxy !== undefined && proxy !== false && typeof proxy !== "string")
    throw new PingOneValidationError(
      "proxy",
      "INVALID_VALUE",
      "clientCredentials: proxy must be a proxy URL string or false",
    );
  if (typeof proxy === "string" && options.fetch !== undefined)
    throw new PingOneValidationError(
      "proxy",
      "INVALID_VALUE",
      "clientCredentials: proxy cannot be used with fetch: the caller's fetch decides the route",
    );
  // Made now: a bad proxy URL or environment variable is refused here, not at the first request.
  const send = options.fetch ?? defaultSender(proxy, MAX_ANSWER);
  const url = `${base}/${encodeURIComponent(environmentId)}/as/token`;
  const where = `POST ${url}`;
  const endpoint = new URL(url).href;
  /** False for an answer a fetch got by following a redirect. A Response made by hand has no URL: it is taken as it is. */
  const fromEndpoint = (response: FetchResponse) => {
    if (response.redirected || response.type === "opaqueredirect") return false;
    if (!response.url) return true;
    try {
      return new URL(response.url).href === endpoint;
    } catch {
      return false;
    }
  };

  const basic = `Basic ${btoa(`${formEncode(clientId)}:${formEncode(clientSecret)}`)}`;
  // Everything that could carry the secret or a token is masked in what this module reports (and
  // every other encoding of them, by redaction's decoding): the secret as sent in the form, in Basic.
  const issued: string[] = [];
  const spellings = [
    clientSecret,
    formEncode(clientSecret),
    new URLSearchParams({ s: clientSecret }).toString().slice(2),
    basic.slice(6),
    // The proxy's password and Basic value (see proxy-settings.ts), which its error page may echo.
    ...proxySecretsOf(send),
  ];
  const secrets = (): Secrets => ({ tokens: [...spellings, ...issued] });
  const fail = (
    code: string,
    message: string,
    extra: { status?: number; description?: string; cause?: unknown } = {},
  ): never => {
    const known = secrets();
    throw new PingOneTokenError({
      code,
      message: redact(`${message} (${where})`, known),
      description: extra.description === undefined ? undefined : redact(extra.description, known, 500),
      status: extra.status,
      cause: extra.cause,
      secrets: known,
    });
  };

  let held: { token: string; renewAt: number } | undefined;
  let pending: Promise<string> | undefined;

  async function request(): Promise<string> {
    const form = new URLSearchParams({ grant_type: "client_credentials" });
    if (authMethod === "client_secret_post") {
      form.set("client_id", clientId);
      form.set("client_secret", clientSecret);
    }
    const headers: Record<string, string> = {
      "content-type": "application/x-www-form-urlencoded",
      accept: "application/json",
    };
    if (authMethod === "client_secret_basic") headers.authorization = basic;
    const signal = AbortSignal.timeout(timeoutMs);
    let response: FetchResponse;
    try {
      response = await callFetch(send, url, {
        method: "POST",
        headers,
        body: form.toString(),
        redirect: "manual",
        signal,
      });
    } catch (error) {
      if (signal.aborted) return fail("TOKEN_TIMEOUT", `The token request took longer than ${timeoutMs} ms`);
      // Node's transport counts the answer as it arrives (a caller's fetch is counted below).
      if (error instanceof TooLarge)
        return fail("UNEXPECTED_RESPONSE", `The token endpoint answered more than ${MAX_ANSWER} bytes`);
      if (error instanceof ProxyRefused)
        return fail("PROXY_REFUSED", `The token request was not sent: ${error.message}`, { cause: error });
      return fail("TOKEN_REQUEST_FAILED", "The token endpoint could not be reached", { cause: error });
    }
    // A caller's fetch may follow a redirect anyway: an answer from anywhere but the token endpoint
    // (another host could hand out a token of its choosing) is refused, as a 3xx is.
    if (!fromEndpoint(response)) {
      void response.body?.cancel().catch(() => undefined);
      fail(
        "UNEXPECTED_REDIRECT",
        "The token answer came from another URL (the fetch followed a redirect); it was not used",
        { status: response.status },
      );
    }
    const bytes = response.body
      ? await readCapped(streamOf(response.body), signal, MAX_ANSWER).catch((error: unknown) =>
          error instanceof TooLarge
            ? fail("UNEXPECTED_RESPONSE", `The token endpoint answered more than ${MAX_ANSWER} bytes`, {
                status: response.status,
              })
            : fail("TOKEN_REQUEST_FAILED", "The token answer could not be read", {
                status: response.status,
                cause: error,
              }),
        )
      : undefined;
    const text = bytes ? new TextDecoder().decode(bytes) : "";
    let body: Record<string, unknown> | undefined;
    try {
      const parsed: unknown = JSON.parse(text);
      if (typeof parsed === "object" && parsed !== null && !Array.isArray(parsed))
        body = parsed as Record<string, unknown>;
    } catch {
      body = undefined;
    }
    if (response.status !== 200) {
      const status = response.status;
      if (status >= 300 && status < 400)
        fail(
          "UNEXPECTED_REDIRECT",
          `The token endpoint answered ${status}; it does not redirect, so it was not followed`,
          { status },
        );
      const code = typeof body?.error === "string" && OAUTH_ERRORS.has(body.error) ? body.error : "UNEXPECTED_RESPONSE";
      const description = typeof body?.error_description === "string" ? body.error_description : undefined;
      fail(
        code,
        `The token endpoint refused the request: ${status}${code === "UNEXPECTED_RESPONSE" ? "" : ` ${code}`}`,
        { status, ...(description === undefined ? {} : { description }) },
      );
    }
    const token = body?.access_token;
    if (!isBearerToken(token))
      return fail("UNEXPECTED_RESPONSE", "The token answer has no usable access_token", { status: 200 });
    issued.push(token);
    if (issued.length > 8) issued.shift();
    if (typeof body!.token_type !== "string" || body!.token_type.toLowerCase() !== "bearer")
      fail("UNEXPECTED_RESPONSE", "The token answer's token_type is not Bearer", { status: 200 });
    const expiresIn = body!.expires_in;
    // PingOne always says how long a token lives; without it the token is kept for 5 minutes.
    const lifetimeMs =
      typeof expiresIn === "number" && Number.isFinite(expiresIn) && expiresIn > 0 ? expiresIn * 1000 : 300_000;
    held = { token, renewAt: Date.now() + Math.max(lifetimeMs - leewayMs, lifetimeMs / 2) };
    return token;
  }

  const source = (() => {
    if (held && Date.now() < held.renewAt) return Promise.resolve(held.token);
    held = undefined;
    // Everyone asking while a request is out shares it; when it settles, failure included, it is forgotten.
    pending ??= request().finally(() => {
      pending = undefined;
    });
    return pending;
  }) as TokenSource;
  source.invalidate = (token: string) => {
    if (held?.token === token) held = undefined;
  };
  // The client masks these in every call made with this source's tokens (an API echoing the secret).
  Object.defineProperty(source, KNOWN_SECRETS, { value: () => [...spellings, ...issued] });
  return source;
}
