// The spec's `info.version` is the package's version: package.json holds it (`npm version` bumps
// it), the bundle takes it from there, and `npm run generate` writes it into openapi/openapi.yaml
// too, so the hand-written source never says another version (the drift check fails if it does).
import { readFile } from "node:fs/promises";

/** The version in package.json at `root`. */
export async function packageVersion(root: string): Promise<string> {
  return JSON.parse(await readFile(`${root}package.json`, "utf8")).version;
}

/** openapi/openapi.yaml's text with its `info.version` line set to `version`. */
export function withInfoVersion(source: string, version: string): string {
  const line = /^(info:\n(?: {2}.*\n)*? {2}version: ).*$/m;
  if (!line.test(source)) throw new Error("openapi/openapi.yaml: no `version:` line under `info:`");
  return source.replace(line, `$1${version}`);
}
