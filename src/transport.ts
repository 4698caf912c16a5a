// The fetch every request goes through (typed methods and `raw` alike): it adds the bearer token,
// bounds the whole call by `timeoutMs`, and retries what is safe to retry.
//
// Retry policy: a 429 is retried for any method (PingOne did not process it), honouring
// Retry-After; 408/500/502/503/504 and network errors only for GET, HEAD, OPTIONS, PUT and DELETE;
// never for POST, because PingOne has no idempotency keys (a repeated create makes a second device,
// a repeated OTP check spends an attempt).
import { PingOneNetworkError, PingOneTimeoutError, type RequestInfo } from "./errors.js";

/** Retry settings; `retry: false` turns retries off. */
export interface RetryOptions {
  /** Retries after the first attempt. @default 3 */
  maxRetries?: number;
  /** First back-off delay; doubles per retry, with jitter. @default 500 */
  baseDelayMs?: number;
  /** Longest back-off delay (Retry-After may ask for more, within `timeoutMs`). @default 5000 */
  maxDelayMs?: number;
}


/** Receives one line per attempt and per retry decision: method, URL, status, timing. Never headers or bodies. */
export interface Logger {
  debug(message: string): void;
}

/** What a transport needs from the client. */
export interface TransportOptions {
  fetch: (request: Request) => Promise<Response>;
  logger?: Logger | undefined;
  token: () => string | Promise<string>;
  retry: Required<RetryOptions> | false;
  timeoutMs: number;
}

/** What the transport learnt about one call, for the error the client may build from its response. */
export interface Exchange extends RequestInfo {
  attempts: number;
  retryAfterMs: number | undefined;
  /** Every bearer token this call sent (a token function may rotate between attempts), for redaction. */
  tokens: string[];
  /** Reads a streamed success body as text under the call's deadline, then releases the call. */
  readBody(): Promise<string>;
  /** Releases the call's deadline (idempotent); a body not read is discarded. */
  release(): void;
}

const exchanges = new WeakMap<Response, Exchange>();
/** The call that produced `response`, when it went through a transport. */
export const exchangeOf = (response: Response): Exchange | undefined => exchanges.get(response);

/**
 * The request the typed methods hand the transport. openapi-fetch builds one per call through its
 * `Request` option; it only carries what the call needs, because a real `Request` costs more to
 * build than a loopback round trip (undici, Node 20).
 */
export class OutgoingRequest {
  readonly method: string;
  readonly headers: Headers;
  readonly body: BodyInit | null | undefined;
  readonly signal: AbortSignal | undefined;
  readonly redirect: RequestRedirect | undefined;
  constructor(
    readonly url: string,
    init: RequestInit = {},
  ) {
    this.method = init.method ?? "GET";
    // openapi-fetch passes a Headers it built for this call alone: no copy needed.
    this.headers = init.headers instanceof Headers ? init.headers : new Headers(init.headers);
    this.body = init.body;
    this.signal = init.signal ?? undefined;
    this.redirect = init.redirect;
  }
}

const decoder = new TextDecoder();
const HTTP_DATE = /^[A-Z][a-z]{2}, \d{2} [A-Z][a-z]{2} \d{4} \d{2}:\d{2}:\d{2} GMT$/;
const IDEMPOTENT = new Set(["GET", "HEAD", "OPTIONS", "PUT", "DELETE"]);
const TRANSIENT = new Set([408, 500, 502, 503, 504]);

/** Milliseconds to wait from a Retry-After value (seconds or HTTP-date), or undefined when absent or unreadable. */
export function parseRetryAfter(value: string | null, now = Date.now()): number | undefined {
  if (value === null) return undefined;
  const text = value.trim();
  if (/^\d+$/.test(text)) return Number(text) * 1000;
  // Date.parse reads "1.5" or "-1" as dates in 2001: accept only the HTTP-date form (RFC 9110).
  if (!HTTP_DATE.test(text)) return undefined;
  const date = Date.parse(text);
  return Number.isNaN(date) ? undefined : Math.max(0, date - now);
}

/**
 * The fetch openapi-fetch calls. With `streamSuccess`, a 2xx body is left for the caller to read
 * through `exchangeOf(response).readBody()` (still under the deadline); otherwise, and for every
 * error, the body is read here so no parsing can hang.
 */
