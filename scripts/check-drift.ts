// Fails when generated/ is not exactly what openapi/ produces: run `npm run bundle && npm run generate`
// and commit the result.
import { mkdtemp, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { bundle, checkTypes, root } from "./spec-build.ts";

const dir = await mkdtemp(join(tmpdir(), "pingone-mfa-drift-"));
const stale: string[] = [];
try {
  await bundle(dir);
  for (const file of ["openapi.yaml", "openapi.json"]) {
    const fresh = await readFile(join(dir, file), "utf8");
    const committed = await readFile(join(root, "generated", file), "utf8").catch(() => "");
    if (fresh !== committed) stale.push(`generated/${file}`);
  }
  await checkTypes().catch(() => stale.push("generated/schema.d.ts"));
} finally {
  await rm(dir, { recursive: true, force: true });
}
if (stale.length > 0) {
  console.error(`Out of date with openapi/: ${stale.join(", ")}. Run \`npm run bundle && npm run generate\` and commit.`);
  process.exit(1);
}
console.log("generated/ matches openapi/");
