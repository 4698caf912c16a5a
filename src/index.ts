// pingone-mfa: a typed client for PingOne MFA devices and deviceAuthentications. This entry sends
// with the platform's fetch (browsers, Deno, Bun, workers); Node gets index.node.ts (node:http).
import { clientFactory } from "./client/client.js";
import { fetchExchange } from "./transport/fetch.js";
import { refuseProxyUrl } from "./transport/proxy-settings.js";

export * from "./exports.js";
export { clientCredentials } from "./tokens/client-credentials.js";

/** Creates a typed PingOne MFA client (see README, Configuration). */
export const createMfaClient = clientFactory((options) => {
  refuseProxyUrl("proxy", options.proxy);
  if (typeof globalThis.fetch !== "function")
    throw new TypeError("pingone-mfa: this runtime has no global fetch; pass the fetch option");
  return fetchExchange(globalThis.fetch);
});
