// The fetch every request goes through (typed methods and `raw` alike): it adds the bearer token,
// bounds the whole call by `timeoutMs`, and retries what is safe to retry.
//
// Retry policy: a 429 is retried for any method (PingOne did not process it), honouring
// Retry-After; 408/500/502/503/504 and network errors only for GET, HEAD, OPTIONS, PUT and DELETE;
// never for POST, because PingOne has no idempotency keys (a repeated create makes a second device,
// a repeated OTP check spends an attempt).
import { PingOneNetworkError, PingOneTimeoutError, type RequestInfo } from "./errors.ts";

/** Retry settings; `retry: false` turns retries off. */
export interface RetryOptions {
  /** Retries after the first attempt. @default 3 */
  maxRetries?: number;
  /** First back-off delay; doubles per retry, with jitter. @default 500 */
  baseDelayMs?: number;
  /** Longest back-off delay (Retry-After may ask for more, within `timeoutMs`). @default 5000 */
  maxDelayMs?: number;
}

export const RETRY_DEFAULTS: Required<RetryOptions> = { maxRetries: 3, baseDelayMs: 500, maxDelayMs: 5000 };

/** Receives one line per attempt and per retry decision: method, URL, status, timing. Never headers or bodies. */
export interface Logger {
  debug(message: string): void;
}

export interface TransportOptions {
  fetch: (request: Request) => Promise<Response>;
  logger?: Logger | undefined;
  token: () => Promise<string>;
  retry: Required<RetryOptions> | false;
  timeoutMs: number;
}

/** What the transport learnt about one call, for the error the client may build from its response. */
export interface Exchange extends RequestInfo {
  attempts: number;
  retryAfterMs: number | undefined;
}

const exchanges = new WeakMap<Response, Exchange>();
/** The call that produced `response`, when it went through a transport. */
export const exchangeOf = (response: Response): Exchange | undefined => exchanges.get(response);

const IDEMPOTENT = new Set(["GET", "HEAD", "OPTIONS", "PUT", "DELETE"]);
const TRANSIENT = new Set([408, 500, 502, 503, 504]);

/** Milliseconds to wait from a Retry-After value (seconds or HTTP-date), or undefined when absent or unreadable. */
export function parseRetryAfter(value: string | null, now = Date.now()): number | undefined {
  if (value === null) return undefined;
  const text = value.trim();
  if (/^\d+$/.test(text)) return Number(text) * 1000;
  const date = Date.parse(text);
  return Number.isNaN(date) ? undefined : Math.max(0, date - now);
}

export function createTransport(options: TransportOptions): (request: Request) => Promise<Response> {
  const { retry, timeoutMs, token, logger } = options;
  const log = (message: string) => logger?.debug(`pingone-mfa: ${message}`);
  const maxRetries = retry ? retry.maxRetries : 0;
  const backoff = (retryIndex: number) =>
    retry ? Math.min(retry.maxDelayMs, retry.baseDelayMs * 2 ** retryIndex) * (0.5 + Math.random() / 2) : 0;

  return async function send(request: Request): Promise<Response> {
    const info: RequestInfo = { method: request.method, url: request.url };
    const started = Date.now();
    const body = request.body ? await request.arrayBuffer() : undefined;
    const call = linkAbort(request.signal, timeoutMs);
    const fail = (error: unknown): never => {
      if (call.timedOut) throw new PingOneTimeoutError(info, timeoutMs);
      if (request.signal.aborted) throw request.signal.reason;
      throw error;
    };
    // Waits `ms` before a retry unless that would pass the deadline; false means give up now.
    const retryAfter = async (ms: number, why: string) => {
      if (Date.now() - started + ms >= timeoutMs) {
        log(`${info.method} ${info.url}: not retrying after ${why}, waiting ${Math.round(ms)} ms would pass timeoutMs`);
        return false;
      }
      log(`${info.method} ${info.url}: retrying after ${why} in ${Math.round(ms)} ms`);
      await sleep(ms, call.signal).catch(fail);
      return true;
    };

    try {
      for (let attempt = 1; ; attempt++) {
        const headers = new Headers(request.headers);
        headers.set("Authorization", `Bearer ${await untilAborted(token(), call.signal).catch(fail)}`);
        const init: RequestInit = { method: request.method, headers, signal: call.signal, redirect: request.redirect };
        if (body !== undefined) init.body = body;

        const where = `${info.method} ${info.url} (attempt ${attempt})`;
        const sentAt = Date.now();
        let response: Response;
        try {
          // Fetch and read the whole body under the deadline: a response that never ends must time out.
          const answered = await untilAborted(options.fetch(new Request(request.url, init)), call.signal);
          response = await buffer(answered, call.signal);
        } catch (error) {
          if (call.timedOut || request.signal.aborted) {
            log(`${where} ${call.timedOut ? `timed out after ${timeoutMs} ms` : "cancelled"}`);
            fail(error);
          }
          log(`${where} failed: no answer`);
          const delay = backoff(attempt - 1);
          if (IDEMPOTENT.has(info.method) && attempt <= maxRetries && (await retryAfter(delay, "no answer"))) continue;
          throw new PingOneNetworkError(info, error);
        }

        log(`${where} → ${response.status} in ${Date.now() - sentAt} ms`);
        const retryAfterMs = parseRetryAfter(response.headers.get("Retry-After"));
        exchanges.set(response, { ...info, attempts: attempt, retryAfterMs });
        const retryable = response.status === 429 || (IDEMPOTENT.has(info.method) && TRANSIENT.has(response.status));
        if (!retryable || attempt > maxRetries) return response;
        if (!(await retryAfter(retryAfterMs ?? backoff(attempt - 1), String(response.status)))) return response;
      }
    } finally {
      call.dispose();
    }
  };
}

/**
 * A copy of `response` with its body fully read, so the caller's parsing cannot hang. The read is
 * cancelled on abort (closing the connection) rather than trusted to the fetch to stop it.
 */
async function buffer(response: Response, signal: AbortSignal): Promise<Response> {
  const copy = (body: BodyInit | null) =>
    new Response(body, { status: response.status, statusText: response.statusText, headers: response.headers });
  if (!response.body) return copy(null);
  const reader = response.body.getReader();
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
  const size = chunks.reduce((n, c) => n + c.byteLength, 0);
  if (size === 0) return copy(null);
  const bytes = new Uint8Array(size);
  chunks.reduce((offset, c) => (bytes.set(c, offset), offset + c.byteLength), 0);
  return copy(bytes);
}

/** One signal aborted by the caller's signal or by the timeout, and a way to release both. */
function linkAbort(caller: AbortSignal, timeoutMs: number) {
  const controller = new AbortController();
  const state = { timedOut: false, signal: controller.signal, dispose: () => {} };
  const onCallerAbort = () => controller.abort(caller.reason);
  if (caller.aborted) onCallerAbort();
  else caller.addEventListener("abort", onCallerAbort, { once: true });
  const timer = setTimeout(() => {
    state.timedOut = true;
    controller.abort(new DOMException("The operation timed out", "TimeoutError"));
  }, timeoutMs);
  state.dispose = () => {
    clearTimeout(timer);
    caller.removeEventListener("abort", onCallerAbort);
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
