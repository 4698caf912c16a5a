// pingone-mfa on Node: the same client, sending over node:http(s) with a keep-alive agent unless
// the caller passes its own fetch, through the proxy that the `proxy` option or HTTPS_PROXY /
// HTTP_PROXY / NO_PROXY name. clientCredentials sends over the same transport, so the token
// request and the API calls take one path on every Node version (Node 24's NODE_USE_ENV_PROXY
// alone would send only the global fetch through the proxy). Bun and Deno, which also read Node's
// export condition, keep their own fetch, which reads the proxy variables itself.
import { clientFactory } from "./client/client.js";
import { credentialsFactory, type TokenSender } from "./tokens/client-credentials.js";
import { exchangeFetch, fetchExchange } from "./transport/fetch.js";
import { nodeExchange } from "./transport/node.js";
import { proxySettings, refuseProxyUrl, withProxySecrets } from "./transport/proxy-settings.js";
import { clientCredentials as onFetch } from "./tokens/client-credentials.js";

export * from "./exports.js";

const foreign = "Bun" in globalThis || "Deno" in globalThis;

/** Creates a typed PingOne MFA client (see README, Configuration). */
export const createMfaClient = clientFactory((options) => {
  if (!foreign) return nodeExchange(proxySettings(options.proxy));
  refuseProxyUrl("proxy", options.proxy);
  return fetchExchange(globalThis.fetch);
});

// The token source masks the proxy's credentials too (client-credentials.ts reads them from the fetch).
const nodeSender: TokenSender = (proxy, maxBytes) => {
  const settings = proxySettings(proxy);
  return withProxySecrets(exchangeFetch(nodeExchange(settings), maxBytes), settings);
};

/**
 * Returns a token source that fetches, caches and refreshes a worker token, over the same
 * node:http(s) transport and proxy settings as the client (see README, Proxies).
 */
export const clientCredentials: typeof onFetch = foreign ? onFetch : credentialsFactory(nodeSender);
