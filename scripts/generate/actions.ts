// The client's actions, read from the spec's `x-pingone-method` (on each request media type, or on
// an operation without a body): for each, its HTTP method, path, host, media type, success status
// and how the method's arguments map onto the request. Written as generated/actions.ts, a runtime
// table plus the TypeScript types of each action's path, query, headers, body and result, so the
// typed methods in src/ restate none of them.
import { derefIn } from "./deref.ts";

type Json = Record<string, any>;

/** Where one of a method's arguments goes. */
export type ArgumentSource =
  | { name: string; from: "path" | "query" | "body" }
  | { name: string; from: "field"; field: string }
  | { name: string; from: "items"; field: string; item: string }
  | { name: string; from: "header"; header: string };

/** Where a part of a method's result comes from: the parsed body, or a response header. */
export type ReturnSource =
  | { name: string; from: "body" }
  | { name: string; from: "header"; header: string; secret: boolean };

/**
 * Which bodies of a shared media type an action sends, by the discriminator: `only` one branch
 * (`devices.remember`: BROWSER), or every branch `except` those another action sends.
 */
export type Select = { property: string; only: string } | { property: string; except: string[] };

export interface Action {
  name: string;
  /** The method's documentation (`x-pingone-method.summary`). */
  summary: string;
  resource: string;
  method: string;
  operationId: string;
  httpMethod: string;
  path: string;
  host: "api" | "auth";
  mediaType: string | null;
  status: number;
  arguments: ArgumentSource[];
  /** The body is empty (the media type alone selects the action): nothing is sent. */
  bodyless: boolean;
  /** Required body fields with a single allowed value, filled in by the client. */
  fixed: Record<string, unknown>;
  /** Set when several actions share the media type (`x-pingone-method` is a list). */
  select?: Select;
  /** Set when the method resolves to more than the body (`returns: [device=body, cookie=header.Set-Cookie]`). */
  returns?: ReturnSource[];
}

/** True when `body` is one the action sends (always, unless the action shares its media type). */
export function claims(action: Pick<Action, "select">, body: unknown): boolean {
  const select = action.select;
  if (!select) return true;
  const value = (body as Record<string, unknown> | null)?.[select.property];
  return "only" in select ? value === select.only : !select.except.includes(value as string);
}

const HTTP = ["get", "put", "post", "delete", "patch"];

function parseArgument(text: string, pathParams: string[], where: string): ArgumentSource {
  const [name, source] = text.includes("=") ? (text.split("=") as [string, string]) : [text, undefined];
  if (source === undefined) {
    if (!pathParams.includes(name)) throw new Error(`${where}: argument ${name} is not a path parameter`);
    return { name, from: "path" };
  }
  if (source === "body" || source === "query") return { name, from: source };
  const items = /^body\.(\w+)\[\]\.(\w+)$/.exec(source);
  if (items) return { name, from: "items", field: items[1]!, item: items[2]! };
  const field = /^body\.(\w+)$/.exec(source);
  if (field) return { name, from: "field", field: field[1]! };
  const header = /^header\.([\w-]+)$/.exec(source);
  if (header) return { name, from: "header", header: header[1]! };
  throw new Error(`${where}: cannot read argument ${text}`);
}

function parseReturn(text: string, headers: Json, where: string): ReturnSource {
  const [name, source] = text.split("=") as [string, string | undefined];
  if (source === "body") return { name, from: "body" };
  const header = /^header\.([\w-]+)$/.exec(source ?? "");
  if (!header) throw new Error(`${where}: cannot read return ${text}`);
  const declared = Object.entries(headers).find(([key]) => key.toLowerCase() === header[1]!.toLowerCase())?.[1];
  if (!declared) throw new Error(`${where}: returns ${header[1]}, which the success answer does not declare`);
  return { name, from: "header", header: header[1]!, secret: declared["x-pingone-secret"] === true };
}

/** Status → the actions `x-pingone-next` allows in it, from the schemas that fix a status. */
function nextCallsOf(spec: Json): Record<string, string[]> {
  const calls: Record<string, string[]> = {};
  for (const schema of Object.values((spec.components?.schemas ?? {}) as Record<string, Json>)) {
    const status = schema.allOf?.find((part: Json) => part.properties?.status?.const)?.properties.status.const;
    if (status && Array.isArray(schema["x-pingone-next"])) calls[status] = schema["x-pingone-next"];
  }
  return calls;
}

