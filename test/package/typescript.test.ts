// The TypeScript matrix: a strict consumer (skipLibCheck off, so the package's own declarations and
// openapi-fetch's are checked too) compiled against the packed tarball with the minimum TypeScript
// the README states and the newest: ESM under nodenext and bundler, CommonJS (.cts files, which read
// the package's .d.cts declarations) under nodenext and node16, and a .cts under
// verbatimModuleSyntax, where only `import x = require(...)` and `import type` compile (named imports
// are TS1286 whatever the package, as the README says). Compilers come from test/package/typescript.
import { execFile } from "node:child_process";
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import pkg from "../../package.json" with { type: "json" };
import { figure } from "../support/figures.ts";
import { installLocked } from "./install-locked.mjs";
import { consumerProject, prismPeers } from "./consumer.ts";

const run = promisify(execFile);
const root = fileURLToPath(new URL("../..", import.meta.url));
const compilers = join(root, "test/package/typescript");
const tsc = (alias: string) => join(compilers, "node_modules", alias, "bin/tsc");
const VERSIONS = { min: "typescript-5.4", newest: "typescript-newest" } as const;

// What a consumer writes: narrowing on unions, a token source, typed errors, raw, the testing entry.
const CONSUMER = `import { clientCredentials, createMfaClient, PingOneApiError, type Device, type DeviceAuthentication, type DeviceCreate } from "pingone-mfa";
import { startMockServer, type MockServer } from "pingone-mfa/testing";

export function phoneOf(device: Device): string | undefined {
  return device.type === "SMS" || device.type === "VOICE" ? device.phone : undefined;
}
export function target(input: DeviceCreate): string {
  switch (input.type) {
    case "SMS":
      return input.phone;
    case "EMAIL":
      return input.email;
    default:
      return input.type;
  }
}
export function next(auth: DeviceAuthentication): string {
  return auth.status === "OTP_REQUIRED" ? auth._links["otp.check"].href : auth.status;
}
export async function main(): Promise<void> {
  const mock: MockServer = await startMockServer();
  const accessToken = clientCredentials({ clientId: "id", clientSecret: "secret", environmentId: "env", authBaseUrl: mock.authBaseUrl });
  const mfa = createMfaClient({ environmentId: "env", accessToken, apiBaseUrl: mock.apiBaseUrl, authBaseUrl: mock.authBaseUrl });
  try {
    const device = await mfa.devices.create("user", { type: "SMS", phone: "+15125201234", status: "ACTIVATION_REQUIRED" });
    console.log(phoneOf(device));
    const { data } = await mfa.raw.api.GET("/environments/{environmentId}/users/{userId}/devices", { params: { path: { environmentId: "env", userId: "user" } } });
    for (const d of data?._embedded.devices ?? []) if (d.type === "SMS") console.log(d.id);
    // @ts-expect-error an EMAIL device has no phone
    await mfa.devices.create("user", { type: "EMAIL", email: "a@example.com", phone: "+15125201234", policy: { id: "p" } });
    // @ts-expect-error FAX is not a device type
    await mfa.devices.create("user", { type: "FAX" });
  } catch (error) {
    if (error instanceof PingOneApiError) console.log(error.status, error.code);
  } finally {
    await mock.close();
  }
}
`;
// CommonJS spellings: import (compiled to require) in a .cts file, and import = require with
// export =, the ones that also compile under verbatimModuleSyntax.
const CONSUMER_REQUIRE = `import mfaPackage = require("pingone-mfa");
import testing = require("pingone-mfa/testing");
import type { Device } from "pingone-mfa";
const phoneOf = (device: Device) => (device.type === "SMS" ? device.phone : undefined);
const make = () => mfaPackage.createMfaClient({ environmentId: "env", accessToken: "t" });
const start = () => testing.startMockServer();
function status(error: unknown): number | undefined {
  return error instanceof mfaPackage.PingOneApiError ? error.status : undefined;
}
export = { phoneOf, make, start, status };
`;
// Named imports in a .cts: fine without verbatimModuleSyntax (consumer.cts), TS1286 with it.
const CONSUMER_NAMED = `import { createMfaClient } from "pingone-mfa";
const make = () => createMfaClient({ environmentId: "env", accessToken: "t" });
export = make;
`;

const options = (extra: Record<string, string>) => ({
  compilerOptions: { target: "ES2022", strict: true, skipLibCheck: false, noEmit: true, types: ["node"], ...extra },
});

