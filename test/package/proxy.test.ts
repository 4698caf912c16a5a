// Proxies as users meet them (issue 24): the packed tarball in a new project, run by Node 20.19, 22
// and 24 (and Node 24 with NODE_USE_ENV_PROXY=1, whose own proxy support covers only the global
// fetch and global agents) with HTTPS_PROXY set. clientCredentials' token request and the client's
// API call both reach an HTTPS target on loopback (its self-signed certificate trusted through
// NODE_EXTRA_CA_CERTS) through a real CONNECT proxy on loopback, which counts the tunnels it
// opened; with NO_PROXY naming the target, nothing goes through it. A runtime that cannot be had
// is reported as not run, with the reason.
import { spawn } from "node:child_process";
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { createServer, type Server } from "node:https";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { figure } from "../support/figures.ts";
import { DEVICE_BODY, ENV, TOKEN, USER } from "../support/hostile.ts";
import { LOOPBACK_CERT, LOOPBACK_KEY } from "../support/loopback-cert.ts";
import { type LoopbackProxy, startLoopbackProxy } from "../support/loopback-proxy.ts";
import { consumerProject } from "./consumer.ts";
import { installRuntimes } from "./install-locked.mjs";

const root = fileURLToPath(new URL("../..", import.meta.url));
const runtimes = join(root, "test/package/runtimes");
const PASSWORD = "proxy-pass-Word-93";

// The child: a token source and a client as the README shows them, no proxy option: the
// environment decides. Prints what it got, or the error (which must not hold the proxy password).
const CHILD = `import { clientCredentials, createMfaClient } from "pingone-mfa";
const base = process.argv[2];
const accessToken = clientCredentials({ clientId: "worker", clientSecret: "worker-secret", environmentId: "${ENV}", authBaseUrl: base });
const mfa = createMfaClient({ environmentId: "${ENV}", accessToken, apiBaseUrl: base + "/v1", authBaseUrl: base, retry: false });
try {
  const device = await mfa.devices.get("${USER}", "${DEVICE_BODY.id}");
  console.log(JSON.stringify({ device: device.id, entry: import.meta.resolve("pingone-mfa").split("/").pop() }));
} catch (error) {
  console.log(JSON.stringify({ error: error.name + ": " + error.message + " / " + String(error.cause?.message) }));
}
`;

interface Run {
  out: string;
  result: { device?: string; entry?: string; error?: string } | undefined;
}

function runChild(node: string, cwd: string, base: string, env: NodeJS.ProcessEnv): Promise<Run> {
  return new Promise((resolve) => {
    const clean = Object.fromEntries(
      Object.entries(process.env).filter(([name]) => !/^(https?|no|all)_proxy$|^node_use_env_proxy$/i.test(name)),
    );
    const child = spawn(node, ["child.mjs", base], {
      cwd,
      env: { ...clean, ...env },
      stdio: ["ignore", "pipe", "pipe"],
    });
    let out = "";
    child.stdout.on("data", (chunk: Buffer) => (out += chunk));
    child.stderr.on("data", (chunk: Buffer) => (out += chunk));
    const timer = setTimeout(() => child.kill("SIGKILL"), 120_000);
    child.on("error", (error) => (out += error.message));
    child.on("close", () => {
      clearTimeout(timer);
      const line = out
        .trim()
        .split("\n")
        .reverse()
        .find((l) => l.startsWith("{"));
      let result: Run["result"];
      try {
        result = line ? JSON.parse(line) : undefined;
      } catch {
        result = undefined;
      }
      resolve({ out, result });
    });
  });
}

describe("proxies: the packed tarball with HTTPS_PROXY on Node 20 and 24", () => {
  let project: string;
  let target: Server;
  let base: string;
  let proxy: LoopbackProxy;
  let unavailable: string | undefined;
  const requests: string[] = [];
  const rows: string[] = [];

  beforeAll(async () => {
    const [why] = await Promise.all([
      installRuntimes(runtimes),
      (async () => {
        project = await consumerProject(await mkdtemp(join(tmpdir(), "pingone-mfa-proxy-")), {
          name: "proxy-consumer",
        });
        await writeFile(join(project, "child.mjs"), CHILD);
        await writeFile(join(project, "loopback.crt"), LOOPBACK_CERT);
      })(),
    ]);
    unavailable = why;
    target = createServer({ key: LOOPBACK_KEY, cert: LOOPBACK_CERT }, (req, res) => {
      req.resume();
      req.on("end", () => {
        requests.push(`${req.method} ${req.url}`);
        const token = req.url?.endsWith("/as/token");
        res.writeHead(200, { "content-type": "application/json" });
        res.end(JSON.stringify(token ? { access_token: TOKEN, token_type: "Bearer", expires_in: 3600 } : DEVICE_BODY));
      });
    });
    await new Promise<void>((resolve) => target.listen(0, "127.0.0.1", resolve));
    base = `https://127.0.0.1:${(target.address() as AddressInfo).port}`;
    proxy = await startLoopbackProxy({ credentials: `alice:${PASSWORD}` });
  });
  afterAll(async () => {
    await proxy?.close();
    target?.closeAllConnections();
    await new Promise<void>((resolve) => (target ? target.close(() => resolve()) : resolve()));
    if (project) await rm(project, { recursive: true, force: true });
    if (rows.length) figure(`proxies: ${rows.join(", ")}`);
  });

  const cases = [
    ["Node 20.19", "node20/bin/node", {}],
    ["Node 22", "node22/bin/node", {}],
    ["Node 24", "node24/bin/node", {}],
    ["Node 24, NODE_USE_ENV_PROXY=1", "node24/bin/node", { NODE_USE_ENV_PROXY: "1" }],
  ] as const;

  for (const [name, path, extra] of cases) {
    it(`${name}: the token request and the API call go through HTTPS_PROXY (CONNECT), NO_PROXY goes direct`, async () => {
      if (unavailable) {
        rows.push(`${name} not run`);
        console.log(`Proxies on ${name} NOT RUN, because ${unavailable}`);
        return;
      }
      const node = join(runtimes, "node_modules", path);
      const env = {
        ...extra,
        NODE_EXTRA_CA_CERTS: join(project, "loopback.crt"),
        HTTPS_PROXY: `http://alice:${PASSWORD}@127.0.0.1:${proxy.port}`,
      };
      proxy.seen.length = 0;
      requests.length = 0;
      const through = await runChild(node, project, base, env);
      expect(through.result, through.out).toEqual({ device: DEVICE_BODY.id, entry: "index.node.js" });
      expect(through.out).not.toContain(PASSWORD);
      // One tunnel for the token source's transport, one for the client's; both with the credentials.
      expect(proxy.seen).toEqual([
        { line: `CONNECT ${new URL(base).host}`, credentials: `alice:${PASSWORD}` },
        { line: `CONNECT ${new URL(base).host}`, credentials: `alice:${PASSWORD}` },
      ]);
      expect(requests).toEqual([
        `POST /${ENV}/as/token`,
        `GET /v1/environments/${ENV}/users/${USER}/devices/${DEVICE_BODY.id}`,
      ]);

      proxy.seen.length = 0;
      requests.length = 0;
      const direct = await runChild(node, project, base, { ...env, NO_PROXY: "127.0.0.1" });
      expect(direct.result, direct.out).toEqual({ device: DEVICE_BODY.id, entry: "index.node.js" });
      expect(proxy.seen).toEqual([]);
      expect(requests).toHaveLength(2);
      rows.push(`${name} passed (2 CONNECTs through, 0 with NO_PROXY)`);
    });
  }
});
