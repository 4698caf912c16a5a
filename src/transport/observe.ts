// What a call shows the caller while it runs: one record per attempt sent, answer, retry and
// give-up, to the logger (at the record's level) and to the hooks (frozen, with headers). Every
// field is a number, a fixed word, or text that went through redact() with the call's secrets;
// headers that carry credentials are dropped by name. Nothing is built when nobody listens.
// This module is loaded when a client with a logger or a hook is made (core.ts), as a chunk of
// its own in an app's bundle. It imports types only: esbuild's code splitting would move every
// module it shared with the entry (redaction, errors) into a third chunk that the entry loads at
// once, so what it needs from them comes as a Kit from core.ts.
import type { isShortCode, RequestInfo } from "../errors/errors.js";
import type { redact, Secrets } from "../errors/redact.js";
import type { isRecordLogger, isSecretHeader } from "./listeners.js";
import type {
  AttemptFailure,
  GiveUpRecord,
  HookErrorRecord,
  Hooks,
  Logger,
  LogLevel,
  LogRecord,
  RecordBase,
  RequestRecord,
  ResponseRecord,
  RetryRecord,
  WireResponse,
} from "./types.js";

/** Most headers a record lists (a hostile server may send thousands); default chosen. */
const MAX_HEADERS = 64;
/** Longest header value, correlation id or hook error kept, after masking; default chosen. */
const MAX_VALUE = 200;

const levelOf = (record: LogRecord): LogLevel =>
  record.event === "retry" || record.event === "hook-error"
    ? "warn"
    : record.event === "give-up"
      ? record.reason === "cancelled"
        ? "info"
        : "error"
      : "debug";

let lastCallId = 0;
const decoder = new TextDecoder();

/** What the transport tells about one call, step by step. */
export interface CallTrace {
  request(attempt: number, headers: Readonly<Record<string, string>>): void;
  response(attempt: number, durationMs: number, outcome: WireResponse | AttemptFailure, retryAfterMs?: number): void;
  retry(
    attempt: number,
    reason: RetryRecord["reason"],
    status: number | undefined,
    waitMs: number,
    elapsedMs: number,
  ): void;
  giveUp(attempt: number, reason: GiveUpRecord["reason"], status: number | undefined, elapsedMs: number): void;
}

export interface ObserveOptions {
  logger?: Logger | undefined;
  hooks?: Hooks | undefined;
  /** The request header whose value records show as `correlationId`. */
  correlationHeader?: string | undefined;
  timeoutMs: number;
  maxResponseBytes: number;
}

/** What this module uses of the entry's own: the same functions, handed over (see the top). */
export interface Kit {
  redact: typeof redact;
  isShortCode: typeof isShortCode;
  isSecretHeader: typeof isSecretHeader;
  isRecordLogger: typeof isRecordLogger;
}

