// pingone-mfa in browsers (the "browser" export condition): the fetch entry, except that
// clientCredentials only refuses. Its client secret would be readable by anyone who loads the page;
// a browser app gets its access token from its own backend and passes it as `accessToken`.
import type { clientCredentials as withSecret } from "./tokens/client-credentials.js";
import { PingOneTokenError } from "./errors/errors.js";

export * from "./index.js";

/** Not in browsers: a client secret sent to a browser is public. Throws a PingOneTokenError (`NOT_FOR_BROWSERS`). */
export const clientCredentials: typeof withSecret = () => {
  throw new PingOneTokenError({
    code: "NOT_FOR_BROWSERS",
    message:
      "clientCredentials is not available in browsers: a client secret sent to a browser is public. Get the access token from your backend and pass it as accessToken (a string or a function).",
  });
};
