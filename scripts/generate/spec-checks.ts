// The simulator's checks, taken from the bundled spec (the open variant: unions accept values
// PingOne adds): for each action (scripts/generate/actions.ts) the schemas of its path
// parameters, query, headers and body, and for each operation the answers it declares (status,
// media types, headers, body). Schemas keep only the JSON Schema keywords that validate; component
// schemas stay named (`defs`, `$ref: "Name"`), so each is written once. src/testing/spec-checks.ts
// interprets them without Prism. A keyword the interpreter does not know stops the build instead of
// being skipped, so no part of the spec goes unchecked silently.
import { FORMATS } from "../../src/testing/checks/formats.ts";
import { actionsOf } from "./actions.ts";
import { derefIn } from "./deref.ts";

type Json = Record<string, any>;

/** Keywords the interpreter checks. */
const CHECKED = new Set([
  "type",
  "enum",
  "const",
  "format",
  "pattern",
  "minLength",
  "maxLength",
  "minimum",
  "maximum",
  "exclusiveMinimum",
  "exclusiveMaximum",
  "items",
  "minItems",
  "maxItems",
  "uniqueItems",
  "properties",
  "required",
  "additionalProperties",
  "minProperties",
  "maxProperties",
  "allOf",
  "anyOf",
  "oneOf",
  "not",
  "$ref",
  "discriminator",
]);
/** Keywords that only describe. (readOnly and writeOnly are refused where they would matter: see below.) */
const ANNOTATIONS = new Set([
  "description",
  "title",
  "example",
  "examples",
  "default",
  "deprecated",
  "readOnly",
  "writeOnly",
  "$schema",
  "externalDocs",
]);
const SCHEMAS = "#/components/schemas/";