/** Starts a CallTrace per call; core.ts makes one only when there is a logger or a hook. */
export function observer(
  options: ObserveOptions,
  kit: Kit,
): (info: RequestInfo, headers: Readonly<Record<string, string>>, secrets: () => Secrets) => CallTrace {
  const { logger, hooks = {}, timeoutMs, maxResponseBytes } = options;
  const { redact, isSecretHeader, isRecordLogger } = kit;
  const structured = logger !== undefined && isRecordLogger(logger);
  const correlation = options.correlationHeader?.toLowerCase();

  // A logger that throws, or whose method returns a promise that rejects (an async transport),
  // must not turn a call PingOne answered into a failure, nor crash the process with an unhandled
  // rejection. Its failure is swallowed, not logged: logging it would go to the same logger.
  const log = (record: LogRecord, text: string) => {
    if (!logger) return;
    try {
      const message = `pingone-mfa: ${text}${record.correlationId === undefined ? "" : ` [${options.correlationHeader}: ${record.correlationId}]`}`;
      const result: unknown = structured
        ? logger[levelOf(record)](record, message)
        : (logger as { debug(message: string): unknown }).debug(message);
      if (isThenable(result)) result.then(undefined, ignore);
    } catch {
      // The caller's logger failed; the call goes on.
    }
  };

  return (info, requestHeaders, secretsOf) => {
    const callId = ++lastCallId;
    let secrets = secretsOf();
    const url = redact(info.url, secrets);
    let correlationId: string | undefined;
    if (correlation)
      for (const [name, value] of Object.entries(requestHeaders))
        if (name.toLowerCase() === correlation) correlationId = redact(value, secrets, MAX_VALUE);
    const base = (event: LogRecord["event"], attempt: number): RecordBase => {
      const record: RecordBase = { event, callId, method: info.method, url, attempt };
      if (correlationId !== undefined) record.correlationId = correlationId;
      return record;
    };
    const where = (attempt: number) => `${info.method} ${url} (attempt ${attempt})`;
    /**
     * The headers a hook may see: none that carries a credential by name, none whose name may
     * spell a secret (a server may echo the request into header names: `x-echo-<phone>`; see
     * plainName); the values masked.
     */
    const visible = (headers: Readonly<Record<string, string>>, known: Secrets, response: boolean) => {
      const out: Record<string, string> = {};
      let count = 0;
      for (const [name, value] of Object.entries(headers)) {
        if (count >= MAX_HEADERS) break;
        const key = name.toLowerCase();
        if (isSecretHeader(key) || typeof value !== "string") continue;
        if (!plainName(key, known, redact)) continue;
        // A Location's query may name a phone, as a request's may.
        const text = response && key === "location" ? cutQuery(value) : value;
        Object.defineProperty(out, key, { value: redact(text, known, MAX_VALUE), enumerable: true });
        count++;
      }
      return Object.freeze(out);
    };
    /**
     * Sends the record to the hook (a frozen copy, with `extra`) and to the logger (the record
     * itself, not frozen: a logger may add to what it gets). The copy is made first, so what a
     * logger changes never reaches a hook.
     */
    const emit = <R extends LogRecord>(record: R, text: string, hookName: keyof Hooks, extra?: () => object) => {
      const hook = hooks[hookName] as ((record: R) => unknown) | undefined;
      if (!hook) return log(record, text);
      const frozen = { ...record, ...extra?.() };
      Object.freeze(frozen);
      const { attempt } = record;
      log(record, text);
      const failed = (error: unknown) => {
        const thrown: HookErrorRecord = {
          ...base("hook-error", attempt),
          event: "hook-error",
          hook: hookName,
          error: describe(error, secrets, redact),
        };
        log(thrown, `${info.method} ${url}: hook ${hookName} threw (${thrown.error}); the call goes on`);
      };
      try {
        const result = hook.call(hooks, frozen);
        // An async hook is not awaited; its rejection is reported like a throw.
        if (isThenable(result)) result.then(undefined, failed);
      } catch (error) {
        failed(error);
      }
    };

    return {
      request(attempt, headers) {
        // A token sent by this attempt joins the secrets (a function may rotate them).
        secrets = secretsOf();
        const record: RequestRecord = { ...base("request", attempt), event: "request" };
        emit(record, `${where(attempt)} sending`, "onRequest", () => ({
          requestHeaders: visible(headers, secrets, false),
        }));
      },
      response(attempt, durationMs, outcome, retryAfterMs) {
        const record: ResponseRecord = { ...base("response", attempt), event: "response", durationMs };
        let text: string;
        let answer: WireResponse | undefined;
        let known = secrets;
        if (typeof outcome === "string") {
          record.failure = outcome;
          text =
            outcome === "network"
              ? "failed: no answer"
              : outcome === "timeout"
                ? `timed out after ${timeoutMs} ms`
                : outcome === "cancelled"
                  ? "cancelled"
                  : `answer over ${maxResponseBytes} bytes, connection closed`;
        } else {
          answer = outcome;
          record.status = answer.status;
          // A cookie the answer sets is masked wherever else the answer echoes it.
          const set = answer.headers["set-cookie"];
          known = set ? { ...secrets, tokens: [...(secrets.tokens ?? []), ...cookieValues(set)] } : secrets;
          if (answer.status >= 400) Object.assign(record, errorOf(answer.body, known, kit));
          if (retryAfterMs !== undefined) record.retryAfterMs = retryAfterMs;
          text = `→ ${answer.status} in ${durationMs} ms${record.errorId ? ` (error id ${record.errorId})` : ""}`;
        }
        emit(record, `${where(attempt)} ${text}`, "onResponse", () =>
          answer ? { responseHeaders: visible(answer.headers, known, true) } : {},
        );
      },
      retry(attempt, reason, status, waitMs, elapsedMs) {
        const wait = Math.round(waitMs);
        const record: RetryRecord = { ...base("retry", attempt), event: "retry", reason, waitMs: wait, elapsedMs };
        if (status !== undefined) record.status = status;
        const text =
          reason === "token"
            ? "401, sending again once with a fresh token"
            : `retrying after ${status ?? "no answer"} in ${wait} ms`;
        emit(record, `${info.method} ${url}: ${text}`, "onRetry");
      },
      giveUp(attempt, reason, status, elapsedMs) {
        const record: GiveUpRecord = { ...base("give-up", attempt), event: "give-up", reason, elapsedMs };
        if (status !== undefined) record.status = status;
        const after = status ?? "no answer";
        const text = {
          retries: `giving up after ${after}: retries spent`,
          deadline: `not retrying after ${after}, the wait would pass timeoutMs`,
          // No answer to a POST, or (any method) a proxy's refusal of the tunnel: both final.
          "not-retryable": `giving up after no answer: not sent again (a ${info.method} without an answer, or a proxy's refusal, is final)`,
          timeout: `giving up: timed out after ${timeoutMs} ms`,
          cancelled: "cancelled by the caller",
          "too-large": `giving up: the answer is over ${maxResponseBytes} bytes (maxResponseBytes)`,
          redirect: `giving up after ${after}: a redirect is never followed`,
          token: "giving up: the token source failed",
        }[reason];
        emit(record, `${info.method} ${url}: ${text}`, "onGiveUp");
      },
    };
  };
}

