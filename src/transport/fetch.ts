// The fetch transport: browsers, Deno, Bun, workers, and any caller's own fetch. Redirects are not
// followed (`redirect: "manual"`); a fetch that follows anyway is caught by `response.redirected`.
import { CallSignal } from "./call-signal.js";
import { onAbort, untilAborted } from "./signals.js";
import { type Exchange, TooLarge, type WireResponse } from "./types.js";

/**
 * Bytes a fetch takes as a body: `Uint8Array<ArrayBuffer>` from TypeScript 5.7 on, `Uint8Array`
 * before (where the type is not generic), spelled so that both read it.
 */
type Bytes = ReturnType<typeof Uint8Array.of>;

/** The second argument of a caller's fetch: the whole request, as the first argument has it too. */
export interface FetchInit {
  method: string;
  headers: Record<string, string>;
  body?: string | Bytes;
  signal: AbortSignal;
  redirect: "manual";
}

/**
 * What the client reads of a fetch's answer. A Response fits, and so does another fetch's (npm
 * undici's, whose types name their own Response and streams).
 */
export interface FetchResponse {
  readonly status: number;
  readonly redirected: boolean;
  readonly type: string;
  readonly url: string;
  readonly headers: { forEach(callback: (value: string, name: string) => void): void };
  readonly body: { getReader(): object; cancel(reason?: unknown): Promise<void> } | null;
}

/** A caller's fetch: called as `fetchImpl(request, init)`, both describing the same request. */
export type CallerFetch = (input: Request, init: FetchInit) => Promise<FetchResponse>;

/**
 * The Request a caller's fetch gets. Its string form is its URL, so a fetch from another realm or
 * package that does not know this Request class (npm undici's, node-fetch) reads `input` as the
 * URL, as it reads a URL object, and takes method, headers, body and signal from `init`: the pair
 * can be forwarded as is, `(input, init) => undiciFetch(input, { ...init, dispatcher })`.
 */
let ForwardableRequest: typeof Request | undefined;

/** `fetchImpl(request, init)` for one request: a caller's fetch gets both, each whole. */
export function callFetch(fetchImpl: CallerFetch, url: string, init: FetchInit): Promise<FetchResponse> {
  // Made on first use: a runtime whose Request comes from a polyfill may install it after import.
  ForwardableRequest ??= class extends Request {
    override toString(): string {
      return this.url;
    }
  };
  return fetchImpl(new ForwardableRequest(url, init), init);
}

/** An Exchange over `fetchImpl`. The platform's fetch gets `(url, init)`; a caller's fetch gets `(request, init)`. */
export function fetchExchange(fetchImpl: CallerFetch, platform = fetchImpl === globalThis.fetch): Exchange {
  return async (request, call, maxBytes) => {
    const { signal } = call;
    const init: FetchInit = { method: request.method, headers: request.headers, signal, redirect: "manual" };
    if (request.body !== undefined) init.body = request.body as string | Bytes;
    const pending = platform ? globalThis.fetch(request.url, init) : callFetch(fetchImpl, request.url, init);
    // A caller's fetch might not honour the signal: the call stops waiting anyway, and an answer
    // arriving later is cancelled so its connection is not left open.
    const stop = onAbort(signal, () => void pending.then((late) => late.body?.cancel()).catch(() => undefined));
    let response: FetchResponse;
    try {
      response = platform ? await pending : await untilAborted(pending, signal);
    } finally {
      stop();
    }
    const answer: WireResponse = {
      status: response.status,
      headers: headersOf(response.headers),
      body: new Uint8Array(),
    };
    if (response.type === "opaqueredirect" || response.redirected) {
      void response.body?.cancel().catch(() => undefined);
      return { ...answer, redirected: true };
    }
    const declared = Number(answer.headers["content-length"]);
    if (declared > maxBytes) {
      void response.body?.cancel().catch(() => undefined);
      throw new TooLarge(maxBytes);
    }
    answer.body = response.body ? await readCapped(streamOf(response.body), signal, maxBytes) : answer.body;
    return answer;
  };
}

const NULL_BODY = new Set([101, 103, 204, 205, 304]);

/**
 * A CallerFetch over an Exchange: Node's transport for clientCredentials, so the token request
 * takes the same path (agents, proxy) as the API calls. Reads `init` as this package writes it
 * (plain headers, a string body); the whole answer, at most `maxBytes`, comes back as a Response.
 */
export function exchangeFetch(exchange: Exchange, maxBytes: number): CallerFetch {
  return async (input, init) => {
    const call = new CallSignal();
    const { signal } = init;
    const stop = signal ? onAbort(signal, () => call.abort(signal.reason)) : () => {};
    try {
      const answer = await exchange(
        {
          method: init.method ?? "GET",
          url: input.url,
          headers: { ...init.headers },
          body: init.body,
        },
        call,
        maxBytes,
      );
      const body = NULL_BODY.has(answer.status) ? null : (answer.body as Uint8Array<ArrayBuffer>);
      return new Response(body, { status: answer.status, headers: answer.headers });
    } finally {
      stop();
    }
  };
}

/** A fetch's body as the web stream it is (another fetch's types name their own stream class). */
export const streamOf = (body: NonNullable<FetchResponse["body"]>) => body as unknown as ReadableStream<Uint8Array>;

function headersOf(headers: FetchResponse["headers"]): Record<string, string> {
  const out: Record<string, string> = {};
  headers.forEach((value, name) => {
    // Each Set-Cookie comes on its own; joined as the Node transport joins them.
    out[name] = name === "set-cookie" && out[name] !== undefined ? `${out[name]}, ${value}` : value;
  });
  return out;
}

/** Every byte of `body` up to `maxBytes`; past it, or on abort, the read is cancelled (closing the connection). */
export async function readCapped(
  body: ReadableStream<Uint8Array>,
  signal: AbortSignal,
  maxBytes: number,
): Promise<Uint8Array> {
  const reader = body.getReader();
  const stop = onAbort(signal, () => void reader.cancel(signal.reason).catch(() => undefined));
  const chunks: Uint8Array[] = [];
  let size = 0;
  try {
    for (let next = await reader.read(); !next.done; next = await reader.read()) {
      size += next.value.byteLength;
      if (size > maxBytes) {
        void reader.cancel().catch(() => undefined);
        throw new TooLarge(maxBytes);
      }
      chunks.push(next.value);
    }
  } finally {
    stop();
  }
  // A read ended by cancel() looks finished: it is not a short body.
  if (signal.aborted) throw signal.reason;
  if (chunks.length === 1) return chunks[0]!;
  const bytes = new Uint8Array(size);
  let offset = 0;
  for (const chunk of chunks) {
    bytes.set(chunk, offset);
    offset += chunk.byteLength;
  }
  return bytes;
}
