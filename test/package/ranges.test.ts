// The version ranges the package gives users, tested at both ends: the packed tarball installed with
// the lowest and with the newest allowed openapi-fetch, Prism packages and msw, then the package
// smoke (the client, `raw` with its path checks), the /testing smoke (the simulator, and the shipped
// contract command on the embedded mock) and the /msw smoke (the handlers under msw/node) on each.
import { execFile } from "node:child_process";
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import pkg from "../../package.json" with { type: "json" };
import { figure } from "../support/figures.ts";
import { consumerProject } from "./consumer.ts";

const run = promisify(execFile);
const ranges: Record<string, string> = { ...pkg.dependencies, ...pkg.peerDependencies };

// The lowest version each range allows, written out (a range's floor is what it says).
const LOWEST: Record<string, string> = {
  "@noble/hashes": "2.0.0",
  "openapi-fetch": "0.16.0",
  "@stoplight/prism-http": "5.7.0",
  "@stoplight/prism-core": "5.6.0",
  "@stoplight/prism-http-server": "5.7.0",
  msw: "2.0.0",
};
// The newest when this was written; the registry's answer replaces it when it can be asked.
const NEWEST_KNOWN: Record<string, string> = {
  "@noble/hashes": "2.4.0",
  "openapi-fetch": "0.17.0",
  "@stoplight/prism-http": "5.16.0",
  "@stoplight/prism-core": "5.16.0",
  "@stoplight/prism-http-server": "5.16.0",
  msw: "2.15.0",
};

async function newestAllowed(name: string): Promise<string> {
  try {
    const { stdout } = await run("npm", ["view", `${name}@${ranges[name]}`, "version", "--json"], { timeout: 30_000 });
    const versions = [JSON.parse(stdout) as string | string[]].flat();
    // npm lists them as text sorts; the newest is the highest by number.
    const numbers = (v: string) => v.split(/[.-]/).map(Number);
    return versions.sort((a, b) => numbers(a).reduce((d, n, i) => d || n - (numbers(b)[i] ?? 0), 0)).at(-1)!;
  } catch {
    return NEWEST_KNOWN[name]!;
  }
}

const SMOKE = `import { createMfaClient, PingOneValidationError } from "pingone-mfa";
import { startMockServer } from "pingone-mfa/testing";
const mock = await startMockServer();
const env = crypto.randomUUID();
const user = crypto.randomUUID();
const mfa = createMfaClient({ environmentId: env, accessToken: "t", apiBaseUrl: mock.apiBaseUrl, authBaseUrl: mock.authBaseUrl, retry: false });
const policy = { id: "5a0a0950-8a81-4739-b12a-f4d6a11c7a82" };
const device = await mfa.devices.create(user, { type: "EMAIL", email: "a@example.com", status: "ACTIVATION_REQUIRED", policy });
const active = await mfa.devices.activate(user, device.id, { otp: mock.lastOtp({ deviceId: device.id }) });
// raw: openapi-fetch with the client's path checks and transport.
const listed = await mfa.raw.api.GET("/environments/{environmentId}/users/{userId}/devices", { params: { path: { environmentId: env, userId: user } } });
const traversal = await mfa.raw.api.GET("/environments/{environmentId}/users/{userId}/devices/{deviceId}", { params: { path: { environmentId: env, userId: user, deviceId: ".." } } }).then(() => "sent", (e) => (e instanceof PingOneValidationError ? e.field : String(e)));
const bad = await fetch(mock.apiBaseUrl + "/environments/" + env + "/users/" + user + "/devices", { method: "POST", headers: { authorization: "Bearer t", "content-type": "application/json" }, body: JSON.stringify({ type: "SMS" }) });
const invalid = bad.status + " " + (await bad.json()).code;
await mock.close();
// pingone-mfa/msw: the same simulation as MSW handlers, on PingOne's hosts (here the EU region's).
const { setupServer } = await import("msw/node");
const { createPingOneHandlers } = await import("pingone-mfa/msw");
const pingone = createPingOneHandlers();
const server = setupServer(...pingone.handlers);
server.listen({ onUnhandledRequest: "error" });
const viaMsw = createMfaClient({ environmentId: env, accessToken: "t", region: "EU", fetch: (request) => fetch(request), retry: false });
const mswDevice = await viaMsw.devices.create(user, { type: "EMAIL", email: "a@example.com", status: "ACTIVATION_REQUIRED", policy });
const mswActive = await viaMsw.devices.activate(user, mswDevice.id, { otp: pingone.lastOtp({ deviceId: mswDevice.id }) });
server.close();
console.log(JSON.stringify({ created: device.status, activated: active.status, rawListed: listed.data.size, traversal, invalid, msw: mswActive.status + " " + mswActive._links.self.href.split("/")[2] }));
`;
const EXPECTED = {
  created: "ACTIVATION_REQUIRED",
  activated: "ACTIVE",
  rawListed: 1,
  traversal: "deviceId",
  invalid: "400 INVALID_DATA",
  msw: "ACTIVE api.pingone.eu",
};

