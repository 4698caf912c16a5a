// A typed client pointed at a validating proxy, collecting each answer's sl-violations findings.
import { createMfaClient, type MfaClient } from "../../src/index.ts";
import type { MockServer } from "../../src/testing/index.ts";

export function clientThroughProxy(proxy: MockServer, environmentId: string, findings: string[]): MfaClient {
  return createMfaClient({
    environmentId,
    accessToken: "proxied-token",
    apiBaseUrl: proxy.apiBaseUrl,
    authBaseUrl: proxy.authBaseUrl,
    retry: false,
    fetch: async (request) => {
      const response = await fetch(request);
      const found = response.headers.get("sl-violations");
      if (found) findings.push(found);
      return response;
    },
  });
}
