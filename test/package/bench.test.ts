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
    await promisify(execFile)(
      join(root, "node_modules/.bin/tsx"),
      ["scripts/bench.ts", "--smoke", "--built", "--out", out],
      {
        cwd: root,
      },
    );
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
    // The simulator's figures (spawn to first answer, Prism loaded, throughput, RSS): their shape, not their values.
    const spawnFirst = results.mock.spawnToFirstAnswer;
    expect(spawnFirst.variants.map((v: { name: string }) => v.name)).toEqual([
      "stateful simulator (pingone-mfa/testing, built)",
      "bare node:http server (canned 201)",
    ]);
    for (const v of spawnFirst.variants) expect(v.medianMs).toBeGreaterThan(0);
    expect(spawnFirst.ratioToBare.median).toBeGreaterThan(0);
    expect(Number.isInteger(spawnFirst.prismModules) && spawnFirst.prismModules >= 0).toBe(true);
    // The simulator loads no CommonJS at all now; that the listing sees Prism when it is loaded is
    // shown by test/testing/pipeline.test.ts (the examples mode).
    expect(spawnFirst.modules).toBeGreaterThanOrEqual(spawnFirst.prismModules);
    const throughput = results.mock.throughput as Array<{ variant: string; ratioToPrism: { median: number } }>;
    expect(throughput.map((t) => t.variant)).toEqual([
      "pingone-mfa mock (stateful)",
      "pingone-mfa mock (examples)",
      "bare Prism CLI (-v silent)",
      "bare node:http server (canned answers) †",
    ]);
    for (const t of throughput) expect(t.ratioToPrism.median).toBeGreaterThan(0);
    expect(throughput.every((t) => "serverCpuUsPerRequest" in t && "cpuRatioToPrism" in t)).toBe(true);
    const rss = results.mock.rss;
    expect(rss.requests).toBe(rss.freshUsers * 8);
    expect(rss.checkpointsMiB).toHaveLength(5);
    expect(typeof rss.growthMiB).toBe("number");
    expect(Object.keys(rss.statuses)).toEqual(
      expect.arrayContaining(["devices.list (unknown user)", "deviceAuthentications.create (unknown user)"]),
    );
    expect(rss.statuses["devices.create"]).toEqual({ 201: rss.freshUsers });
    // The young generation is at its size from the start, so it cannot grow inside the figure.
    expect(rss.youngMiB.start).toBeGreaterThan(0);
    expect(rss.youngMiB.after).toBe(rss.youngMiB.start);
    const report = await readFile(join(out, "results.md"), "utf8");
    expect(report).toContain("| figure | measured | target |");
    // Where the servers ran: pinned to a core of their own, or why not.
    const pinning = results.mock.pinning;
    if ("notPinned" in pinning) expect(report).toContain(`not pinned, because ${pinning.notPinned}`);
    else {
      expect(pinning.serverCore).not.toBe(pinning.loadCores);
      expect(report).toContain(`Each server runs on core ${pinning.serverCore}`);
    }
    // Each new row: figure, measurement, target and a met/missed verdict.
    for (const [figure, target] of [
      ["spawn to first answer: a process starting the stateful simulator", "≤ 2×"],
      ["Prism modules (files of @stoplight packages) loaded in that simulator process", "0"],
      ["simulator throughput at concurrency 16 / bare Prism", "≥ 5×"],
      ["simulator RSS growth over", "≤ 20 MiB"],
    ])
      expect(report.split("\n").find((line) => line.startsWith(`| ${figure}`))).toMatch(
        new RegExp(`^\\| [^|]+ \\| [^|]+ \\| ${target} \\| (met|\\*\\*missed\\*\\*) \\|$`),
      );
  } finally {
    await rm(out, { recursive: true, force: true });
  }
});
