// A hostile HTTP server on loopback for the attack suites: each request is answered by the current
// scripted handler, every request is recorded (method, path, headers, body, its socket and when
// that socket closed), and handlers get tools to misbehave: raw bytes on the socket (odd status
// lines, reason phrases, broken framing), destroyed sockets, endless and slow bodies.
import { createServer, type IncomingHttpHeaders, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo, Socket } from "node:net";

/** One request the server received. */
export interface Hit {
  method: string;
  /** Path without the query. */
  path: string;
  /** Path with the query. */
  url: string;
  headers: IncomingHttpHeaders;
  body: string;
  socket: Socket;
  /** Resolves once the socket of this request is closed (by either side). */
  closed: Promise<void>;
  /** True once that socket is closed. */
  isClosed: () => boolean;
  /** 1-based number of this request since the last `handle()`. */
  n: number;
}

export type Handler = (req: IncomingMessage, res: ServerResponse, hit: Hit) => void;

export interface HostileServer {
  /** `http://127.0.0.1:<port>` */
  url: string;
  /** `127.0.0.1:<port>`, as a URL's `host`. */
  host: string;
  /** Requests received since the last `handle()`. */
  hits: Hit[];
  /** TCP connections accepted since the last `handle()`. */
  connections: number;
  /** Requests whose path contains `part`. */
  count(part?: string): number;
  /** Answers the next requests with `handler`; resets the counters. */
  handle(handler: Handler): void;
  close(): Promise<void>;
}

const socketClosed = new WeakMap<Socket, { promise: Promise<void>; done: boolean }>();

function trackClose(socket: Socket) {
  if (socketClosed.has(socket)) return socketClosed.get(socket)!;
  const state = { done: false, promise: Promise.resolve() };
  state.promise = new Promise<void>((resolve) =>
    socket.once("close", () => {
      state.done = true;
      resolve();
    }),
  );
  socketClosed.set(socket, state);
  return state;
}

