// The client's typed methods, read from the spec's `x-pingone-method` like the action table: one
// signature per action, grouped by resource, with the action's summary as its documentation.
// Written as generated/methods.ts, types only: src/client/methods.ts makes the functions at run
// time from the action table (as Octokit makes its endpoint methods), so a new action in the spec
// is a new typed method without a hand edit in src/.
import { type Action, type ArgumentSource, actionsOf } from "./actions.ts";

type Json = Record<string, any>;

const typeName = (resource: string) => `${resource[0]!.toUpperCase()}${resource.slice(1)}Methods`;

/** The parameter an argument is, typed from the action's generated types. */
function parameter(action: Action, source: ArgumentSource): string {
  const types = `ActionTypes[${JSON.stringify(action.name)}]`;
  switch (source.from) {
    case "path":
      return `${source.name}: string`;
    case "query":
      return `${source.name}?: ${types}["query"]`;
    case "body":
      return `${source.name}: BodyOf<${JSON.stringify(action.name)}>`;
    case "field":
      return `${source.name}: ${types}["body"][${JSON.stringify(source.field)}]`;
    case "items":
      return `${source.name}: readonly ${types}["body"][${JSON.stringify(source.field)}][number][${JSON.stringify(source.item)}][]`;
    case "header":
      return `${source.name}: NonNullable<${types}["headers"][${JSON.stringify(source.header)}]>`;
  }
}

/** A JSDoc block at the given indent: the text wrapped, then the unwrapped last line. */
function jsdoc(text: string, last: string, indent: string): string[] {
  const words = text.replace(/\s+/g, " ").trim().split(" ");
  const lines: string[] = [];
  let line = "";
  for (const word of words) {
    if (line && `${indent} * ${line} ${word}`.length > 100) {
      lines.push(line);
      line = word;
    } else line = line ? `${line} ${word}` : word;
  }
  lines.push(line, "", last);
  return [`${indent}/**`, ...lines.map((l) => (l ? `${indent} * ${l}` : `${indent} *`)), `${indent} */`];
}

/** The TypeScript source of generated/methods.ts. */
export function methodsSource(spec: Json): string {
  const actions = actionsOf(spec);
  const resources = [...new Set(actions.map((a) => a.resource))];
  const interfaces = resources.flatMap((resource) => [
    `/** The \`${resource}\` methods of a client. */`,
    `export interface ${typeName(resource)}<CallOptions> {`,
    ...actions
      .filter((a) => a.resource === resource)
      .flatMap((a) => {
        const where = `\`${a.httpMethod} ${a.path}\`${a.mediaType ? ` (\`${a.mediaType}\`)` : ""} → ${a.status}`;
        const params = [...a.arguments.map((source) => parameter(a, source)), "call?: CallOptions"].join(", ");
        return [
          ...jsdoc(a.summary, where, "  "),
          `  ${a.method}(${params}): Promise<ActionTypes[${JSON.stringify(a.name)}]["result"]>;`,
        ];
      }),
    "}",
    "",
  ]);
  return [
    "// Generated from openapi/ (x-pingone-method) by scripts/spec-build.ts (npm run generate). Do not edit.",
    'import type { ActionTypes } from "./actions.js";',
    "",
    "type KeysOfUnion<T> = T extends unknown ? keyof T : never;",
    "/** A union whose members exclude each other: `{ otp } | { attestation }`, never both. */",
    "export type Exclusive<T, K extends PropertyKey = KeysOfUnion<T>> = T extends unknown",
    "  ? T & { [P in Exclude<K, keyof T>]?: never }",
    "  : never;",
    "/** The body an action sends. */",
    'export type BodyOf<A extends keyof ActionTypes> = Exclusive<ActionTypes[A]["body"]>;',
    "",
    ...interfaces,
    "/** Every resource's methods, each taking a last, optional `call` (environmentId, signal, headers). */",
    "export interface Methods<CallOptions> {",
    ...resources.map((resource) => `  ${resource}: ${typeName(resource)}<CallOptions>;`),
    "}",
    "",
  ].join("\n");
}
