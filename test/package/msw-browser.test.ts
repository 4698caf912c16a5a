// pingone-mfa/msw in a real browser: a page bundled with esbuild (platform browser) from the installed
// tarball starts msw's setupWorker with the simulator's handlers and runs the browser client against
// PingOne's own hosts; headless Chromium (Debian's chromium, driven by playwright-core) loads it from
// a loopback server that also serves mockServiceWorker.js, written by `msw init` at test time. The
// page reports what happened and the test asserts on it. Nothing may reach the network for PingOne.
// Without chromium the test is reported as not run, with the reason.
import { execFile } from "node:child_process";
import { existsSync } from "node:fs";
import { mkdir, mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";
import { build } from "esbuild";
import { type Browser, chromium } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import pkg from "../../package.json" with { type: "json" };
import { consumerProject } from "./consumer.ts";

const CHROMIUM = process.env.CHROMIUM_PATH ?? "/usr/bin/chromium";
const available = existsSync(CHROMIUM);
if (!available) {
  console.warn(
    `Browser test NOT RUN: no Chromium at ${CHROMIUM}. Install Debian's chromium (apt-get install chromium) or set CHROMIUM_PATH.`,
  );
}
// Flags this machine's closed network needs (no background connections), plus root-safe headless.
const ARGS = [
  "--no-sandbox",
  "--disable-gpu",
  "--disable-quic",
  "--no-first-run",
  "--disable-background-networking",
  "--disable-component-update",
  "--disable-sync",
];

// The page: the worker, the client with its defaults, the control object; it reports, never throws.
const PAGE = `import { setupWorker } from "msw/browser";
import { createMfaClient, PingOneApiError, PingOneNetworkError } from "pingone-mfa";
import { createPingOneHandlers } from "pingone-mfa/msw";

const policy = { id: "5a0a0950-8a81-4739-b12a-f4d6a11c7a82" };
const outcome = (promise) =>
  promise.then(
    (value) => ({ ok: value.status ?? true }),
    (error) => ({ name: error.name, status: error.status, code: error.code, detail: error.details?.[0]?.code, retryAfterMs: error.retryAfterMs, api: error instanceof PingOneApiError, network: error instanceof PingOneNetworkError }),
  );

async function main() {
  const pingone = createPingOneHandlers();
  const unhandled = [];
  const worker = setupWorker(...pingone.handlers);
  await worker.start({ quiet: true, onUnhandledRequest: (request) => void unhandled.push(new URL(request.url).pathname) });
  const env = crypto.randomUUID();
  const user = crypto.randomUUID();

  // A browser gets its token from its backend; here, straight from the simulated token endpoint.
  const tokenAnswer = await fetch("https://auth.pingone.com/" + env + "/as/token", {
    method: "POST",
    headers: { "content-type": "application/x-www-form-urlencoded" },
    body: "grant_type=client_credentials&client_id=backend&client_secret=secret",
  });
  const token = await tokenAnswer.json();
  const mfa = createMfaClient({ environmentId: env, accessToken: token.access_token, retry: false, timeoutMs: 60000 });

  const device = await mfa.devices.create(user, { type: "EMAIL", email: "ada@example.com", status: "ACTIVATION_REQUIRED", policy });
  const pairing = pingone.lastOtp({ deviceId: device.id });
  const activated = await mfa.devices.activate(user, device.id, { otp: pairing });
  const auth = await mfa.deviceAuthentications.create({ user: { id: user }, policy });
  const code = pingone.lastOtp({ deviceAuthenticationId: auth.id });
  const wrong = await outcome(mfa.deviceAuthentications.checkOtp(auth.id, code === "000000" ? "000001" : "000000"));
  const checked = await mfa.deviceAuthentications.checkOtp(auth.id, code);

  pingone.failNext({ status: 429, retryAfter: 3, action: "devices.list" });
  const limited = await outcome(mfa.devices.list(user));
  pingone.failNext({ drop: true, action: "devices.list" });
  const dropped = await outcome(mfa.devices.list(user));
  const before = (await mfa.devices.list(user))._embedded.devices.length;
  pingone.reset();
  const after = (await mfa.devices.list(user))._embedded.devices.length;

  const eu = createMfaClient({ environmentId: env, accessToken: "any", region: "EU", retry: false });
  const euDevice = await eu.devices.create(user, { type: "SMS", phone: "+44 20 7946 0018", policy });
  const other = await fetch("/not-pingone").then((r) => r.text());

  return {
    controlled: navigator.serviceWorker.controller !== null,
    token: [tokenAnswer.status, token.token_type],
    created: device.status,
    deviceLink: device._links.self.href.replace(env, "ENV").replace(user, "USER").replace(device.id, "DEVICE"),
    pairingDigits: /^\\d{6}$/.test(pairing),
    activated: activated.status,
    auth: auth.status,
    authLink: auth._links.self.href.replace(env, "ENV").replace(auth.id, "AUTH"),
    wrong,
    checked: checked.status,
    limited,
    dropped,
    listed: [before, after],
    euDeviceLink: euDevice._links.self.href.split("/").slice(0, 4).join("/"),
    other,
    unhandled,
    violations: pingone.violations.length,
  };
}
window.results = main().catch((error) => ({ failed: String(error && error.stack || error) }));
`;

describe.skipIf(!available)("pingone-mfa/msw in Chromium, through a service worker", () => {
  let browser: Browser;
  let dir: string;
  let site: Server;
  let origin: string;
  const network: string[] = [];

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), "pingone-mfa-msw-browser-"));
    const project = await consumerProject(join(dir, "project"), {
      name: "msw-browser",
      packages: [`msw@${pkg.devDependencies.msw}`],
    });
    // The worker script, as MSW's users get it: `msw init <dir>` copies the installed version's.
    await mkdir(join(project, "public"));
    await promisify(execFile)("npx", ["--no-install", "msw", "init", "public", "--no-save"], { cwd: project });
    await writeFile(join(project, "page.js"), PAGE);
    const bundle = await build({
      entryPoints: [join(project, "page.js")],
      absWorkingDir: project,
      bundle: true,
      platform: "browser",
      format: "esm",
      target: "es2022",
      write: false,
      logLevel: "silent",
    });
    const files: Record<string, [string, string]> = {
      "/": ["text/html", '<!doctype html><meta charset="utf-8"><script type="module" src="/app.js"></script>'],
      "/app.js": ["text/javascript", bundle.outputFiles[0]!.text],
      "/mockServiceWorker.js": [
        "text/javascript",
        await readFile(join(project, "public/mockServiceWorker.js"), "utf8"),
      ],
    };
    site = createServer((request, response) => {
      const file = files[new URL(request.url ?? "/", "http://page").pathname];
      response.writeHead(file ? 200 : 404, { "content-type": file?.[0] ?? "text/plain" });
      response.end(file?.[1] ?? "not a PingOne answer: the page's own server");
    });
    await new Promise<void>((resolve) => site.listen(0, "127.0.0.1", resolve));
    origin = `http://127.0.0.1:${(site.address() as AddressInfo).port}`;
    browser = await chromium.launch({ executablePath: CHROMIUM, args: ARGS });
  });
  afterAll(async () => {
    await browser?.close();
    await new Promise((resolve) => (site ? site.close(resolve) : resolve(undefined)));
    await rm(dir, { recursive: true, force: true });
  });

  it("runs the client against PingOne's hosts with the simulator answering in the page", async () => {
    const context = await browser.newContext();
    // Whatever reaches the network (service worker fetches included, in Chromium) is recorded;
    // PingOne's hosts must never be among it.
    await context.route("**/*", (route) => {
      const url = route.request().url();
      network.push(url);
      return url.startsWith(origin) ? route.continue() : route.abort();
    });
    const page = await context.newPage();
    const errors: string[] = [];
    page.on("pageerror", (error) => errors.push(error.message));
    await page.goto(`${origin}/`);
    const results = await page.evaluate(() => (window as unknown as { results: Promise<unknown> }).results);
    expect(errors).toEqual([]);
    expect(results).toEqual({
      controlled: true,
      token: [200, "Bearer"],
      created: "ACTIVATION_REQUIRED",
      deviceLink: "https://api.pingone.com/v1/environments/ENV/users/USER/devices/DEVICE",
      pairingDigits: true,
      activated: "ACTIVE",
      auth: "OTP_REQUIRED",
      authLink: "https://auth.pingone.com/ENV/deviceAuthentications/AUTH",
      wrong: expect.objectContaining({ name: "PingOneApiError", status: 400, detail: "INVALID_OTP", api: true }),
      checked: "COMPLETED",
      limited: expect.objectContaining({ status: 429, code: "REQUEST_LIMITED", retryAfterMs: 3000, api: true }),
      dropped: expect.objectContaining({ name: "PingOneNetworkError", network: true }),
      listed: [1, 0],
      euDeviceLink: "https://api.pingone.eu/v1",
      other: "not a PingOne answer: the page's own server",
      unhandled: ["/not-pingone"],
      violations: 0,
    });
    expect(network.filter((url) => /pingone/.test(new URL(url).hostname))).toEqual([]);
    expect(network).toContain(`${origin}/not-pingone`);
    await context.close();
  });
});