export async function startHostileServer(): Promise<HostileServer> {
  let handler: Handler = (_, res) => res.end();
  const sockets = new Set<Socket>();
  const state = { hits: [] as Hit[], connections: 0 };
  const server = createServer({ requestTimeout: 0, headersTimeout: 0, keepAliveTimeout: 1000 }, (req, res) => {
    const chunks: Buffer[] = [];
    const closed = trackClose(req.socket);
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("error", () => undefined);
    req.on("end", () => {
      const url = req.url ?? "/";
      const hit: Hit = {
        method: req.method ?? "",
        url,
        path: url.replace(/\?.*$/s, ""),
        headers: req.headers,
        body: Buffer.concat(chunks).toString("utf8"),
        socket: req.socket,
        closed: closed.promise,
        isClosed: () => closed.done,
        n: state.hits.length + 1,
      };
      state.hits.push(hit);
      try {
        handler(req, res, hit);
      } catch (error) {
        res.destroy(error as Error);
      }
    });
  });
  server.on("connection", (socket: Socket) => {
    state.connections++;
    sockets.add(socket);
    trackClose(socket);
    socket.on("error", () => undefined);
    socket.on("close", () => sockets.delete(socket));
  });
  server.on("clientError", (_, socket) => socket.destroy());
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    host: `127.0.0.1:${port}`,
    get hits() {
      return state.hits;
    },
    get connections() {
      return state.connections;
    },
    count: (part = "") => state.hits.filter((h) => h.path.includes(part)).length,
    handle(next) {
      handler = next;
      state.hits = [];
      state.connections = 0;
    },
    close: () =>
      new Promise<void>((resolve) => {
        for (const socket of sockets) socket.destroy();
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

// ---- handler tools -------------------------------------------------------------------------------

/** A JSON answer; the connection is closed after it, so attempts and connections match one to one. */
export const json =
  (status: number, body: unknown, headers: Record<string, string | string[]> = {}): Handler =>
  (_, res) => {
    const text = typeof body === "string" ? body : JSON.stringify(body);
    res.writeHead(status, {
      "content-type": "application/json",
      "content-length": String(Buffer.byteLength(text)),
      connection: "close",
      ...headers,
    });
    res.end(text);
  };

/** A text answer (an HTML page, a body that is not JSON). */
export const text =
  (status: number, body: string, headers: Record<string, string | string[]> = {}): Handler =>
  (_, res) => {
    res.writeHead(status, {
      "content-type": "text/plain",
      "content-length": String(Buffer.byteLength(body)),
      connection: "close",
      ...headers,
    });
    res.end(body);
  };

/** Writes `bytes` on the request's socket, bypassing node:http (odd status lines, broken framing), then ends, destroys or holds it. */
export const raw =
  (bytes: string | Buffer | ((hit: Hit) => string | Buffer), then: "end" | "destroy" | "hold" = "end"): Handler =>
  (_, res, hit) => {
    // `res` is never touched again: node:http writes nothing of its own on this socket.
    void res;
    const data = typeof bytes === "function" ? bytes(hit) : bytes;
    hit.socket.write(data, () => {
      if (then === "end") hit.socket.end();
      else if (then === "destroy") hit.socket.destroy();
    });
  };

/** A raw HTTP/1.1 answer with exactly these status line, headers and body bytes. */
export const rawAnswer = (
  statusLine: string,
  headers: string[],
  body = "",
  then: "end" | "destroy" | "hold" = "end",
): Handler => raw(`${statusLine}\r\n${headers.map((h) => `${h}\r\n`).join("")}\r\n${body}`, then);

/** Destroys the socket as soon as the request is read: no answer at all. */
export const destroy: Handler = (_, __, hit) => hit.socket.destroy();

/** Resets the connection (TCP RST) as soon as the request is read. */
export const reset: Handler = (_, __, hit) => {
  const socket = hit.socket as Socket & { resetAndDestroy?: () => void };
  if (socket.resetAndDestroy) socket.resetAndDestroy();
  else socket.destroy();
};

/** Never answers (the socket stays open until the client gives up). */
export const hang: Handler = () => undefined;

/** Streams `chunk` forever (honouring back-pressure) until the client closes the connection. */
export const endless =
  (status = 200, chunk: Buffer = Buffer.alloc(64 * 1024, 0x20), headers: Record<string, string> = {}): Handler =>
  (_, res) => {
    res.writeHead(status, { "content-type": "application/json", connection: "close", ...headers });
    res.write("[");
    let stopped = false;
    res.on("close", () => (stopped = true));
    const pump = () => {
      while (!stopped && res.write(chunk)) {
        /* keep writing until the socket pushes back */
      }
      if (!stopped) res.once("drain", pump);
    };
    pump();
  };

/** Sends headers, then one byte of `body` every `everyMs` until it is all sent or the client leaves. */
export const drip =
  (status: number, body: string, everyMs: number, headers: Record<string, string> = {}): Handler =>
  (_, res) => {
    res.writeHead(status, { "content-type": "application/json", connection: "close", ...headers });
    let i = 0;
    const timer = setInterval(() => {
      if (res.destroyed || i >= body.length) {
        clearInterval(timer);
        if (!res.destroyed) res.end();
        return;
      }
      res.write(body[i++]!);
    }, everyMs);
    res.on("close", () => clearInterval(timer));
  };

/** The first answer from `first`, the later ones from `then`. */
export const firstThen =
  (first: Handler, then: Handler): Handler =>
  (req, res, hit) =>
    (hit.n === 1 ? first : then)(req, res, hit);

/** Resolves when `promise` does, or rejects after `ms`. */
export function within<T>(promise: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout;
  return Promise.race([
    promise.finally(() => clearTimeout(timer)),
    new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new Error(`${what} did not happen within ${ms} ms`)), ms);
    }),
  ]);
}
