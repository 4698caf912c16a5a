// `mfa.raw`: openapi-fetch clients over the client's transport, loaded on first use. Every request
// method of an openapi-fetch client returns a promise, so the library can be imported then: the
// typed methods never pay for it, neither in a browser bundle (it becomes its own chunk) nor at
// import time on Node. What a raw call runs (raw-calls.ts) is loaded with it. Whatever fails in a
// raw call is a PingOneError, as for the typed methods.
import type { Client, Middleware } from "openapi-fetch";
import { PingOneError, PingOneNetworkError, PingOneValidationError, unexpectedResponse } from "../errors/errors.js";
import { sanitizeError } from "../errors/redact.js";
import { requestInfo, type Send } from "../transport/core.js";
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

/** An openapi-fetch client over `send`, made on the first request; middleware registered before then is kept. */
export function lazyClient<Paths extends {}>(baseUrl: string, send: Send): Client<Paths> {
  let client: Promise<RawClient<Paths>> | undefined;
  const middleware: Middleware[] = [];
  const ready = () =>
    (client ??= Promise.all([import("openapi-fetch"), import("./raw-calls.js")]).then(
      ([{ default: createClient }, { rawClient }]) => {
        const made = rawClient<Paths>(createClient, baseUrl, send, KIT);
        made.client.use(...middleware);
        return made;
      },
    ));
  const lazy: Record<string, unknown> = {
    use: (...added: Middleware[]) => {
      middleware.push(...added);
      void client?.then((made) => made.client.use(...added));
    },
    eject: (...removed: Middleware[]) => {
      for (const m of removed) if (middleware.includes(m)) middleware.splice(middleware.indexOf(m), 1);
      void client?.then((made) => made.client.eject(...removed));
    },
  };
  for (const method of METHODS)
    lazy[method] = async (...args: unknown[]) => {
      let made: RawClient<Paths>;
      try {
        made = await ready();
      } catch (error) {
        // The library could not be loaded (a browser's chunk request failed): nothing was sent.
        throw new PingOneNetworkError({ method: method === "request" ? "REQUEST" : method, url: baseUrl }, error);
      }
      return made.call(method, args);
    };
  return lazy as unknown as Client<Paths>;
}