export function createTransport(
  options: TransportOptions,
  streamSuccess = false,
): (request: Request | OutgoingRequest) => Promise<Response> {
  const { retry, timeoutMs, token, logger } = options;
  // Messages are built only when someone listens: the hot path pays nothing without a logger.
  const log = (message: () => string) => logger?.debug(`pingone-mfa: ${message()}`);
  const maxRetries = retry ? retry.maxRetries : 0;
  const backoff = (retryIndex: number) =>
    retry ? Math.min(retry.maxDelayMs, retry.baseDelayMs * 2 ** retryIndex) * (0.5 + Math.random() / 2) : 0;
  // The platform fetch takes (url, init) without building a Request; a caller's fetch gets a Request.
  const platform = options.fetch === globalThis.fetch;
  // The platform fetch rejects on abort; a caller's fetch might not, so it is raced against the signal.
  const fetchOnce = (url: string, init: RequestInit & { signal: AbortSignal }) => {
    if (platform) return globalThis.fetch(url, init);
    const answer = options.fetch(new Request(url, init));
    // An answer arriving after the abort is cancelled, so its connection is not left open.
    init.signal.addEventListener("abort", () => void answer.then((late) => late.body?.cancel()).catch(() => undefined), { once: true });
    return untilAborted(answer, init.signal);
  };

  return async function send(request: Request | OutgoingRequest): Promise<Response> {
    // Errors and log lines show the URL without its query: a filter may hold a phone number.
    const info: RequestInfo = { method: request.method, url: request.url.replace(/\?.*$/s, "?…") };
    const tokens: string[] = [];
    const started = Date.now();
    const body = request instanceof OutgoingRequest ? request.body : request.body ? await request.arrayBuffer() : undefined;
    const caller = request.signal ?? undefined;
    const call = linkAbort(caller, timeoutMs);
    const fail = (error: unknown): never => {
      if (call.timedOut) throw new PingOneTimeoutError(info, timeoutMs);
      if (caller?.aborted) throw caller.reason;
      throw error;
    };
    // Waits `ms` before a retry unless that would pass the deadline; false means give up now.
    const retryAfter = async (ms: number, why: string) => {
      if (Date.now() - started + ms >= timeoutMs) {
        log(() => `${info.method} ${info.url}: not retrying after ${why}, waiting ${Math.round(ms)} ms would pass timeoutMs`);
        return false;
      }
      log(() => `${info.method} ${info.url}: retrying after ${why} in ${Math.round(ms)} ms`);
      await sleep(ms, call.signal).catch(fail);
      return true;
    };

    let handedOver = false;
    try {
      for (let attempt = 1; ; attempt++) {
        // Nothing is sent once the call is cancelled or out of time (the token may be synchronous).
        if (call.signal.aborted) fail(call.signal.reason);
        const pending = token();
        const bearer = typeof pending === "string" ? pending : await untilAborted(pending, call.signal).catch(fail);
        if (!tokens.includes(bearer)) tokens.push(bearer);
        // Our own request's headers are ours to change; a caller's Request is copied first.
        const headers = request instanceof OutgoingRequest ? request.headers : new Headers(request.headers);
        headers.set("Authorization", `Bearer ${bearer}`);
        const init: RequestInit & { signal: AbortSignal } = { method: request.method, headers, signal: call.signal };
        if (request.redirect) init.redirect = request.redirect;
        if (body !== undefined && body !== null) init.body = body;

        const where = () => `${info.method} ${info.url} (attempt ${attempt})`;
        const sentAt = Date.now();
        let response: Response;
        try {
          const answered = await fetchOnce(request.url, init);
          // Bodies are read here, under the deadline and the retry policy, except a POST's success
          // body with streamSuccess (a POST is never retried, so nothing is lost by reading it later).
          response = streamSuccess && answered.ok && !IDEMPOTENT.has(info.method) ? answered : await buffer(answered, call.signal);
        } catch (error) {
          if (call.timedOut || caller?.aborted) {
            log(() => `${where()} ${call.timedOut ? `timed out after ${timeoutMs} ms` : "cancelled"}`);
            fail(error);
          }
          log(() => `${where()} failed: no answer`);
          const delay = backoff(attempt - 1);
          if (IDEMPOTENT.has(info.method) && attempt <= maxRetries && (await retryAfter(delay, "no answer"))) continue;
          throw new PingOneNetworkError(info, error);
        }

        log(() => `${where()} → ${response.status} in ${Date.now() - sentAt} ms`);
        const retryAfterMs = parseRetryAfter(response.headers.get("Retry-After"));
        const retryable = response.status === 429 || (IDEMPOTENT.has(info.method) && TRANSIENT.has(response.status));
        if (retryable && attempt <= maxRetries && (await retryAfter(retryAfterMs ?? backoff(attempt - 1), String(response.status)))) {
          continue;
        }
        exchanges.set(response, {
          ...info,
          attempts: attempt,
          retryAfterMs,
          tokens,
          readBody: async () => {
            try {
              const bytes = response.body ? await readAll(response.body, call.signal) : new Uint8Array();
              return decoder.decode(bytes);
            } catch (error) {
              if (call.timedOut || caller?.aborted) fail(error);
              // The connection broke mid-body: the answer never fully arrived.
              throw new PingOneNetworkError(info, error);
            } finally {
              call.dispose();
            }
          },
          release: () => {
            if (!response.bodyUsed) void response.body?.cancel().catch(() => undefined);
            call.dispose();
          },
        });
        handedOver = streamSuccess && response.ok && !IDEMPOTENT.has(info.method);
        return response;
      }
    } finally {
      if (!handedOver) call.dispose();
    }
  };
}