/** True for a promise or anything with a `then` method (reading `then` may throw: callers catch). */
const isThenable = (value: unknown): value is PromiseLike<unknown> =>
  ((typeof value === "object" && value !== null) || typeof value === "function") &&
  typeof (value as PromiseLike<unknown>).then === "function";
const ignore = () => {};

/** Six digits in a row: no header name needs them; a passcode or a phone of another call has them. */
const DIGIT_RUN = /\d{6}/;
/**
 * True for a header name that may be shown: not over MAX_VALUE, no six digits in a row, and
 * unchanged by redaction, as it is and with `-` and `_` read as spaces (so `x-echo-512-520-1234`
 * is phone-like). Masking a name would make it another header: such a header is dropped whole.
 */
function plainName(name: string, secrets: Secrets, redact: Kit["redact"]): boolean {
  if (name.length > MAX_VALUE || DIGIT_RUN.test(name) || redact(name, secrets) !== name) return false;
  const spaced = name.replace(/[-_]/g, " ");
  return redact(spaced, secrets) === spaced;
}

/** The values a Set-Cookie header sets (`ST=abc; Path=/, X=y` → abc, y), several joined by ", ". */
function cookieValues(header: string): string[] {
  // Split where a new `name=` follows a comma, not inside an Expires date ("Wed, 21 Oct 2026 …").
  return header
    .split(/,(?=\s*[^;,=\s]+=)/)
    .map((cookie) => (cookie.split(";")[0] ?? "").split("=").slice(1).join("=").trim())
    .filter(Boolean);
}

/** The URL without its query or fragment. */
function cutQuery(url: string): string {
  const end = url.search(/[?#]/);
  return end < 0 ? url : `${url.slice(0, end)}?…`;
}

/** PingOne's error `id` and `code` from an error answer's body, masked; nothing when it is not PingOne's JSON. */
function errorOf(
  body: Uint8Array,
  secrets: Secrets,
  { redact, isShortCode }: Kit,
): { errorId?: string; errorCode?: string } {
  let parsed: unknown;
  try {
    parsed = body.byteLength ? JSON.parse(decoder.decode(body)) : undefined;
  } catch {
    return {};
  }
  if (typeof parsed !== "object" || parsed === null) return {};
  const { id, code } = parsed as Record<string, unknown>;
  const out: { errorId?: string; errorCode?: string } = {};
  if (typeof id === "string") out.errorId = redact(id, secrets, 100);
  if (isShortCode(code) && redact(code, secrets, 64) === code) out.errorCode = code;
  return out;
}

/** A thrown value as `Name: message`, masked and cut; reading it may throw too. */
function describe(error: unknown, secrets: Secrets, redact: Kit["redact"]): string {
  let text: string;
  try {
    text = error instanceof Error ? `${error.name}: ${error.message}` : String(error);
  } catch {
    text = "(a value that cannot be shown)";
  }
  return redact(text, secrets, MAX_VALUE);
}
