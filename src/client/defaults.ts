// The client's defaults, in one place.

/** Retries after the first attempt, first back-off delay and longest back-off delay. */
export const RETRY_DEFAULTS = { maxRetries: 3, baseDelayMs: 500, maxDelayMs: 5000 } as const;

/** Longest a call may take, retries and waits included. */
export const TIMEOUT_DEFAULT_MS = 30_000;

/** Longest `timeoutMs` accepted. */
export const TIMEOUT_MAX_MS = 10 * 60_000;

/** Largest answer accepted; PingOne's are a few kilobytes. */
export const MAX_RESPONSE_BYTES_DEFAULT = 1024 * 1024;

/** clientCredentials: a token is replaced this long before it expires; a token request may take this long. */
export const TOKEN_DEFAULTS = { leewaySeconds: 60, timeoutMs: 10_000 } as const;
