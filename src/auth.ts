// The access token: a fixed string, or a function asked before every attempt so that a refreshed
// token is picked up even between retries. The token lives only in this closure.
import { PingOneValidationError } from "./errors.js";

/** A PingOne access token, or a (possibly async) function returning the current one. */
export type AccessToken = string | (() => string | Promise<string>);

const checked = (token: unknown): string => {
  if (typeof token !== "string" || token === "" || /\s/.test(token)) {
    throw new PingOneValidationError("accessToken", "INVALID_VALUE", "accessToken must be (or return) a non-empty string without whitespace");
  }
  return token;
};

/**
 * Returns a function yielding the token to send, checked to be a non-empty string without
 * whitespace. A fixed token comes back synchronously (no promise per request); a function's
 * result as a promise.
 */
export function tokenSource(accessToken: AccessToken): () => string | Promise<string> {
  if (typeof accessToken !== "function") {
    // Checked when first sent, not at creation, so a bad token fails the call like a bad function result.
    return () => checked(accessToken);
  }
  return async () => checked(await accessToken());
}
