// Builds everything that is derived from openapi/: the bundled spec (generated/openapi.yaml and
// .json), and from the bundle its variant for code generators (generated/openapi.sdk.json), its
// dereferenced variant (generated/openapi.deref.json), its OpenAPI 3.0 variant
// (generated/openapi.3.0.json), the spec's version line (from package.json), the
// types, the action table, the methods, the request rules, the simulator's checks, the trimmed phone
// metadata, the generated tables of README.md and openapi/README.md, and the media types Redocly allows.
// `npm run generate` writes them; the drift check compares them with what is committed.
import { execFile, execFileSync } from "node:child_process";
import { readFile, writeFile } from "node:fs/promises";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import { stringify } from "yaml";
import { actionsSource } from "./generate/actions.ts";
import { withCodeSamples } from "./generate/code-samples.ts";
import { withMethodNames } from "./generate/method-names.ts";
import { derefVariantSource } from "./generate/deref-variant.ts";
import { methodsSource } from "./generate/methods.ts";
import { openapi30VariantSource } from "./generate/openapi30-variant.ts";
import { phoneMetadataSource } from "./generate/phone-metadata.ts";
import { postmanSource } from "./generate/postman.ts";
import { fillSections, openapiReadmeTables, readmeTables, redoclyMediaTypes } from "./generate/readme.ts";
import { requestRulesSource } from "./generate/request-rules.ts";
import { sdkVariantSource } from "./generate/sdk-variant.ts";
import { specChecksSource } from "./generate/spec-checks.ts";
import { packageVersion, withInfoVersion } from "./generate/spec-version.ts";
import { typesSource } from "./generate/types.ts";

const run = promisify(execFile);
export const root = fileURLToPath(new URL("..", import.meta.url));
const bin = (name: string) => `${root}node_modules/.bin/${name}`;
export const API = "pingone-mfa@v1";

/** Writes the bundled spec as YAML and JSON into `dir`, with the docs' code samples and method names
 * added and package.json's version as `info.version`. */
export async function bundle(dir: string): Promise<void> {
  await run(bin("redocly"), ["bundle", API, "--ext", "json", "--output", `${dir}/openapi.json`], { cwd: root });
  const spec = withMethodNames(withCodeSamples(JSON.parse(await readFile(`${dir}/openapi.json`, "utf8"))));
  spec.info.version = await packageVersion(root);
  await writeFile(`${dir}/openapi.json`, `${JSON.stringify(spec, null, 2)}\n`);
  await writeFile(`${dir}/openapi.yaml`, stringify(spec, { lineWidth: 0, aliasDuplicateObjects: false }));
}

/** TypeScript output in the formatter's layout (biome.json), so generated files read and diff like the rest. */
function formatted(file: string, content: string): string {
  if (!file.endsWith(".ts")) return content;
  return execFileSync(bin("biome"), ["format", `--stdin-file-path=${file}`], {
    cwd: root,
    input: content,
    encoding: "utf8",
    maxBuffer: 64 << 20,
  });
}

/** Every derived file (path from the repository root → content), given a bundle in `dir`. */
export async function outputs(dir: string): Promise<Map<string, string>> {
  const json = await readFile(`${dir}/openapi.json`, "utf8");
  const spec = JSON.parse(json);
  const current = (file: string) => readFile(`${root}${file}`, "utf8");
  const files: Array<[string, string]> = [
    ["generated/openapi.json", json],
    ["generated/openapi.yaml", await readFile(`${dir}/openapi.yaml`, "utf8")],
    ["generated/openapi.sdk.json", sdkVariantSource(spec)],
    ["generated/openapi.deref.json", derefVariantSource(spec)],
    ["generated/openapi.3.0.json", openapi30VariantSource(spec)],
    ["openapi/openapi.yaml", withInfoVersion(await current("openapi/openapi.yaml"), spec.info.version)],
    ["generated/schema.d.ts", await typesSource(spec)],
    ["generated/actions.ts", actionsSource(spec)],
    ["generated/methods.ts", methodsSource(spec)],
    ["generated/request-rules.ts", requestRulesSource(spec)],
    ["generated/spec-checks.ts", specChecksSource(spec)],
    ["generated/phone-metadata.ts", await phoneMetadataSource(root)],
    ["generated/pingone-mfa.postman_collection.json", postmanSource(spec)],
    ["README.md", fillSections(await current("README.md"), readmeTables(spec))],
    ["openapi/README.md", fillSections(await current("openapi/README.md"), openapiReadmeTables(spec))],
    ["redocly.yaml", redoclyMediaTypes(await current("redocly.yaml"), spec)],
  ];
  return new Map(files.map(([file, content]) => [file, formatted(file, content)]));
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const what = process.argv[2];
  const out = `${root}generated`;
  if (what !== "bundle" && what !== "all")
    throw new Error(`usage: spec-build.ts bundle|all (got ${what ?? "nothing"})`);
  await bundle(out);
  if (what === "all") {
    for (const [file, content] of await outputs(out)) await writeFile(`${root}${file}`, content);
  }
}
