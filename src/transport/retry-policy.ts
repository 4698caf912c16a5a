// When a failed attempt is tried again, and after how long: pure functions of the attempt, so the
// whole policy is tested from a table.
//
// A 429 is retried for any method (PingOne did not process it), honouring Retry-After; 408, 500,
// 502, 503, 504 and network errors only for GET, HEAD, OPTIONS, PUT and DELETE; never for POST,
// because PingOne has no idempotency keys (a repeated create makes a second device, a repeated OTP
// check spends an attempt). A redirect, a too-large answer or any other status is final.
import type { RetryOptions } from "./types.js";

const IDEMPOTENT = new Set(["GET", "HEAD", "OPTIONS", "PUT", "DELETE"]);
const TRANSIENT = new Set([408, 500, 502, 503, 504]);
const HTTP_DATE = /^[A-Z][a-z]{2}, \d{2} [A-Z][a-z]{2} \d{4} \d{2}:\d{2}:\d{2} GMT$/;

/** What an attempt ended with, as far as retrying is concerned. */
export type Outcome = { status: number; retryAfterMs?: number | undefined } | { network: true };

/** Whether to try again, and after how many milliseconds; or why not. */
export type Decision = { retry: true; delayMs: number } | { retry: false; why: "final" | "retries" | "deadline" };

/** Milliseconds to wait from a Retry-After value (seconds or HTTP-date), or undefined when absent or unreadable. */
export function parseRetryAfter(value: string | null | undefined, now = Date.now()): number | undefined {
  if (value === null || value === undefined) return undefined;
  const text = value.trim();
  if (/^\d{1,9}$/.test(text)) return Number(text) * 1000;
  // Date.parse reads "1.5" or "-1" as dates in 2001: accept only the HTTP-date form (RFC 9110).
  if (!HTTP_DATE.test(text)) return undefined;
  const date = Date.parse(text);
  return Number.isNaN(date) ? undefined : Math.max(0, date - now);
}

/** The back-off before retry number `retryIndex` (0-based): doubling from the base, capped, jittered to 50–100 %. */
export function backoffMs(retryIndex: number, retry: Required<RetryOptions>, random = Math.random): number {
  return Math.min(retry.maxDelayMs, retry.baseDelayMs * 2 ** retryIndex) * (0.5 + random() / 2);
}

/** True when an attempt with this outcome may be sent again. */
export function isRetryable(method: string, outcome: Outcome): boolean {
  if ("network" in outcome) return IDEMPOTENT.has(method);
  return outcome.status === 429 || (IDEMPOTENT.has(method) && TRANSIENT.has(outcome.status));
}

/**
 * Decides after attempt number `attempt` (1-based) that ended with `outcome`, `elapsedMs` into a
 * call allowed `timeoutMs`: a retry after Retry-After or the back-off, unless retries are spent or
 * the wait would pass the deadline.
 */
export function decide(input: {
  method: string;
  outcome: Outcome;
  attempt: number;
  elapsedMs: number;
  timeoutMs: number;
  retry: Required<RetryOptions> | false;
  random?: () => number;
}): Decision {
  const { method, outcome, attempt, elapsedMs, timeoutMs, retry } = input;
  if (!isRetryable(method, outcome)) return { retry: false, why: "final" };
  if (!retry || attempt > retry.maxRetries) return { retry: false, why: "retries" };
  const delayMs =
    ("status" in outcome ? outcome.retryAfterMs : undefined) ?? backoffMs(attempt - 1, retry, input.random);
  if (elapsedMs + delayMs >= timeoutMs) return { retry: false, why: "deadline" };
  return { retry: true, delayMs };
}
