// The runtime matrix: the packed tarball, installed in a new project, runs the same smoke (create a
// device with a phone to normalize, activate it, authenticate and check the OTP, a phone error, an
// API error, a caller's fetch) against the simulator on Node 20.19, 22 and 24 (node:http entry and
// fetch entry), Bun, Deno, workerd and Chromium. The runtimes come from npm packages with their own
// lockfile (test/package/runtimes, installed by test/package/install-locked.mjs); a runtime that cannot be had is
// reported as not run, with the reason.
import { spawn } from "node:child_process";
import { existsSync } from "node:fs";
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { build } from "esbuild";
import { chromium } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { figure } from "../support/figures.ts";
import { installRuntimes } from "./install-locked.mjs";
import { consumerProject } from "./consumer.ts";
import { type MockServer, startMockServer } from "../../src/testing/index.ts";

const root = fileURLToPath(new URL("../..", import.meta.url));
const runtimes = join(root, "test/package/runtimes");
const bin = (path: string) => join(runtimes, "node_modules", path);
const CHROMIUM = process.env.CHROMIUM_PATH ?? "/usr/bin/chromium";
const CHROMIUM_ARGS = [
  "--no-sandbox",
  "--disable-gpu",
  "--disable-quic",
  "--no-first-run",
  "--disable-background-networking",
  "--disable-component-update",
  "--disable-sync",
];
const EXPECTED = {
  create: "ACTIVATION_REQUIRED +14135550150",
  checkOtp: "COMPLETED",
  phoneError: "MISSING_COUNTRY_CODE",
  apiError: "404 NOT_FOUND",
  callerFetch: 1,
};

// What every runtime runs: the package as a user imports it, against the simulator at `base`.
const SMOKE = `import { createMfaClient, PhoneNumberError, PingOneApiError } from "pingone-mfa";

export async function smoke(base) {
  const user = crypto.randomUUID();
  const options = { environmentId: crypto.randomUUID(), accessToken: "smoke", apiBaseUrl: base + "/v1", authBaseUrl: base, retry: false, timeoutMs: 60000 };
  const mfa = createMfaClient(options);
  const policy = { id: "5a0a0950-8a81-4739-b12a-f4d6a11c7a82" };
  const steps = {};
  const device = await mfa.devices.create(user, { type: "SMS", phone: "+1 (413) 555-0150", testMode: true, status: "ACTIVATION_REQUIRED", policy });
  steps.create = device.status + " " + device.phone;
  await mfa.devices.activate(user, device.id, { otp: device.test.otp });
  const auth = await mfa.deviceAuthentications.create({ user: { id: user }, policy });
  steps.checkOtp = (await mfa.deviceAuthentications.checkOtp(auth.id, auth.test.otp)).status;
  try {
    await mfa.devices.create(user, { type: "SMS", phone: "5125201234", policy });
    steps.phoneError = "sent";
  } catch (error) {
    steps.phoneError = error instanceof PhoneNumberError ? error.reason : String(error);
  }
  try {
    await mfa.devices.get(user, crypto.randomUUID());
    steps.apiError = "found";
  } catch (error) {
    steps.apiError = error instanceof PingOneApiError ? error.status + " " + error.code : String(error);
  }
  const viaFetch = createMfaClient({ ...options, fetch: (request) => fetch(request) });
  steps.callerFetch = (await viaFetch.devices.list(user)).size;
  return steps;
}
`;
const CLI = `import { smoke } from "./smoke.mjs";
const base = globalThis.Deno ? Deno.args[0] : process.argv[2];
// Which of the package's entries this runtime resolved (the export conditions at work).
const entry = import.meta.resolve("pingone-mfa").split("/").pop();
console.log(JSON.stringify({ ...(await smoke(base)), entry }));
`;
const WORKER = `import { smoke } from "./smoke.mjs";
export default {
  async fetch(request) {
    const base = new URL(request.url).searchParams.get("base");
    try {
      return Response.json(await smoke(base));
    } catch (error) {
      return Response.json({ error: String(error && error.stack || error) });
    }
  },
};
`;

