// An injected fetch for unit tests: records every request and answers from a handler. No network,
// no global mocks.
import { createMfaClient } from "../../src/index.ts";
import type { MfaClientOptions } from "../../src/client/options.ts";

export interface Sent {
  method: string;
  url: string;
  headers: Record<string, string>;
  body: string;
}

type Answer = Response | Error | Promise<Response | Error>;

export function stubFetch(answer: (request: Sent, attempt: number) => Answer = () => json(200, {})) {
  const calls: Sent[] = [];
  const fetch = async (input: Request): Promise<Response> => {
    const sent: Sent = {
      method: input.method,
      url: input.url,
      headers: Object.fromEntries(input.headers),
      body: await input.text(),
    };
    calls.push(sent);
    const result = await answer(sent, calls.length);
    if (result instanceof Error) throw result;
    return result;
  };
  return { fetch, calls };
}

export const json = (status: number, body: unknown, headers: Record<string, string> = {}) =>
  new Response(status === 204 ? null : JSON.stringify(body), {
    status,
    headers: { "content-type": "application/json", ...headers },
  });

export const ENV = "abfba8f6-49eb-49f5-a5d9-80ad5c98f9f6";
export const USER = "b30ac647-e33e-464f-a6ea-0275082d4c26";
export const DEVICE = "e749a05e-df11-47e0-97d7-109dfd37d43a";
export const AUTHN = "0ff545da-016a-4ae7-a8c6-84d67f7b20ea";
export const TOKEN = "eyJhbGciOiJSUzI1NiJ9.c2VjcmV0LXRva2VuLXZhbHVl.c2lnbmF0dXJl";

/** A client on the stub, with fast retries so tests stay quick. */
export function stubClient(answer?: Parameters<typeof stubFetch>[0], options: Partial<MfaClientOptions> = {}) {
  const stub = stubFetch(answer);
  const mfa = createMfaClient({
    environmentId: ENV,
    accessToken: TOKEN,
    fetch: stub.fetch,
    retry: { maxRetries: 3, baseDelayMs: 1, maxDelayMs: 2 },
    ...options,
  });
  return { mfa, calls: stub.calls };
}
