// Fails when anything derived from openapi/ differs from what it produces: run `npm run generate`
// and commit.
import { mkdtemp, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { bundle, outputs, root } from "./spec-build.ts";

const dir = await mkdtemp(join(tmpdir(), "pingone-mfa-drift-"));
const stale: string[] = [];
try {
  await bundle(dir);
  for (const [file, content] of await outputs(dir)) {
    const committed = await readFile(join(root, file), "utf8").catch(() => "");
    if (committed !== content) stale.push(file);
  }
} finally {
  await rm(dir, { recursive: true, force: true });
}
if (stale.length > 0) {
  console.error(`Out of date with openapi/: ${stale.join(", ")}. Run \`npm run generate\` and commit.`);
  process.exit(1);
}
console.log("everything derived from openapi/ matches it");
