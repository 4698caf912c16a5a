// Proof that the hostile suites bite: the sources are copied to a temporary directory, one
// protection is broken there by a string replace (the redirect check never fires; redact returns
// its input unmasked), and the relevant hostile suite is run on the copy with vitest. Each mutant
// must make that run fail with failing tests, while the same run on an unmutated copy passes, so
// the failure is the mutation's doing. (One run on the unmutated copy covers every mutant's suite
// and filter at once: a vitest start-up less per mutant.)
import { spawn } from "node:child_process";
import { cp, mkdtemp, readFile, rm, symlink, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join, relative } from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, expect, it } from "vitest";
import { figure } from "../support/figures.ts";

const ROOT = fileURLToPath(new URL("../../", import.meta.url));

interface Mutant {
  name: string;
  file: string;
  mutate: (source: string) => string;
  /** The suite (and the part of it, a vitest -t pattern) that must catch the mutant. */
  test: string;
  filter: string;
}
const MUTANTS: Mutant[] = [
  {
    name: "the redirect check in src/transport/core.ts never fires",
    file: "src/transport/core.ts",
    mutate: (source) => source.replace("answer.redirected || (answer.status >= 300 && answer.status < 400)", "false"),
    test: "test/transport/hostile-server.test.ts",
    filter: "redirect",
  },
  {
    name: "redact in src/errors/redact.ts returns its input unmasked",
    file: "src/errors/redact.ts",
    mutate: (source) => source.replace(/(export function redact\([^\n]*\{)/, "$1\n  return text; // mutant"),
    test: "test/errors/redaction.test.ts",
    filter: "(OTP|phone|access token).* echoed in the server message",
  },
];

interface Run {
  code: number;
  passed: number;
  failed: number;
  /** Passed tests per test file (its path in the copy). */
  passedIn: Record<string, number>;
  output: string;
}
const dirs: string[] = [];
afterAll(async () => {
  await Promise.all(dirs.map((dir) => rm(dir, { recursive: true, force: true })));
});

/** A copy of the sources (src, test, generated, package.json, tsconfig.json) with node_modules linked, and a minimal vitest config. */
async function copy(label: string): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), `pingone-mutation-${label}-`));
  dirs.push(dir);
  await Promise.all([
    cp(join(ROOT, "src"), join(dir, "src"), { recursive: true }),
    cp(join(ROOT, "test"), join(dir, "test"), { recursive: true, filter: (path) => !path.includes("node_modules") }),
    cp(join(ROOT, "generated"), join(dir, "generated"), { recursive: true }),
    cp(join(ROOT, "package.json"), join(dir, "package.json")),
    cp(join(ROOT, "tsconfig.json"), join(dir, "tsconfig.json")),
    symlink(join(ROOT, "node_modules"), join(dir, "node_modules"), "dir"),
  ]);
  await writeFile(
    join(dir, "vitest.mutation.config.mjs"),
    // The same hang guards as the repository's config: a loaded machine is slow, not wrong.
    `export default { cacheDir: ${JSON.stringify(join(dir, ".vite"))}, test: { include: ["test/transport/hostile-server.test.ts", "test/errors/redaction.test.ts"], maxWorkers: 1, testTimeout: 120_000, hookTimeout: 120_000 } };\n`,
  );
  return dir;
}

/** Runs vitest on `dir` for the `tests` files, only the tests matching `filter`. */
function vitest(dir: string, tests: string[], filter: string): Promise<Run> {
  const report = join(dir, `report-${Math.random().toString(36).slice(2)}.json`);
  const env: NodeJS.ProcessEnv = { ...process.env, NO_COLOR: "1" };
  for (const key of Object.keys(env)) if (key.startsWith("VITEST") || key === "FORCE_COLOR") delete env[key];
  const args = [
    "run",
    "--config",
    join(dir, "vitest.mutation.config.mjs"),
    "--root",
    dir,
    "--reporter=json",
    `--outputFile=${report}`,
    "-t",
    filter,
    ...tests,
  ];
  return new Promise((resolve, reject) => {
    const child = spawn(join(ROOT, "node_modules/.bin/vitest"), args, { cwd: dir, env });
    let output = "";
    child.stdout.on("data", (chunk: Buffer) => (output += chunk));
    child.stderr.on("data", (chunk: Buffer) => (output += chunk));
    child.on("error", reject);
    child.on("close", async (code) => {
      const json = await readFile(report, "utf8").then(JSON.parse, () => undefined);
      const passedIn: Record<string, number> = {};
      for (const file of json?.testResults ?? []) {
        passedIn[relative(dir, file.name)] = file.assertionResults.filter(
          (r: { status: string }) => r.status === "passed",
        ).length;
      }
      resolve({
        code: code ?? 1,
        passed: json?.numPassedTests ?? 0,
        failed: json?.numFailedTests ?? 0,
        passedIn,
        output: output.slice(-3000),
      });
    });
  });
}

it("each mutant makes its hostile suite fail, and the unmutated copy passes", async () => {
  const baseline = await copy("baseline");
  const mutants = await Promise.all(
    MUTANTS.map(async (mutant, i) => {
      const dir = await copy(`mutant${i}`);
      const path = join(dir, mutant.file);
      const source = await readFile(path, "utf8");
      const mutated = mutant.mutate(source);
      // A replace that matched nothing would test nothing: the mutation must really be there.
      expect(mutated, `the mutation of ${mutant.file} must change it (has the code moved?)`).not.toBe(source);
      await writeFile(path, mutated);
      return dir;
    }),
  );
  // The unmutated copy runs every mutant's suite with all the filters: passing that, it passes each
  // mutant's suite with its own filter (a subset of those tests).
  const everyFilter = MUTANTS.map((mutant) => `(${mutant.filter})`).join("|");
  const [base, ...mutated] = await Promise.all([
    vitest(baseline, [...new Set(MUTANTS.map((mutant) => mutant.test))], everyFilter),
    ...MUTANTS.map((mutant, i) => vitest(mutants[i]!, [mutant.test], mutant.filter)),
  ]);
  let killed = 0;
  MUTANTS.forEach((mutant, i) => {
    const run = mutated[i]!;
    if (base!.code === 0 && (base!.passedIn[mutant.test] ?? 0) > 0 && run.code !== 0 && run.failed > 0) killed++;
    expect(
      base!.code,
      `unmutated ${MUTANTS.map((m) => m.test).join(" ")} -t "${everyFilter}" must pass:\n${base!.output}`,
    ).toBe(0);
    expect(base!.passedIn[mutant.test], `unmutated ${mutant.test} -t "${everyFilter}" ran no test`).toBeGreaterThan(0);
    expect(run.code, `${mutant.name}: ${mutant.test} must fail:\n${run.output}`).not.toBe(0);
    expect(run.failed, `${mutant.name}: no test failed (did vitest even run?):\n${run.output}`).toBeGreaterThan(0);
  });
  figure(
    `mutation: ${MUTANTS.length} mutants, ${killed} killed by the hostile suites (${mutated.map((r) => r.failed).join(" and ")} tests failed; the unmutated copy passes)`,
  );
  expect(killed).toBe(MUTANTS.length);
});