/** Every action of `spec` (the bundled JSON), in spec order. */
export function actionsOf(spec: Json): Action[] {
  const resolve = derefIn(spec);
  const list: Action[] = [];
  for (const [path, item] of Object.entries(spec.paths as Json)) {
    const host = (item.servers ?? spec.servers)[0].url.startsWith("https://auth.") ? "auth" : "api";
    for (const httpMethod of HTTP.filter((m) => item[m])) {
      const op = item[httpMethod];
      const pathParams = [...(item.parameters ?? []), ...(op.parameters ?? [])]
        .map(resolve)
        .filter((p: Json) => p.in === "path" && p.name !== "environmentId")
        .map((p: Json) => p.name);
      const add = (declared: Json | undefined, mediaType: string | null, schema: Json | undefined) => {
        const where = `${op.operationId} ${mediaType ?? ""}`.trim();
        if (!declared) throw new Error(`${where}: no x-pingone-method`);
        const [resource, method] = String(declared.name).split(".");
        const body = schema ? resolve(schema) : undefined;
        const fixed = Object.fromEntries(
          Object.entries(body?.properties ?? {})
            .map(([k, v]) => [k, resolve(v as Json)] as const)
            .filter(([k, v]) => body!.required?.includes(k) && v.const !== undefined)
            .map(([k, v]) => [k, v.const]),
        );
        if (typeof declared.summary !== "string") throw new Error(`${where}: x-pingone-method has no summary`);
        const success = resolve(op.responses[String(declared.status)] ?? {});
        const returns = declared.returns?.map((r: string) =>
          parseReturn(
            r,
            Object.fromEntries(Object.entries(success.headers ?? {}).map(([k, v]) => [k, resolve(v as Json)])),
            where,
          ),
        );
        list.push({
          name: declared.name,
          summary: declared.summary,
          resource: resource!,
          method: method!,
          operationId: op.operationId,
          httpMethod: httpMethod.toUpperCase(),
          path,
          host,
          mediaType,
          status: declared.status,
          arguments: declared.arguments.map((a: string) => parseArgument(a, pathParams, where)),
          bodyless: body?.maxProperties === 0,
          fixed,
          ...(select ? { select } : {}),
          ...(returns ? { returns } : {}),
        });
      };
      let select: Select | undefined;
      const content: Json | undefined = op.requestBody ? resolve(op.requestBody).content : undefined;
      if (content) {
        for (const [mediaType, media] of Object.entries(content)) {
          const declared = media["x-pingone-method"];
          if (!Array.isArray(declared)) {
            select = undefined;
            add(declared, mediaType, media.schema);
            continue;
          }
          // Several methods on one media type: each but the first names the discriminator value
          // (`branch`) of the bodies it sends; the first sends the others.
          const property = resolve(media.schema).discriminator?.propertyName;
          const branches = declared.slice(1).map((d: Json) => d.branch);
          if (!property || declared[0].branch !== undefined || branches.some((b: unknown) => typeof b !== "string")) {
            throw new Error(
              `${op.operationId} ${mediaType}: a list of x-pingone-method needs a discriminated body and a branch on each but the first`,
            );
          }
          for (const [i, d] of declared.entries()) {
            select = i === 0 ? { property, except: branches } : { property, only: d.branch };
            add(d, mediaType, media.schema);
          }
          select = undefined;
        }
      } else add(op["x-pingone-method"], null, undefined);
    }
  }
  return list;
}

/** The TypeScript source of generated/actions.ts. */
export function actionsSource(spec: Json): string {
  const actions = actionsOf(spec);
  // The runtime table holds what a call needs; which operation each action is, only the tests read.
  const table = Object.fromEntries(
    actions.map(({ name, summary, resource, method, operationId, bodyless, ...rest }) => [name, rest]),
  );
  const operationIds = Object.fromEntries(
    actions.map((a) => [a.name, { operationId: a.operationId, bodyless: a.bodyless }]),
  );
  const op = (a: Action) => `operations[${JSON.stringify(a.operationId)}]`;
  const types = actions.map((a) => {
    const o = op(a);
    const whole = `NonNullable<${o}["requestBody"]>["content"][${JSON.stringify(a.mediaType)}]`;
    const branch = (select: Select) =>
      "only" in select
        ? `Extract<${whole}, { ${select.property}: ${JSON.stringify(select.only)} }>`
        : `Exclude<${whole}, { ${select.property}: ${select.except.map((v) => JSON.stringify(v)).join(" | ")} }>`;
    const body = a.mediaType && !a.bodyless ? (a.select ? branch(a.select) : whole) : "never";
    const parsed = a.status === 204 ? "void" : `${o}["responses"][${a.status}]["content"]["application/json"]`;
    const result = a.returns
      ? `{ ${a.returns.map((r) => `${r.name}: ${r.from === "body" ? parsed : "string"}`).join("; ")} }`
      : parsed;
    const query = a.arguments.some((x) => x.from === "query") ? `NonNullable<${o}["parameters"]["query"]>` : "never";
    const headers = a.arguments.some((x) => x.from === "header")
      ? `NonNullable<${o}["parameters"]["header"]>`
      : "never";
    return `  ${JSON.stringify(a.name)}: {\n    path: Omit<${o}["parameters"]["path"], "environmentId">;\n    query: ${query};\n    headers: ${headers};\n    body: ${body};\n    result: ${result};\n  };`;
  });
  return [
    "// Generated from openapi/ (x-pingone-method) by scripts/spec-build.ts (npm run generate). Do not edit.",
    'import type { operations } from "./schema.js";',
    "",
    "/** Each client method's request: HTTP method, path, host, media type, success status, arguments. */",
    "export const actions = {",
    ...Object.entries(table).map(([name, action]) => `  ${JSON.stringify(name)}: ${JSON.stringify(action)},`),
    "} as const;",
    "",
    "/** The operation of each action, and whether it sends no body (for the tests and the contract cases). */",
    `export const actionOperations = ${JSON.stringify(operationIds)} as const;`,
    "",
    "/** The calls each deviceAuthentication status allows (`x-pingone-next` on the status's schema). */",
    `export const nextCalls = ${JSON.stringify(nextCallsOf(spec))} as const;`,
    "",
    "/** The types of each action's path parameters, query, headers, body and success result. */",
    "export interface ActionTypes {",
    ...types,
    "}",
    "",
  ].join("\n");
}
