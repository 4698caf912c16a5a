// The house rules that a reader relies on: no import cycles among the modules, generated/ holds
// tool output that imports nothing from src/, and src/ restates no media type the spec declares.
import { readdirSync, readFileSync } from "node:fs";
import { dirname, join, relative, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";

const root = fileURLToPath(new URL("..", import.meta.url));
const sources = (dir: string): string[] =>
  readdirSync(join(root, dir), { withFileTypes: true }).flatMap((entry) =>
    entry.isDirectory() ? sources(join(dir, entry.name)) : entry.name.endsWith(".ts") ? [join(dir, entry.name)] : [],
  );
const IMPORT = /^\s*(?:import|export)\s[^;]*?\sfrom\s+"(\.{1,2}\/[^"]+)"/gm;

/** Every module's relative imports, resolved to repository paths (`.js` names the `.ts` source). */
function graph(files: string[]): Map<string, string[]> {
  return new Map(
    files.map((file) => {
      const text = readFileSync(join(root, file), "utf8");
      const targets = [...text.matchAll(IMPORT)].map((m) =>
        relative(root, resolve(root, dirname(file), m[1]!))
          .replace(/\.js$/, ".ts")
          .replace(/\.d\.ts$/, ".d.ts"),
      );
      return [file, targets];
    }),
  );
}

function cycles(edges: Map<string, string[]>): string[][] {
  const found: string[][] = [];
  const state = new Map<string, "open" | "done">();
  const visit = (node: string, trail: string[]) => {
    if (state.get(node) === "done") return;
    if (state.get(node) === "open") return void found.push([...trail.slice(trail.indexOf(node)), node]);
    state.set(node, "open");
    for (const next of edges.get(node) ?? []) if (edges.has(next)) visit(next, [...trail, node]);
    state.set(node, "done");
  };
  for (const node of edges.keys()) visit(node, []);
  return found;
}

describe("the house", () => {
  const files = [...sources("src"), ...sources("generated")];
  const edges = graph(files);

  it("has modules to check", () => expect(files.length).toBeGreaterThan(15));

  it("has no import cycle", () => expect(cycles(edges)).toEqual([]));

  it("finds a cycle when there is one (the check is not vacuous)", () => {
    expect(
      cycles(
        new Map([
          ["a.ts", ["b.ts"]],
          ["b.ts", ["c.ts"]],
          ["c.ts", ["a.ts"]],
        ]),
      ),
    ).toEqual([["a.ts", "b.ts", "c.ts", "a.ts"]]);
  });

  it("keeps generated/ free of imports from src/", () => {
    const fromGenerated = [...edges]
      .filter(([file]) => file.startsWith("generated/"))
      .flatMap(([, targets]) => targets);
    expect(fromGenerated.filter((target) => target.startsWith("src/"))).toEqual([]);
  });

  it("keeps src/ by concern: only the entries at its root, each test folder named after a src/ folder", () => {
    const rootFiles = readdirSync(join(root, "src"), { withFileTypes: true })
      .filter((e) => e.isFile())
      .map((e) => e.name);
    expect(rootFiles.sort()).toEqual(["exports.ts", "index.browser.ts", "index.node.ts", "index.ts"]);
    const concerns = readdirSync(join(root, "src"), { withFileTypes: true })
      .filter((e) => e.isDirectory())
      .map((e) => e.name);
    // Beside the mirrors of src/: the spec's own tests, the build's, the package layer, shared helpers and fixtures.
    const layers = ["spec", "build", "package", "support", "fixtures"];
    const testFolders = readdirSync(join(root, "test"), { withFileTypes: true })
      .filter((e) => e.isDirectory())
      .map((e) => e.name);
    expect(testFolders.filter((name) => !concerns.includes(name) && !layers.includes(name))).toEqual([]);
  });

  it("restates no vendor media type in src/ (they come from the spec)", () => {
    const restated = sources("src").filter((file) =>
      /application\/vnd\.pingidentity\./.test(readFileSync(join(root, file), "utf8")),
    );
    expect(restated).toEqual([]);
  });
});
