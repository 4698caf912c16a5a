// The mock's benchmarks for `npm run bench`: spawn to first answer of a process that starts the
// stateful simulator and creates one device, beside a bare node:http server process doing the same
// (and whether any Prism module was loaded); throughput at concurrency 16 beside bare Prism on the
// same spec; RSS growth of the simulator over 100,000 requests for fresh users, reads of unknown ids
// included; and the CLI's time to first answer beside Prism's CLI. Variants are interleaved, in an
// order shuffled per round, and compared by the median of per-round ratios. Every server runs in its
// own process; the load comes from this one.
import { type ChildProcess, spawn, spawnSync } from "node:child_process";
import { randomUUID } from "node:crypto";
import { Agent, request } from "node:http";
import { mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { cpus, tmpdir } from "node:os";
import { join } from "node:path";
import { connect, createServer, type Socket } from "node:net";
import seeds from "../test/fixtures/seeds.json" with { type: "json" };
import { median, round, shuffle, spread } from "./bench-stats.ts";

const ENV = "abfba8f6-49eb-49f5-a5d9-80ad5c98f9f6";
const POLICY = "5a0a0950-8a81-4739-b12a-f4d6a11c7a82";
const DEVICE = JSON.stringify({ type: "SMS", phone: "+15125201234", policy: { id: POLICY } });
const CONCURRENCY = 16;
const USER = "8ce55f02-2077-4493-9a6d-0385df1f0772";

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = createServer().listen(0, "127.0.0.1", () => {
      const { port } = probe.address() as { port: number };
      probe.close(() => resolve(port));
    });
    probe.on("error", reject);
  });
}

/**
 * Cores for the throughput rows: each server pinned to the last core (all its threads), the load
 * generator (this process, wrk) to the others, so neither takes CPU time from the other and every
 * server gets the same one core. Not pinned, and said why, where taskset or a second core is missing.
 */
function pinning(): { server: string; load: string } | { notPinned: string } {
  const cores = cpus().length;
  if (cores < 2) return { notPinned: "this machine has one core" };
  if (spawnSync("taskset", ["--version"], { stdio: "ignore" }).error)
    return { notPinned: "taskset is missing (Debian: util-linux)" };
  const server = String(cores - 1);
  if (spawnSync("taskset", ["-c", server, "true"], { stdio: "ignore" }).status !== 0)
    return { notPinned: `taskset may not pin to core ${server} here` };
  return { server, load: cores === 2 ? "0" : `0-${cores - 2}` };
}

