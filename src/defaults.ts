// The client's defaults, in one place.

/** Retries after the first attempt, first back-off delay and longest back-off delay. */
export const RETRY_DEFAULTS = { maxRetries: 3, baseDelayMs: 500, maxDelayMs: 5000 } as const;

/** Longest a call may take, retries and waits included. */
export const TIMEOUT_DEFAULT_MS = 30_000;

/** Longest `timeoutMs` accepted. */
export const TIMEOUT_MAX_MS = 10 * 60_000;

/** Largest answer accepted; PingOne's are a few kilobytes. */
export const MAX_RESPONSE_BYTES_DEFAULT = 1024 * 1024;
