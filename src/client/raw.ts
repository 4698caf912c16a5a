// `mfa.raw`: openapi-fetch clients over the client's transport, loaded on first use. Every request
// method of an openapi-fetch client returns a promise, so the library can be imported then: the
// typed methods never pay for it, neither in a browser bundle (it becomes its own chunk) nor at
// import time on Node.
import type { Client, ClientOptions, Middleware } from "openapi-fetch";

const METHODS = ["GET", "PUT", "POST", "DELETE", "OPTIONS", "HEAD", "PATCH", "TRACE", "request"] as const;

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
    lazy[method] = async (...args: unknown[]) => ((await ready())[method] as (...a: unknown[]) => unknown)(...args);
  }
  return lazy as unknown as Client<Paths>;
}
