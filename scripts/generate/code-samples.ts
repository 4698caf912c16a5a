// The docs' code samples (`x-codeSamples`), written into the bundle from the spec itself: for each
// operation, the typed client call of each of its actions with the action's first documented
// request example, and the same request with curl. The package test compiles every TypeScript
// sample against the published types, and the docs test checks that they render.
import { type Action, actionsOf, claims } from "./actions.ts";
import { derefIn } from "./deref.ts";

type Json = Record<string, any>;

const HOSTS = { api: "https://api.pingone.eu/v1", auth: "https://auth.pingone.eu" } as const;

/** A value as TypeScript source: JSON with the quotes off identifier keys. */
const literal = (value: unknown) => JSON.stringify(value, null, 2).replace(/^(\s*)"([A-Za-z_$][\w$]*)":/gm, "$1$2:");

/** The first documented request example of an action (its body, or the query of a read). */
function exampleOf(spec: Json, action: Action): { summary: string; body?: Json; query?: Json } {
  const deref = derefIn(spec);
  const operation = spec.paths[action.path][action.httpMethod.toLowerCase()];
  if (action.mediaType) {
    const all = (deref(operation.requestBody ?? {}).content?.[action.mediaType]?.examples ?? {}) as Json;
    // Where actions share the media type, only the bodies this one sends (a BROWSER for devices.remember).
    const examples = Object.fromEntries(Object.entries(all).filter(([, e]) => claims(action, deref(e).value)));
    // An example PingOne documents as an error (the device cap, the OATH resync) is not the one to copy.
    const [, first] =
      Object.entries(examples).find(([name]) =>
        Object.entries(operation.responses as Json).some(
          ([code, r]) => code.startsWith("2") && deref(r).content?.["application/json"]?.examples?.[name],
        ),
      ) ??
      Object.entries(examples)[0] ??
      [];
    const example = first ? deref(first) : undefined;
    return { summary: example?.summary ?? action.name, ...(example ? { body: example.value } : {}) };
  }
  const success = deref(operation.responses[action.status] ?? {});
  const example = Object.values((success.content?.["application/json"]?.examples ?? {}) as Json)
    .map(deref)
    .find((e) => e["x-pingone-request-query"]);
  return { summary: operation.summary, ...(example ? { query: example["x-pingone-request-query"] } : {}) };
}

/** The example values of the path parameters. */
function pathExamples(spec: Json): Record<string, string> {
  const deref = derefIn(spec);
  return Object.fromEntries(
    Object.values(spec.components.parameters as Json)
      .map(deref)
      .filter((p) => p.in === "path")
      .map((p) => [p.name, p.example]),
  );
}

/** One client call, as it would be written. */
function call(spec: Json, action: Action, ids: Record<string, string>): string {
  const { body, query } = exampleOf(spec, action);
  const header = (name: string) =>
    Object.values(spec.components.parameters as Json)
      .map(derefIn(spec))
      .find((p) => p.in === "header" && p.name === name)?.example;
  const args = action.arguments
    .map((source) => {
      switch (source.from) {
        case "path":
          return JSON.stringify(ids[source.name]);
        case "body":
          return literal(body);
        case "field":
          return JSON.stringify(body?.[source.field]);
        case "items":
          return literal((body?.[source.field] ?? []).map((item: Json) => item[source.item]));
        case "header":
          return JSON.stringify(header(source.header));
        case "query":
          return query ? literal(query) : "";
      }
    })
    .filter(Boolean);
  return `await mfa.${action.name}(${args.join(", ")})`;
}

const PREAMBLE = (environmentId: string) => `import { clientCredentials, createMfaClient } from "pingone-mfa";

const mfa = createMfaClient({
  environmentId: ${JSON.stringify(environmentId)},
  region: "EU",
  accessToken: clientCredentials({ clientId: "<worker client id>", clientSecret: "<worker client secret>", environmentId: ${JSON.stringify(environmentId)}, region: "EU" }),
});
`;

/** The curl of one action, as PingOne's own pages show it. */
function curl(spec: Json, action: Action, ids: Record<string, string>): string {
  const { body, query } = exampleOf(spec, action);
  const path = action.path.replace(/\{(\w+)\}/g, (_, name: string) => ids[name] ?? name);
  const search = query ? `?${new URLSearchParams(query as Record<string, string>)}` : "";
  const lines = [
    `curl --request ${action.httpMethod} '${HOSTS[action.host]}${path}${search}'`,
    `  --header 'Authorization: Bearer <access token>'`,
  ];
  if (action.mediaType) lines.push(`  --header 'Content-Type: ${action.mediaType}'`);
  if (action.mediaType && !action.bodyless)
    lines.push(`  --data '${JSON.stringify({ ...body, ...action.fixed }).replace(/'/g, "'\\''")}'`);
  return lines.join(" \\\n");
}

/** `x-codeSamples` for every operation: `{ path: { method: samples } }`. */
export function codeSamples(spec: Json): Map<Json, Json[]> {
  const ids = pathExamples(spec);
  const byOperation = new Map<Json, Json[]>();
  const grouped = new Map<Json, Action[]>();
  for (const action of actionsOf(spec)) {
    const operation = spec.paths[action.path][action.httpMethod.toLowerCase()];
    grouped.set(operation, [...(grouped.get(operation) ?? []), action]);
  }
  for (const [operation, actions] of grouped) {
    const several = actions.length > 1;
    // A method that also hands back a secret header (the remembered-browser cookie) prints its body only.
    const shown = (a: Action) => {
      const body = a.returns?.find((r) => r.from === "body");
      return body && a.returns!.some((r) => r.from === "header" && r.secret)
        ? `(${call(spec, a, ids)}).${body.name}`
        : call(spec, a, ids);
    };
    const typed = actions
      .map((a) => `${several ? `// ${exampleOf(spec, a).summary}: ${a.mediaType}\n` : ""}console.log(${shown(a)});`)
      .join("\n\n");
    const shell = actions
      .map((a) => `${several ? `# ${exampleOf(spec, a).summary}\n` : ""}${curl(spec, a, ids)}`)
      .join("\n\n");
    byOperation.set(operation, [
      { lang: "TypeScript", label: "pingone-mfa", source: `${PREAMBLE(ids.environmentId!)}\n${typed}\n` },
      { lang: "curl", label: "curl", source: `${shell}\n` },
    ]);
  }
  return byOperation;
}

/** The bundle with `x-codeSamples` on every operation. */
export function withCodeSamples(spec: Json): Json {
  for (const [operation, samples] of codeSamples(spec)) operation["x-codeSamples"] = samples;
  return spec;
}
