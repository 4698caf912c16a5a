// Every request goes through here, typed methods and `raw` alike: the call's deadline (one owner,
// deadlines.ts, covering attempts, waits and body reads), the bearer token, the retry policy, the
// limits (no redirect followed, no answer larger than maxResponseBytes), and the records the logger
// and hooks get (observe.ts). What comes back is a whole answer; what fails is a PingOneError.
import {
  isShortCode,
  PingOneApiError,
  PingOneNetworkError,
  PingOneTimeoutError,
  PingOneTokenError,
  type RequestInfo,
} from "../errors/errors.js";
import { redact, type Secrets } from "../errors/redact.js";
import { decide, parseRetryAfter } from "./retry-policy.js";
import type { Tokens } from "../tokens/token-source.js";
import { onAbort, untilAborted } from "./signals.js";
import { CallSignal } from "./call-signal.js";
import { ProxyRefused } from "./proxy-refused.js";
import { proxySecretsOf } from "./proxy-settings.js";
import { deadlines } from "./deadlines.js";
import { isRecordLogger, isSecretHeader, listens } from "./listeners.js";
import type { CallTrace, observer } from "./observe.js";
import {
  type Exchange,
  type Hooks,
  type Logger,
  type RetryOptions,
  TooLarge,
  type WireRequest,
  type WireResponse,
} from "./types.js";

/** What a transport needs from the client. */
export interface TransportOptions {
  exchange: Exchange;
  token: Tokens;
  retry: Required<RetryOptions> | false;
  timeoutMs: number;
  maxResponseBytes: number;
  logger?: Logger | undefined;
  hooks?: Hooks | undefined;
  /** The request header records show as `correlationId`. */
  correlationHeader?: string | undefined;
}

/** A whole answer, and what the call learnt on the way (for the error the caller may build). */
export interface Answer extends WireResponse {
  request: RequestInfo;
  retryAfterMs: number | undefined;
  /**
   * Every bearer token the call sent (a token function may rotate between attempts) and the
   * secrets its token source stands on (a worker's client secret), for redaction.
   */
  tokens: string[];
}

/** Sends requests under the client's rules. */
export type Send = (request: WireRequest, signal: AbortSignal | undefined, secrets?: Secrets) => Promise<Answer>;

/** The host of a redirect's target, and nothing else of it. */
function hostOf(location: string | undefined, base: string): string | undefined {
  if (!location) return undefined;
  try {
    return new URL(location, base).host;
  } catch {
    return "(unreadable)";
  }
}

/** The request's method and URL as errors and log lines show them: without the query, which may hold a phone. */
export const requestInfo = (method: string, url: string): RequestInfo => {
  const query = url.indexOf("?");
  const fragment = url.indexOf("#");
  const end = query < 0 ? fragment : fragment < 0 ? query : Math.min(query, fragment);
  return { method, url: end < 0 ? url : `${url.slice(0, end)}?…` };
};

const noop = () => {};
/** The call's secrets with every token it sent, for redacting what comes back. */
export const withSent = (secrets: Secrets, tokens: readonly string[]): Secrets => ({
  ...secrets,
  tokens: [...(secrets.tokens ?? []), ...tokens],
});

