// The benchmark script, run with tiny counts (`--smoke`) so it cannot rot: every section produces
// its figures and the report is written. The real figures come from `npm run bench`.
import { execFile } from "node:child_process";
import { mkdtemp, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import { expect, it } from "vitest";

const root = fileURLToPath(new URL("../..", import.meta.url));

it("npm run bench -- --smoke measures every section and writes the report", async () => {
  const out = await mkdtemp(join(tmpdir(), "pingone-mfa-bench-"));
  try {
    await promisify(execFile)(join(root, "node_modules/.bin/tsx"), ["scripts/bench.ts", "--smoke", "--out", out], { cwd: root });
    const results = JSON.parse(await readFile(join(out, "results.json"), "utf8"));
    expect(results.smoke).toBe(true);
    expect(results.overhead.map((v: { variant: string }) => v.variant)).toHaveLength(4);
    for (const variant of results.overhead) expect(variant.p50Ms).toBeGreaterThan(0);
    for (const set of results.phone) expect(set.oursOpsPerSec).toBeGreaterThan(0);
    expect(results.bundle.gzipBytes).toBeGreaterThan(1000);
    expect(results.bundle.metadataBuilds.map((b: { metadata: string }) => b.metadata)).toEqual(["shipped", "min", "mobile", "max"]);
    expect(results.contract.mockStartMs).toBeGreaterThan(0);
    expect(results.coldStart.client.firstRequestMs).toBeGreaterThan(0);
    expect(await readFile(join(out, "results.md"), "utf8")).toContain("| figure | measured | target |");
  } finally {
    await rm(out, { recursive: true, force: true });
  }
}, 120_000);
