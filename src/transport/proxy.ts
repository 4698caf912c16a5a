// HTTPS through an HTTP(S) proxy for the node:http transport: a keep-alive https.Agent whose
// sockets are TLS inside a CONNECT tunnel (RFC 9110 §9.3.6). Pooled like any agent's, per target
// host, so a burst of calls opens one tunnel. Written here rather than taken from
// https-proxy-agent: that package and its dependencies (debug, proxy-agent-negotiate, agent-base)
// cost 36–59 ms to import on this machine against well under 1 ms for this module, and the client
// needs none of their extras (docs/performance.md, "Proxies").
import http from "node:http";
import https, { type AgentOptions, Agent as HttpsAgent } from "node:https";
import type { Duplex } from "node:stream";
import tls, { type ConnectionOptions } from "node:tls";
import type { CallSignal } from "./call-signal.js";
import { ProxyFailed, ProxyRefused } from "./proxy-refused.js";
import type { Proxy } from "./proxy-settings.js";

/** The request option that carries the call's signal to the agent (node:http passes it through). */
export const CALL_SIGNAL = "pingoneCallSignal";

type Options = ConnectionOptions & { host?: string; port?: number; [CALL_SIGNAL]?: CallSignal };
type Created = (error: Error | null, socket?: Duplex) => void;

/** An https.Agent that reaches every host through a CONNECT tunnel of `proxy`. */
export class TunnelAgent extends HttpsAgent {
  readonly #proxy: Proxy;
  constructor(proxy: Proxy, options: AgentOptions) {
    super(options);
    this.#proxy = proxy;
  }

  // node:http asks for a socket with a callback and waits for it (Node 20 to 24 alike).
  override createConnection(options: Options, callback: Created): undefined {
    const proxy = this.#proxy;
    const host = (options.host ?? "localhost").replace(/^\[|\]$/g, "");
    const target = `${host.includes(":") ? `[${host}]` : host}:${options.port ?? 443}`;
    const headers: Record<string, string> = { host: target };
    if (proxy.authorization) headers["proxy-authorization"] = proxy.authorization;
    const send = proxy.protocol === "https:" ? https.request : http.request;
    const connect = send({
      hostname: proxy.hostname,
      port: proxy.port,
      method: "CONNECT",
      path: target,
      headers,
      agent: false,
    });
    let done = false;
    const finish = (error: Error | null, socket?: Duplex) => {
      if (done) return;
      done = true;
      stop();
      callback(error, socket);
    };
    // The call may end (its deadline, the caller) while the proxy has not answered: the CONNECT
    // is dropped with it rather than left waiting on the proxy.
    const signal = options[CALL_SIGNAL];
    const stop = signal
      ? signal.onAbort(() => {
          connect.destroy();
          finish(signal.reason instanceof Error ? signal.reason : new Error("the call was cancelled"));
        })
      : () => {};
    connect.once("connect", (answer, socket, head) => {
      if (answer.statusCode !== 200) {
        socket.destroy();
        return finish(new ProxyRefused(proxy.shown, target, answer.statusCode ?? 0));
      }
      // Nothing may come before the TLS handshake's answer, which the client speaks first.
      if (head.length > 0) {
        socket.destroy();
        return finish(new ProxyFailed(`the proxy ${proxy.shown} sent data before the tunnel was in use`));
      }
      const { [CALL_SIGNAL]: _, ...tlsOptions } = options;
      finish(null, tls.connect({ ...tlsOptions, socket, servername: options.servername ?? serverName(host) }));
    });
    // The proxy's own errors name its host and port, never the credentials (sent in a header). Once
    // connected, a failure is the proxy's answer to CONNECT (closed, too large, not HTTP).
    let reached = false;
    connect.once("socket", (socket) => {
      if (!socket.connecting) reached = true;
      else socket.once("connect", () => (reached = true));
    });
    connect.once("error", (error) =>
      finish(
        new ProxyFailed(
          reached
            ? `the proxy ${proxy.shown} gave no usable answer to the tunnel request (CONNECT)`
            : `the proxy ${proxy.shown} could not be reached`,
          { cause: error },
        ),
      ),
    );
    connect.end();
    return undefined;
  }
}

/** SNI takes a host name, never an IP address. */
const serverName = (host: string) => (/^[\d.]+$/.test(host) || host.includes(":") ? "" : host);
