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

/** The logger method a record goes to. */
export type LogLevel = "debug" | "info" | "warn" | "error";

/** What the client tells a logger and hooks about a call: one record per step (see LogRecord). */
export type LogEvent = "request" | "response" | "retry" | "give-up" | "hook-error";

/** Fields every record has. Nothing in a record is a secret: see README, "Logs and tracing". */
export interface RecordBase {
  event: LogEvent;
  /** Numbers the calls of this process, so one call's attempts can be put together; never sent. */
  callId: number;
  method: string;
  /** The URL without its query or fragment (a filter may name a phone); `?…` marks where one was. */
  url: string;
  /** 1 for the first send; every send counts, the resend after a 401 included. */
  attempt: number;
  /** The value the request carried in the client's `correlationHeader`, redacted; absent without one. */
  correlationId?: string;
}

/** An attempt is about to be sent (level debug). */
export interface RequestRecord extends RecordBase {
  event: "request";
  /** Hooks only: the request's headers, names in lower case, with Authorization, Cookie and any secret-named header removed and the rest redacted. */
  requestHeaders?: Readonly<Record<string, string>>;
}

/** Why an attempt ended without an answer the client could use. */
export type AttemptFailure = "network" | "timeout" | "cancelled" | "too-large";

/** An attempt ended: with an answer (`status`) or without one (`failure`) (level debug). */
export interface ResponseRecord extends RecordBase {
  event: "response";
  /** The HTTP status; absent when no answer came. */
  status?: number;
  failure?: AttemptFailure;
  /** From sending the attempt to its whole answer (or its failure), in ms. */
  durationMs: number;
  /** PingOne's error `id` (quote it to support), from an error answer's body. */
  errorId?: string;
  /** PingOne's error `code`, from an error answer's body, when it is a short code. */
  errorCode?: string;
  /** The answer's Retry-After, in ms. */
  retryAfterMs?: number;
  /** Hooks only: the answer's headers, names in lower case, without Set-Cookie or any secret-named header, the rest redacted. */
  responseHeaders?: Readonly<Record<string, string>>;
}

/** The call sends again after `waitMs` (level warn). */
export interface RetryRecord extends RecordBase {
  event: "retry";
  /** `status`: a retryable status (429, or 408/5xx for GET, PUT, DELETE); `network`: no answer; `token`: a 401, resent at once with a fresh token. */
  reason: "status" | "network" | "token";
  /** The status that is retried; absent after no answer. */
  status?: number;
  /** The wait before the next attempt (Retry-After or the back-off), in ms. */
  waitMs: number;
  /** Since the call started, in ms. */
  elapsedMs: number;
}

/**
 * The call ends with an error the transport decided (level error; `cancelled` at info). `retries`:
 * retries spent; `deadline`: the wait would pass timeoutMs; `not-retryable`: no answer to a POST,
 * never resent, or (any method) a proxy that refused the tunnel; `timeout`, `cancelled`;
 * `too-large`: past maxResponseBytes; `redirect`: never followed; `token`: the token source failed
 * (before `attempt` was sent, or after its 401).
 * An error status the policy does not retry (400, 404…) is a `response` record only.
 */
export interface GiveUpRecord extends RecordBase {
  event: "give-up";
  reason: "retries" | "deadline" | "not-retryable" | "timeout" | "cancelled" | "too-large" | "redirect" | "token";
  /** The last status; absent when the last attempt had no answer. */
  status?: number;
  /** Since the call started, in ms. */
  elapsedMs: number;
}

/** A hook threw (level warn); the call went on. */
export interface HookErrorRecord extends RecordBase {
  event: "hook-error";
  hook: keyof Hooks;
  /** The thrown error's name and message, redacted and cut to 200 characters. */
  error: string;
}

/** One record: what a logger gets (without headers) and a hook gets (frozen, with headers). */
export type LogRecord = RequestRecord | ResponseRecord | RetryRecord | GiveUpRecord | HookErrorRecord;

/**
 * A logger that takes records: pino, bunyan and `console` fit as they are. Each record goes to the
 * method of its level as `(record, message)`; the record has no `level` key (pino and bunyan own one).
 * The record is the logger's own (hooks get a separate frozen copy). A method that throws, or
 * returns a promise that rejects, changes nothing: the failure is ignored. Winston takes
 * `(message, meta)`: adapt it as the README shows.
 */
export interface RecordLogger {
  debug(record: LogRecord, message: string): void;
  info(record: LogRecord, message: string): void;
  warn(record: LogRecord, message: string): void;
  error(record: LogRecord, message: string): void;
}

/** 0.1's logger: only `debug`, which gets every record's message as one text line. */
export interface LineLogger {
  debug(message: string): void;
  // Absent: a logger with these is a RecordLogger (and the compiler tells the two apart by them).
  info?: undefined;
  warn?: undefined;
  error?: undefined;
}

/** A RecordLogger (it has debug, info, warn and error), or a LineLogger (only debug). */
export type Logger = RecordLogger | LineLogger;

/**
 * Called synchronously, per attempt, with a frozen record; what a hook returns is ignored (a
 * returned promise's rejection too). A hook that throws does not change the call: the error goes
 * to the logger as a `hook-error` record at warn.
 */
export interface Hooks {
  onRequest?: (record: Readonly<RequestRecord>) => void;
  onResponse?: (record: Readonly<ResponseRecord>) => void;
  onRetry?: (record: Readonly<RetryRecord>) => void;
  onGiveUp?: (record: Readonly<GiveUpRecord>) => void;
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
