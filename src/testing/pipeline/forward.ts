// The validating proxy's hop to the real environment. It sends the request as checked (the body's
// bytes, framed anew), never follows a redirect (the 3xx goes back to the client, which fails the
// call with UNEXPECTED_REDIRECT), reads at most the client's answer limit, decoded (a compressed
// answer is read as the JSON it holds, so the client gets plain bytes and a length that matches),
// and passes on none of the upstream's own `sl-violations`: findings are the proxy's to make.
import { MAX_RESPONSE_BYTES_DEFAULT } from "../../client/defaults.js";
import { readCapped } from "../read-capped.js";

/** Longest the hop waits for the upstream, answer included. */
export const UPSTREAM_TIMEOUT_MS = 60_000;

/** What the hop sends upstream. */
export interface Outbound {
  method: string;
  url: URL;
  headers: Record<string, string>;
  body: Uint8Array;
}

export type Forwarded =
  | { ok: true; status: number; headers: Record<string, string | string[]>; body: unknown }
  | { ok: false; why: string };

// Hop-by-hop and framing headers are the proxy's own on each side (RFC 9110 §7.6.1); the Host
// and the Origin are the upstream's; the answer's encoding and length no longer hold once decoded.
const NOT_FORWARDED = new Set([
  "connection",
  "keep-alive",
  "proxy-connection",
  "proxy-authorization",
  "te",
  "trailer",
  "transfer-encoding",
  "upgrade",
  "host",
  "origin",
  "content-length",
  "accept-encoding",
  "prefer",
  // What describes the hop rather than the call, or would make the upstream wait for a go-ahead.
  "expect",
  "forwarded",
  "via",
  "x-forwarded-for",
  "x-forwarded-host",
  "x-forwarded-proto",
  "sl-violations",
]);
const NOT_RETURNED = new Set([...NOT_FORWARDED, "content-encoding", "sl-violations", "set-cookie2"]);

const pick = (headers: Iterable<[string, string]>, drop: Set<string>) =>
  Object.fromEntries([...headers].filter(([name]) => !drop.has(name.toLowerCase())));

/** Sends `request` upstream and reads its answer, within `maxBytes`. */
export async function forward(
  request: Outbound,
  options: { maxBytes?: number; fetch?: typeof fetch; signal?: AbortSignal } = {},
): Promise<Forwarded> {
  const maxBytes = options.maxBytes ?? MAX_RESPONSE_BYTES_DEFAULT;
  // The client's own deadline is 30 s by default; an upstream that stalls longer is not waited for.
  const signal = AbortSignal.any([
    AbortSignal.timeout(UPSTREAM_TIMEOUT_MS),
    ...(options.signal ? [options.signal] : []),
  ]);
  let response: Response;
  try {
    response = await (options.fetch ?? fetch)(request.url, {
      method: request.method,
      headers: pick(Object.entries(request.headers), NOT_FORWARDED),
      ...(request.body.length && request.method !== "GET" ? { body: request.body as unknown as BodyInit } : {}),
      redirect: "manual",
      signal,
    });
  } catch (error) {
    return { ok: false, why: (error as Error).message };
  }
  const headers: Record<string, string | string[]> = pick(response.headers, NOT_RETURNED);
  // Each cookie is a Set-Cookie of its own (RFC 6265 §3: they cannot be joined by commas); kept
  // as one entry by name, only the last would reach the client.
  const cookies = response.headers.getSetCookie();
  if (cookies.length > 1) headers["set-cookie"] = cookies;
  let bytes: Uint8Array | undefined = new Uint8Array(0);
  try {
    if (response.body) bytes = await readCapped(response.body, maxBytes);
  } catch (error) {
    return { ok: false, why: `reading the answer: ${(error as Error).message}` };
  }
  if (bytes === undefined)
    return { ok: false, why: `the answer is larger than ${Math.round(maxBytes / 1024)} KiB (decoded)` };
  if (bytes.length === 0) return { ok: true, status: response.status, headers, body: undefined };
  const text = new TextDecoder().decode(bytes);
  try {
    return { ok: true, status: response.status, headers, body: JSON.parse(text) };
  } catch {
    // Not JSON: passed on as it came (the answer check reports it against the spec).
    return { ok: true, status: response.status, headers, body: text };
  }
}
