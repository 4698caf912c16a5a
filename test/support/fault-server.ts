// A real HTTP server on loopback that misbehaves on request: each request is answered by the
// current scenario, and every connection and request is counted.
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo, Socket } from "node:net";

export type Scenario = (req: IncomingMessage, res: ServerResponse, attempt: number, body: string) => void;

export async function startFaultServer() {
  const state = {
    scenario: ((_, res) => res.end()) as Scenario,
    requests: 0,
    connections: 0,
    dropOnConnect: false,
    bodies: [] as string[],
  };
  const sockets = new Set<Socket>();
  const server = createServer((req, res) => {
    // A fresh connection per request: no stale keep-alive socket can blur the attempt counts.
    res.setHeader("connection", "close");
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", () => {
      state.requests++;
      const body = Buffer.concat(chunks).toString();
      state.bodies.push(body);
      state.scenario(req, res, state.requests, body);
    });
  });
  server.on("connection", (socket) => {
    state.connections++;
    sockets.add(socket);
    socket.on("close", () => sockets.delete(socket));
    // Dropped before the request is read: the client sees the connection reset.
    if (state.dropOnConnect) socket.destroy();
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    url,
    state,
    /** Sets the scenario for the next calls and resets the counters, once old connections are gone. */
    async use(scenario: Scenario, dropOnConnect = false) {
      for (const socket of sockets) socket.destroy();
      // Let the client see those closes, so it does not send the next request on a dead socket.
      await new Promise((resolve) => setTimeout(resolve, 20));
      Object.assign(state, { scenario, requests: 0, connections: 0, dropOnConnect, bodies: [] });
    },
    close: () =>
      new Promise<void>((resolve) => {
        for (const socket of sockets) socket.destroy();
        server.close(() => resolve());
      }),
  };
}
