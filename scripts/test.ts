// `npm test`: the static checks, each reported as passed or failed, then vitest's `test` project,
// and one closing line "N passed, N failed". Static checks run side by side (they are independent),
// tests after. `npm run test:package` (`--package`): the `package` project alone, same closing line.
import { spawn } from "node:child_process";
import { readFile, rm } from "node:fs/promises";
import { fileURLToPath } from "node:url";

const root = fileURLToPath(new URL("..", import.meta.url));
const bin = (name: string) => `${root}node_modules/.bin/${name}`;
const packageLayer = process.argv.includes("--package");
const reportFile = `${root}.vitest-report${packageLayer ? "-package" : ""}.json`;

interface Outcome {
  code: number;
  output: string;
}

function run(cmd: string, args: string[], live = false): Promise<Outcome> {
  return new Promise((resolve) => {
    const child = spawn(cmd, args, { cwd: root, env: { ...process.env, NO_COLOR: "1" } });
    let output = "";
    const take = (chunk: Buffer) => {
      output += chunk;
      if (live) process.stdout.write(chunk);
    };
    child.stdout.on("data", take);
    child.stderr.on("data", take);
    child.on("close", (code) => resolve({ code: code ?? 1, output }));
  });
}

const checks: Array<[string, string, string[]]> = packageLayer
  ? []
  : [
      ["spec lint (redocly, strict)", bin("redocly"), ["lint", "--format=stylish"]],
      [
        "generator variant lint (redocly, strict)",
        bin("redocly"),
        ["lint", "generated/openapi.sdk.json", "--format=stylish"],
      ],
      [
        "bundled spec and generator variant lint (spectral:oas)",
        bin("spectral"),
        ["lint", "generated/openapi.json", "generated/openapi.sdk.json", "--fail-severity=hint"],
      ],
      ["generated/ matches openapi/", bin("tsx"), ["scripts/check-drift.ts"]],
      ["type-check", bin("tsc"), ["-p", "tsconfig.json"]],
      ["format (biome, biome.json)", bin("biome"), ["format", "."]],
    ];

let passed = 0;
let failed = 0;
let skipped = 0;
const results = await Promise.all(checks.map(([, cmd, args]) => run(cmd, args)));
checks.forEach(([name], i) => {
  const { code, output } = results[i]!;
  if (code === 0) {
    passed++;
    console.log(`✓ ${name}`);
  } else {
    failed++;
    console.log(`✗ ${name}\n${output.trim()}\n`);
  }
});

await rm(reportFile, { force: true });
const vitest = await run(
  bin("vitest"),
  [
    "run",
    "--project",
    packageLayer ? "package" : "test",
    "--reporter=default",
    "--reporter=json",
    `--outputFile.json=${reportFile}`,
  ],
  true,
);
const report = await readFile(reportFile, "utf8").then(JSON.parse, () => undefined);
if (report) {
  passed += report.numPassedTests;
  failed += report.numFailedTests;
  skipped += report.numPendingTests + report.numTodoTests;
  // A suite that fails to load has no tests to count, yet must not pass silently.
  if (vitest.code !== 0 && report.numFailedTests === 0) failed++;
} else {
  failed++;
  console.log("✗ vitest did not produce a report");
}

const figures = vitest.output.split("\n").filter((line) => line.startsWith("FIGURE "));
if (figures.length > 0) console.log(`\nFigures:\n${figures.map((line) => `  ${line.slice(7)}`).join("\n")}\n`);
if (skipped > 0) console.log(`${skipped} tests not run (see the NOT RUN lines above for why)`);
console.log(`${passed} passed, ${failed} failed${skipped > 0 ? `, ${skipped} skipped` : ""}`);
process.exit(failed === 0 ? 0 : 1);
