// Jest as a consumer of the packed tarball, in its default (CommonJS) mode and in its ESM mode
// (`node --experimental-vm-modules`), on Node 20 (this process's) and Node 22 and 24 (from
// test/package/runtimes): plain JS test files (test/package/jest/tests) that create a client
// against the simulator from pingone-mfa/testing, create a device, and check `instanceof` of the
// client's errors against the classes the package exports; in ESM mode also across import and
// require, which load two builds. Jest comes from test/package/jest (its own lockfile, installed by
// test/package/install-locked.mjs); what cannot be had is reported as not run, with the reason.
import { execFile } from "node:child_process";
import { existsSync } from "node:fs";
import { copyFile, mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import pkg from "../../package.json" with { type: "json" };
import { figure } from "../support/figures.ts";
import { consumerProject } from "./consumer.ts";
import { installLocked } from "./install-locked.mjs";

const root = fileURLToPath(new URL("../..", import.meta.url));
const jestDir = join(root, "test/package/jest");
const jestBin = join(jestDir, "node_modules/jest/bin/jest.js");
const tests = join(jestDir, "tests");
const runtime = (name: string) => join(root, "test/package/runtimes/node_modules", name, "bin/node");

// What each mode's files must report as passed, by file: every test, none skipped.
const EXPECTED = {
  cjs: {
    "cjs.test.cjs": [
      "require loads the CommonJS builds",
      "creates and activates a device against the simulator",
      "an API error is a PingOneApiError and a PingOneError",
      "a phone refused before sending is a PhoneNumberError and a PingOneValidationError",
    ],
  },
  esm: {
    "esm.test.mjs": [
      "import and require load two builds",
      "creates and activates a device against the simulator",
      "an error from the imported client is an instance of both builds' classes",
      "an error from the required client is an instance of both builds' classes",
    ],
    "msw.test.mjs": ["the client talks to the handlers on PingOne's EU hosts"],
  },
} as const;
type Mode = keyof typeof EXPECTED;

const NODES: Array<[string, string]> = [
  [`Node ${process.versions.node}`, process.execPath],
  ["Node 22", runtime("node22")],
  ["Node 24", runtime("node24")],
];

interface JestResult {
  numFailedTests: number;
  numPendingTests: number;
  testResults: Array<{ name: string; message: string; assertionResults: Array<{ title: string; status: string }> }>;
}

describe("Jest (CommonJS and ESM modes) as a consumer of the packed package", () => {
  let dir: string;
  let unavailable: string | undefined;
  const rows: string[] = [];

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), "pingone-mfa-jest-"));
    unavailable = await installLocked(jestDir);
    if (unavailable) return;
    for (const mode of ["cjs", "esm"] as const) {
      const project = await consumerProject(join(dir, mode), {
        name: `jest-${mode}`,
        type: mode === "cjs" ? "commonjs" : "module",
        packages: mode === "esm" ? [`msw@${pkg.devDependencies.msw}`] : [],
      });
      for (const file of Object.keys(EXPECTED[mode])) await copyFile(join(tests, file), join(project, file));
      // Plain JS: no transform (Jest's ESM mode needs none, and its default babel-jest is not needed).
      await writeFile(join(project, "jest.config.json"), JSON.stringify({ testEnvironment: "node", transform: {} }));
    }
  });
  afterAll(async () => {
    if (rows.length)
      figure(
        `jest ${JSON.parse(await readFile(join(jestDir, "package.json"), "utf8")).dependencies.jest}: ${rows.join(", ")}`,
      );
    if (unavailable) console.log(`Jest consumer NOT RUN: ${unavailable}`);
    await rm(dir, { recursive: true, force: true });
  });

  /** Jest's JSON report of a run in `mode` on `node`, and its output when it has none. */
  async function jest(node: string, mode: Mode): Promise<JestResult | string> {
    const project = join(dir, mode);
    const report = join(project, "report.json");
    await rm(report, { force: true });
    const args = [
      ...(mode === "esm" ? ["--experimental-vm-modules"] : []),
      jestBin,
      "--ci",
      "--runInBand",
      "--watchman=false",
      `--cacheDirectory=${join(project, ".jest-cache")}`,
      "--json",
      `--outputFile=${report}`,
    ];
    const output = await new Promise<string>((resolve) =>
      execFile(node, args, { cwd: project, timeout: 300_000 }, (error, stdout, stderr) =>
        resolve(`${error?.message ?? ""}\n${stdout}\n${stderr}`),
      ),
    );
    return existsSync(report) ? (JSON.parse(await readFile(report, "utf8")) as JestResult) : output;
  }

  const cases = NODES.flatMap(([name, node]) =>
    (["cjs", "esm"] as const).map(
      (mode) => [`${name}, ${mode === "cjs" ? "CommonJS" : "ESM"} mode`, node, mode] as const,
    ),
  );
  it.each(cases)("%s: every test passes", async (name, node, mode) => {
    if (unavailable) return void rows.push(`${name} not run`);
    if (!existsSync(node)) {
      console.log(
        `Jest on ${name} NOT RUN: ${node} is not installed (node test/package/install-locked.mjs test/package/runtimes)`,
      );
      return void rows.push(`${name} not run`);
    }
    const result = await jest(node, mode);
    if (typeof result === "string") throw new Error(`Jest wrote no report:\n${result}`);
    const passed = Object.fromEntries(
      result.testResults.map((file) => [
        file.name.split(/[\\/]/).pop(),
        file.assertionResults.filter((test) => test.status === "passed").map((test) => test.title),
      ]),
    );
    const messages = result.testResults.map((file) => file.message).filter(Boolean);
    expect({ passed, messages }).toEqual({ passed: EXPECTED[mode], messages: [] });
    expect([result.numFailedTests, result.numPendingTests]).toEqual([0, 0]);
    rows.push(`${name} ${Object.values(passed).flat().length} passed`);
  });
});