/** The client's Send over one Exchange. */
export function createTransport(options: TransportOptions): Send {
  const { exchange, token, retry, timeoutMs, maxResponseBytes } = options;
  // Undefined without a logger or a hook: then `trace?.…` builds nothing. The records' code
  // (observe.ts) is loaded only for a client with a logger or a hook, so an app's first chunk
  // does not carry it (it is a chunk of its own); calls without listeners await nothing more.
  let observe: ReturnType<typeof observer> | undefined;
  let loading: Promise<ReturnType<typeof observer>> | undefined;
  const loadObserver = listens(options.logger, options.hooks)
    ? () =>
        (loading ??= import("./observe.js").then(
          (module) => (observe = module.observer(options, { redact, isShortCode, isSecretHeader, isRecordLogger })),
          (error: unknown) => {
            // A chunk that failed to load (a browser offline) is asked for again by the next call.
            loading = undefined;
            throw error;
          },
        ))
    : undefined;
  // Asked for at once, so a call seldom waits; a failure here is the first call's to report.
  loadObserver?.().catch(noop);
  // The proxy's password and Basic value (its user name too when it is or looks like the
  // credential, see proxy-settings.ts): a proxy's or upstream's error page may echo them.
  const proxySecrets = proxySecretsOf(exchange);

  const startDeadline = deadlines(timeoutMs);

  return async function send(request, caller, secrets = {}) {
    const info = requestInfo(request.method, request.url);
    // The secrets behind the tokens (clientCredentials' client secret) are masked like the tokens.
    const tokens: string[] = token.known ? [...token.known()] : [];
    tokens.push(...proxySecrets);
    const started = Date.now();
    const signal = new CallSignal();
    let timedOut = false;
    const stopDeadline = startDeadline(() => {
      timedOut = true;
      signal.abort(new DOMException("The operation timed out", "TimeoutError"));
    });
    const stopListening = caller ? onAbort(caller, () => signal.abort(caller.reason)) : noop;
    let trace: CallTrace | undefined;
    let attempt = 0;
    // Ends the call: out of time, cancelled by the caller, or the given error.
    const fail = (error: unknown): never => {
      if (timedOut) {
        trace?.giveUp(attempt, "timeout", undefined, Date.now() - started);
        throw new PingOneTimeoutError(info, timeoutMs);
      }
      if (caller?.aborted) {
        trace?.giveUp(attempt, "cancelled", undefined, Date.now() - started);
        throw caller.reason;
      }
      throw error;
    };

    // A fixed token comes back as a string, so the common attempt awaits nothing.
    const nextToken = (): string | Promise<string> => {
      const pending = token.current();
      return typeof pending === "string"
        ? pending
        : untilAborted(pending, signal).catch((error: unknown) => {
            if (!signal.aborted) trace?.giveUp(attempt, "token", undefined, Date.now() - started);
            return fail(withTokens(error, withSent(secrets, tokens)));
          });
    };
    // After a 401 the token is replaced once per call, and that attempt does not count as a retry.
    let renewed: string | undefined;
    let refreshes = 0;
    try {
      // Only a listening client's first calls wait here (for observe.ts). A chunk that could not
      // be fetched fails the call as the network would. The wait is raced with the call's signal:
      // a stalled chunk request (a browser's CDN) does not hold the call past its deadline or its
      // caller's cancel, which end it with the usual timeout or abort error (fail() checks them
      // first). Such a call has no records: what would write them is what did not come.
      if (loadObserver && !observe)
        await untilAborted(loadObserver(), signal).catch((error: unknown) =>
          fail(new PingOneNetworkError(info, error, withSent(secrets, tokens))),
        );
      trace = observe?.(info, request.headers, () => withSent(secrets, tokens));
      for (attempt = 1; ; attempt++) {
        // Nothing is sent once the call is cancelled or out of time.
        if (signal.aborted) fail(signal.reason);
        const next = renewed ?? nextToken();
        const bearer = typeof next === "string" ? next : await next;
        renewed = undefined;
        if (!tokens.includes(bearer)) tokens.push(bearer);
        request.headers.authorization = `Bearer ${bearer}`;
        trace?.request(attempt, request.headers);
        // Timed from here: a slow hook is not the attempt's time.
        const sentAt = Date.now();
        let answer: WireResponse;
        try {
          // Both transports settle when the signal aborts (the deadline or the caller), so no
          // exchange outlives the call.
          answer = await exchange(request, signal, maxResponseBytes);
        } catch (error) {
          if (signal.aborted) {
            trace?.response(attempt, Date.now() - sentAt, timedOut ? "timeout" : "cancelled");
            fail(error);
          }
          if (error instanceof TooLarge) {
            trace?.response(attempt, Date.now() - sentAt, "too-large");
            trace?.giveUp(attempt, "too-large", undefined, Date.now() - started);
            throw new PingOneApiError({
              status: 0,
              code: "RESPONSE_TOO_LARGE",
              message: `${info.method} ${info.url}: ${error.message} (maxResponseBytes); the connection was closed`,
              request: info,
            });
          }
          trace?.response(attempt, Date.now() - sentAt, "network");
          // A proxy that refused the tunnel (403, 407) refuses the next attempt too: final, for any method.
          if (error instanceof ProxyRefused) {
            trace?.giveUp(attempt, "not-retryable", undefined, Date.now() - started);
            throw new PingOneNetworkError(info, error, withSent(secrets, tokens));
          }
          const decision = decide({
            method: info.method,
            outcome: { network: true },
            attempt: attempt - refreshes,
            elapsedMs: Date.now() - started,
            timeoutMs,
            retry,
          });
          if (decision.retry) {
            trace?.retry(attempt, "network", undefined, decision.delayMs, Date.now() - started);
            await sleep(decision.delayMs, signal).catch(fail);
            continue;
          }
          trace?.giveUp(
            attempt,
            decision.why === "final" ? "not-retryable" : decision.why,
            undefined,
            Date.now() - started,
          );
          throw new PingOneNetworkError(info, error, withSent(secrets, tokens));
        }

        const retryAfterMs = parseRetryAfter(answer.headers["retry-after"]);
        trace?.response(attempt, Date.now() - sentAt, answer, retryAfterMs);
        if (answer.redirected || (answer.status >= 300 && answer.status < 400)) {
          trace?.giveUp(attempt, "redirect", answer.status, Date.now() - started);
          const location = hostOf(answer.headers.location, request.url);
          throw new PingOneApiError({
            status: answer.status,
            code: "UNEXPECTED_REDIRECT",
            location: location && redact(location, withSent(secrets, tokens), 255),
            message: `${info.method} ${info.url} answered ${answer.status || "a redirect"}${location ? ` to ${redact(location, withSent(secrets, tokens), 255)}` : ""}; PingOne does not redirect, so it was not followed`,
            request: info,
          });
        }
        // A 401 was not processed, so any method may be sent again, once, with a fresh token.
        if (answer.status === 401 && token.refused && refreshes === 0) {
          refreshes++;
          token.refused(bearer);
          const fresh = await nextToken();
          if (fresh !== bearer) {
            trace?.retry(attempt, "token", 401, 0, Date.now() - started);
            renewed = fresh;
            continue;
          }
        }
        if (answer.status >= 400) {
          const decision = decide({
            method: info.method,
            outcome: { status: answer.status, retryAfterMs },
            attempt: attempt - refreshes,
            elapsedMs: Date.now() - started,
            timeoutMs,
            retry,
          });
          if (decision.retry) {
            trace?.retry(attempt, "status", answer.status, decision.delayMs, Date.now() - started);
            await sleep(decision.delayMs, signal).catch(fail);
            continue;
          }
          // A status the policy never retries (400, 404…) is the caller's answer, not a give-up.
          if (decision.why !== "final") trace?.giveUp(attempt, decision.why, answer.status, Date.now() - started);
        }
        // The exchange's answer is the call's own object: completed in place rather than copied.
        const complete = answer as Answer;
        complete.request = info;
        complete.retryAfterMs = retryAfterMs;
        complete.tokens = tokens;
        return complete;
      }
    } finally {
      stopDeadline();
      stopListening();
    }
  };
}

/** A token failure redacted again with the tokens the call already sent (a function may echo one). */
function withTokens(error: unknown, secrets: Secrets): unknown {
  if (!(error instanceof PingOneTokenError)) return error;
  return new PingOneTokenError({
    code: error.code,
    message: redact(error.message, secrets),
    description: error.description,
    status: error.status,
    cause: error.cause,
    secrets,
  });
}

/** Resolves after `ms`, or rejects with the signal's reason at once, clearing its timer. */
function sleep(ms: number, signal: CallSignal): Promise<void> {
  return new Promise<void>((resolve, reject) => {
    const stop = signal.onAbort(() => {
      clearTimeout(timer);
      reject(signal.reason);
    });
    const timer = setTimeout(() => {
      stop();
      resolve();
    }, ms);
  });
}
