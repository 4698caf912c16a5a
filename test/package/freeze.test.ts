// The real freeze: the packed package's node:http transport in a child Node process that is
// stopped (SIGSTOP) for 3 s between two calls, as Lambda and Cloud Run freeze a process between
// invocations, against a loopback server that drops keep-alive sockets idle for more than 1 s
// without announcing it (as a load balancer does: no `Keep-Alive: timeout=` hint, which Node's
// agent would honour by itself). The server closes the socket while the child cannot read it; the
// child's first call after the freeze is a POST, which must not be handed the dead socket (it
// would fail with `socket hang up` and, being a POST, is rightly not resent). 5 rounds, 5 must
// pass, on this process's Node (20) and on Node 22 and 24 (from test/package/runtimes). Time is
// the subject here: the freeze is a fixed 3 s sleep. Without SIGSTOP (Windows), or without a
// runtime, the test is reported as not run, with the reason.
import { type ChildProcessWithoutNullStreams, execFile, spawn } from "node:child_process";
import { once } from "node:events";
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { createServer, type Server } from "node:http";
import type { AddressInfo, Socket } from "node:net";
import { platform, tmpdir } from "node:os";
import { join } from "node:path";
import { setTimeout as sleep } from "node:timers/promises";
import { fileURLToPath } from "node:url";
import { existsSync } from "node:fs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { figure } from "../support/figures.ts";
import { DEVICE, DEVICE_BODY, ENV, USER } from "../support/hostile.ts";
import { consumerProject } from "./consumer.ts";

const ROUNDS = 5;
const FREEZE_MS = 3000;
const SERVER_IDLE_MS = 1000;

// The child: one call, "ready" once the socket is back in the agent's pool, then on a line from
// stdin the POST, and its outcome as JSON.
const CHILD = `import { createMfaClient } from "pingone-mfa";
import { createInterface } from "node:readline";
const base = process.argv[2];
const mfa = createMfaClient({ environmentId: "${ENV}", accessToken: "freeze", apiBaseUrl: base + "/v1", authBaseUrl: base, timeoutMs: 60000 });
const entry = import.meta.resolve("pingone-mfa").split("/").pop();
await mfa.devices.get("${USER}", "${DEVICE}");
await new Promise((resolve) => setImmediate(resolve));
console.log("ready");
const lines = createInterface({ input: process.stdin });
await new Promise((resolve) => lines.once("line", resolve));
let outcome;
try {
  outcome = { created: (await mfa.devices.create("${USER}", { type: "EMAIL", email: "a@example.com" })).id };
} catch (error) {
  outcome = { error: error.name + ": " + error.message };
}
console.log(JSON.stringify({ ...outcome, entry }));
process.exit(0);
`;

const unavailable = platform() === "win32" ? "SIGSTOP does not exist on Windows" : undefined;
const runtimes = fileURLToPath(new URL("./runtimes/node_modules", import.meta.url));
const NODES: Array<[string, string]> = [
  [process.versions.node, process.execPath],
  ["22", join(runtimes, "node22/bin/node")],
  ["24", join(runtimes, "node24/bin/node")],
];

interface Round {
  created?: string;
  error?: string;
  entry?: string;
  /** The server closed the first call's connection while the child was stopped. */
  droppedWhileFrozen: boolean;
  /** The connections the server accepted for the two calls. */
  connections: number;
}

describe("a frozen process (SIGSTOP) on Node 20, 22 and 24", () => {
  let project: string;
  let server: Server;
  let base: string;
  let accepted = 0;
  const closedAt = new WeakMap<Socket, number>();
  let lastSocket: Socket | undefined;
  const results: Array<{ version: string; rounds: Round[] }> = [];

  beforeAll(async () => {
    if (unavailable) return;
    project = await consumerProject(await mkdtemp(join(tmpdir(), "pingone-mfa-freeze-")), { name: "freeze-consumer" });
    await writeFile(join(project, "child.mjs"), CHILD);
    server = createServer({ keepAliveTimeout: SERVER_IDLE_MS }, (req, res) => {
      req.resume();
      req.on("end", () => {
        lastSocket = req.socket;
        // Set by hand, `Connection: keep-alive` keeps Node's server from adding its hint.
        res.writeHead(req.method === "POST" ? 201 : 200, {
          "content-type": "application/json",
          connection: "keep-alive",
        });
        res.end(JSON.stringify(DEVICE_BODY));
      });
    });
    server.on("connection", (socket: Socket) => {
      accepted++;
      socket.on("close", () => closedAt.set(socket, Date.now()));
    });
    server.listen(0, "127.0.0.1");
    await once(server, "listening");
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(async () => {
    server?.closeAllConnections();
    server?.close();
    if (project) await rm(project, { recursive: true, force: true });
    if (unavailable) return console.log(`Freeze test NOT RUN, because ${unavailable}`);
    const each = results.map(({ version, rounds }) => {
      const passed = rounds.filter((r) => r.created === DEVICE).length;
      const failure = rounds.find((r) => r.created !== DEVICE);
      return `Node ${version}: ${passed} of ${rounds.length} passed${failure ? ` (first failure: ${failure.error})` : ""}`;
    });
    figure(
      `freeze: POST after a ${FREEZE_MS / 1000} s SIGSTOP, server dropping idle sockets after ${SERVER_IDLE_MS / 1000} s, ` +
        each.join("; "),
    );
  });

  async function round(node: string): Promise<Round> {
    const child = spawn(node, ["child.mjs", base], { cwd: project }) as ChildProcessWithoutNullStreams;
    let out = "";
    child.stdout.on("data", (chunk: Buffer) => (out += chunk));
    child.stderr.on("data", (chunk: Buffer) => (out += chunk));
    const exited = once(child, "exit");
    try {
      while (!out.includes("ready\n")) {
        await Promise.race([once(child.stdout, "data"), exited]);
        if (child.exitCode !== null) throw new Error(`the child exited before its first call: ${out}`);
      }
      const first = lastSocket!;
      const before = accepted;
      child.kill("SIGSTOP");
      const frozenAt = Date.now();
      await sleep(FREEZE_MS);
      const closed = closedAt.get(first);
      const droppedWhileFrozen = closed !== undefined && closed >= frozenAt;
      child.kill("SIGCONT");
      child.stdin.write("go\n");
      await exited;
      const line = out.trim().split("\n").pop() ?? "";
      return {
        ...(JSON.parse(line.startsWith("{") ? line : "{}") as Round),
        droppedWhileFrozen,
        connections: accepted - before + 1,
      };
    } finally {
      if (child.exitCode === null) child.kill("SIGKILL");
    }
  }

  it.each(NODES)(`on Node %s, the first POST after the freeze succeeds, ${ROUNDS} of ${ROUNDS}`, async (_, node) => {
    if (unavailable) return;
    if (!existsSync(node))
      return void console.log(
        `Freeze test on ${node} NOT RUN: not installed (node test/package/install-locked.mjs test/package/runtimes)`,
      );
    const version = await new Promise<string>((resolve, reject) =>
      execFile(node, ["-p", "process.versions.node"], (error, stdout) =>
        error ? reject(error) : resolve(stdout.trim()),
      ),
    );
    const rounds: Round[] = [];
    for (let i = 0; i < ROUNDS; i++) rounds.push(await round(node));
    results.push({ version, rounds });
    expect(rounds).toHaveLength(ROUNDS);
    for (const [i, r] of rounds.entries()) {
      expect(r, `round ${i + 1}`).toMatchObject({
        created: DEVICE,
        entry: "index.node.js",
        droppedWhileFrozen: true,
        connections: 2,
      });
    }
  });
});
