// Peer SDKs for `npm run bench`: one comparable "enroll a second factor" POST per SDK, each pointed at
// a plain-http loopback server. SDKs are imported lazily (load) and configured separately (create) so
// cold.mjs can time the import on its own.
import { existsSync, readFileSync } from "node:fs";
import http from "node:http";

const TOKEN = "bench-token";
const PHONE = "+15125201234";
const USER = "bench-user";

const manifest = (pkg) => new URL(`./node_modules/${pkg}/package.json`, import.meta.url);
const versionOf = (pkg) => {
  // The root project's install leaves these out; say how to get them rather than fail on a path.
  if (!existsSync(manifest(pkg)))
    throw new Error(`${pkg} is not installed: run \`npm ci --ignore-scripts\` in bench/peers`);
  return JSON.parse(readFileSync(manifest(pkg), "utf8")).version;
};
const trim = (baseUrl) => baseUrl.replace(/\/+$/, "");

export const specs = {
  auth0: {
    pkg: "auth0",
    load: () => import("auth0"),
    // POST {base}/api/v2/users/{id}/authentication-methods, JSON body.
    create({ ManagementClient }, baseUrl) {
      const base = trim(baseUrl);
      const domain = base.replace(/^https?:\/\//, "");
      const client = new ManagementClient({
        domain, // the client always builds https://{domain}/api/v2 ...
        token: TOKEN, // static token: no token endpoint call
        telemetry: false, // no Auth0-Client header
        maxRetries: 0,
        // ... so its documented custom-fetch hook swaps the scheme back to the loopback's plain http.
        fetch: (url, init) => fetch(url.replace(`https://${domain}`, base), init),
      });
      return {
        call: () =>
          client.users.authenticationMethods.create(`auth0|${USER}`, {
            type: "phone",
            phone_number: PHONE,
            preferred_authentication_method: "sms",
          }),
      };
    },
  },

  twilio: {
    pkg: "twilio",
    load: () => import("twilio"),
    // POST {base}/v2/Services/{sid}/Entities/{identity}/Factors, form-encoded body (Twilio's API takes
    // no JSON here).
    create({ default: twilio }, baseUrl) {
      const client = twilio(`AC${"0".repeat(32)}`, TOKEN, { autoRetry: false });
      client.verify.baseUrl = trim(baseUrl); // the Verify domain, normally https://verify.twilio.com
      // Twilio configures only an https keep-alive agent; give plain http the same pool limits.
      const axios = client.httpClient.axios;
      const agent = new http.Agent(axios.defaults.httpsAgent.options);
      axios.defaults.httpAgent = agent;
      const service = `VA${"0".repeat(32)}`;
      return {
        // The chain is built per call, as an app does when the identity varies per user.
        call: () =>
          client.verify.v2
            .services(service)
            .entities(USER)
            .newFactors.create({ friendlyName: "bench", factorType: "totp" }),
        close: async () => agent.destroy(),
      };
    },
  },

  okta: {
    pkg: "@okta/okta-sdk-nodejs",
    load: () => import("@okta/okta-sdk-nodejs"),
    // POST {base}/api/v1/users/{userId}/factors, JSON body.
    create({ Client, DefaultRequestExecutor }, baseUrl) {
      const client = new Client({
        orgUrl: trim(baseUrl), // accepted as plain http
        token: TOKEN, // SSWS API token: no OAuth token call
        requestExecutor: new DefaultRequestExecutor({ maxRetries: 0 }),
      });
      return {
        call: () =>
          client.userFactorApi.enrollFactor({
            userId: `00u${USER}`,
            body: { factorType: "sms", provider: "OKTA", profile: { phoneNumber: PHONE } },
          }),
      };
    },
  },
};

export const peerNames = Object.keys(specs);

/** Whether bench/peers has its own packages installed (the root `npm ci` does not install them). */
export const peersInstalled = () => peerNames.every((name) => existsSync(manifest(specs[name].pkg)));

/** The hand-written fetch POST the peers are compared with (selfcheck and cold.mjs use it). */
export function baseline(baseUrl) {
  const url = `${trim(baseUrl)}/v1/environments/bench/users/${USER}/devices`;
  return {
    name: "fetch",
    version: `node ${process.version}`,
    call: async () => {
      const response = await fetch(url, {
        method: "POST",
        headers: { "Content-Type": "application/json", Authorization: `Bearer ${TOKEN}` },
        body: JSON.stringify({ type: "SMS", phone: PHONE }),
      });
      if (!response.ok) throw new Error(`status ${response.status}`);
      return response.json();
    },
  };
}

/** One peer, not yet checked against the server (cold.mjs times load and create separately). */
export async function createPeer(name, baseUrl) {
  const spec = specs[name];
  if (!spec) throw new Error(`unknown peer "${name}"; known: ${peerNames.join(", ")}`);
  return { name, version: versionOf(spec.pkg), ...spec.create(await spec.load(), baseUrl) };
}

/**
 * Every peer, pointed at baseUrl. `requestCount` must return (or resolve to) how many requests the
 * loopback server has received so far: each peer makes one call here and must add exactly one, which proves it
 * reached the server and made no extra (token, telemetry, retry) request.
 */
export async function createPeers(baseUrl, { requestCount } = {}) {
  if (typeof requestCount !== "function") {
    throw new TypeError(
      "createPeers(baseUrl, { requestCount }): requestCount() must return the loopback server's request count",
    );
  }
  const peers = [];
  try {
    for (const name of peerNames) {
      const peer = await createPeer(name, baseUrl);
      peers.push(peer);
      const before = await requestCount();
      try {
        await peer.call();
      } catch (error) {
        throw new Error(`peer ${name}: its first call to ${baseUrl} failed: ${error?.message ?? error}`, {
          cause: error,
        });
      }
      const seen = (await requestCount()) - before;
      if (seen !== 1) {
        throw new Error(
          `peer ${name}: the server at ${baseUrl} received ${seen} requests for one call (expected 1); is the SDK pointed at it?`,
        );
      }
    }
    return peers;
  } catch (error) {
    await Promise.all(peers.map((peer) => peer.close?.()));
    throw error;
  }
}
