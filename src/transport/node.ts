// The Node transport: node:http and node:https with a keep-alive agent per client. It costs a
// third of Node's own fetch per call and loads with the first import instead of lazily on the
// first call. node:http never follows redirects; the body is counted as it arrives and the
// connection closed past the limit.
// The modules, not their `request` bindings: looked up at send time, so interceptors that patch
// the module (MSW's node interceptor, nock) see the client's requests as they see any other.
import http, { Agent as HttpAgent, type IncomingMessage } from "node:http";
import type { Socket } from "node:net";
import https, { type AgentOptions, Agent as HttpsAgent } from "node:https";
import { CALL_SIGNAL, TunnelAgent } from "./proxy.js";
import { ProxyFailed, ProxyRefused } from "./proxy-refused.js";
import { type Proxy, type ProxySettings, proxyFor, withProxySecrets } from "./proxy-settings.js";
import { type Exchange, TooLarge, type WireResponse } from "./types.js";

/** Where a URL goes, for node:http, parsed once per origin (a client talks to two). */
interface Target {
  protocol: string;
  hostname: string;
  port: number | undefined;
}
const targets = new Map<string, Target>();
function targetOf(url: string): { target: Target; path: string } {
  const slash = url.indexOf("/", url.indexOf("//") + 2);
  const origin = slash < 0 ? url : url.slice(0, slash);
  let target = targets.get(origin);
  if (!target) {
    const parsed = new URL(origin);
    target = {
      protocol: parsed.protocol,
      hostname: parsed.hostname.replace(/^\[|\]$/g, ""),
      port: parsed.port ? Number(parsed.port) : undefined,
    };
    if (targets.size < 64) targets.set(origin, target);
  }
  return { target, path: slash < 0 ? "/" : url.slice(slash) };
}

const noop = () => {};

/**
 * A keep-alive socket idle longer than this, by the wall clock, is not reused. Default chosen:
 * servers and load balancers that drop idle sockets without saying so (no `Keep-Alive: timeout=`
 * hint, which Node's agent honours itself) go as low as 1 s; a process frozen between calls
 * (SIGSTOP, Lambda or Cloud Run between invocations, a laptop asleep) cannot read the close while
 * frozen and, on Node 20, writes the next request onto the dead socket (`socket hang up`, and a
 * POST is not resent). 1 s keeps reuse within a burst of calls (create, activate, list…) and costs
 * one new connection to calls spaced further apart.
 */
export const STALE_AFTER_MS = 1000;

/** When each pooled socket was last freed, by the wall clock. */
const freedAt = new WeakMap<Socket, number>();

/**
 * An agent that remembers when each socket was freed. The agent's own idle timer (`timeout`) runs
 * on the event loop's monotonic clock and does not fire while the process is frozen.
 */
function keepAliveAgent<A extends HttpAgent>(agent: A): A {
  agent.on("free", (socket: Socket) => freedAt.set(socket, Date.now()));
  return agent;
}

/**
 * Destroys the agent's free sockets idle past STALE_AFTER_MS by the wall clock (Date.now advances
 * across a freeze). Called right before a request is made: node:http asks the agent for a socket
 * synchronously, so the request then takes a fresh one. They leave the pool here because Node 20's
 * agent skips destroyed sockets only at the head of its list and hands out the newest (lifo); its
 * count of sockets drops when each one's close event arrives, as for any other.
 */
function dropStale(agent: HttpAgent): void {
  const now = Date.now();
  const pools = agent.freeSockets as Record<string, Socket[] | undefined>;
  // for…in: no array made per call (the pools have no prototype, one per origin).
  for (const name in pools) {
    const pool = pools[name];
    if (!pool) continue;
    for (let i = pool.length - 1; i >= 0; i--) {
      const socket = pool[i]!;
      if (now - (freedAt.get(socket) ?? now) > STALE_AFTER_MS) {
        pool.splice(i, 1);
        socket.destroy();
      }
    }
    if (pool.length === 0) delete pools[name];
  }
}

