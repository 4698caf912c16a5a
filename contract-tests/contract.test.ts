// Every named example of the spec, sent through the typed client to the Prism mock built from the
// same spec: the status asked for comes back, Prism reports no violation, and the method returns
// the documented response. Prints and writes a per-run report.
import { mkdir, writeFile } from "node:fs/promises";
import { afterAll, describe, expect, inject, it } from "vitest";
import { createMfaClient, PingOneApiError } from "../src/index.ts";
import { actions } from "../generated/actions.ts";
import { contractCases, exampleIds } from "./cases.ts";

const REPORT = process.env.CONTRACT_REPORT ?? "dist/contract-report.json";
const cases = contractCases();
const ids = exampleIds();
const results: Array<{ operation: string; mediaType: string; example: string; status: number; result: string }> = [];

describe.skipIf(inject("live"))("contract: every named example through the client to the mock", () => {
  it.each(cases.map((c) => [`${c.operationId} ${c.mediaType ?? "-"} ${c.example ?? "(no content)"}`, c] as const))(
    "%s",
    async (_, c) => {
      const row = { operation: c.operationId, mediaType: c.mediaType ?? "", example: c.example ?? "", status: 0, result: "failed" };
      results.push(row);
      expect(c.send, `no client method sends ${c.operationId} ${c.mediaType}`).toBeDefined();
      const seen: Array<{ status: number; violations: string | null }> = [];
      const mfa = createMfaClient({
        environmentId: ids.environmentId,
        accessToken: "contract-test-token",
        apiBaseUrl: `${inject("mockUrl")}/v1`,
        authBaseUrl: inject("mockUrl"),
        retry: false,
        fetch: async (request) => {
          const response = await fetch(request);
          seen.push({ status: response.status, violations: response.headers.get("sl-violations") });
          return response;
        },
      });
      const prefer = `code=${c.status}${c.example && c.response !== undefined ? `, example=${c.example}` : ""}`;
      const data = await c.send!(mfa, c.request, ids, { headers: { Prefer: prefer } }, c.query).then(
        (value) => ({ value }),
        (error: unknown) => ({ error }),
      );
      row.status = seen[0]?.status ?? 0;
      expect(seen).toHaveLength(1);
      expect(seen[0]!.violations).toBeNull();
      expect(seen[0]!.status).toBe(c.status);
      if (c.error) {
        // A documented error comes back as the PingOneApiError it describes.
        const documented = c.response as { id?: string; code: string; details?: unknown[] };
        expect("error" in data && data.error).toBeInstanceOf(PingOneApiError);
        expect("error" in data && data.error).toMatchObject({ status: c.status, code: documented.code, id: documented.id, details: documented.details ?? [] });
      } else {
        expect("value" in data && data.value).toEqual(c.response);
      }
      row.result = "passed";
    },
  );

  it("covers every action of the spec and the five seeds", () => {
    expect(new Set(cases.map((c) => c.action))).toEqual(new Set(Object.keys(actions)));
    const seeds = ["sms", "smsGettingStarted", "whatsapp", "smsTestMode", "oneTimeSms"];
    expect(cases.filter((c) => seeds.includes(c.example ?? "")).map((c) => c.example).sort()).toEqual([...seeds].sort());
  });
});

afterAll(async () => {
  if (results.length === 0) return;
  const passed = results.filter((r) => r.result === "passed").length;
  const width = Math.max(...results.map((r) => `${r.operation} ${r.mediaType}`.length));
  const lines = results.map((r) => `${r.result === "passed" ? "✓" : "✗"} ${`${r.operation} ${r.mediaType}`.padEnd(width)}  ${r.example.padEnd(22)} ${r.status}`);
  console.log(`\nContract report: ${passed} of ${results.length} examples passed (mock started in ${inject("mockStartMs")} ms)\n${lines.join("\n")}`);
  await mkdir(REPORT.replace(/\/[^/]*$/, ""), { recursive: true });
  await writeFile(REPORT, `${JSON.stringify({ passed, total: results.length, mockStartMs: inject("mockStartMs"), results }, null, 2)}\n`);
});