/** Runs this process's threads on `cores` (a taskset list) until the returned function restores them. */
function pinSelf(cores: string): () => void {
  const before = /affinity mask: ([0-9a-f,]+)/.exec(
    spawnSync("taskset", ["-p", String(process.pid)]).stdout.toString(),
  );
  // A report that says "pinned" must be true: a refusal here stops the bench.
  if (spawnSync("taskset", ["-a", "-p", "-c", cores, String(process.pid)], { stdio: "ignore" }).status !== 0)
    throw new Error(`taskset could not pin the load generator to cores ${cores}`);
  return () => {
    if (before) spawnSync("taskset", ["-a", "-p", before[1]!, String(process.pid)], { stdio: "ignore" });
  };
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

function send(agent: Agent, method: string, url: string, body?: string) {
  return sendAs(agent, method, url, body ? { "content-type": "application/json" } : {}, body);
}

/**
 * A keep-alive HTTP/1.1 connection on a bare socket, one request in flight, for the throughput
 * load. The load generator shares the machine's cores with the server it measures, and node:http's
 * client costs it about twice the CPU per request this does (against a bare node:http server on the
 * 2-core bench machine, under load: 9,600–13,700 requests/s against 3,700–5,800), which put the most
 * the bench could show near the 5× bare Prism it is asked to show.
 */
class Connection {
  #socket: Socket | undefined;
  #buffer: Buffer = Buffer.alloc(0);
  #waiting: { resolve: (answer: { status: number; text: string }) => void; reject: (error: Error) => void } | undefined;
  constructor(
    readonly host: string,
    readonly port: number,
  ) {}

  send(method: string, path: string, body?: string): Promise<{ status: number; text: string }> {
    const socket = this.#socket ?? this.#open();
    const bytes = body === undefined ? undefined : Buffer.from(body);
    return new Promise((resolve, reject) => {
      this.#waiting = { resolve, reject };
      socket.write(
        `${method} ${path} HTTP/1.1\r\nhost: ${this.host}:${this.port}\r\nauthorization: Bearer bench\r\n` +
          (bytes
            ? `content-type: application/json\r\ncontent-length: ${bytes.length}\r\n\r\n`
            : "content-length: 0\r\n\r\n"),
      );
      if (bytes) socket.write(bytes);
    });
  }

  close() {
    this.#socket?.destroy();
    this.#socket = undefined;
  }

  #open() {
    const socket = connect(this.port, this.host);
    socket.setNoDelay(true);
    this.#buffer = Buffer.alloc(0);
    socket.on("data", (chunk: Buffer) => {
      if (this.#socket !== socket) return;
      this.#buffer = this.#buffer.length ? Buffer.concat([this.#buffer, chunk]) : chunk;
      this.#parse();
    });
    // Only the current socket's end fails the request in flight: one closed here is already replaced.
    const fail = (error?: Error) => {
      if (this.#socket !== socket) return;
      this.#socket = undefined;
      const waiting = this.#waiting;
      this.#waiting = undefined;
      waiting?.reject(error ?? new Error("the server closed the connection with a request in flight"));
    };
    socket.on("error", fail);
    socket.on("close", () => fail());
    this.#socket = socket;
    return socket;
  }

  /** One whole answer in the buffer: its status and body (Content-Length or chunked; none on 204). */
  #parse() {
    const buffer = this.#buffer;
    const headEnd = buffer.indexOf("\r\n\r\n");
    if (headEnd < 0 || !this.#waiting) return;
    const head = buffer.toString("latin1", 0, headEnd).toLowerCase();
    const status = Number(head.slice(9, 12));
    let text: string;
    let rest: number;
    if (/\r\ntransfer-encoding: *chunked/.test(head)) {
      const parts: Buffer[] = [];
      for (let at = headEnd + 4; ; ) {
        const line = buffer.indexOf("\r\n", at);
        if (line < 0) return;
        const size = Number.parseInt(buffer.toString("latin1", at, line), 16);
        if (buffer.length < line + 2 + size + 2) return;
        if (size === 0) {
          rest = line + 4;
          break;
        }
        parts.push(buffer.subarray(line + 2, line + 2 + size));
        at = line + 2 + size + 2;
      }
      text = Buffer.concat(parts).toString("utf8");
    } else {
      const length = Number(/\r\ncontent-length: *(\d+)/.exec(head)?.[1] ?? 0);
      if (buffer.length < headEnd + 4 + length) return;
      text = buffer.toString("utf8", headEnd + 4, headEnd + 4 + length);
      rest = headEnd + 4 + length;
    }
    this.#buffer = buffer.subarray(rest);
    const waiting = this.#waiting;
    this.#waiting = undefined;
    // The server will close this one: the next request opens another.
    if (/\r\nconnection: *close/.test(head)) this.close();
    waiting.resolve({ status, text });
  }
}

const idOf = (text: string) => {
  try {
    return (JSON.parse(text) as { id?: string }).id;
  } catch {
    return undefined;
  }
};

/** The CPU-seconds a process has used so far (Linux /proc; undefined elsewhere). */
async function cpuSeconds(pid: number | undefined): Promise<number | undefined> {
  try {
    const stat = await readFile(`/proc/${pid}/stat`, "latin1");
    // Fields 14 and 15, utime and stime, counted after the parenthesized command name.
    const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
    return (Number(fields[11]) + Number(fields[12])) / CLOCK_TICKS;
  } catch {
    return undefined;
  }
}
const CLOCK_TICKS = 100; // USER_HZ: 100 on every Linux Node supports

/**
 * `requests` requests from 16 workers, each creating a device for its own user and deleting it:
 * requests per second, and the server process's CPU per request. Every create and delete must
 * succeed (2xx), or the figure would not be the work it claims.
 */
async function load(server: Server, seconds: number, round: number) {
  const { hostname, port, pathname } = new URL(server.base);
  const prefix = pathname.replace(/\/$/, "");
  const connections = Array.from({ length: CONCURRENCY }, () => new Connection(hostname, Number(port)));
  let requests = 0;
  const cpuBefore = await cpuSeconds(server.child.pid);
  const started = performance.now();
  const until = started + seconds * 1000;
  await Promise.all(
    connections.map(async (connection, worker) => {
      const devices = `${prefix}/environments/${ENV}/users/0b1c2d3e-${String(round).padStart(4, "0")}-4a5b-8c6d-${String(worker).padStart(12, "0")}/devices`;
      while (performance.now() < until) {
        requests += 2;
        const created = await connection.send("POST", devices, DEVICE);
        if (created.status < 200 || created.status > 299)
          throw new Error(`${server.name}: create answered ${created.status} ${created.text.slice(0, 200)}`);
        const id = idOf(created.text) ?? "6b0c2a1e-1f0e-4d7c-9b8a-123456789abc";
        const deleted = await connection.send("DELETE", `${devices}/${id}`);
        if (deleted.status < 200 || deleted.status > 299)
          throw new Error(`${server.name}: delete answered ${deleted.status} ${deleted.text.slice(0, 200)}`);
      }
    }),
  );
  const elapsed = (performance.now() - started) / 1000;
  const cpuAfter = await cpuSeconds(server.child.pid);
  for (const connection of connections) connection.close();
  return {
    requestsPerSec: requests / elapsed,
    serverCpuUsPerRequest:
      cpuBefore === undefined || cpuAfter === undefined ? undefined : ((cpuAfter - cpuBefore) * 1e6) / requests,
  };
}

// The same load from wrk (C, epoll), which costs far less CPU per request than this process does
// (where the servers cannot be pinned, the generator's share bounds the ratio). One thread per connection,
// so each thread's Lua state is one worker: it creates an SMS device for its own user with the same
// body and headers as `load`, deletes it, and again; any answer outside 2xx is counted and fails the
// bench. A run lasts a fixed time (wrk's way), the same for every server.
const WRK_SCRIPT = `
local threads = {}
local count = 0
function setup(thread)
  count = count + 1
  thread:set("worker", count)
  table.insert(threads, thread)
end
function init(args)
  devices = args[1] .. string.format("%012d", worker) .. "/devices"
  create = wrk.format("POST", devices, { ["authorization"] = "Bearer bench", ["content-type"] = "application/json" }, args[2])
  created = nil
  failures = 0
end
function request()
  if created then
    local id = created
    created = nil
    return wrk.format("DELETE", devices .. "/" .. id, { ["authorization"] = "Bearer bench", ["content-length"] = "0" })
  end
  return create
end
function response(status, headers, body)
  if status < 200 or status > 299 then
    failures = failures + 1
  elseif status == 201 then
    created = body:match('"id" *: *"([^"]+)"') or "6b0c2a1e-1f0e-4d7c-9b8a-123456789abc"
  end
end
function done(summary, latency, requests)
  local failed = 0
  for _, thread in ipairs(threads) do failed = failed + thread:get("failures") end
  local e = summary.errors
  io.write(string.format('WRK {"requests":%d,"us":%d,"failures":%d,"errors":%d}\\n', summary.requests, summary.duration, failed, e.connect + e.read + e.write + e.status + e.timeout))
end
`;

/** Prism's server CPU per request over another server's, per round (rounds without a figure left out). */
function cpuRatios(ours: Array<number | undefined>, prisms: Array<number | undefined>) {
  const ratios = ours.flatMap((us, i) => {
    const theirs = prisms[i];
    return us && theirs ? [theirs / us] : [];
  });
  return ratios.length ? spread(ratios) : null;
}

/** Whether wrk is on the PATH. */
const hasWrk = () => spawnSync("wrk", ["--version"], { stdio: "ignore" }).error === undefined;

/** The CPU-seconds of this process's children that have ended (wrk runs), from /proc. */
async function childrenCpuSeconds(): Promise<number | undefined> {
  try {
    const stat = await readFile("/proc/self/stat", "latin1");
    // Fields 16 and 17, cutime and cstime.
    const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
    return (Number(fields[13]) + Number(fields[14])) / CLOCK_TICKS;
  } catch {
    return undefined;
  }
}

/** One wrk run of `seconds` against `server`: requests per second, its CPU per request and wrk's. */
async function loadWrk(server: Server, script: string, seconds: number, round: number, cores?: string) {
  const { pathname } = new URL(server.base);
  const prefix = `${pathname.replace(/\/$/, "")}/environments/${ENV}/users/0b1c2d3e-${String(round).padStart(4, "0")}-4a5b-8c6d-`;
  const cpuBefore = await cpuSeconds(server.child.pid);
  const wrkBefore = await childrenCpuSeconds();
  const args = [
    "-t",
    String(CONCURRENCY),
    "-c",
    String(CONCURRENCY),
    "-d",
    `${seconds}s`,
    "-s",
    script,
    server.base,
    "--",
    prefix,
    DEVICE,
  ];
  const child = spawn(cores ? "taskset" : "wrk", cores ? ["-c", cores, "wrk", ...args] : args, {
    stdio: ["ignore", "pipe", "pipe"],
  });
  let out = "";
  child.stdout!.on("data", (chunk: Buffer) => (out += chunk));
  child.stderr!.on("data", (chunk: Buffer) => (out += chunk));
  const code = await new Promise<number | null>((resolve) => child.once("close", resolve));
  const cpuAfter = await cpuSeconds(server.child.pid);
  const wrkAfter = await childrenCpuSeconds();
  const line = /^WRK (.*)$/m.exec(out);
  if (code !== 0 || !line) throw new Error(`wrk on ${server.name} exited with ${code}: ${out.slice(0, 500)}`);
  const result = JSON.parse(line[1]!) as { requests: number; us: number; failures: number; errors: number };
  if (result.failures > 0 || result.errors > 0)
    throw new Error(`${server.name} under wrk: ${result.failures} answers outside 2xx, ${result.errors} socket errors`);
  const perRequest = (before?: number, after?: number) =>
    before === undefined || after === undefined ? undefined : ((after - before) * 1e6) / result.requests;
  return {
    requestsPerSec: result.requests / (result.us / 1e6),
    serverCpuUsPerRequest: perRequest(cpuBefore, cpuAfter),
    wrkCpuUsPerRequest: perRequest(wrkBefore, wrkAfter),
  };
}

/**
 * Every server under wrk's load: the same 1-second warm-up for each, then rounds in an order shuffled
 * per round, ratios to bare Prism per round. Not run (and said so) when wrk is missing.
 */
async function throughputWrk(servers: Server[], prismName: string, smoke: boolean, cores?: string) {
  if (!hasWrk()) return { notRun: "wrk is missing (Debian: apt-get install wrk)" };
  const dir = await mkdtemp(join(tmpdir(), "bench-wrk-"));
  try {
    const script = join(dir, "create-delete.lua");
    await writeFile(script, WRK_SCRIPT);
    const seconds = smoke ? 1 : 2;
    const rates: Record<string, number[]> = {};
    const cpu: Record<string, Array<number | undefined>> = {};
    const wrkCpu: Record<string, Array<number | undefined>> = {};
    for (const server of servers) await loadWrk(server, script, 1, 100, cores); // warm-up
    for (let r = 1; r <= (smoke ? 1 : 7); r++)
      for (const server of shuffle(servers)) {
        const measured = await loadWrk(server, script, seconds, 100 + r, cores);
        (rates[server.name] ??= []).push(measured.requestsPerSec);
        (cpu[server.name] ??= []).push(measured.serverCpuUsPerRequest);
        (wrkCpu[server.name] ??= []).push(measured.wrkCpuUsPerRequest);
      }
    return {
      secondsPerRound: seconds,
      rows: servers.map((server) => {
        const cpuUs = cpu[server.name]!.filter((us): us is number => us !== undefined);
        const wrkUs = wrkCpu[server.name]!.filter((us): us is number => us !== undefined);
        return {
          variant: server.name,
          requestsPerSec: Math.round(median(rates[server.name]!)),
          ratioToPrism: spread(rates[server.name]!.map((rate, i) => rate / rates[prismName]![i]!)),
          serverCpuUsPerRequest: cpuUs.length ? round(median(cpuUs), 1) : null,
          cpuRatioToPrism: cpuRatios(cpu[server.name]!, cpu[prismName]!),
          wrkCpuUsPerRequest: wrkUs.length ? round(median(wrkUs), 1) : null,
        };
      }),
    };
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

const stop = (server: Server) =>
  new Promise<void>((resolve) => {
    server.child.once("exit", () => resolve());
    server.child.kill();
  });

// Spawn to first answer, as a user's test process pays it. Each child imports what it needs, starts
// its server on a free loopback port, creates one SMS device over node:http (the same client in both,
// so the difference is the server's) and prints the answer's status at once; the clock runs in this
// process from spawn to that line. Ours imports `pingone-mfa/testing` by name (cwd is the package,
// so it resolves through the package's exports to the built entry, as a user's import does); any
// bearer token is accepted until the mock's token endpoint has issued one, so none is fetched first.
const FIRST_ANSWER_CLIENT = (start: string) => `
  const { request } = await import("node:http");
  ${start}
  const status = await new Promise((resolve, reject) => {
    const req = request(base + "/environments/${ENV}/users/${USER}/devices", {
      method: "POST",
      headers: { authorization: "Bearer bench", "content-type": "application/json" },
    }, (res) => { res.resume(); res.on("end", () => resolve(res.statusCode)); });
    req.on("error", reject);
    req.end(${JSON.stringify(DEVICE)});
  });
  console.log(JSON.stringify({ status }));
  // After the first answer: which Prism (@stoplight) modules the process loaded. Prism is CommonJS,
  // and CommonJS modules land in require.cache however they were loaded (require or import).
  const { createRequire } = await import("node:module");
  const loaded = Object.keys(createRequire(process.cwd() + "/").cache);
  const prism = loaded.filter((file) => /[\\\\/]@stoplight[\\\\/]/.test(file));
  const packages = [...new Set(prism.map((file) => /@stoplight[\\\\/][^\\\\/]+/.exec(file)[0].replace("\\\\", "/")))];
  console.log(JSON.stringify({ modules: loaded.length, prismModules: prism.length, prismPackages: packages.sort() }));
  await close();
  process.exit(0);
`;
const FIRST_ANSWER_VARIANTS = {
  "stateful simulator (pingone-mfa/testing, built)": FIRST_ANSWER_CLIENT(`
    const { startMockServer } = await import("pingone-mfa/testing");
    const mock = await startMockServer();
    const base = mock.apiBaseUrl;
    const close = () => mock.close();`),
  "bare node:http server (canned 201)": FIRST_ANSWER_CLIENT(`
    const { createServer } = await import("node:http");
    const answer = ${JSON.stringify(JSON.stringify(seeds.seeds[0]!.response))};
    const server = createServer((req, res) => {
      req.resume();
      req.on("end", () => {
        res.writeHead(201, { "content-type": "application/json" });
        res.end(answer);
      });
    });
    await new Promise((resolve) => server.listen(0, "127.0.0.1", resolve));
    const base = "http://127.0.0.1:" + server.address().port + "/v1";
    const close = () => new Promise((resolve) => server.close(resolve));`),
};

interface FirstAnswer {
  ms: number;
  modules: number;
  prismModules: number;
  prismPackages: string[];
}

async function firstAnswerOnce(name: string, script: string, root: string): Promise<FirstAnswer> {
  const started = performance.now();
  const child = spawn(process.execPath, ["--input-type=module", "-e", script], {
    cwd: root,
    stdio: ["ignore", "pipe", "pipe"],
  });
  let stderr = "";
  child.stderr!.on("data", (chunk: Buffer) => (stderr += chunk));
  const lines: string[] = [];
  let ms = 0;
  let buffered = "";
  child.stdout!.on("data", (chunk: Buffer) => {
    buffered += chunk;
    for (let nl = buffered.indexOf("\n"); nl >= 0; nl = buffered.indexOf("\n")) {
      if (lines.length === 0) ms = performance.now() - started;
      lines.push(buffered.slice(0, nl));
      buffered = buffered.slice(nl + 1);
    }
  });
  const code = await new Promise<number | null>((resolve) => child.once("close", resolve));
  if (code !== 0 || lines.length < 2) throw new Error(`${name} exited with ${code}: ${stderr.slice(0, 500)}`);
  const { status } = JSON.parse(lines[0]!);
  if (status !== 201) throw new Error(`${name}: the device create answered ${status}, not 201`);
  return { ms, ...JSON.parse(lines[1]!) };
}

/** Spawn to first answer of the simulator beside the bare server: rounds interleaved, order shuffled per round. */
async function spawnToFirstAnswer(root: string, smoke: boolean) {
  const names = Object.keys(FIRST_ANSWER_VARIANTS) as Array<keyof typeof FIRST_ANSWER_VARIANTS>;
  const [ours, bare] = names;
  const runs = Object.fromEntries(names.map((n) => [n, [] as FirstAnswer[]])) as Record<string, FirstAnswer[]>;
  const rounds = smoke ? 1 : 11;
  for (let r = 0; r < rounds; r++)
    for (const name of shuffle(names)) runs[name]!.push(await firstAnswerOnce(name, FIRST_ANSWER_VARIANTS[name], root));
  const simulator = runs[ours!]!;
  return {
    rounds,
    variants: names.map((name) => ({
      name,
      medianMs: Math.round(median(runs[name]!.map((x) => x.ms))),
      minMs: Math.round(Math.min(...runs[name]!.map((x) => x.ms))),
    })),
    ratioToBare: spread(simulator.map((x, i) => x.ms / runs[bare!]![i]!.ms)),
    // The most any run loaded: one run with Prism is enough to miss "no Prism module loaded".
    prismModules: Math.max(...simulator.map((x) => x.prismModules)),
    prismPackages: [...new Set(simulator.flatMap((x) => x.prismPackages))].sort(),
    modules: Math.max(...simulator.map((x) => x.modules)),
  };
}

// The throughput ceiling's server: the create answers the documented SMS device (201), anything else 204.
const BARE_SERVER = `
  const { createServer } = await import("node:http");
  const created = ${JSON.stringify(JSON.stringify(seeds.seeds[0]!.response))};
  createServer((req, res) => {
    req.resume();
    req.on("end", () => {
      if (req.method !== "POST") return res.writeHead(204).end();
      res.writeHead(201, { "content-type": "application/json" });
      res.end(created);
    });
  }).listen(Number(process.argv[1]), "127.0.0.1");
`;

/** The node load generator's rounds: a warm-up each, then every server once per round in a shuffled order. */
async function throughputRounds(servers: Server[], seconds: number, smoke: boolean) {
  const rates: Record<string, number[]> = {};
  const cpu: Record<string, Array<number | undefined>> = {};
  for (const server of servers) await load(server, smoke ? 0.1 : 0.5, 0); // warm-up
  for (let r = 1; r <= (smoke ? 1 : 9); r++) {
    for (const server of shuffle(servers)) {
      const measured = await load(server, seconds, r);
      (rates[server.name] ??= []).push(measured.requestsPerSec);
      (cpu[server.name] ??= []).push(measured.serverCpuUsPerRequest);
    }
  }
  return { rates, cpu };
}

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
    // A reference, not a product: the most this load generator can measure on this machine (it shares
    // the cores with the server), so a ratio near this row's says the method, not the server, is the limit.
    {
      name: "bare node:http server (canned answers) †",
      args: ["--input-type=module", "-e", BARE_SERVER, "PORT"],
      prefix: "/v1",
    },
  ];
  const start = async (kind: (typeof kinds)[number], core?: string) => {
    const port = await freePort();
    const args = kind.args.map((a) => (a === "PORT" ? String(port) : a));
    return startServer(
      kind.name,
      core ? "taskset" : node,
      core ? ["-c", core, node, ...args] : args,
      port,
      kind.prefix,
      root,
    );
  };

  // Spawn to first answer of a process that starts the simulator and creates a device, beside bare node:http.
  const spawnFirst = await spawnToFirstAnswer(root, smoke);

  // The CLI's time to first answer beside Prism's CLI: fresh processes, interleaved.
  const firstAnswer: Record<string, number[]> = {};
  for (let i = 0; i < (smoke ? 1 : 7); i++) {
    for (const kind of shuffle([kinds[0]!, kinds[2]!])) {
      const { server, startMs } = await start(kind);
      (firstAnswer[kind.name] ??= []).push(startMs);
      await stop(server);
    }
  }

  // Throughput: all up at once, one round each in a shuffled order, ratios per round.
  const pinned = pinning();
  const serverCore = "server" in pinned ? pinned.server : undefined;
  const loadCores = "load" in pinned ? pinned.load : undefined;
  const servers = await Promise.all(kinds.map(async (kind) => (await start(kind, serverCore)).server));
  const unpin = loadCores ? pinSelf(loadCores) : () => {};
  // Rounds of the same length for every server (as wrk's are): a fast server's rounds were a
  // fifth as long as Prism's when they counted requests, and a pause of the machine weighed more.
  const secondsPerRound = smoke ? 0.2 : 2;
  const prismName = kinds[2]!.name;
  let rates: Record<string, number[]>;
  let cpu: Record<string, Array<number | undefined>>;
  let wrkThroughput: Awaited<ReturnType<typeof throughputWrk>>;
  try {
    ({ rates, cpu } = await throughputRounds(servers, secondsPerRound, smoke));
    // The same servers (warmed by the rounds above, all alike) under wrk's cheaper load.
    wrkThroughput = await throughputWrk(servers, prismName, smoke, loadCores);
  } finally {
    unpin();
    await Promise.all(servers.map(stop));
  }
  const throughput = kinds.map((kind) => {
    const ratios = rates[kind.name]!.map((rate, i) => rate / rates[prismName]![i]!);
    // Prism's server CPU per request over this server's, per round: what the throughput would be with
    // a core each and a free load generator. Left out where /proc is missing or a round was too short
    // for the clock ticks (smoke runs).
    const cpuRatios = cpu[kind.name]!.flatMap((us, i) => {
      const theirs = cpu[prismName]![i];
      return us && theirs ? [theirs / us] : [];
    });
    const cpuUs = cpu[kind.name]!.filter((us): us is number => us !== undefined);
    return {
      variant: kind.name,
      requestsPerSec: Math.round(median(rates[kind.name]!)),
      ratioToPrism: spread(ratios),
      serverCpuUsPerRequest: cpuUs.length ? round(median(cpuUs), 1) : null,
      cpuRatioToPrism: cpuRatios.length ? spread(cpuRatios) : null,
    };
  });

  // RSS growth of the simulator over 100,000 requests for fresh users, measured by the process itself.
  const rss = await rssGrowth(root, smoke ? 1600 : 100_000);
  return {
    spawnToFirstAnswer: spawnFirst,
    concurrency: CONCURRENCY,
    pinning: "notPinned" in pinned ? pinned : { serverCore: pinned.server, loadCores: pinned.load },
    secondsPerRound,
    throughput,
    throughputWrk: wrkThroughput,
    firstAnswerMs: Object.entries(firstAnswer).map(([name, values]) => ({
      name,
      medianMs: Math.round(median(values)),
    })),
    rss,
  };
}

// The simulator in a child that reports its own memory after a full GC when asked (IPC), so the
// figure is the mock's memory and nothing of the load generator's. It is started as a user starts
// it, with no options: with a fresh user for every eight requests, no per-user cap is reached.
/** V8's default largest semi-space on 64-bit machines (the young generation is two of them). */
const SEMI_SPACE_MIB = 16;

const RSS_CHILD = `
  const { startMockServer } = await import("pingone-mfa/testing");
  const { getHeapSpaceStatistics } = await import("node:v8");
  const mock = await startMockServer();
  process.on("message", (m) => {
    if (m === "measure") {
      // Two full collections, a pause for V8 to hand freed pages back, and a third.
      globalThis.gc();
      globalThis.gc();
      setTimeout(() => {
        globalThis.gc();
        const { rss, heapUsed } = process.memoryUsage();
        const young = getHeapSpaceStatistics().find((space) => space.space_name === "new_space")?.space_size ?? 0;
        process.send({ rss, heapUsed, young });
      }, 200);
    } else if (m === "stop") mock.close().then(() => process.exit(0));
  });
  process.send({ api: mock.apiBaseUrl, auth: mock.url ?? mock.apiBaseUrl.replace(/\\/v1$/, "") });
`;

/**
 * What each fresh user gets, in order: six requests that only read or name ids the simulator has
 * never seen (the README says reads store nothing), then a device create and delete. The
 * answers' statuses are counted; any 5xx, or a create that does not answer 201, stops the bench (a
 * broken run would measure nothing).
 */
const FRESH_USER_STEPS = [
  { name: "devices.list (unknown user)", method: "GET", path: "devices" },
  { name: "devices.get (unknown device)", method: "GET", path: "devices/UNKNOWN" },
  {
    name: "deviceAuthentications.create (unknown user)",
    method: "POST",
    path: "auth",
    type: "application/json",
    body: (user: string) => JSON.stringify({ user: { id: user }, policy: { id: POLICY } }),
  },
  { name: "deviceAuthentications.get (unknown id)", method: "GET", path: "auth/UNKNOWN" },
  {
    name: "deviceAuthentications.checkRememberedDevice (unknown user)",
    method: "POST",
    path: "auth",
    type: "application/vnd.pingidentity.payload.check+json",
    cookie: "ST=never-issued",
    body: (user: string) =>
      JSON.stringify({ user: { id: user }, policy: { id: POLICY }, payload: { type: "BROWSER", value: "bench" } }),
  },
  {
    name: "devices.removeOrder (unknown user)",
    method: "POST",
    path: "devices",
    type: "application/vnd.pingidentity.devices.order.remove+json",
  },
  { name: "devices.create", method: "POST", path: "devices", type: "application/json", body: () => DEVICE },
  { name: "devices.delete", method: "DELETE", path: "devices/CREATED" },
] as const;

function sendAs(
  agent: Agent,
  method: string,
  url: string,
  headers: Record<string, string>,
  body?: string,
): Promise<{ status: number; text: string }> {
  return new Promise((resolve, reject) => {
    const req = request(url, { method, agent, headers: { authorization: "Bearer bench", ...headers } }, (res) => {
      let text = "";
      res.setEncoding("utf8");
      res.on("data", (chunk: string) => (text += chunk));
      res.on("end", () => resolve({ status: res.statusCode!, text }));
    });
    req.on("error", reject);
    req.end(body);
  });
}

/** `users` fresh users through FRESH_USER_STEPS from 16 workers; statuses counted by step. */
async function freshUsers(api: string, auth: string, users: number, statuses: Record<string, Record<number, number>>) {
  const agent = new Agent({ keepAlive: true, maxSockets: CONCURRENCY });
  let left = users;
  await Promise.all(
    Array.from({ length: CONCURRENCY }, async () => {
      while (left-- > 0) {
        const user = randomUUID();
        const devices = `${api}/environments/${ENV}/users/${user}/devices`;
        const auths = `${auth}/${ENV}/deviceAuthentications`;
        let created = "";
        for (const step of FRESH_USER_STEPS) {
          const [base, rest] = step.path.startsWith("auth")
            ? [auths, step.path.slice(4)]
            : [devices, step.path.slice(7)];
          const tail = rest.replace("UNKNOWN", randomUUID()).replace("CREATED", created);
          const headers: Record<string, string> = {};
          if ("type" in step) headers["content-type"] = step.type;
          if ("cookie" in step) headers.cookie = step.cookie;
          const answer = await sendAs(
            agent,
            step.method,
            base + tail,
            headers,
            "body" in step ? step.body(user) : undefined,
          );
          const counts = (statuses[step.name] ??= {});
          counts[answer.status] = (counts[answer.status] ?? 0) + 1;
          if (answer.status >= 500 || (step.name === "devices.create" && answer.status !== 201))
            throw new Error(`simulator: ${step.name} answered ${answer.status} ${answer.text.slice(0, 200)}`);
          if (step.name === "devices.create") created = JSON.parse(answer.text).id;
        }
      }
    }),
  );
  agent.destroy();
}

async function rssGrowth(root: string, requests: number) {
  // V8 grows its young generation under sustained load, in steps (8 → 16 → 32 MiB here) that came
  // anywhere in the first 50,000 requests of a run, the heap in use flat: that is V8 sizing itself,
  // not the simulator keeping anything, and it moved this figure by up to 24 MiB from run to run.
  // The child starts with the young generation at the size it grows to (V8's default maximum).
  const child = spawn(
    process.execPath,
    ["--expose-gc", `--min-semi-space-size=${SEMI_SPACE_MIB}`, "--input-type=module", "-e", RSS_CHILD],
    {
      cwd: root,
      stdio: ["ignore", "ignore", "inherit", "ipc"],
    },
  );
  const next = () => new Promise<unknown>((resolve) => child.once("message", resolve));
  const measure = async () => {
    child.send("measure");
    return (await next()) as { rss: number; heapUsed: number; young: number };
  };
  const { api, auth } = (await next()) as { api: string; auth: string };
  const statuses: Record<string, Record<number, number>> = {};
  const usersFor = (count: number) => Math.round(count / FRESH_USER_STEPS.length);
  // Warm-up (JIT, pools, the first bounded stores) before the first figure.
  const start = await measure();
  await freshUsers(api, auth, usersFor(requests / 10), {});
  const before = await measure();
  // Four checkpoints: a leak shows as a steady climb, settling as a flat line.
  const checkpoints = [before];
  for (let i = 0; i < 4; i++) {
    await freshUsers(api, auth, usersFor(requests / 4), statuses);
    checkpoints.push(await measure());
  }
  child.send("stop");
  await new Promise((resolve) => child.once("exit", resolve));
  const after = checkpoints.at(-1)!;
  const MiB = (bytes: number) => round(bytes / 2 ** 20, 1);
  return {
    requests: Object.values(statuses).reduce(
      (sum, counts) => sum + Object.values(counts).reduce((a, b) => a + b, 0),
      0,
    ),
    freshUsers: 4 * usersFor(requests / 4),
    beforeMiB: MiB(before.rss),
    afterMiB: MiB(after.rss),
    growthMiB: MiB(after.rss - before.rss),
    heapGrowthMiB: MiB(after.heapUsed - before.heapUsed),
    checkpointsMiB: checkpoints.map((c) => MiB(c.rss)),
    startMiB: MiB(start.rss),
    youngMiB: { start: MiB(start.young), before: MiB(before.young), after: MiB(after.young) },
    statuses,
  };
}