/** How a request reaches its target through a proxy. */
interface Route {
  send: typeof http.request;
  agent: HttpAgent;
  /** Where node:http connects: the target (a tunnel's agent opens it through the proxy) or the proxy. */
  hostname: string;
  port: number | undefined;
  /** Plain HTTP through a proxy: the request line holds the whole URL, Host names the target. */
  forward: { host: string; authorization: string | undefined } | undefined;
  /** The proxy as errors name it (no credentials). */
  shown: string;
}

/**
 * The route of each target under `settings`, worked out once per origin: direct (undefined), a
 * CONNECT tunnel for https: (TLS end to end, the proxy sees only host and port), or the proxy as
 * an HTTP forward proxy for http: (the mock, a test server). One pooled agent per proxy.
 */
function proxyRoutes(settings: ProxySettings, tlsOptions: AgentOptions): (target: Target) => Route | undefined {
  const routes = new Map<Target, Route | null>();
  const agents = new Map<Proxy, HttpAgent>();
  const agentFor = (proxy: Proxy, tunnel: boolean) => {
    let agent = agents.get(proxy);
    if (!agent) {
      const options = { keepAlive: true, timeout: 5000 };
      agent = keepAliveAgent(
        tunnel
          ? new TunnelAgent(proxy, { ...options, ...tlsOptions })
          : proxy.protocol === "https:"
            ? new HttpsAgent(options)
            : new HttpAgent(options),
      );
      agents.set(proxy, agent);
    }
    return agent;
  };
  return (target) => {
    let route = routes.get(target);
    if (route === undefined) {
      const secure = target.protocol === "https:";
      const port = target.port ?? (secure ? 443 : 80);
      const proxy = proxyFor(settings, target.protocol, target.hostname, port);
      const host = target.hostname.includes(":") ? `[${target.hostname}]` : target.hostname;
      route = !proxy
        ? null
        : secure
          ? {
              send: https.request,
              agent: agentFor(proxy, true),
              hostname: target.hostname,
              port,
              forward: undefined,
              shown: proxy.shown,
            }
          : {
              send: proxy.protocol === "https:" ? https.request : http.request,
              agent: agentFor(proxy, false),
              hostname: proxy.hostname,
              port: proxy.port,
              forward: { host: `${host}:${port}`, authorization: proxy.authorization },
              shown: proxy.shown,
            };
      if (routes.size < 64) routes.set(target, route);
    }
    return route ?? undefined;
  };
}

/**
 * An Exchange over node:http(s), with its own keep-alive agents: sockets idle for 5 s are closed,
 * and sockets idle for more than STALE_AFTER_MS by the wall clock are not reused. With `proxy`,
 * the targets it covers are reached through it (proxy-settings.ts decides which).
 * `tlsOptions` (a CA, for tests) go to the agents that speak TLS to a target.
 */
