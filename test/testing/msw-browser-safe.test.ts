// pingone-mfa/msw runs in browsers: its import graph, bundled by esbuild for the browser, must load
// no Node module (node:crypto, node:http…) and use none of Node's globals (Buffer, process…).
// Chromium runs it for real in test/package/msw-browser.test.ts.
import { builtinModules } from "node:module";
import { fileURLToPath } from "node:url";
import { build, type StdinOptions } from "esbuild";
import { describe, expect, it } from "vitest";

const root = fileURLToPath(new URL("../..", import.meta.url));
const NODE_GLOBALS = /\b(?:Buffer|process)\.|\b(?:require|setImmediate)\(|\b__dirname\b|\b__filename\b/g;

interface Finding {
  module: string;
  uses: string;
}

/** What a browser bundle of the entry (or of `stdin`) takes from Node: imports and globals, by module. */
async function nodeUses(entry: { file: string } | { stdin: StdinOptions }): Promise<Finding[]> {
  const found: Finding[] = [];
  const result = await build({
    ...("file" in entry ? { entryPoints: [entry.file] } : { stdin: entry.stdin }),
    bundle: true,
    write: false,
    platform: "browser",
    format: "esm",
    external: ["msw"],
    logLevel: "silent",
    plugins: [
      {
        name: "node-modules",
        setup(build) {
          build.onResolve({ filter: /.*/ }, ({ path, importer }) => {
            if (!path.startsWith("node:") && !builtinModules.includes(path.split("/")[0]!)) return undefined;
            found.push({ module: importer.replace(root, ""), uses: path });
            return { path, external: true };
          });
        },
      },
    ],
  });
  // Unminified, esbuild heads each module's code with a `// path/of/module.ts` line.
  for (const chunk of result.outputFiles[0]!.text.split(/^\/\/ (?=\S+\.ts$)/m).slice(1)) {
    const [module, ...lines] = chunk.split("\n");
    const code = lines.filter((line) => !line.trim().startsWith("//")).join("\n");
    for (const uses of new Set(code.match(NODE_GLOBALS))) found.push({ module: module!, uses });
  }
  return found;
}

describe("pingone-mfa/msw in a browser bundle", () => {
  it("imports no Node module and uses no Node global", async () => {
    const found = await nodeUses({ file: `${root}src/testing/msw.ts` });
    expect(found).toEqual([]);
  });

  it("finds Node imports and globals where there are some (the check is not vacuous)", async () => {
    const found = await nodeUses({
      stdin: {
        contents: `import { randomUUID } from "node:crypto"; import path from "path";
          export const a = () => [randomUUID(), Buffer.from("x"), process.env, path.sep];`,
        sourcefile: "sample.ts",
        loader: "ts",
      },
    });
    expect(found.map((f) => f.uses).sort()).toEqual(["Buffer.", "node:crypto", "path", "process."]);
  });
});
