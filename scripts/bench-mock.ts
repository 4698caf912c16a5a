// The mock's benchmarks for `npm run bench`: throughput at concurrency 16 beside bare Prism on the
// same spec (rounds interleaved, order shuffled per round), RSS growth of the simulator over 20,000
// requests, and time to the first answer in a fresh process beside Prism's CLI. Every server runs in
// its own process; the load comes from this one.
import { type ChildProcess, spawn } from "node:child_process";
import { Agent, request } from "node:http";
import { createServer } from "node:net";
import { median, round, shuffle, spread } from "./bench-stats.ts";

const ENV = "abfba8f6-49eb-49f5-a5d9-80ad5c98f9f6";
const POLICY = "5a0a0950-8a81-4739-b12a-f4d6a11c7a82";
const DEVICE = JSON.stringify({ type: "SMS", phone: "+15125201234", policy: { id: POLICY } });
const CONCURRENCY = 16;

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = createServer().listen(0, "127.0.0.1", () => {
      const { port } = probe.address() as { port: number };
      probe.close(() => resolve(port));
    });
    probe.on("error", reject);
  });
}

interface Server {
  name: string;
  /** Device paths: `/v1` on ours (as on PingOne), none on bare Prism (it ignores the servers' paths). */
  base: string;
  child: ChildProcess;
}

/** Starts a server process and resolves once it answers; `startMs` is spawn → first answer. */
async function startServer(name: string, command: string, args: string[], port: number, prefix: string, cwd: string) {
  const started = performance.now();
  const child = spawn(command, args, { cwd, stdio: ["ignore", "ignore", "pipe"] });
  let stderr = "";
  child.stderr!.on("data", (chunk: Buffer) => (stderr += chunk));
  const base = `http://127.0.0.1:${port}${prefix}`;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`${name} exited with ${child.exitCode}: ${stderr.slice(0, 500)}`);
    const answered = await send(new Agent(), "GET", `${base}/environments/${ENV}/users/probe/devices`).then(
      () => true,
      () => false,
    );
    if (answered) break;
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
  return { server: { name, base, child } as Server, startMs: performance.now() - started };
}

function send(agent: Agent, method: string, url: string, body?: string): Promise<{ status: number; text: string }> {
  return new Promise((resolve, reject) => {
    const req = request(
      url,
      {
        method,
        agent,
        headers: { authorization: "Bearer bench", ...(body ? { "content-type": "application/json" } : {}) },
      },
      (res) => {
        let text = "";
        res.setEncoding("utf8");
        res.on("data", (chunk: string) => (text += chunk));
        res.on("end", () => resolve({ status: res.statusCode!, text }));
      },
    );
    req.on("error", reject);
    req.end(body);
  });
}

/** `requests` requests from 16 workers, each creating a device for its own user and deleting it. */
async function load(server: Server, requests: number, round: number): Promise<number> {
  const agent = new Agent({ keepAlive: true, maxSockets: CONCURRENCY });
  let left = requests;
  const started = performance.now();
  await Promise.all(
    Array.from({ length: CONCURRENCY }, async (_, worker) => {
      const devices = `${server.base}/environments/${ENV}/users/0b1c2d3e-${String(round).padStart(4, "0")}-4a5b-8c6d-${String(worker).padStart(12, "0")}/devices`;
      while (left > 0) {
        left -= 2;
        const created = await send(agent, "POST", devices, DEVICE);
        if (created.status >= 500) throw new Error(`${server.name}: ${created.status} ${created.text.slice(0, 200)}`);
        const id = /"id":"([0-9a-f-]{36})"/.exec(created.text)?.[1] ?? "6b0c2a1e-1f0e-4d7c-9b8a-123456789abc";
        await send(agent, "DELETE", `${devices}/${id}`);
      }
    }),
  );
  agent.destroy();
  return requests / ((performance.now() - started) / 1000);
}

const stop = (server: Server) =>
  new Promise<void>((resolve) => {
    server.child.once("exit", () => resolve());
    server.child.kill();
  });

