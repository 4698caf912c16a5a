// pingone-mfa on Node: the same client, sending over node:http(s) with a keep-alive agent unless
// the caller passes its own fetch. Bun and Deno, which also read Node's export condition, keep
// their own fetch.
import { clientFactory } from "./client/client.js";
import { fetchExchange } from "./transport/fetch.js";
import { nodeExchange } from "./transport/node.js";

export * from "./exports.js";
export { clientCredentials } from "./tokens/client-credentials.js";

const foreign = "Bun" in globalThis || "Deno" in globalThis;

/** Creates a typed PingOne MFA client (see README, Configuration). */
export const createMfaClient = clientFactory(() => (foreign ? fetchExchange(globalThis.fetch) : nodeExchange()));