interface Row {
  name: string;
  outcome: "passed" | "failed" | "not run";
  detail: string;
}

/** Runs a command, resolving with its output whatever its exit status. */
function output(
  command: string,
  args: string[],
  options: { cwd: string; env?: NodeJS.ProcessEnv; stdio3?: (data: string, kill: () => void) => void },
): Promise<{ code: number | null; out: string }> {
  return new Promise((resolve) => {
    const child = spawn(command, args, {
      cwd: options.cwd,
      env: { ...process.env, ...options.env },
      stdio: ["ignore", "pipe", "pipe", "pipe"],
    });
    let out = "";
    child.stdout!.on("data", (chunk: Buffer) => (out += chunk));
    child.stderr!.on("data", (chunk: Buffer) => (out += chunk));
    (child.stdio[3] as NodeJS.ReadableStream).on("data", (chunk: Buffer) =>
      options.stdio3?.(String(chunk), () => child.kill("SIGTERM")),
    );
    const timer = setTimeout(() => child.kill("SIGKILL"), 60_000);
    child.on("error", (error) => (out += error.message));
    child.on("close", (code) => {
      clearTimeout(timer);
      resolve({ code, out });
    });
  });
}

const lastJson = (text: string) => {
  const line = text
    .trim()
    .split("\n")
    .reverse()
    .find((l) => l.startsWith("{"));
  try {
    return line ? JSON.parse(line) : undefined;
  } catch {
    return undefined;
  }
};

