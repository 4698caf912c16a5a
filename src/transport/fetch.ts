// The fetch transport: browsers, Deno, Bun, workers, and any caller's own fetch. Redirects are not
// followed (`redirect: "manual"`); a fetch that follows anyway is caught by `response.redirected`.
import { onAbort } from "./signals.js";
import { type Exchange, TooLarge, type WireResponse } from "./types.js";

/** An Exchange over `fetchImpl`. The platform's fetch gets `(url, init)`; a caller's fetch gets a `Request`. */
export function fetchExchange(
  fetchImpl: (request: Request) => Promise<Response>,
  platform = fetchImpl === globalThis.fetch,
): Exchange {
  return async (request, call, maxBytes) => {
    const { signal } = call;
    const init: RequestInit = { method: request.method, headers: request.headers, signal, redirect: "manual" };
    if (request.body !== undefined) init.body = request.body as BodyInit;
    const pending = platform ? globalThis.fetch(request.url, init) : fetchImpl(new Request(request.url, init));
    // A caller's fetch might not honour the signal: the call stops waiting anyway, and an answer
    // arriving later is cancelled so its connection is not left open.
    const stop = onAbort(signal, () => void pending.then((late) => late.body?.cancel()).catch(() => undefined));
    let response: Response;
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
    answer.body = response.body ? await readCapped(response.body, signal, maxBytes) : answer.body;
    return answer;
  };
}

function headersOf(headers: Headers): Record<string, string> {
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

/** Settles like `promise`, or rejects with the signal's reason once it aborts. */
function untilAborted<T>(promise: Promise<T>, signal: AbortSignal): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    const stop = onAbort(signal, () => reject(signal.reason));
    promise.then(resolve, reject).finally(stop);
  });
}