describe("version ranges, tested at both ends", () => {
  let packDir: string;
  const lines: string[] = [];

  beforeAll(async () => {
    packDir = await mkdtemp(join(tmpdir(), "pingone-mfa-ranges-"));
  });
  afterAll(async () => {
    if (lines.length) figure(`ranges: ${lines.join("; ")}`);
    await rm(packDir, { recursive: true, force: true });
  });

  it("declares ranges, not exact pins, for openapi-fetch and the Prism and msw peers", () => {
    for (const [name, range] of Object.entries(ranges)) expect(range, name).toMatch(/^(\^|>=)/);
    expect(Object.keys(LOWEST).sort()).toEqual(Object.keys(ranges).sort());
  });

  it.each(["lowest", "newest"] as const)(
    "the %s allowed versions: the package and /testing smokes pass",
    async (end) => {
      const versions =
        end === "lowest"
          ? LOWEST
          : Object.fromEntries(
              await Promise.all(Object.keys(ranges).map(async (name) => [name, await newestAllowed(name)] as const)),
            );
      const specs = Object.entries(versions).map(([name, version]) => `${name}@${version}`);
      // Exactly these versions: installed beside the tarball, which must accept them without ERESOLVE.
      const project = await consumerProject(join(packDir, end), {
        name: `ranges-${end}`,
        packages: specs,
        flags: ["--save-exact", "--engine-strict=false"],
      });
      const installed = Object.fromEntries(
        await Promise.all(
          Object.keys(versions).map(
            async (name) =>
              [
                name,
                JSON.parse(
                  // The file, not require: @noble/hashes 2.4 does not export its package.json.
                  (
                    await run(
                      process.execPath,
                      [
                        "-p",
                        `JSON.stringify(JSON.parse(require("fs").readFileSync("node_modules/${name}/package.json", "utf8")).version)`,
                      ],
                      {
                        cwd: project,
                      },
                    )
                  ).stdout,
                ),
              ] as const,
          ),
        ),
      );
      expect(installed).toEqual(versions);
      await writeFile(join(project, "smoke.mjs"), SMOKE);
      const { stdout } = await run(process.execPath, ["smoke.mjs"], { cwd: project });
      expect(JSON.parse(stdout.trim().split("\n").at(-1)!)).toEqual(EXPECTED);
      const contract = await run("npx", ["--no-install", "pingone-mfa", "contract"], {
        cwd: project,
        env: Object.fromEntries(Object.entries(process.env).filter(([key]) => !key.startsWith("PINGONE_"))),
      });
      expect(contract.stdout).toMatch(/(\d+) of \1 checks passed/);
      lines.push(
        `${end} (${Object.entries(versions)
          .map(([name, version]) => `${name.replace("@stoplight/", "")} ${version}`)
          .join(", ")}) passed`,
      );
    },
  );
});
