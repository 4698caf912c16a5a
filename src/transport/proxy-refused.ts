// The proxy's refusal of a tunnel, on its own (no node: import) so the retry loop can tell it
// from a dropped connection: a proxy that says 403 or 407 says the same on the next attempt.

/** The proxy answered CONNECT with something other than 200: the request was not sent. */
export class ProxyRefused extends Error {
  override name = "ProxyRefusedError";
  constructor(
    /** The proxy, without credentials (`http://proxy.example:3128`). */
    readonly proxy: string,
    /** The host:port the tunnel was asked for. */
    readonly target: string,
    /** The proxy's status (407: it wants credentials, 403: it refuses the host, 502: it could not reach it). */
    readonly status: number,
  ) {
    super(
      `the proxy ${proxy} refused the tunnel to ${target}: ${status}${status === 407 ? " (proxy authentication required: check the proxy URL's user and password)" : ""}`,
    );
  }
}

/** The proxy could not be reached, or broke off, before the request was through: the message names it. */
export class ProxyFailed extends Error {
  override name = "ProxyError";
}