describe("TypeScript: a strict consumer on the minimum and the newest TypeScript", () => {
  let dir: string;
  let unavailable: string | undefined;
  const rows: string[] = [];

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), "pingone-mfa-typescript-"));
    unavailable = await installLocked(compilers);
    for (const [project, type] of [
      ["esm", "module"],
      ["cjs", "commonjs"],
    ] as const) {
      await consumerProject(join(dir, project), {
        name: `ts-${project}`,
        type,
        packages: [...prismPeers(), `@types/node@${pkg.devDependencies["@types/node"]}`],
      });
    }
    await writeFile(join(dir, "esm/consumer.ts"), CONSUMER);
    await writeFile(
      join(dir, "esm/tsconfig.nodenext.json"),
      JSON.stringify({ ...options({ module: "nodenext", moduleResolution: "nodenext" }), files: ["consumer.ts"] }),
    );
    await writeFile(
      join(dir, "esm/tsconfig.bundler.json"),
      JSON.stringify({ ...options({ module: "esnext", moduleResolution: "bundler" }), files: ["consumer.ts"] }),
    );
    await writeFile(join(dir, "cjs/consumer.cts"), CONSUMER);
    await writeFile(join(dir, "cjs/require.cts"), CONSUMER_REQUIRE);
    await writeFile(join(dir, "cjs/named.cts"), CONSUMER_NAMED);
    for (const module of ["nodenext", "node16"])
      await writeFile(
        join(dir, `cjs/tsconfig.${module}.json`),
        JSON.stringify({ ...options({ module, moduleResolution: module }), files: ["consumer.cts", "require.cts"] }),
      );
    const verbatim = options({ module: "nodenext", moduleResolution: "nodenext" });
    Object.assign(verbatim.compilerOptions, { verbatimModuleSyntax: true });
    await writeFile(join(dir, "cjs/tsconfig.verbatim.json"), JSON.stringify({ ...verbatim, files: ["require.cts"] }));
    await writeFile(
      join(dir, "cjs/tsconfig.verbatim-named.json"),
      JSON.stringify({ ...verbatim, files: ["named.cts"] }),
    );
  });
  afterAll(async () => {
    if (rows.length) figure(`typescript: ${rows.join(", ")}`);
    if (unavailable) console.log(`TypeScript matrix NOT RUN: ${unavailable}`);
    await rm(dir, { recursive: true, force: true });
  });

  /** tsc's output for a project and config: "ok", or its error lines. */
  async function compile(alias: string, project: string, config: string): Promise<string> {
    return run(process.execPath, [tsc(alias), "-p", config], { cwd: join(dir, project), timeout: 180_000 }).then(
      () => "ok",
      (error: { stdout: string }) => error.stdout.trim(),
    );
  }
  const version = async (alias: string) =>
    (await run(process.execPath, [tsc(alias), "-v"])).stdout.trim().replace("Version ", "");

  const cases: Array<[string, keyof typeof VERSIONS, "esm" | "cjs", string]> = [
    ["ESM, nodenext, minimum", "min", "esm", "tsconfig.nodenext.json"],
    ["ESM, bundler, minimum", "min", "esm", "tsconfig.bundler.json"],
    ["ESM, nodenext, newest", "newest", "esm", "tsconfig.nodenext.json"],
    ["ESM, bundler, newest", "newest", "esm", "tsconfig.bundler.json"],
    ["CommonJS, nodenext, minimum", "min", "cjs", "tsconfig.nodenext.json"],
    ["CommonJS, node16, minimum", "min", "cjs", "tsconfig.node16.json"],
    ["CommonJS, nodenext, newest", "newest", "cjs", "tsconfig.nodenext.json"],
    ["CommonJS, node16, newest", "newest", "cjs", "tsconfig.node16.json"],
    ["CommonJS, verbatimModuleSyntax, import = require, minimum", "min", "cjs", "tsconfig.verbatim.json"],
    ["CommonJS, verbatimModuleSyntax, import = require, newest", "newest", "cjs", "tsconfig.verbatim.json"],
  ];
  it.each(cases)("%s compiles with no error", async (name, which, project, config) => {
    if (unavailable) return void rows.push(`${name} not run`);
    const result = await compile(VERSIONS[which], project, config);
    rows.push(
      `${project} ${config.split(".")[1]} ${await version(VERSIONS[which])} ${result === "ok" ? "ok" : "FAILED"}`,
    );
    expect(result).toBe("ok");
  });

  it.each(["min", "newest"] as const)(
    "named imports in a .cts under verbatimModuleSyntax fail as the README says (TS1286), on %s",
    async (which) => {
      if (unavailable) return void rows.push(`cts named imports under verbatimModuleSyntax (${which}) not run`);
      const result = await compile(VERSIONS[which], "cjs", "tsconfig.verbatim-named.json");
      rows.push(`cjs verbatim named imports ${await version(VERSIONS[which])} TS1286 as documented`);
      const errors = result.split("\n").filter((line) => line.includes("error TS"));
      expect(errors.length).toBeGreaterThan(0);
      expect(errors.filter((line) => !/^named\.cts\(\d+,\d+\): error TS1286:/.test(line))).toEqual([]);
    },
  );

  it("the README states the minimum this matrix tests", async () => {
    const readme = await import("node:fs/promises").then((fs) => fs.readFile(join(root, "README.md"), "utf8"));
    expect(readme).toContain(`TypeScript ${(await version(VERSIONS.min)).replace(/\.\d+$/, "")} or later`);
    expect(readme).toContain("CommonJS (`require`, `.cts`) too, with `node16` or `nodenext`");
    expect(readme).toContain("imports in a `.cts` file do not compile (TS1286");
  });
});