/** Every chunk of `body`; on abort the read is cancelled (closing the connection) and the signal's reason thrown. */
async function readAll(body: ReadableStream<Uint8Array>, signal: AbortSignal): Promise<Uint8Array> {
  if (signal.aborted) {
    await body.cancel(signal.reason).catch(() => undefined);
    throw signal.reason;
  }
  const reader = body.getReader();
  const onAbort = () => void reader.cancel(signal.reason).catch(() => undefined);
  signal.addEventListener("abort", onAbort, { once: true });
  const chunks: Uint8Array[] = [];
  try {
    for (let next = await reader.read(); !next.done; next = await reader.read()) chunks.push(next.value);
  } finally {
    signal.removeEventListener("abort", onAbort);
  }
  // A read ended by cancel() looks finished: it is not a short body.
  if (signal.aborted) throw signal.reason;
  if (chunks.length === 1) return chunks[0]!;
  const bytes = new Uint8Array(chunks.reduce((n, c) => n + c.byteLength, 0));
  chunks.reduce((offset, c) => (bytes.set(c, offset), offset + c.byteLength), 0);
  return bytes;
}

/** A copy of `response` with its body fully read (see readAll), so the caller's parsing cannot hang. */
async function buffer(response: Response, signal: AbortSignal): Promise<Response> {
  const bytes = response.body ? await readAll(response.body, signal) : undefined;
  return new Response(bytes?.byteLength ? (bytes as Uint8Array<ArrayBuffer>) : null, {
    status: response.status,
    statusText: response.statusText,
    headers: response.headers,
  });
}

/** One signal aborted by the caller's signal or by the timeout, and a way to release both. */
function linkAbort(caller: AbortSignal | undefined, timeoutMs: number) {
  const controller = new AbortController();
  const state = { timedOut: false, signal: controller.signal, dispose: () => {} };
  const onCallerAbort = () => controller.abort(caller?.reason);
  if (caller?.aborted) onCallerAbort();
  else caller?.addEventListener("abort", onCallerAbort, { once: true });
  const timer = setTimeout(() => {
    state.timedOut = true;
    controller.abort(new DOMException("The operation timed out", "TimeoutError"));
  }, timeoutMs);
  state.dispose = () => {
    clearTimeout(timer);
    caller?.removeEventListener("abort", onCallerAbort);
  };
  return state;
}

/** Resolves after `ms`, or rejects with the signal's reason at once, clearing its timer. */
function sleep(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise<void>((resolve, reject) => {
    if (signal.aborted) return reject(signal.reason);
    const onAbort = () => {
      clearTimeout(timer);
      reject(signal.reason);
    };
    const timer = setTimeout(() => {
      signal.removeEventListener("abort", onAbort);
      resolve();
    }, ms);
    signal.addEventListener("abort", onAbort, { once: true });
  });
}

/** Settles like `promise`, or rejects with the signal's reason once it aborts. */
function untilAborted<T>(promise: Promise<T>, signal: AbortSignal): Promise<T> {
  if (signal.aborted) return Promise.reject(signal.reason);
  return new Promise<T>((resolve, reject) => {
    const onAbort = () => reject(signal.reason);
    signal.addEventListener("abort", onAbort, { once: true });
    promise.then(resolve, reject).finally(() => signal.removeEventListener("abort", onAbort));
  });
}
