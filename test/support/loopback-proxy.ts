// A real HTTP proxy on loopback for the proxy tests: CONNECT tunnels (for https: targets) and
// absolute-form forwarding (for http: targets), counting what it saw. It can ask for credentials
// (407), refuse every tunnel with a status, never answer a CONNECT, break a tunnel, or answer
// forwarded requests with an error page that echoes the request's headers (as some proxies do).
import { createServer, request as httpRequest, type Server } from "node:http";
import { connect, type AddressInfo, type Socket } from "node:net";

export interface Seen {
  /** `CONNECT host:port` or `METHOD absolute-url`. */
  line: string;
  /** The Proxy-Authorization header, decoded from Basic, or undefined. */
  credentials: string | undefined;
}

export interface LoopbackProxy {
  /** `http://127.0.0.1:port`. */
  url: string;
  port: number;
  seen: Seen[];
  connects: () => number;
  forwards: () => number;
  /** Resolves when a CONNECT left unanswered (`silent`) has been closed by the client. */
  silentClosed: Promise<void>;
  close: () => Promise<void>;
}

export interface ProxyBehaviour {
  /** `user:password` the proxy asks for (407 without it). */
  credentials?: string;
  /** Answer every CONNECT with this status. */
  refuse?: number;
  /** Never answer a CONNECT. */
  silent?: boolean;
  /** Break every CONNECT: answer 200 and close, or answer with a header larger than Node reads. */
  breakTunnel?: "close" | "huge-header";
  /** Answer every forwarded request with this status and a PingOne-shaped body quoting its headers. */
  echo?: number;
}

const decode = (header: string | undefined) =>
  header?.startsWith("Basic ") ? Buffer.from(header.slice(6), "base64").toString() : undefined;

export async function startLoopbackProxy(behaviour: ProxyBehaviour = {}): Promise<LoopbackProxy> {
  const seen: Seen[] = [];
  const sockets = new Set<Socket>();
  let closedSilent: () => void = () => {};
  const silentClosed = new Promise<void>((resolve) => (closedSilent = resolve));
  const allowed = (header: string | undefined) =>
    behaviour.credentials === undefined || decode(header) === behaviour.credentials;

  const server: Server = createServer((req, res) => {
    const credentials = decode(req.headers["proxy-authorization"]);
    seen.push({ line: `${req.method} ${req.url}`, credentials });
    if (behaviour.echo !== undefined) {
      req.resume();
      const quoted = `the upstream failed; request headers were ${JSON.stringify(req.headers)}`;
      res.writeHead(behaviour.echo, { "content-type": "application/json" });
      res.end(
        JSON.stringify({ code: "BAD_GATEWAY", message: quoted, error: "server_error", error_description: quoted }),
      );
      return;
    }
    if (!allowed(req.headers["proxy-authorization"])) {
      res.writeHead(407, { "proxy-authenticate": 'Basic realm="loopback"' }).end();
      return;
    }
    const target = new URL(req.url ?? "/");
    const headers = { ...req.headers };
    delete headers["proxy-authorization"];
    const upstream = httpRequest(
      {
        hostname: target.hostname,
        port: target.port,
        path: target.pathname + target.search,
        method: req.method,
        headers,
      },
      (answer) => {
        res.writeHead(answer.statusCode ?? 502, answer.headers);
        answer.pipe(res);
      },
    );
    upstream.on("error", () => res.writeHead(502).end());
    req.pipe(upstream);
  });
  server.on("connection", (socket: Socket) => {
    sockets.add(socket);
    socket.on("close", () => sockets.delete(socket));
  });
  server.on("connect", (req, client: Socket, head: Buffer) => {
    seen.push({ line: `CONNECT ${req.url}`, credentials: decode(req.headers["proxy-authorization"]) });
    if (behaviour.silent) {
      // Read (and drop) what comes, so the client's closing is seen: a paused socket never reads the
      // FIN, and the server's sockets are half-open ones (end, not close, when the client leaves).
      client.on("end", () => closedSilent());
      client.on("error", () => {});
      client.resume();
      return;
    }
    if (behaviour.breakTunnel === "close") {
      client.end("HTTP/1.1 200 Connection Established\r\n\r\n");
      return;
    }
    if (behaviour.breakTunnel === "huge-header") {
      client.end(`HTTP/1.1 200 Connection Established\r\nx-filler: ${"x".repeat(64 * 1024)}\r\n\r\n`);
      return;
    }
    if (behaviour.refuse !== undefined || !allowed(req.headers["proxy-authorization"])) {
      const status = behaviour.refuse ?? 407;
      client.end(`HTTP/1.1 ${status} Refused\r\ncontent-length: 0\r\n\r\n`);
      return;
    }
    const at = (req.url ?? "").lastIndexOf(":");
    const upstream = connect(Number(req.url!.slice(at + 1)), req.url!.slice(0, at).replace(/^\[|\]$/g, ""), () => {
      client.write("HTTP/1.1 200 Connection Established\r\n\r\n");
      if (head.length > 0) upstream.write(head);
      upstream.pipe(client);
      client.pipe(upstream);
    });
    sockets.add(upstream);
    upstream.on("close", () => sockets.delete(upstream));
    upstream.on("error", () => client.destroy());
    client.on("error", () => upstream.destroy());
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const port = (server.address() as AddressInfo).port;
  return {
    url: `http://127.0.0.1:${port}`,
    port,
    seen,
    connects: () => seen.filter((s) => s.line.startsWith("CONNECT ")).length,
    forwards: () => seen.filter((s) => !s.line.startsWith("CONNECT ")).length,
    silentClosed,
    close: () =>
      new Promise<void>((resolve) => {
        for (const socket of sockets) socket.destroy();
        server.close(() => resolve());
      }),
  };
}
