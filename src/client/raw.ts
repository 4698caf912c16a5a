// `mfa.raw`: openapi-fetch clients over the client's transport, loaded on first use. Every request
// method of an openapi-fetch client returns a promise, so the library can be imported then: the
// typed methods never pay for it, neither in a browser bundle (it becomes its own chunk) nor at
// import time on Node. Whatever fails in a raw call is a PingOneError, as for the typed methods.
import type { Client, ClientOptions, Middleware } from "openapi-fetch";
import { PingOneError, PingOneValidationError, unexpectedResponse } from "../errors/errors.js";
import { sanitizeError } from "../errors/redact.js";
import { requestInfo } from "../transport/core.js";

const METHODS = ["GET", "PUT", "POST", "DELETE", "OPTIONS", "HEAD", "PATCH", "TRACE", "request"] as const;

/** What a raw call came to before it failed: the request openapi-fetch built, and the answer's status. */
interface Trace {
  method: string;
  url: string;
  status: number | undefined;
}

/**
 * The PingOneError a raw call's failure is: the client's own errors and the caller's abort reason
 * as they are; after an answer, one openapi-fetch could not read (a 2xx body that is not JSON) is
 * UNEXPECTED_RESPONSE; before one, a request openapi-fetch could not build (a BigInt body, a bad
 * URL) is a PingOneValidationError whose cause is a redacted copy.
 */
function rawFailure(error: unknown, trace: Trace, signal: unknown): unknown {
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
}

/** An openapi-fetch client made on the first request; middleware registered before then is kept. */
export function lazyClient<Paths extends {}>(options: ClientOptions): Client<Paths> {
  let client: Promise<Client<Paths>> | undefined;
  const middleware: Middleware[] = [];
  const ready = () =>
    (client ??= import("openapi-fetch").then(({ default: createClient }) => {
      const made = createClient<Paths>(options);
      made.use(...middleware);
      return made;
    }));
  const lazy: Record<string, unknown> = {
    use: (...added: Middleware[]) => {
      middleware.push(...added);
      void client?.then((made) => made.use(...added));
    },
    eject: (...removed: Middleware[]) => {
      for (const m of removed) if (middleware.includes(m)) middleware.splice(middleware.indexOf(m), 1);
      void client?.then((made) => made.eject(...removed));
    },
  };
  for (const method of METHODS) {
    lazy[method] = async (...args: unknown[]) => {
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
      call[at] = { ...init, middleware: [...own, tracker] };
      try {
        return await ((await ready())[method] as (...a: unknown[]) => unknown)(...call);
      } catch (error) {
        throw rawFailure(error, trace, init.signal);
      }
    };
  }
  return lazy as unknown as Client<Paths>;
}
