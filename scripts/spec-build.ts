// Builds everything in generated/ from openapi/: the bundled spec (YAML and JSON), the TypeScript
// types (openapi-typescript) and the body rules the client checks at run time. Shared by
// `npm run bundle`, `npm run generate` and the drift check, so all produce byte-identical output.
import { execFile } from "node:child_process";
import { readFile, writeFile } from "node:fs/promises";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";

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

type Schema = { $ref?: string; oneOf?: Schema[]; required?: string[]; properties?: Record<string, Schema>; const?: string };

/**
 * The field rules of the request bodies the client checks before sending (device create, one-time
 * targets, deviceAuthentication create), as TypeScript source. Taken from the bundled spec so that
 * JavaScript callers get the same refusals the types give TypeScript callers.
 */
export function bodyRules(bundledJson: string): string {
  const spec = JSON.parse(bundledJson);
  const schemas: Record<string, Schema> = spec.components.schemas;
  const resolve = (s: Schema): Schema => (s.$ref ? resolve(schemas[s.$ref.split("/").pop()!]!) : s);
  const isPhone = (s: Schema) => s.$ref === "#/components/schemas/PhoneNumber";
  const rule = (s: Schema) => ({
    required: s.required ?? [],
    allowed: Object.keys(s.properties ?? {}),
    phones: Object.entries(s.properties ?? {}).filter(([, p]) => isPhone(p)).map(([k]) => k),
  });
  const byType = (name: string) =>
    Object.fromEntries(
      resolve(schemas[name]!).oneOf!.map(resolve).map((branch) => [branch.properties!.type!.const!, rule(branch)]),
    );
  const rules = {
    deviceCreate: byType("DeviceCreate"),
    oneTimeDevice: byType("OneTimeDevice"),
    deviceAuthenticationCreate: rule(resolve(schemas.DeviceAuthenticationCreate!)),
  };
  return [
    "// Generated from openapi/ by scripts/spec-build.ts (npm run generate). Do not edit.",
    "// Field rules of request bodies the client checks before sending.",
    `export const bodyRules = ${JSON.stringify(rules, null, 2)} as const;`,
    "",
  ].join("\n");
}

export const RULES_FILE = "body-rules.ts";

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const what = process.argv[2];
  const out = `${root}generated`;
  if (what === "bundle") {
    await bundle(out);
  } else if (what === "all") {
    await bundle(out);
    await writeFile(`${out}/${RULES_FILE}`, bodyRules(await readFile(`${out}/openapi.json`, "utf8")));
    await generateTypes();
  } else {
    throw new Error(`usage: spec-build.ts bundle|all (got ${what ?? "nothing"})`);
  }
}
