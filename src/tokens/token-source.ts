// The access token: a fixed string, or a function asked before every attempt so that a refreshed
// token is picked up even between retries. The token lives only in this closure. A token function
// that fails gives a PingOneTokenError whose cause is a redacted copy of what it threw. After a 401
// a function is told which token was refused (when it has `invalidate`, as clientCredentials' has)
// and asked again.
import { PingOneTokenError, PingOneValidationError } from "../errors/errors.js";
import { redact } from "../errors/redact.js";

/**
 * Where a token source made by this package (clientCredentials) keeps a function returning the
 * secrets behind its tokens (the client secret and its spellings), so that calls made with its
 * tokens mask them too. A symbol, not enumerable, and a function: inspecting the source shows none.
 */
export const KNOWN_SECRETS: unique symbol = Symbol("pingone-mfa.knownSecrets");

/**
 * A PingOne access token, or a (possibly async) function returning the current one. A function
 * with an `invalidate(token)` method (like {@link clientCredentials}'s) is told when the API
 * refused a token with 401.
 */
export type AccessToken =
  | string
  | ((() => string | Promise<string>) & { invalidate?: (token: string) => void; [KNOWN_SECRETS]?: () => string[] });

/** The client's view of the token: the current one, and how to replace one the API refused. */
export interface Tokens {
  current: () => string | Promise<string>;
  /** Undefined for a fixed token: there is nothing to ask again. */
  refused: ((token: string) => void) | undefined;
  /** Secrets behind the tokens besides the tokens themselves (a worker's client secret), for redaction. */
  known: (() => string[]) | undefined;
}

// A bearer token is printable ASCII without spaces (RFC 6750); anything else could not travel in
// a header, and Node would quote it in its error.
const TOKEN = /^[\x21-\x7e]{1,8192}$/;

/** True for a string that can be sent as a bearer token. */
export const isBearerToken = (token: unknown): token is string => typeof token === "string" && TOKEN.test(token);

const checked = (token: unknown): string => {
  if (!isBearerToken(token)) {
    throw new PingOneValidationError(
      "accessToken",
      "INVALID_VALUE",
      "accessToken must be (or return) a non-empty string of printable ASCII without spaces",
    );
  }
  return token;
};

const failed = (error: unknown) => {
  if (error instanceof PingOneTokenError) return error;
  // A validation error from a caller's function (its own client, say) is ours in name only: its
  // message is masked like any other text that came from outside.
  if (error instanceof PingOneValidationError)
    return new PingOneValidationError(redact(error.field, {}, 100), error.reason, redact(error.message));
  return new PingOneTokenError({
    code: "TOKEN_SOURCE_FAILED",
    message: "The accessToken function failed",
    cause: error,
  });
};

/**
 * Returns a function yielding the token to send, checked to be a non-empty string of printable
 * ASCII. A fixed token comes back synchronously (no promise per request); a function's result as
 * a promise.
 */
export function tokenSource(accessToken: AccessToken): Tokens {
  if (typeof accessToken !== "function") {
    // Checked when first sent, not at creation, so a bad token fails the call like a bad function
    // result; a string does not change, so once it passed it is not checked again.
    let passed: string | undefined;
    return { current: () => passed ?? (passed = checked(accessToken)), refused: undefined, known: undefined };
  }
  const current = async () => {
    let token: unknown;
    try {
      token = await accessToken();
    } catch (error) {
      throw failed(error);
    }
    return checked(token);
  };
  const refused = (token: string) => {
    try {
      accessToken.invalidate?.(token);
    } catch {
      // The caller's invalidate failed; asking again still may give a fresh token.
    }
  };
  const known = accessToken[KNOWN_SECRETS];
  return { current, refused, known: typeof known === "function" ? () => known() : undefined };
}
