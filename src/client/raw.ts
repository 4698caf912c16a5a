// `mfa.raw`: openapi-fetch clients over the client's transport, loaded on first use. Every request
// method of an openapi-fetch client returns a promise, so the library can be imported then: the
// typed methods never pay for it, neither in a browser bundle (it becomes its own chunk) nor at
// import time on Node. What a raw call runs (raw-calls.ts) is loaded with it. Whatever fails in a
// raw call is a PingOneError, as for the typed methods.
import type { Client, Middleware } from "openapi-fetch";
import { PingOneError, PingOneNetworkError, PingOneValidationError, unexpectedResponse } from "../errors/errors.js";
import { sanitizeError } from "../errors/redact.js";
import { requestInfo, type Send } from "../transport/core.js";
import { untilAborted } from "../transport/signals.js";
import { checkId } from "../validation/ids.js";
import { RESERVED_HEADERS } from "./options.js";
import type { RawClient, RawKit, RawMethod } from "./raw-calls.js";

const METHODS: readonly RawMethod[] = ["GET", "PUT", "POST", "DELETE", "OPTIONS", "HEAD", "PATCH", "TRACE", "request"];
const KIT: RawKit = {
  PingOneError,
  PingOneValidationError,
  PingOneNetworkError,
  unexpectedResponse,
  sanitizeError,
  requestInfo,
  checkId,
  RESERVED_HEADERS,
};

type Loaded = [typeof import("openapi-fetch"), typeof import("./raw-calls.js")];
/** Loads openapi-fetch and raw-calls.ts: in a browser bundle, the chunk requests. */
const loadChunks = (): Promise<Loaded> => Promise.all([import("openapi-fetch"), import("./raw-calls.js")]);

/**
 * An openapi-fetch client over `send`, made on the first request. Middleware registered with
 * `use` is kept here and handed to each call (raw-calls.ts checks it then), so `use` and `eject`
 * never wait for the load. `load` is for tests (a chunk request that fails).
 */
export function lazyClient<Paths extends {}>(baseUrl: string, send: Send, load = loadChunks): Client<Paths> {
  let client: Promise<RawClient<Paths>> | undefined;
  const middleware: Middleware[] = [];
  // A load that failed is forgotten, so the next call tries again (as core.ts does for observe.ts):
  // one failed chunk request (a browser offline) does not fail every later raw call.
  const ready = () =>
    (client ??= load().then(
      ([{ default: createClient }, { rawClient }]) => rawClient<Paths>(createClient, baseUrl, send, KIT),
      (error: unknown) => {
        client = undefined;
        throw error;
      },
    ));
  const lazy: Record<string, unknown> = {
    use: (...added: Middleware[]) => {
      middleware.push(...added);
    },
    eject: (...removed: Middleware[]) => {
      for (const m of removed) if (middleware.includes(m)) middleware.splice(middleware.indexOf(m), 1);
    },
  };
  for (const method of METHODS)
    lazy[method] = async (...args: unknown[]) => {
      const given = args[method === "request" ? 2 : 1];
      const signal = typeof given === "object" && given !== null ? (given as { signal?: unknown }).signal : undefined;
      let made: RawClient<Paths>;
      try {
        // A stalled chunk request (a browser's CDN) does not outlast the caller's cancel. The
        // client's timeoutMs starts in the transport, once the request is built: not here.
        made = await (signal instanceof AbortSignal ? untilAborted(ready(), signal) : ready());
      } catch (error) {
        // The caller's abort reason as it is, as for any raw call.
        if (signal instanceof AbortSignal && signal.aborted && error === signal.reason) throw error;
        // Otherwise only the load is in here (the library could not be fetched): nothing was sent.
        throw new PingOneNetworkError({ method: method === "request" ? "REQUEST" : method, url: baseUrl }, error);
      }
      return made.call(method, args, [...middleware]);
    };
  return lazy as unknown as Client<Paths>;
}
