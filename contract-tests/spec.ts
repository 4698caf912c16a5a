// Reads the bundled spec (generated/openapi.json) for the tests: operations, their media types and
// named examples, and JSON Schema validation of any value against any schema in it.
import { readFileSync } from "node:fs";
import { Ajv2020 } from "ajv/dist/2020.js";
import ajvFormats from "ajv-formats";

export const HTTP_METHODS = ["get", "put", "post", "delete", "patch"] as const;

// The bundle is loosely typed JSON; these name the parts the tests read.
export type Json = Record<string, any>;

export interface Operation {
  method: (typeof HTTP_METHODS)[number];
  path: string;
  op: Json;
  servers: Json[];
}

const specUrl = new URL("../generated/openapi.json", import.meta.url);
export const spec: Json = JSON.parse(readFileSync(specUrl, "utf8"));

/** Follows a local `$ref` (the bundle has only local ones) until it reaches a value. */
export function deref<T = Json>(node: Json): T {
  let current = node;
  while (current && typeof current.$ref === "string") {
    const pointer = current.$ref.replace(/^#\//, "").split("/").map(unescapePointer);
    current = pointer.reduce((value: Json, key) => value?.[key], spec);
    if (current === undefined) throw new Error(`Unresolved $ref ${node.$ref}`);
  }
  return current as T;
}

const unescapePointer = (part: string) => part.replace(/~1/g, "/").replace(/~0/g, "~");

export function operations(): Operation[] {
  return Object.entries(spec.paths as Json).flatMap(([path, item]) =>
    HTTP_METHODS.filter((method) => item[method]).map((method) => ({
      method,
      path,
      op: item[method],
      servers: item.servers ?? spec.servers,
    })),
  );
}

/** Named examples of a content map, resolved: `{ name: value }`. */
export function namedExamples(media: Json | undefined): Record<string, unknown> {
  return Object.fromEntries(
    Object.entries((media?.examples ?? {}) as Json).map(([name, ex]) => [name, deref(ex).value]),
  );
}

const SPEC_ID = "https://pingone-mfa.invalid/openapi.json";
const ajv = new Ajv2020({ strict: false, allErrors: true });
// ajv-formats is CommonJS: its function is the default export of module.exports.
ajvFormats.default(ajv);
ajv.addSchema({ ...spec, $id: SPEC_ID });

/** Validates `value` against the schema at `pointer` (e.g. `/components/schemas/Device`). */
export function validateAt(pointer: string, value: unknown): { valid: boolean; errors: string[] } {
  const validate = ajv.getSchema(`${SPEC_ID}#${pointer}`);
  if (!validate) throw new Error(`No schema at ${pointer}`);
  const valid = validate(value) as boolean;
  return { valid, errors: (validate.errors ?? []).map((e) => `${e.instancePath} ${e.message}`) };
}
