// A loopback HTTP server that answers every request with one fixed JSON body and counts what it
// received, so a caller can check that a client really reached it (and sent exactly one request).
import { createServer } from "node:http";

export const DEFAULT_BODY = {
  id: "0f8f8f5e-9c2b-4c4e-9d5c-6f1e2a3b4c5d",
  sid: "YF00000000000000000000000000000000",
  type: "SMS",
  factorType: "sms",
  status: "ACTIVE",
};

export async function startLoopback({ status = 201, body = DEFAULT_BODY } = {}) {
  const answer = JSON.stringify(body);
  const state = { count: 0, connections: 0, last: undefined };
  const server = createServer((req, res) => {
    state.count++;
    let bytes = 0;
    req.on("data", (chunk) => (bytes += chunk.length));
    req.on("end", () => {
      state.last = { method: req.method, path: req.url, headers: req.headers, bytes };
      res.writeHead(status, { "content-type": "application/json" });
      res.end(answer);
    });
  });
  server.on("connection", () => state.connections++); // shows whether a client keeps connections alive
  await new Promise((resolve) => server.listen(0, "127.0.0.1", resolve));
  return {
    url: `http://127.0.0.1:${server.address().port}`,
    get count() {
      return state.count;
    },
    get connections() {
      return state.connections;
    },
    get last() {
      return state.last;
    },
    close: () =>
      new Promise((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}
