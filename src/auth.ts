// The access token: a fixed string, or a function asked before every attempt so that a refreshed
// token is picked up even between retries. The token lives only in this closure.
import { PingOneValidationError } from "./errors.ts";

/** A PingOne access token, or a (possibly async) function returning the current one. */
export type AccessToken = string | (() => string | Promise<string>);

/** Returns a function yielding the token to send, checked to be a non-empty string without whitespace. */
export function tokenSource(accessToken: AccessToken): () => Promise<string> {
  return async () => {
    const token = typeof accessToken === "function" ? await accessToken() : accessToken;
    if (typeof token !== "string" || token === "" || /\s/.test(token)) {
      throw new PingOneValidationError(
        "accessToken",
        "INVALID_VALUE",
        "accessToken must be (or return) a non-empty string without whitespace",
      );
    }
    return token;
  };
}
