// The bundled spec the contract checks read: operations, their media types and named examples.
// It is the package's own copy (dist/generated/openapi.json), so a check tests what was shipped.
import { readFileSync } from "node:fs";

export const HTTP_METHODS = ["get", "put", "post", "delete", "patch"] as const;

// The bundle is loosely typed JSON; these name the parts the checks read.
export type Json = Record<string, any>;

export interface Operation {
  method: (typeof HTTP_METHODS)[number];
  path: string;
  op: Json;
  servers: Json[];
}

export const specUrl = new URL("../../generated/openapi.json", import.meta.url);
export const spec: Json = JSON.parse(readFileSync(specUrl, "utf8"));

const unescapePointer = (part: string) => part.replace(/~1/g, "/").replace(/~0/g, "~");

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