/** The checks of `spec` (the bundled JSON): named schemas, and per action and operation what to check. */
export function specChecks(spec: Json) {
  const resolve = derefIn(spec);
  const components: Json = spec.components?.schemas ?? {};
  const defs: Record<string, Json> = {};
  const nameOf = (ref: string) => {
    if (!ref.startsWith(SCHEMAS)) throw new Error(`spec checks: cannot follow ${ref}`);
    return decodeURIComponent(ref.slice(SCHEMAS.length));
  };

  /** `schema` with only the keywords that validate, refs by name; `where` names it in build errors. */
  const trim = (schema: Json, where: string): Json => {
    if (typeof (schema as unknown) === "boolean") return schema; // `true` (anything) or `false` (nothing)
    const out: Json = {};
    for (const [key, value] of Object.entries(schema)) {
      if (ANNOTATIONS.has(key) || key.startsWith("x-")) continue;
      if (!CHECKED.has(key)) throw new Error(`spec checks: ${where} uses ${key}, which the simulator cannot check`);
      switch (key) {
        case "$ref": {
          const name = nameOf(value);
          if (!(name in defs)) {
            defs[name] = {}; // reserved first: a schema that refers to itself stops here
            defs[name] = trim(components[name], name);
          }
          out.$ref = name;
          break;
        }
        case "properties":
          out.properties = Object.fromEntries(
            Object.entries(value as Json).map(([k, v]) => [k, trim(v, `${where}.${k}`)]),
          );
          break;
        case "items":
        case "not":
        case "additionalProperties":
          out[key] = trim(value, `${where}.${key}`);
          break;
        case "allOf":
        case "anyOf":
        case "oneOf":
          out[key] = (value as Json[]).map((v, i) => trim(v, `${where}.${key}[${i}]`));
          break;
        case "discriminator": {
          // The branch for each value of the property: from the mapping, or from each branch's const.
          const mapping: Record<string, string> = {};
          for (const [tag, ref] of Object.entries((value.mapping ?? {}) as Record<string, string>))
            mapping[tag] = nameOf(ref);
          if (!value.mapping)
            for (const option of schema.oneOf as Json[]) {
              const tag = resolve(resolve(option).properties?.[value.propertyName] ?? {}).const;
              if (tag === undefined || !option.$ref)
                throw new Error(`spec checks: ${where}: a discriminated branch without a const ${value.propertyName}`);
              mapping[tag] = nameOf(option.$ref);
            }
          out.discriminator = { propertyName: value.propertyName, mapping };
          break;
        }
        case "format":
          if (!Object.hasOwn(FORMATS, value))
            throw new Error(`spec checks: ${where} uses format ${value}, which is unknown`);
          out.format = value;
          break;
        default:
          out[key] = value;
      }
    }
    // `enum: [X]` beside `const: X` says it twice; one finding is enough.
    if (out.const !== undefined && Array.isArray(out.enum) && out.enum.length === 1 && out.enum[0] === out.const)
      delete out.const;
    return out;
  };

  // readOnly fields would have to be dropped from request schemas and writeOnly ones from answers
  // (OpenAPI 3.1 §4.8.24.3); the spec has neither where it matters, and the build says so if that changes.
  const flagged = (schema: Json, flag: "readOnly" | "writeOnly", seen = new Set<string>()): boolean => {
    if (!schema || typeof schema !== "object") return false;
    if (schema[flag] === true) return true;
    if (schema.$ref) {
      const name = nameOf(schema.$ref);
      if (seen.has(name)) return false;
      seen.add(name);
      return flagged(components[name], flag, seen);
    }
    return Object.entries(schema).some(
      ([key, value]) => !ANNOTATIONS.has(key) && typeof value === "object" && flagged(value, flag, seen),
    );
  };
  const requestSchema = (schema: Json, where: string) => {
    if (flagged(schema, "readOnly")) throw new Error(`spec checks: ${where} has a readOnly field`);
    return trim(schema, where);
  };
  const answerSchema = (schema: Json, where: string) => {
    if (flagged(schema, "writeOnly")) throw new Error(`spec checks: ${where} has a writeOnly field`);
    return trim(schema, where);
  };

  const parameter = (p: Json, where: string) => ({
    required: p.required === true,
    schema: requestSchema(p.schema ?? {}, where),
  });
  const operations: Record<string, Json> = {};
  const answersOf = (op: Json) => {
    if (operations[op.operationId]) return;
    const answers: Record<string, Json> = {};
    for (const [status, declared] of Object.entries(op.responses as Json)) {
      const response = resolve(declared);
      const where = `${op.operationId} ${status}`;
      const content = Object.fromEntries(
        Object.entries((response.content ?? {}) as Json).map(([mediaType, media]) => [
          mediaType,
          media.schema ? answerSchema(media.schema, `${where} ${mediaType}`) : true,
        ]),
      );
      const headers = Object.fromEntries(
        Object.entries((response.headers ?? {}) as Json).map(([name, header]) => {
          const h = resolve(header);
          return [name.toLowerCase(), { required: h.required === true, schema: answerSchema(h.schema ?? {}, name) }];
        }),
      );
      answers[status] = { content, headers };
    }
    operations[op.operationId] = answers;
  };

  const actions: Record<string, Json> = {};
  for (const action of actionsOf(spec)) {
    const item = spec.paths[action.path];
    const op = item[action.httpMethod.toLowerCase()];
    const where = action.name;
    const params = [...(item.parameters ?? []), ...(op.parameters ?? [])].map(resolve);
    const of = (place: string) =>
      Object.fromEntries(
        params
          .filter((p: Json) => p.in === place)
          .map((p: Json) => [place === "header" ? p.name.toLowerCase() : p.name, parameter(p, `${where} ${p.name}`)]),
      );
    let body: Json | null = null;
    if (action.mediaType) {
      const schema = resolve(op.requestBody).content[action.mediaType].schema;
      let checked = requestSchema(schema, `${where} body`);
      const select = action.select;
      if (select) {
        // Only the branches this action sends (devices.create: all but BROWSER; devices.remember: BROWSER).
        const union = checked.$ref ? defs[checked.$ref]! : checked;
        const mapping = Object.fromEntries(
          Object.entries(union.discriminator.mapping as Record<string, string>).filter(([tag]) =>
            "only" in select ? tag === select.only : !select.except.includes(tag),
          ),
        );
        checked = {
          oneOf: Object.values(mapping).map((name) => ({ $ref: name })),
          discriminator: { propertyName: select.property, mapping },
        };
      }
      body = { required: !action.bodyless, schema: checked };
    }
    answersOf(op);
    actions[action.name] = {
      operation: op.operationId,
      status: action.status,
      path: of("path"),
      query: of("query"),
      headers: of("header"),
      body,
    };
  }
  const sorted = Object.fromEntries(Object.entries(defs).sort(([a], [b]) => a.localeCompare(b)));
  return { defs: sorted, actions, operations };
}

/** The checks as the TypeScript source of generated/spec-checks.ts. */
export function specChecksSource(spec: Json): string {
  return [
    "// Generated from openapi/ by scripts/spec-build.ts (npm run generate). Do not edit.",
    "// What the simulator checks on each request and answer, read by src/testing/spec-checks.ts.",
    "// Typed loosely on purpose: src/testing/spec-checks.ts names the shape, and the declaration stays small.",
    `export const specChecks: { defs: object; actions: object; operations: object } = ${JSON.stringify(specChecks(spec))};`,
    "",
  ].join("\n");
}
