// Fails when generated/ is not exactly what openapi/ produces: run `npm run generate` and commit.
import { mkdtemp, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { readmeSections } from "./generate/readme.ts";
import { typesSource } from "./generate/types.ts";
import { bodyRules, bundle, PHONE_METADATA_FILE, phoneMetadata, RULES_FILE, root, TYPES_FILE } from "./spec-build.ts";

const dir = await mkdtemp(join(tmpdir(), "pingone-mfa-drift-"));
const stale: string[] = [];
const committed = (file: string) => readFile(join(root, "generated", file), "utf8").catch(() => "");
try {
  await bundle(dir);
  for (const file of ["openapi.yaml", "openapi.json"]) {
    if ((await readFile(join(dir, file), "utf8")) !== (await committed(file))) stale.push(`generated/${file}`);
  }
  const rules = bodyRules(await readFile(join(dir, "openapi.json"), "utf8"));
  if (rules !== (await committed(RULES_FILE))) stale.push(`generated/${RULES_FILE}`);
  if ((await phoneMetadata()) !== (await committed(PHONE_METADATA_FILE))) stale.push(`generated/${PHONE_METADATA_FILE}`);
  const types = await typesSource(JSON.parse(await readFile(join(dir, "openapi.json"), "utf8")));
  if (types !== (await committed(TYPES_FILE))) stale.push(`generated/${TYPES_FILE}`);
  const readme = await readFile(join(root, "README.md"), "utf8");
  if (readmeSections(readme, JSON.parse(await readFile(join(dir, "openapi.json"), "utf8"))) !== readme) stale.push("README.md (generated tables)");
} finally {
  await rm(dir, { recursive: true, force: true });
}
if (stale.length > 0) {
  console.error(`Out of date with openapi/: ${stale.join(", ")}. Run \`npm run generate\` and commit.`);
  process.exit(1);
}
console.log("generated/ matches openapi/");
