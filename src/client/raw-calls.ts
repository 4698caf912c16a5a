// The part of `mfa.raw` that runs only once a raw call is made, loaded with openapi-fetch on first
// use (raw.ts): the fetch that sends openapi-fetch's Request through the client's transport, the
// path check, and the call that turns any failure into a PingOneError. It imports types only:
// esbuild's code splitting would move every module it shared with the entry (errors, redaction)
// into a third chunk that the entry loads at once, so what it needs of them comes as a RawKit.
import type createClient from "openapi-fetch";
import type { Client, Middleware } from "openapi-fetch";
import type {
  PingOneError,
  PingOneNetworkError,
  PingOneValidationError,
  unexpectedResponse,
} from "../errors/errors.js";
import type { sanitizeError } from "../errors/redact.js";
import type { requestInfo, Send } from "../transport/core.js";
import type { checkId } from "../validation/ids.js";
import type { RESERVED_HEADERS } from "./options.js";

/** What this module uses of the entry's own: the same classes and functions, handed over (see the top). */
export interface RawKit {
  PingOneError: typeof PingOneError;
  PingOneValidationError: typeof PingOneValidationError;
  PingOneNetworkError: typeof PingOneNetworkError;
  unexpectedResponse: typeof unexpectedResponse;
  sanitizeError: typeof sanitizeError;
  requestInfo: typeof requestInfo;
  checkId: typeof checkId;
  RESERVED_HEADERS: typeof RESERVED_HEADERS;
}

export type RawMethod = "GET" | "PUT" | "POST" | "DELETE" | "OPTIONS" | "HEAD" | "PATCH" | "TRACE" | "request";

/** An openapi-fetch client over the transport, and its calls with failures typed. */
export interface RawClient<Paths extends {}> {
  client: Client<Paths>;
  /** `global`: the middleware given to `use`, checked and run before the call's own. */
  call(method: RawMethod, args: unknown[], global?: readonly Middleware[]): Promise<unknown>;
}

const NO_BODY = new Set([101, 103, 204, 205, 304]);
// `raw` may send its own Authorization (the client's replaces it), Content-Type and Cookie; the
// headers that frame the request or name its host are the transport's, as for the typed methods.
const RAW_ALLOWED = new Set(["authorization", "content-type", "cookie"]);

/** What a raw call came to before it failed: the request openapi-fetch built, and the answer's status. */
interface Trace {
  method: string;
  url: string;
  status: number | undefined;
}

export function rawClient<Paths extends {}>(
  create: typeof createClient,
  baseUrl: string,
  send: Send,
  kit: RawKit,
): RawClient<Paths> {
  const { PingOneError, PingOneValidationError, unexpectedResponse, sanitizeError, requestInfo, checkId } = kit;

  /** openapi-fetch's fetch for `raw`: its Request goes through the client's transport; the whole answer comes back as a Response. */
  const fetch = async (request: Request): Promise<Response> => {
    const headers: Record<string, string> = {};
    request.headers.forEach((value, name) => {
      if (kit.RESERVED_HEADERS.has(name) && !RAW_ALLOWED.has(name))
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

  // openapi-fetch percent-encodes path values but lets "." and ".." through. The typed methods check
  // their IDs before building a path; `raw` gets the same refusal here.
  const pathSerializer = (pathname: string, params: Record<string, unknown>) =>
    pathname.replace(/\{([^{}]+)\}/g, (_, name: string) => encodeURIComponent(checkId(name, params[name])));

  /**
   * The PingOneError a raw call's failure is: the client's own errors and the caller's abort reason
   * as they are; after an answer, one openapi-fetch could not read (a 2xx body that is not JSON) is
   * UNEXPECTED_RESPONSE; before one, a request openapi-fetch could not build (a BigInt body, a bad
   * URL) is a PingOneValidationError whose cause is a redacted copy.
   */
  const rawFailure = (error: unknown, trace: Trace, signal: unknown): unknown => {
    if (error instanceof PingOneError) return error;
    if (signal instanceof AbortSignal && signal.aborted && error === signal.reason) return error;
    const info = requestInfo(trace.method, trace.url || "(not built)");
    if (trace.status !== undefined)
      // The parser's own message quotes the body: it is not kept.
      return unexpectedResponse(trace.status, info, "a body that could not be read as asked (not JSON?)");
    const cause = sanitizeError(error);
    const failure = new PingOneValidationError(
      "request",
      "INVALID_VALUE",
      `request could not be built for ${info.method} ${info.url}: ${cause.message}`,
    );
    Object.defineProperty(failure, "cause", { value: cause, enumerable: false, configurable: true, writable: true });
    return failure;
  };

  const client = create<Paths>({ baseUrl, fetch, pathSerializer });
  // openapi-fetch checks middleware in `use` only, and raw.ts hands `use`'s middleware to each call
  // instead: it goes through the library's own `use` (and out again) on a client kept for that.
  const checker = create<Paths>({ baseUrl });
  const checkMiddleware = (middleware: readonly Middleware[]) => {
    try {
      checker.use(...middleware);
    } finally {
      checker.eject(...middleware);
    }
  };
  return {
    client,
    async call(method, args, global = []) {
      // `request(method, path, init)`; the others `(path, init)`.
      const at = method === "request" ? 2 : 1;
      const given = args[at];
      const init = typeof given === "object" && given !== null ? (given as Record<string, unknown>) : {};
      const trace: Trace = {
        method: method === "request" ? String(args[0]).toUpperCase() : method,
        url: "",
        status: undefined,
      };
      // Runs last on the way out and first on the way back: it sees the request that is sent and
      // the answer as it came.
      const tracker: Middleware = {
        onRequest: ({ request }) => {
          trace.method = request.method;
          trace.url = request.url;
        },
        onResponse: ({ response }) => {
          trace.status = response.status;
        },
      };
      const own = Array.isArray(init.middleware) ? (init.middleware as Middleware[]) : [];
      const call = [...args];
      // openapi-fetch runs its `use` middleware before the call's own: the same order here.
      call[at] = { ...init, middleware: [...global, ...own, tracker] };
      try {
        // A refused middleware fails the call as a request that could not be built (rawFailure).
        checkMiddleware(global);
        return await (client[method] as (...a: unknown[]) => unknown)(...call);
      } catch (error) {
        throw rawFailure(error, trace, init.signal);
      }
    },
  };
}
