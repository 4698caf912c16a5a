// generated/openapi.deref.json: the bundled spec with every `$ref` replaced by what it points at,
// for tools with poor support for references (GitHub ships its description the same way, beside
// the bundled one). The document has no recursive schema, so the result is finite; a cycle added
// later fails `npm run generate` here, naming it. Only components that are not reached by `$ref`
// stay (security schemes are named, not referred to). A `discriminator` goes: its `mapping` names
// schemas by reference, which a document without references cannot do, and an inline `oneOf` branch
// cannot be selected by one (Redocly's rule). Nothing is lost for validation: each branch fixes the
// discriminating property with a `const`, so exactly one branch matches either way.
type Json = Record<string, any>;

export const DEREF_NOTE =
  "This is `openapi.deref.json`: `openapi.json` with every `$ref` replaced by its target, for tools that do not follow references. Same operations, schemas and examples.";

// Keywords a `$ref` carries beside it here. They annotate, so the target with them laid over it
// means the same; any other sibling (one that would constrain) stops the build instead.
const ANNOTATIONS = new Set(["description", "summary", "title", "readOnly", "writeOnly", "deprecated"]);

const pointer = (ref: string) =>
  ref
    .slice(2)
    .split("/")
    .map((part) => decodeURIComponent(part).replace(/~1/g, "/").replace(/~0/g, "~"));

/** `spec` (the bundled JSON) with its local `$ref`s inlined, as a value. */
export function dereferenced(spec: Json): Json {
  const inline = (node: unknown, trail: string[]): unknown => {
    if (Array.isArray(node)) return node.map((item) => inline(item, trail));
    if (node === null || typeof node !== "object") return node;
    const { $ref, ...rest } = node as Json;
    if (typeof $ref === "string") {
      if (!$ref.startsWith("#/")) throw new Error(`only local references are inlined, got ${$ref}`);
      if (trail.includes($ref)) throw new Error(`recursive reference: ${[...trail, $ref].join(" → ")}`);
      const other = Object.keys(rest).filter((key) => !ANNOTATIONS.has(key));
      if (other.length > 0) throw new Error(`${$ref} has ${other.join(", ")} beside it: not an annotation`);
      const target = pointer($ref).reduce((at: Json | undefined, key) => at?.[key], spec);
      if (target === undefined) throw new Error(`${$ref} points at nothing`);
      return { ...(inline(target, [...trail, $ref]) as Json), ...(inline(rest, trail) as Json) };
    }
    return Object.fromEntries(
      Object.entries(node)
        .filter(([key, value]) => !(key === "discriminator" && typeof value?.propertyName === "string"))
        .map(([key, value]) => [key, inline(value, trail)]),
    );
  };
  const { components, ...document } = spec;
  const out = inline(document, []) as Json;
  if (components?.securitySchemes) out.components = { securitySchemes: inline(components.securitySchemes, []) };
  return out;
}

/** The dereferenced variant of `spec` (the bundled JSON), as the file's text. */
export function derefVariantSource(spec: Json): string {
  const out = dereferenced(spec);
  out.info = { ...out.info, description: `${DEREF_NOTE}\n\n${out.info.description}` };
  return `${JSON.stringify(out)}\n`;
}
