// Bundles the split spec and generates its types. Shared by `npm run bundle`, `npm run generate`
// and the drift check, so all three produce byte-identical output.
import { execFile } from "node:child_process";
import { promisify } from "node:util";
import { fileURLToPath } from "node:url";

const run = promisify(execFile);
export const root = fileURLToPath(new URL("..", import.meta.url));
const bin = (name: string) => `${root}node_modules/.bin/${name}`;
export const API = "pingone-mfa@v1";

/** Writes the bundled spec as YAML and JSON into `dir`. */
export async function bundle(dir: string): Promise<void> {
  await Promise.all(
    (["yaml", "json"] as const).map((ext) =>
      run(bin("redocly"), ["bundle", API, "--ext", ext, "--output", `${dir}/openapi.${ext}`], { cwd: root }),
    ),
  );
}

/** Regenerates generated/schema.d.ts (openapi-typescript reads its output path from redocly.yaml). */
export async function generateTypes(): Promise<void> {
  await run(bin("openapi-typescript"), [], { cwd: root });
}

/** Resolves when generated/schema.d.ts is up to date; rejects otherwise. */
export async function checkTypes(): Promise<void> {
  await run(bin("openapi-typescript"), ["--check"], { cwd: root });
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const what = process.argv[2];
  if (what === "bundle") await bundle(`${root}generated`);
  else if (what === "types") await generateTypes();
  else throw new Error(`usage: spec-build.ts bundle|types (got ${what ?? "nothing"})`);
}
