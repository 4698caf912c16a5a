// Other tools on the published spec (issue 21): the two files the tarball exports as
// `pingone-mfa/openapi.json` (the description, open to statuses PingOne adds) and
// `pingone-mfa/openapi.sdk.json` (its variant for code generators), taken from the packed tarball.
// A validator (@apidevtools/swagger-parser) must accept both; openapi-zod-client's generated module
// must import, and keep the one-value literals; a @hey-api/openapi-ts client must type-check with
// `tsc --strict` and, from the generator variant, narrow a deviceAuthentication on `status`. The
// tools come from test/package/spec-tools (its own lockfile, installed by install-locked.mjs).
import { execFile } from "node:child_process";
import { readFile, mkdtemp, rm, symlink, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { figure } from "../support/figures.ts";
import { installLocked } from "./install-locked.mjs";

const run = promisify(execFile);
const root = fileURLToPath(new URL("../..", import.meta.url));
const tools = join(root, "test/package/spec-tools");
const FILES = { full: "openapi.json", sdk: "openapi.sdk.json" } as const;
type Variant = keyof typeof FILES;

// Each runs with the tools' node_modules beside it and prints one JSON line.
const VALIDATE = `import SwaggerParser from "@apidevtools/swagger-parser";
const file = process.argv[2];
SwaggerParser.validate(file).then(
  () => console.log(JSON.stringify({ valid: true })),
  (error) => console.log(JSON.stringify({ valid: false, message: String(error.message) })),
);
`;
// Compiles openapi-zod-client's TypeScript module to JavaScript (no type-check: the point is what
// importing it does), imports it, and tries a few values on its schemas.
const IMPORT_ZOD = `import { readFileSync, writeFileSync } from "node:fs";
import { pathToFileURL } from "node:url";
import ts from "typescript";
const file = process.argv[2];
const out = file.replace(/\\.ts$/, ".mjs");
const source = readFileSync(file, "utf8");
writeFileSync(out, ts.transpileModule(source, { compilerOptions: { module: ts.ModuleKind.ESNext, target: ts.ScriptTarget.ES2022 } }).outputText);
let module;
try {
  module = await import(pathToFileURL(out).href);
} catch (error) {
  console.log(JSON.stringify({ imported: false, message: String(error.message) }));
  process.exit(0);
}
const { schemas } = module;
const phone = "+15125201234";
const id = "0783541c-a172-8d40-8f1e-2c9b7a6d5e4f";
console.log(JSON.stringify({
  imported: true,
  exports: Object.keys(module).sort(),
  smsAsSms: schemas.SmsDeviceCreate.safeParse({ type: "SMS", phone }).success,
  voiceAsSms: schemas.SmsDeviceCreate.safeParse({ type: "VOICE", phone }).success,
  newStatus: schemas.DeviceAuthentication.safeParse({ id, status: "A_STATUS_PINGONE_ADDS_LATER" }).success,
}));
`;
// What a user of the generated client writes: read a deviceAuthentication, and follow its status.
const NARROW = `import { getDeviceAuthentication } from "./client/sdk.gen";
import type { DeviceAuthentication } from "./client/types.gen";

export function next(auth: DeviceAuthentication): string {
  switch (auth.status) {
    case "OTP_REQUIRED":
      return auth._links["otp.check"].href;
    case "DEVICE_SELECTION_REQUIRED":
      return \`\${auth._embedded.devices.length} devices\`;
    default:
      return auth.status;
  }
}

export async function read(environmentId: string, deviceAuthenticationId: string): Promise<string> {
  const { data } = await getDeviceAuthentication({ path: { environmentId, deviceAuthenticationId }, throwOnError: true });
  return next(data);
}
`;
const TSC_FLAGS = ["--strict", "--noEmit", "--target", "ES2022", "--module", "esnext", "--moduleResolution", "bundler"];

describe("the published spec in other tools: a validator and two generators", () => {
  let dir: string;
  let unavailable: string | undefined;
  const spec: Record<Variant, string> = { full: "", sdk: "" };
  const rows: string[] = [];
  const version = async (name: string) =>
    JSON.parse(await readFile(join(tools, "node_modules", name, "package.json"), "utf8")).version as string;
  const node = async (script: string, file: string) => {
    const { stdout } = await run(process.execPath, [join(dir, script), file], { cwd: dir, timeout: 120_000 });
    return JSON.parse(stdout.trim().split("\n").at(-1)!);
  };
  const bin = (name: string) => join(tools, "node_modules/.bin", name);

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), "pingone-mfa-spec-tools-"));
    unavailable = await installLocked(tools);
    // The two files as the tarball ships them, found through its "exports".
    await run("tar", ["-xzf", inject("tarball"), "-C", dir]);
    const manifest = JSON.parse(await readFile(join(dir, "package/package.json"), "utf8"));
    for (const [variant, file] of Object.entries(FILES) as Array<[Variant, string]>) {
      spec[variant] = join(dir, "package", manifest.exports[`./${file}`]);
    }
    if (unavailable) return;
    await symlink(join(tools, "node_modules"), join(dir, "node_modules"), "dir");
    await writeFile(join(dir, "validate.mjs"), VALIDATE);
    await writeFile(join(dir, "import-zod.mjs"), IMPORT_ZOD);
  }, 360_000);
  afterAll(async () => {
    if (unavailable) console.log(`spec tools NOT RUN: ${unavailable}`);
    figure(`spec in other tools: ${unavailable ? `not run, because ${unavailable}` : rows.join("; ")}`);
    await rm(dir, { recursive: true, force: true });
  });

  it("the tarball exports both files, and the generator variant says it is one", async () => {
    const [full, sdk] = await Promise.all(
      [spec.full, spec.sdk].map(async (file) => JSON.parse(await readFile(file, "utf8"))),
    );
    expect(full.openapi).toBe("3.1.0");
    expect(sdk.openapi).toBe("3.1.0");
    expect(sdk.info.description).toMatch(/^This is `openapi\.sdk\.json`, the variant for code generators/);
    expect(full.info.description).not.toMatch(/openapi\.sdk\.json/);
  });

  it("@apidevtools/swagger-parser validates both files", async () => {
    if (unavailable) return void rows.push("swagger-parser not run");
    const results = { full: await node("validate.mjs", spec.full), sdk: await node("validate.mjs", spec.sdk) };
    rows.push(
      `@apidevtools/swagger-parser ${await version("@apidevtools/swagger-parser")} validates ${results.full.valid && results.sdk.valid ? "both files" : "NOT both files"}`,
    );
    expect(results.full).toEqual({ valid: true });
    expect(results.sdk).toEqual({ valid: true });
  }, 200_000);

  it("openapi-zod-client's module imports from both files, keeps the literals, and only openapi.json's passes a new status", async () => {
    if (unavailable) return void rows.push("openapi-zod-client not run");
    const results: Record<string, any> = {};
    for (const [variant, file] of Object.entries(spec)) {
      const out = join(dir, `zod-${variant}.ts`);
      await run(bin("openapi-zod-client"), [file, "-o", out], { cwd: dir, timeout: 120_000 });
      results[variant] = await node("import-zod.mjs", out);
    }
    const ok = results.full.imported && results.sdk.imported;
    rows.push(
      `openapi-zod-client ${await version("openapi-zod-client")}'s module ${ok ? "imports" : "THROWS ON IMPORT"} from both (an SMS create with type VOICE refused: ${results.full.voiceAsSms === false && results.sdk.voiceAsSms === false ? "yes" : "NO"})`,
    );
    for (const variant of ["full", "sdk"]) {
      expect(results[variant], variant).toMatchObject({ imported: true, smsAsSms: true, voiceAsSms: false });
      expect(results[variant].exports, variant).toEqual(expect.arrayContaining(["createApiClient", "schemas"]));
    }
    expect(results.full.newStatus).toBe(true);
    expect(results.sdk.newStatus).toBe(false);
  }, 300_000);

  it("a @hey-api/openapi-ts client from openapi.sdk.json type-checks with --strict and narrows on status (from openapi.json it does not)", async () => {
    if (unavailable) return void rows.push("@hey-api/openapi-ts not run");
    const results: Record<string, string> = {};
    for (const [variant, file] of Object.entries(spec)) {
      const project = join(dir, `hey-${variant}`);
      await run(
        bin("openapi-ts"),
        ["-i", file, "-o", join(project, "client"), "-c", "@hey-api/client-fetch", "--no-log-file", "-s"],
        { cwd: dir, timeout: 180_000 },
      );
      await writeFile(join(project, "narrow.ts"), NARROW);
      results[variant] = await run(
        process.execPath,
        [join(tools, "node_modules/typescript/bin/tsc"), ...TSC_FLAGS, "--lib", "ES2022,DOM,DOM.Iterable", "narrow.ts"],
        { cwd: project, timeout: 180_000 },
      ).then(
        () => "ok",
        (error: { stdout: string }) => error.stdout.trim(),
      );
    }
    const narrows = results.sdk === "ok";
    const fullErrors = [...new Set(results.full!.match(/TS\d+/g) ?? [])].join(", ");
    rows.push(
      `@hey-api/openapi-ts ${await version("@hey-api/openapi-ts")} client from openapi.sdk.json ${narrows ? "type-checks" : "FAILS"} with tsc ${await version("typescript")} --strict and ${narrows ? "narrows" : "does NOT narrow"} a deviceAuthentication on status (from openapi.json: ${fullErrors || "no error"}, its unknown-status branch)`,
    );
    expect(results.sdk).toBe("ok");
    // openapi.json keeps its catch-all branch (status: string), so the union cannot narrow: the
    // reason the variant exists. Only the narrowing lines fail, not the client itself.
    const lines = results.full!.split("\n").filter((line) => /error TS/.test(line));
    expect(lines.length).toBeGreaterThan(0);
    for (const line of lines) expect(line).toMatch(/^narrow\.ts\(\d+,\d+\): error TS(18048|2532):/);
  }, 400_000);
});
