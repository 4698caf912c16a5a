// The contract report three ways: lines for a person (stdout), JUnit XML for CI, and JSON. Each
// way masks the report first, with the run's secrets (secrets.ts) and src/errors/redact.ts: the
// report is what users upload from CI, and its problems quote what the upstream answered.
import { redact, type Secrets } from "../errors/redact.js";
import type { CheckResult } from "./examples.js";

export interface Report {
  /** "mock" (the bundled examples against the embedded mock) or "live" (the walk against an environment). */
  mode: "mock" | "live";
  target: string;
  startedAt: string;
  ms: number;
  results: CheckResult[];
}

/** Longest problem kept in a report, after masking. */
export const MAX_PROBLEM = 4000;

/**
 * The report with every text masked: the secrets the run has seen, in any spelling, and every
 * token-shaped string and phone-like number. Numbers and the time stamp are the command's own.
 */
function masked(report: Report, secrets: Secrets): Report {
  const mask = (text: string, max = 500) => redact(text, secrets, max);
  return {
    ...report,
    target: mask(report.target),
    results: report.results.map((r) => ({
      ...r,
      group: mask(r.group),
      name: mask(r.name),
      problems: r.problems.map((p) => mask(p, MAX_PROBLEM)),
    })),
  };
}

const counts = (report: Report) => {
  const failed = report.results.filter((r) => !r.passed).length;
  return { passed: report.results.length - failed, failed, total: report.results.length };
};

export function textReport(unmasked: Report, secrets: Secrets): string {
  const report = masked(unmasked, secrets);
  const { passed, failed, total } = counts(report);
  const width = Math.max(0, ...report.results.map((r) => r.group.length));
  const lines = report.results.flatMap((r) => [
    `${r.passed ? "✓" : "✗"} ${r.group.padEnd(width)}  ${r.name}`,
    ...r.problems.map((p) => `    ${p}`),
  ]);
  return [
    `pingone-mfa contract (${report.mode}): ${report.target}`,
    ...lines,
    "",
    `${passed} of ${total} checks passed${failed ? `; ${failed} FAILED` : ""} (${(report.ms / 1000).toFixed(1)} s)`,
  ].join("\n");
}

const xml = (text: string) =>
  text
    .replace(/[&<>"']/g, (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&apos;" })[c]!)
    .replace(/[^\x09\x0a\x0d\x20-\ud7ff\ue000-\ufffd\u{10000}-\u{10ffff}]/gu, "\ufffd");
const seconds = (ms: number) => (ms / 1000).toFixed(3);

export function junitReport(unmasked: Report, secrets: Secrets): string {
  const report = masked(unmasked, secrets);
  const { failed, total } = counts(report);
  const suite = `pingone-mfa contract (${report.mode})`;
  const cases = report.results.map((r) => {
    const open = `    <testcase classname="${xml(r.group)}" name="${xml(r.name)}" time="${seconds(r.ms)}"`;
    if (r.passed) return `${open}/>`;
    return `${open}>\n      <failure message="${xml(r.problems[0] ?? "failed")}">${xml(r.problems.join("\n"))}</failure>\n    </testcase>`;
  });
  return [
    '<?xml version="1.0" encoding="UTF-8"?>',
    `<testsuites name="pingone-mfa contract" tests="${total}" failures="${failed}" time="${seconds(report.ms)}">`,
    `  <testsuite name="${xml(suite)}" tests="${total}" failures="${failed}" errors="0" skipped="0" time="${seconds(report.ms)}" timestamp="${report.startedAt}">`,
    ...cases,
    "  </testsuite>",
    "</testsuites>",
    "",
  ].join("\n");
}

export function jsonReport(unmasked: Report, secrets: Secrets): string {
  const report = masked(unmasked, secrets);
  return `${JSON.stringify({ ...report, ...counts(report) }, null, 2)}\n`;
}
