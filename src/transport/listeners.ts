// The synchronous checks on a logger and on header names that the client's options need, apart from
// observe.ts: that module (the records) is loaded on first use, only by clients that listen.
import type { Hooks, Logger, LogLevel, RecordLogger } from "./types.js";

/**
 * Header names that carry credentials: never in a record. Authorization, Proxy-Authorization,
 * Cookie, Set-Cookie, and the names APIs give tokens and keys (X-Api-Key, X-Auth-Token…).
 */
const SECRET_HEADER = /authorization|cookie|token|secret|password|passwd|api-?key|credential/i;
export const isSecretHeader = (name: string): boolean => SECRET_HEADER.test(name);

/** The levels a RecordLogger has; a logger with only `debug` gets text lines (0.1's shape). */
const LEVELS: readonly LogLevel[] = ["debug", "info", "warn", "error"];
export const isRecordLogger = (logger: object): logger is RecordLogger =>
  LEVELS.every((level) => typeof (logger as Record<string, unknown>)[level] === "function");

/** True when a logger or a hook listens: only then are records built (and observe.ts loaded). */
export const listens = (logger: Logger | undefined, hooks: Hooks = {}): boolean =>
  !!(logger || hooks.onRequest || hooks.onResponse || hooks.onRetry || hooks.onGiveUp);
