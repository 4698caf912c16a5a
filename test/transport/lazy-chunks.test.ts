// What only some clients run is not in a browser app's first chunk: built as an app's bundler
// builds the browser entry (esbuild, splitting on, as scripts/bench.ts measures it), the log and
// hook records (observe.ts), raw's calls (raw-calls.ts) and openapi-fetch are chunks loaded by
// import() only, and the entry chunk loads no other chunk at once (a chunk shared with a lazy one
// would be first-load code counted nowhere). Their behaviour is tested from source in logs.test.ts
// and through dist in test/package/package.test.ts.
import { fileURLToPath } from "node:url";
import { build } from "esbuild";
import { expect, it } from "vitest";
import { phoneLibraryPlugin } from "../../scripts/build/phone-library-plugin.ts";

const root = fileURLToPath(new URL("../..", import.meta.url));

it("keeps observe.ts, raw-calls.ts and openapi-fetch out of the browser entry's chunk", async () => {
  const { metafile } = await build({
    entryPoints: [`${root}src/index.browser.ts`],
    bundle: true,
    minify: true,
    format: "esm",
    platform: "browser",
    splitting: true,
    outdir: `${root}bench/.build/lazy-chunks-test`,
    write: false,
    metafile: true,
    logLevel: "silent",
    plugins: [phoneLibraryPlugin],
  });
  const outputs = Object.entries(metafile.outputs).filter(([path]) => path.endsWith(".js"));
  const [, entry] = outputs.find(([path]) => path.endsWith("/index.browser.js"))!;
  const inEntry = Object.keys(entry.inputs);
  expect(inEntry).toContain("src/transport/core.ts");
  expect(inEntry).toContain("src/client/raw.ts");
  expect(inEntry.filter((input) => /observe\.ts|raw-calls\.ts|openapi-fetch/.test(input))).toEqual([]);
  // Three chunks, each loaded by import() only, each whole alone (it imports no chunk of its own).
  expect(entry.imports.map((i) => i.kind)).toEqual(["dynamic-import", "dynamic-import", "dynamic-import"]);
  const lazy = outputs.filter(([path]) => !path.endsWith("/index.browser.js"));
  const sources = lazy.map(([, output]) => Object.keys(output.inputs).find((input) => !input.includes("node_modules")));
  expect(sources.filter((s) => s?.startsWith("src/")).sort()).toEqual([
    "src/client/raw-calls.ts",
    "src/transport/observe.ts",
  ]);
  for (const [path, output] of lazy) expect(output.imports, path).toEqual([]);
});