export async function mockBench({ root, smoke }: { root: string; smoke: boolean }) {
  const node = process.execPath;
  const ours = (mode: string) => [`${root}dist/src/testing/cli.js`, "--port", "PORT", "--mode", mode];
  const prism = [
    `${root}node_modules/@stoplight/prism-cli/dist/index.js`,
    "mock",
    "-p",
    "PORT",
    "-v",
    "silent",
    "--errors",
    "false",
    `${root}generated/openapi.json`,
  ];
  const kinds = [
    { name: "pingone-mfa mock (stateful)", args: ours("stateful"), prefix: "/v1" },
    { name: "pingone-mfa mock (examples)", args: ours("examples"), prefix: "/v1" },
    { name: "bare Prism CLI (-v silent)", args: prism, prefix: "" },
  ];
  const start = async (kind: (typeof kinds)[number]) => {
    const port = await freePort();
    return startServer(
      kind.name,
      node,
      kind.args.map((a) => (a === "PORT" ? String(port) : a)),
      port,
      kind.prefix,
      root,
    );
  };

  // Time to first answer: fresh processes, interleaved.
  const firstAnswer: Record<string, number[]> = {};
  for (let i = 0; i < (smoke ? 1 : 7); i++) {
    for (const kind of shuffle([kinds[0]!, kinds[2]!])) {
      const { server, startMs } = await start(kind);
      (firstAnswer[kind.name] ??= []).push(startMs);
      await stop(server);
    }
  }

  // Throughput: all three up at once, one round each in a shuffled order, ratios per round.
  const servers = await Promise.all(kinds.map(async (kind) => (await start(kind)).server));
  const perRound = smoke ? 200 : 4000;
  const rates: Record<string, number[]> = {};
  for (const server of servers) await load(server, 400, 0); // warm-up
  for (let r = 1; r <= (smoke ? 1 : 7); r++) {
    for (const server of shuffle(servers)) (rates[server.name] ??= []).push(await load(server, perRound, r));
  }
  await Promise.all(servers.map(stop));
  const prismRates = rates[kinds[2]!.name]!;
  const throughput = kinds.map((kind) => {
    const ratios = rates[kind.name]!.map((rate, i) => rate / prismRates[i]!);
    return { variant: kind.name, requestsPerSec: Math.round(median(rates[kind.name]!)), ratioToPrism: spread(ratios) };
  });

  // RSS growth of the simulator over 20,000 requests (after a warm-up), measured by the process itself.
  const rss = await rssGrowth(root, smoke ? 2000 : 20_000);
  return {
    concurrency: CONCURRENCY,
    requestsPerRound: perRound,
    throughput,
    firstAnswerMs: Object.entries(firstAnswer).map(([name, values]) => ({
      name,
      medianMs: Math.round(median(values)),
    })),
    rss,
  };
}

// The simulator in a child that reports its own RSS after a full GC when asked (IPC), so the figure
// is the mock's memory and nothing of the load generator's.
const RSS_CHILD = `
  const { startMockServer } = await import(process.argv[1]);
  const mock = await startMockServer({ limits: { smsPerDay: 1e9, emailsPerDay: 1e9 } });
  process.on("message", (m) => {
    if (m === "rss") { globalThis.gc(); globalThis.gc(); process.send(process.memoryUsage().rss); }
    else if (m === "stop") mock.close().then(() => process.exit(0));
  });
  process.send(mock.apiBaseUrl);
`;

async function rssGrowth(root: string, requests: number) {
  const child = spawn(
    process.execPath,
    ["--expose-gc", "--input-type=module", "-e", RSS_CHILD, `${root}dist/src/testing/index.js`],
    { stdio: ["ignore", "ignore", "inherit", "ipc"] },
  );
  const next = () => new Promise<unknown>((resolve) => child.once("message", resolve));
  const apiBaseUrl = String(await next());
  const server: Server = { name: "simulator", base: apiBaseUrl, child };
  const mix = async (count: number, round: number) => {
    await load(server, count, round);
    // deviceAuthentications too: the simulator keeps only the newest ones, so they must not pile up.
    const agent = new Agent({ keepAlive: true, maxSockets: CONCURRENCY });
    const auth = `${apiBaseUrl.replace(/\/v1$/, "")}/${ENV}/deviceAuthentications`;
    for (let i = 0; i < count / 10; i++) {
      await send(
        agent,
        "POST",
        auth,
        JSON.stringify({
          user: { id: "0b1c2d3e-0000-4a5b-8c6d-0000000000aa" },
          policy: { id: POLICY },
          selectedDevice: { oneTime: { type: "EMAIL", email: `u${i}@example.com` } },
        }),
      );
    }
    agent.destroy();
  };
  await mix(2000, 90);
  child.send("rss");
  const before = Number(await next());
  await mix(requests, 91);
  child.send("rss");
  const after = Number(await next());
  child.send("stop");
  await new Promise((resolve) => child.once("exit", resolve));
  return {
    requests: requests + requests / 10,
    beforeMiB: round(before / 2 ** 20, 1),
    afterMiB: round(after / 2 ** 20, 1),
    growthMiB: round((after - before) / 2 ** 20, 1),
  };
}
