// Loads Prism's HTTP engine (CommonJS, and only needed by the testing entry) with a clear error when
// it is not installed.
import { createRequire } from "node:module";

const require = createRequire(import.meta.url);

/** The parts of @stoplight/prism-http and friends the mock uses. */
export interface PrismModules {
  http: typeof import("@stoplight/prism-http");
  core: typeof import("@stoplight/prism-core");
  // Prism's request, response and security checks, run by the mock on its own answers too.
  validator: any;
  // Parses the `Prefer` header the way Prism's own server does (not in its package's main exports).
  preferences: {
    getHttpConfigFromRequest(input: {
      headers?: Record<string, string>;
      url: { path: string };
    }):
      | { _tag: "Left"; left: unknown }
      | { _tag: "Right"; right: { code?: number; exampleKey?: string; dynamic?: boolean } };
  };
}

/** The Prism packages and ranges the package declares as peers (msw, the other peer, is not Prism's), as an install command's arguments. */
function prismPeers(): string {
  const { peerDependencies } = require("pingone-mfa/package.json") as { peerDependencies: Record<string, string> };
  return Object.entries(peerDependencies)
    .filter(([name]) => name.startsWith("@stoplight/"))
    .map(([name, range]) => `"${name}@${range}"`)
    .join(" ");
}

/** Loads Prism, or throws an error saying how to install it. */
export function loadPrism(): PrismModules {
  try {
    return {
      http: require("@stoplight/prism-http"),
      core: require("@stoplight/prism-core"),
      validator: require("@stoplight/prism-http/dist/validator"),
      preferences: require("@stoplight/prism-http-server/dist/getHttpConfigFromRequest"),
    };
  } catch (error) {
    throw new Error(
      `pingone-mfa/testing needs Prism: npm install --save-dev ${prismPeers()} (${(error as Error).message.split("\n")[0]})`,
      { cause: error },
    );
  }
}
