// The behaviour table (src/testing/simulation/behaviours.ts) is what the README's "What it
// simulates" table says, so every row must be tested and sourced: this file checks that each row
// has a test naming its id in brackets in one of the simulator's test files, and that the README
// shows the table as generated.
import { readdirSync, readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { simulatorTable } from "../../scripts/generate/readme.ts";
import { BEHAVIOURS, SOURCE_LABELS } from "../../src/testing/simulation/behaviours.ts";

const dir = new URL("./", import.meta.url);
const testFiles = readdirSync(dir).filter(
  (name) => /^simulator.*\.test\.ts$/.test(name) && name !== "simulator-behaviours.test.ts",
);
const tests = testFiles.map((name) => readFileSync(new URL(name, dir), "utf8"));
/** The names of the tests (`it("…"`, `it.each(…)("…"`), where row ids are written. */
const testNames = tests.flatMap((text) =>
  [...text.matchAll(/\bit(?:\.each\([\s\S]*?\))?\(\s*(["`])([\s\S]*?)\1/g)].map((m) => m[2]!),
);

describe("the simulator's behaviour table", () => {
  it("has rows with unique ids, each with a source, and a reason for every choice", () => {
    expect(BEHAVIOURS.length).toBeGreaterThan(20);
    const ids = BEHAVIOURS.map((row) => row.id);
    expect(new Set(ids).size).toBe(ids.length);
    for (const row of BEHAVIOURS) {
      expect(row.sources.length, row.id).toBeGreaterThan(0);
      for (const source of row.sources) {
        expect(Object.keys(SOURCE_LABELS), row.id).toContain(source.kind);
        expect(source.detail.length, `${row.id}: a source says what it settles, or why the choice`).toBeGreaterThan(5);
      }
    }
  });

  it("has a test for every row, named with the row's id in brackets", () => {
    expect(testFiles.length).toBeGreaterThanOrEqual(3);
    const untested = BEHAVIOURS.filter((row) => !testNames.some((name) => name.includes(`[${row.id}]`)));
    expect(untested.map((row) => row.id)).toEqual([]);
  });

  it("names no row in a test that the table does not have", () => {
    const known = new Set(BEHAVIOURS.map((row) => row.id));
    const named = testNames.flatMap((name) => [...name.matchAll(/\[([a-z][a-z.-]*)\]/g)].map((m) => m[1]!));
    expect(named.filter((id) => !known.has(id))).toEqual([]);
  });

  it('is what the README\'s "What it simulates" shows', () => {
    const readme = readFileSync(new URL("../../README.md", import.meta.url), "utf8");
    expect(readme).toContain(`<!-- generated:simulates -->\n${simulatorTable()}\n<!-- /generated:simulates -->`);
  });
});