export function nodeExchange(proxy?: ProxySettings, tlsOptions: AgentOptions = {}): Exchange {
  const agents = {
    http: keepAliveAgent(new HttpAgent({ keepAlive: true, timeout: 5000 })),
    https: keepAliveAgent(new HttpsAgent({ keepAlive: true, timeout: 5000, ...tlsOptions })),
  };
  // Without a proxy the route is never looked up: the direct path costs what it did.
  const routeOf = proxy ? proxyRoutes(proxy, tlsOptions) : undefined;
  const exchange: Exchange = (request, signal, maxBytes) =>
    new Promise((resolvePromise, rejectPromise) => {
      if (signal.aborted) return rejectPromise(signal.reason);
      // Destroying a socket emits more events (aborted, error): only the first outcome counts, and
      // once there is one the call's signal has nothing left to stop.
      let settled = false;
      let stop = noop;
      const resolve = (value: WireResponse) => void (settled || ((settled = true), stop(), resolvePromise(value)));
      const reject = (error: unknown) => void (settled || ((settled = true), stop(), rejectPromise(error)));
      const { target, path } = targetOf(request.url);
      const secure = target.protocol === "https:";
      const headers: Record<string, string | number> = request.headers;
      if (request.body !== undefined)
        headers["content-length"] =
          typeof request.body === "string" ? Buffer.byteLength(request.body) : request.body.byteLength;
      const route = routeOf?.(target);
      let outgoing: http.ClientRequest;
      if (route) {
        dropStale(route.agent);
        const { forward } = route;
        if (forward) {
          headers.host = forward.host;
          if (forward.authorization) headers["proxy-authorization"] = forward.authorization;
        }
        outgoing = route.send({
          hostname: route.hostname,
          port: route.port,
          path: forward ? request.url : path,
          method: request.method,
          headers,
          agent: route.agent,
          [CALL_SIGNAL]: signal,
        } as http.RequestOptions);
      } else {
        const send = secure ? https.request : http.request;
        const agent = secure ? agents.https : agents.http;
        dropStale(agent);
        outgoing = send({ ...target, path, method: request.method, headers, agent });
      }
      stop = signal.onAbort(() => {
        reject(signal.reason);
        outgoing.destroy();
      });
      // Through a proxy: was a connection made (to the proxy for a forward, through it for a tunnel)?
      let connected = route !== undefined && route.forward === undefined;
      if (route?.forward)
        outgoing.once("socket", (socket) => {
          if (!socket.connecting) connected = true;
          else socket.once("connect", () => (connected = true));
        });
      outgoing.on("error", (error) =>
        reject(signal.aborted ? signal.reason : route ? throughProxy(error, route.shown, connected) : error),
      );
      // An unasked-for protocol switch (101) would leave the request hanging: PingOne never does it.
      outgoing.on("upgrade", (_, socket) => {
        reject(new Error("the server switched protocols unasked (101)"));
        socket.destroy();
      });
      outgoing.on("response", (incoming: IncomingMessage) => {
        const declared = Number(incoming.headers["content-length"]);
        const tooLarge = () => {
          reject(new TooLarge(maxBytes));
          incoming.destroy();
          outgoing.destroy();
        };
        if (declared > maxBytes) return tooLarge();
        const chunks: Buffer[] = [];
        let size = 0;
        incoming.on("data", (chunk: Buffer) => {
          size += chunk.length;
          if (size > maxBytes) return tooLarge();
          chunks.push(chunk);
        });
        incoming.on("error", (error) => reject(signal.aborted ? signal.reason : error));
        incoming.on("aborted", () =>
          reject(signal.aborted ? signal.reason : new Error("the connection closed before the whole answer arrived")),
        );
        incoming.on("end", () => {
          if (!incoming.complete) return reject(new Error("the connection closed before the whole answer arrived"));
          // Node joins repeated headers itself, except Set-Cookie, which it keeps as an array.
          const responseHeaders = incoming.headers as Record<string, string>;
          const cookies = incoming.headers["set-cookie"];
          if (cookies) responseHeaders["set-cookie"] = cookies.join(", ");
          const body = chunks.length === 1 ? chunks[0]! : Buffer.concat(chunks);
          resolve({
            status: incoming.statusCode ?? 0,
            headers: responseHeaders,
            body: new Uint8Array(body.buffer, body.byteOffset, body.byteLength),
          });
        });
      });
      outgoing.end(request.body);
    });
  // The proxy's credentials are masked in what the calls report (core.ts reads them from here).
  return withProxySecrets(exchange, proxy);
}

/**
 * A failure through a proxy names the proxy: the tunnel's agent names it itself; otherwise the
 * proxy could not be reached (forward, nothing connected yet) or the connection through it broke
 * (a tunnel closed before the TLS handshake, a forward connection dropped).
 */
function throughProxy(error: unknown, shown: string, connected: boolean): unknown {
  if (error instanceof ProxyFailed || error instanceof ProxyRefused) return error;
  return new ProxyFailed(
    connected ? `the connection through the proxy ${shown} failed` : `the proxy ${shown} could not be reached`,
    { cause: error },
  );
}
