// What travels between the client and a transport: plain requests and whole answers.
import type { CallSignal } from "./call-signal.js";

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

/** One request, ready to send. */
export interface WireRequest {
  method: string;
  /** Absolute URL. */
  url: string;
  headers: Record<string, string>;
  body?: string | Uint8Array | undefined;
}

/** One whole answer: every byte of the body was read (at most the call's limit). */
export interface WireResponse {
  status: number;
  /** Header names in lower case. */
  headers: Record<string, string>;
  body: Uint8Array;
  /** A browser's fetch hides a redirect behind status 0 (`redirect: "manual"`). */
  redirected?: boolean;
}

/** The answer grew past the call's limit; the connection was closed. */
export class TooLarge extends Error {
  constructor(readonly limit: number) {
    super(`the answer is larger than ${limit} bytes`);
  }
}

/**
 * Sends one request once and reads its whole answer. Rejects with TooLarge past `maxBytes`, with
 * the signal's reason once it aborts, or with the transport's own error when there is no answer.
 * Never follows a redirect.
 */
export type Exchange = (request: WireRequest, signal: CallSignal, maxBytes: number) => Promise<WireResponse>;
