// The request rules the client checks before sending, taken from the bundled spec: for each action
// (scripts/generate/actions.ts) the rule of its body, its query and the headers it takes, in a small
// JSON form that
// src/validation/validate.ts interprets (types, enums, lengths, patterns, formats, required fields, closed
// objects, discriminated and exclusive unions). Component schemas stay named (`defs`), so each is
// written once. Phone fields (those referring to PhoneNumber) and secrets (`x-pingone-secret`) are
// flagged, for normalization and redaction.
import { actionsOf } from "./actions.ts";

type Json = Record<string, any>;

const KEYS: Record<string, string[]> = {
  string: ["minLength", "maxLength", "pattern", "format"],
  integer: ["minimum", "maximum"],
  number: ["minimum", "maximum"],
  array: ["minItems", "maxItems", "uniqueItems"],
  object: ["minProperties", "maxProperties"],
};
const PHONE = "PhoneNumber";

/** Builds the rules of every request body and query of `spec` (the bundled JSON). */
export function requestRules(spec: Json) {
  const schemas: Json = spec.components?.schemas ?? {};
  const parameters: Json = spec.components?.parameters ?? {};
  const defs: Record<string, unknown> = {};
  const refName = (ref: string) => decodeURIComponent(ref.split("/").pop()!);

  const convert = (schema: Json): Json => {
    if (schema.$ref) {
      const name = refName(schema.$ref);
      if (!(name in defs)) {
        defs[name] = null; // reserved first: a schema that refers to itself stops here
        defs[name] = { ...convert(schemas[name]), ...(name === PHONE ? { phone: true } : {}) };
      }
      return { ref: name };
    }
    if (schema.allOf) return merge(schema.allOf.map((part: Json) => resolve(part)).map(convert));
    if (schema.oneOf) {
      const options = schema.oneOf.map(convert);
      return schema.discriminator
        ? { oneOf: options, discriminator: schema.discriminator.propertyName }
        : { oneOf: options };
    }
    const type = schema.type ?? (schema.properties ? "object" : undefined);
    if (type === undefined) return { type: "any" };
    const rule: Json = { type };
    const values = schema.const !== undefined ? [schema.const] : schema.enum;
    if (values) rule.enum = values;
    for (const key of KEYS[type] ?? []) if (schema[key] !== undefined) rule[key] = schema[key];
    if (schema["x-pingone-secret"]) rule.secret = schema["x-pingone-secret"];
    if (type === "array") rule.items = schema.items ? convert(schema.items) : { type: "any" };
    if (type === "object") {
      rule.properties = Object.fromEntries(
        Object.entries(schema.properties ?? {}).map(([k, v]) => [k, convert(v as Json)]),
      );
      rule.required = schema.required ?? [];
      const extra = schema.additionalProperties;
      rule.additionalProperties =
        extra === undefined || extra === true ? true : extra === false ? false : convert(extra);
    }
    return rule;
  };
  const resolve = (schema: Json): Json => (schema.$ref ? resolve(schemas[refName(schema.$ref)]) : schema);
  const merge = (parts: Json[]): Json => {
    const objects = parts.map((p) => (p.ref ? (defs[p.ref] as Json) : p));
    return {
      type: "object",
      properties: Object.assign({}, ...objects.map((o) => o.properties ?? {})),
      required: [...new Set(objects.flatMap((o) => o.required ?? []))],
      additionalProperties: objects.every((o) => o.additionalProperties !== false),
    };
  };

  const bodies: Record<string, Json> = {};
  const queries: Record<string, Json> = {};
  const headers: Record<string, Json> = {};
  const paramsOf = (path: string, method: string) =>
    [...(spec.paths[path].parameters ?? []), ...(spec.paths[path][method].parameters ?? [])].map((p: Json) =>
      p.$ref ? parameters[refName(p.$ref)] : p,
    );
  for (const action of actionsOf(spec)) {
    const op = spec.paths[action.path][action.httpMethod.toLowerCase()];
    if (action.mediaType && !action.bodyless) {
      const schema = resolve(op.requestBody).content[action.mediaType].schema;
      const select = action.select;
      if (!select) bodies[action.name] = convert(schema);
      else {
        // Only the branches this action sends, by the discriminator's mapping.
        const union = resolve(schema);
        const branches = Object.entries(union.discriminator.mapping as Record<string, string>)
          .filter(([value]) => ("only" in select ? value === select.only : !select.except.includes(value)))
          .map(([, ref]) => convert({ $ref: ref }));
        bodies[action.name] = "only" in select ? branches[0]! : { oneOf: branches, discriminator: select.property };
      }
    }
    const params = paramsOf(action.path, action.httpMethod.toLowerCase());
    if (action.arguments.some((a) => a.from === "query")) {
      const query = params.filter((p: Json) => p.in === "query");
      queries[action.name] = {
        type: "object",
        properties: Object.fromEntries(query.map((p: Json) => [p.name, convert(p.schema ?? {})])),
        required: query.filter((p: Json) => p.required).map((p: Json) => p.name),
        additionalProperties: false,
      };
    }
    for (const argument of action.arguments) {
      if (argument.from !== "header") continue;
      const param = params.find((p: Json) => p.in === "header" && p.name === argument.header);
      if (!param) throw new Error(`${action.name}: no header parameter ${argument.header}`);
      headers[action.name] = {
        ...headers[action.name],
        [argument.header]: {
          ...convert(param.schema ?? {}),
          ...(param["x-pingone-secret"] ? { secret: param["x-pingone-secret"] } : {}),
        },
      };
    }
  }
  // What every success answer must have at its top level: the keys all its branches require.
  const requiredOf = (schema: Json): string[] => {
    const node = resolve(schema);
    if (node.oneOf) {
      const branches = node.oneOf.map(requiredOf);
      return branches[0].filter((key: string) => branches.every((b: string[]) => b.includes(key)));
    }
    if (node.allOf) return [...new Set(node.allOf.flatMap(requiredOf))] as string[];
    return node.required ?? [];
  };
  const results: Record<string, string[]> = {};
  for (const action of actionsOf(spec)) {
    const response = spec.paths[action.path][action.httpMethod.toLowerCase()].responses[String(action.status)];
    const schema = (response.$ref ? spec.components.responses[refName(response.$ref)] : response).content?.[
      "application/json"
    ]?.schema;
    if (schema) results[action.name] = requiredOf(schema);
  }
  const sorted = Object.fromEntries(Object.entries(defs).sort(([a], [b]) => a.localeCompare(b)));
  return { defs: sorted, bodies, queries, headers, results };
}

/** The rules as the TypeScript source of generated/request-rules.ts. */
export function requestRulesSource(spec: Json): string {
  return [
    "// Generated from openapi/ by scripts/spec-build.ts (npm run generate). Do not edit.",
    "// What each request body and query must be, read by src/validation/validate.ts before anything is sent.",
    `export const requestRules = ${JSON.stringify(requestRules(spec))} as const;`,
    "",
  ].join("\n");
}
