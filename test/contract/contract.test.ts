// Every named example of the spec, sent through the typed client to the mock built from the same
// spec, with the check the shipped `pingone-mfa contract` command runs (src/contract/examples.ts):
// one request, no violation, the documented status, the documented body or error. Prints and writes
// a per-run report.
import { mkdir, writeFile } from "node:fs/promises";
import { afterAll, describe, expect, inject, it } from "vitest";
import { actions } from "../../generated/actions.ts";
import { contractCases } from "../../src/contract/cases.ts";
import { type CheckResult, checkExample } from "../../src/contract/examples.ts";
import { textReport } from "../../src/contract/report.ts";

const REPORT = process.env.CONTRACT_REPORT ?? "dist/contract-report.json";
const cases = contractCases();
const results: CheckResult[] = [];

describe.skipIf(inject("live"))("contract: every named example through the client to the mock", () => {
  it.each(cases.map((c) => [`${c.operationId} ${c.mediaType ?? "-"} ${c.example ?? "(no content)"}`, c] as const))(
    "%s",
    async (_, c) => {
      const result = await checkExample(c, inject("mockUrl"));
      results.push(result);
      expect(result.problems).toEqual([]);
    },
  );

  it("covers every action of the spec and the five seeds", () => {
    expect(new Set(cases.map((c) => c.action))).toEqual(new Set(Object.keys(actions)));
    const seeds = ["sms", "smsGettingStarted", "whatsapp", "smsTestMode", "oneTimeSms"];
    expect(
      cases
        .filter((c) => seeds.includes(c.example ?? ""))
        .map((c) => c.example)
        .sort(),
    ).toEqual([...seeds].sort());
  });
});

afterAll(async () => {
  if (results.length === 0) return;
  const report = {
    mode: "mock" as const,
    target: `the documented examples (mock started in ${inject("mockStartMs")} ms)`,
    startedAt: new Date().toISOString(),
    ms: results.reduce((sum, r) => sum + r.ms, 0),
    results,
  };
  console.log(`\n${textReport(report, {})}`);
  await mkdir(REPORT.replace(/\/[^/]*$/, ""), { recursive: true });
  await writeFile(
    REPORT,
    `${JSON.stringify({ passed: results.filter((r) => r.passed).length, total: results.length, mockStartMs: inject("mockStartMs"), results }, null, 2)}\n`,
  );
});
