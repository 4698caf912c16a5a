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
    await promisify(execFile)(join(root, "node_modules/.bin/tsx"), ["scripts/bench.ts", "--smoke", "--out", out], {
      cwd: root,
    });
    const results = JSON.parse(await readFile(join(out, "results.json"), "utf8"));
    expect(results.smoke).toBe(true);
    const variants = results.perCall.variants as Array<{
      variant: string;
      p50Us: number;
      c1: { median: number };
      cpu: { median: number };
      c32: { median: number };
    }>;
    expect(variants.map((v) => v.variant)).toEqual(
      expect.arrayContaining(["hand-written fetch", "pingone-mfa (Node: node:http)", "pingone-mfa (fetch transport)"]),
    );
    for (const v of variants)
      for (const figure of [v.p50Us, v.c1.median, v.cpu.median, v.c32.median]) expect(figure).toBeGreaterThan(0);
    // Without bench/peers installed (CI), the peers are reported as not run, with the reason.
    if (!variants.some((v) => v.variant.startsWith("okta")))
      expect(results.perCall.peersNote).toMatch(/not run, because/);
    for (const set of results.phone) expect(set.oursOpsPerSec).toBeGreaterThan(0);
    expect(results.bundle.gzipBytes).toBeGreaterThan(1000);
    expect(results.bundle.metadataBuilds.map((b: { metadata: string }) => b.metadata)).toEqual([
      "shipped",
      "min",
      "mobile",
      "max",
    ]);
    expect(results.contract.mockStartMs).toBeGreaterThan(0);
    const cold = (results.coldStart as Array<{ name: string; totalMs: number }>).find(
      (c) => c.name === "pingone-mfa (Node)",
    );
    expect(cold?.totalMs).toBeGreaterThan(0);
    expect(await readFile(join(out, "results.md"), "utf8")).toContain("| figure | measured | target |");
  } finally {
    await rm(out, { recursive: true, force: true });
  }
});