describe("runtime matrix: the packed tarball on every runtime it supports", () => {
  let project: string;
  let simulator: MockServer;
  let unavailable: string | undefined;
  const rows: Row[] = [];

  beforeAll(async () => {
    const [why] = await Promise.all([
      installRuntimes(runtimes),
      (async () => {
        project = await consumerProject(await mkdtemp(join(tmpdir(), "pingone-mfa-runtimes-")), {
          name: "runtime-consumer",
        });
        await writeFile(join(project, "smoke.mjs"), SMOKE);
        await writeFile(join(project, "cli.mjs"), CLI);
        await writeFile(join(project, "worker-entry.mjs"), WORKER);
      })(),
    ]);
    unavailable = why;
    simulator = await startMockServer();
  });
  afterAll(async () => {
    await simulator?.close();
    if (project) await rm(project, { recursive: true, force: true });
    const line = rows.map((r) => `${r.name} ${r.outcome}`).join(", ");
    if (rows.length) figure(`runtimes: ${line}`);
    for (const r of rows.filter((x) => x.outcome === "not run")) console.log(`Runtime ${r.name} NOT RUN: ${r.detail}`);
  });

  /** Records the row and checks it (and, where the runtime says, which entry it loaded), or reports it as not run. */
  async function check(name: string, go: () => Promise<unknown>, entry?: string) {
    if (unavailable) {
      rows.push({ name, outcome: "not run", detail: unavailable });
      return;
    }
    const { entry: loaded, ...steps } = ((await go()) ?? {}) as Record<string, unknown>;
    const passed = JSON.stringify(steps) === JSON.stringify(EXPECTED) && (entry === undefined || loaded === entry);
    rows.push({ name, outcome: passed ? "passed" : "failed", detail: JSON.stringify(steps) });
    expect(steps, name).toEqual(EXPECTED);
    if (entry !== undefined) expect(loaded, `${name}: the entry loaded`).toBe(entry);
  }

  const nodes = [
    ["node 20.19", "node20/bin/node"],
    ["node 22", "node22/bin/node"],
    ["node 24", "node24/bin/node"],
  ] as const;
  for (const [name, path] of nodes) {
    it(`${name}, the node:http entry`, () =>
      check(
        `${name} (node:http)`,
        async () => lastJson((await output(bin(path), ["cli.mjs", simulator.url], { cwd: project })).out),
        "index.node.js",
      ));
    it(`${name}, the fetch entry (--conditions=worker)`, () =>
      check(
        `${name} (fetch)`,
        async () =>
          lastJson((await output(bin(path), ["--conditions=worker", "cli.mjs", simulator.url], { cwd: project })).out),
        "index.js",
      ));
  }

  it("bun", () =>
    check(
      "bun",
      async () =>
        lastJson(
          (
            await output(bin("@oven/bun-linux-x64/bin/bun"), ["--no-install", "cli.mjs", simulator.url], {
              cwd: project,
              env: { DO_NOT_TRACK: "1" },
            })
          ).out,
        ),
      "index.js",
    ));

  it("deno", () =>
    check(
      "deno",
      async () => {
        const args = [
          "run",
          "--node-modules-dir=manual",
          "--cached-only",
          "--no-lock",
          "--allow-net=127.0.0.1",
          "--allow-read",
          "cli.mjs",
          simulator.url,
        ];
        return lastJson(
          (
            await output(bin("@deno/linux-x64-glibc/deno"), args, {
              cwd: project,
              env: { DENO_NO_UPDATE_CHECK: "1", NO_COLOR: "1", DENO_DIR: join(project, ".deno") },
            })
          ).out,
        );
      },
      "index.js",
    ));

  it("workerd", () =>
    check("workerd", async () => {
      // One module, as wrangler would deploy it: the package bundled with the workerd conditions.
      await build({
        entryPoints: [join(project, "worker-entry.mjs")],
        bundle: true,
        format: "esm",
        platform: "neutral",
        conditions: ["workerd", "worker", "browser"],
        mainFields: ["module", "main"],
        outfile: join(project, "worker.js"),
        logLevel: "error",
      });
      await writeFile(
        join(project, "config.capnp"),
        `using Workerd = import "/workerd/workerd.capnp";
const config :Workerd.Config = (
  services = [
    (name = "main", worker = (modules = [(name = "worker.js", esModule = embed "worker.js")], compatibilityDate = "2024-09-23", globalOutbound = "net")),
    (name = "net", network = (allow = ["local"])),
  ],
  sockets = [(name = "http", address = "127.0.0.1:0", http = (), service = "main")],
);
`,
      );
      let answer: unknown;
      const done = await output(
        bin("@cloudflare/workerd-linux-64/bin/workerd"),
        ["serve", "config.capnp", "--control-fd=3"],
        {
          cwd: project,
          stdio3: (data, kill) => {
            const port = /"port":(\d+)/.exec(data)?.[1];
            if (!port || answer) return;
            answer = "pending";
            fetch(`http://127.0.0.1:${port}/?base=${encodeURIComponent(simulator.url)}`)
              .then((r) => r.json())
              .then(
                (json) => (answer = json),
                (error: Error) => (answer = { error: error.message }),
              )
              .finally(kill);
          },
        },
      );
      return typeof answer === "object" ? answer : { error: done.out.slice(0, 500) };
    }));

  it("chromium", async () => {
    if (!existsSync(CHROMIUM)) {
      rows.push({
        name: "chromium",
        outcome: "not run",
        detail: `no Chromium at ${CHROMIUM} (apt-get install chromium)`,
      });
      return;
    }
    const bundle = await build({
      stdin: { contents: `import { smoke } from "./smoke.mjs"; globalThis.smoke = smoke;`, resolveDir: project },
      bundle: true,
      format: "esm",
      platform: "browser",
      write: false,
      logLevel: "error",
    });
    const page = `<!doctype html><meta charset="utf-8"><script type="module">${bundle.outputFiles[0]!.text}</script>`;
    const server: Server = createServer((_, response) =>
      response.writeHead(200, { "content-type": "text/html" }).end(page),
    );
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    const browser = await chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS });
    try {
      const tab = await browser.newPage();
      // Served from its own origin, so every call to the simulator is a CORS request.
      await tab.goto(`http://localhost:${(server.address() as AddressInfo).port}/`);
      await tab.waitForFunction(() => typeof (globalThis as { smoke?: unknown }).smoke === "function");
      await check("chromium", () =>
        tab.evaluate(
          (base) => (globalThis as unknown as { smoke: (b: string) => Promise<unknown> }).smoke(base),
          simulator.url,
        ),
      );
    } finally {
      await browser.close();
      server.close();
    }
  });
});
