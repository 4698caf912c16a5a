// No stale sockets: the node:http transport does not reuse a keep-alive socket that has sat idle
// longer than STALE_AFTER_MS by the wall clock. The wall clock is Date, faked here alone (timers
// and I/O stay real), so a "freeze" is a jump of Date.now() between two calls; the server never
// closes idle sockets itself (keepAliveTimeout 0), so nothing here depends on how fast the machine is.
// The real freeze (SIGSTOP) of the packed package is in test/package/freeze.test.ts.
import { createServer, type Server } from "node:http";
import type { AddressInfo, Socket } from "node:net";
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it, vi } from "vitest";
import { createMfaClient } from "../../src/index.node.ts";
import { PingOneNetworkError } from "../../src/index.ts";
import { STALE_AFTER_MS } from "../../src/transport/node.ts";
import { DEVICE, DEVICE_BODY, ENV, TOKEN, USER } from "../support/hostile.ts";

let server: Server;
let base: string;
/** The connection of each request, numbered in the order the server accepted them. */
let seen: number[] = [];
const numbers = new WeakMap<Socket, number>();
/** Connections the server has "forgotten", as a load balancer that dropped them silently: a request on one is reset unanswered. */
const dropped = new Set<Socket>();
let accepted = 0;
/** Resolves once the connection of that number is closed. */
const closed = new Map<number, Promise<unknown>>();
/** The server's open connections. */
const open = new Set<Socket>();
/** The server forgets every connection it has: a request on one of them is reset unanswered. */
const dropAll = async () => {
  await settle();
  for (const socket of open) dropped.add(socket);
};

beforeAll(async () => {
  server = createServer({ keepAliveTimeout: 0 }, (req, res) => {
    req.resume();
    req.on("end", () => {
      if (dropped.has(req.socket)) return req.socket.destroy();
      seen.push(numbers.get(req.socket)!);
      res.writeHead(req.method === "POST" ? 201 : 200, { "content-type": "application/json" });
      res.end(JSON.stringify(DEVICE_BODY));
    });
  });
  server.on("connection", (socket: Socket) => {
    numbers.set(socket, ++accepted);
    closed.set(accepted, new Promise((resolve) => socket.once("close", resolve)));
    open.add(socket);
    socket.on("close", () => open.delete(socket));
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(
  () =>
    new Promise<void>((resolve) => {
      server.closeAllConnections();
      server.close(() => resolve());
    }),
);

const T0 = Date.UTC(2026, 0, 1);
beforeEach(() => {
  seen = [];
  dropped.clear();
  vi.useFakeTimers({ toFake: ["Date"] });
  vi.setSystemTime(T0);
});
afterEach(() => vi.useRealTimers());

const client = () =>
  createMfaClient({
    environmentId: ENV,
    accessToken: TOKEN,
    apiBaseUrl: `${base}/v1`,
    authBaseUrl: base,
    retry: false,
    timeoutMs: 60_000,
  });
const get = (mfa: ReturnType<typeof client>) => mfa.devices.get(USER, DEVICE);
const post = (mfa: ReturnType<typeof client>) => mfa.devices.create(USER, { type: "EMAIL", email: "a@example.com" });
/** Lets the agent put the socket of the call just answered back in its pool. */
const settle = () => new Promise((resolve) => setImmediate(resolve));
/** Moves the wall clock on by `ms`, as a freeze or a sleep does; timers and sockets see nothing. */
const idle = async (ms: number) => {
  await settle();
  vi.setSystemTime(Date.now() + ms);
};

describe("node:http transport: keep-alive sockets idle too long by the wall clock are not reused", () => {
  it("limits reuse to 1 s of idleness", () => {
    expect(STALE_AFTER_MS).toBe(1000);
  });

  it("reuses a socket idle up to the limit", async () => {
    const mfa = client();
    await get(mfa);
    await idle(STALE_AFTER_MS);
    await get(mfa);
    await idle(STALE_AFTER_MS / 2);
    await post(mfa);
    expect(new Set(seen).size, `connections of the three calls: ${seen}`).toBe(1);
  });

  it("takes a new connection for a socket idle past the limit, and closes the old one", async () => {
    const mfa = client();
    await get(mfa);
    await idle(STALE_AFTER_MS + 1);
    await get(mfa);
    expect(seen).toHaveLength(2);
    expect(seen[1]).not.toBe(seen[0]);
    await closed.get(seen[0]!);
    // The new socket is reused in its turn.
    await idle(10);
    await get(mfa);
    expect(seen[2]).toBe(seen[1]);
  });

  it("sends the POST after a freeze on a fresh connection, past a server that dropped the old one silently", async () => {
    const mfa = client();
    await get(mfa);
    await dropAll();
    await idle(3000);
    await expect(post(mfa)).resolves.toMatchObject({ id: DEVICE });
    expect(seen).toHaveLength(2);
    expect(seen[1]).not.toBe(seen[0]);
  });

  it("without the freeze the same dropped socket is reused, and the POST fails unsent again (the emulation bites)", async () => {
    const mfa = client();
    await get(mfa);
    await dropAll();
    await idle(STALE_AFTER_MS);
    const error = await post(mfa).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(PingOneNetworkError);
    expect(seen).toHaveLength(1);
  });
});
