// The prose files' tables that restate the spec, written from it (npm run generate) and
// drift-checked: in Markdown each lives between `<!-- generated:NAME -->` and
// `<!-- /generated:NAME -->`; in redocly.yaml the allowed request media types sit between
// `# generated:media-types` and `# /generated:media-types`.
import { BEHAVIOURS, SOURCE_LABELS } from "../../src/testing/simulation/behaviours.ts";
import { actionsOf, claims } from "./actions.ts";
import { derefIn } from "./deref.ts";

type Json = Record<string, any>;

const code = (text: string) => `\`${text}\``;
const oneLine = (text: string) => text.replace(/\s+/g, " ").trim();
const VND = /^application\/vnd\.pingidentity\./;

/** Replaces each generated section of `text` with its table. */
export function fillSections(text: string, tables: Record<string, string>): string {
  return text.replace(/<!-- generated:(\w+) -->\n[\s\S]*?<!-- \/generated:\1 -->/g, (_, name: string) => {
    const table = tables[name];
    if (table === undefined) throw new Error(`no generated table named ${name}`);
    return `<!-- generated:${name} -->\n${table}\n<!-- /generated:${name} -->`;
  });
}

/** The client's methods: signature, HTTP request and success status, Content-Type. */
export function methodTable(spec: Json): string {
  const rows = actionsOf(spec).map((a) => {
    const args = a.arguments.map((x) => (x.from === "query" ? `${x.name}?` : x.name)).join(", ");
    const where =
      a.host === "api"
        ? a.path.replace(/^\/environments\/\{environmentId\}\/users\/\{userId\}/, "…")
        : a.path.replace("/{environmentId}", "{auth}/{env}");
    const media = a.mediaType ? code(a.mediaType.replace(VND, "…")) : "";
    return `| ${code(`${a.name}(${args})`)} | ${a.httpMethod} ${where} → ${a.status} | ${media} |`;
  });
  return ["| method | HTTP | Content-Type |", "|---|---|---|", ...rows].join("\n");
}

/** deviceAuthentication statuses: what each carries and the calls that may follow (x-pingone-next). */
export function statusTable(spec: Json): string {
  const deref = derefIn(spec);
  const rows = deref(spec.components.schemas.DeviceAuthentication).oneOf.map((ref: Json) => {
    const branch = deref(ref);
    // The branch's own part (after the shared schema) fixes its status, or excludes the known ones.
    const own = deref(branch.allOf.at(-1));
    const status = own.properties.status.const ? code(own.properties.status.const) : "any other";
    const next = (branch["x-pingone-next"] as string[])
      .map((name) => code(name.replace(/^deviceAuthentications\./, "")))
      .join(", ");
    return `| ${status} | ${oneLine(branch.description)} | ${next} |`;
  });
  return ["| status | meaning | next calls |", "|---|---|---|", ...rows].join("\n");
}

/** The request fields the client normalizes to E.164: those whose schema refers to PhoneNumber. */
export function phoneFields(spec: Json): string {
  const fields = Object.entries(spec.components.schemas as Json).flatMap(([name, schema]) =>
    Object.entries((schema.properties ?? {}) as Json)
      .filter(([, property]) => property.$ref === "#/components/schemas/PhoneNumber")
      .map(([property]) => `- ${code(`${name}.${property}`)}`),
  );
  return fields.join("\n");
}

/**
 * The documented examples the mock's examples mode answers from: per client method, each request
 * example's name, what it shows, and the status of the answer of the same name. A request gets the
 * example closest to its shape (its `type` fields first, then its field names).
 */
export function exampleTable(spec: Json): string {
  const deref = derefIn(spec);
  const rows = actionsOf(spec).flatMap((a) => {
    const operation = spec.paths[a.path][a.httpMethod.toLowerCase()];
    const answerOf = (key: string) =>
      Object.entries(operation.responses as Json).find(([, r]) =>
        Object.values((deref(r).content ?? {}) as Json).some((c) => c.examples?.[key]),
      )?.[0];
    const requestExamples = a.mediaType
      ? ((operation.requestBody?.content?.[a.mediaType]?.examples ?? {}) as Json)
      : {};
    const named = Object.keys(requestExamples).length
      ? Object.entries(requestExamples)
          .filter(([, example]) => claims(a, deref(example).value))
          .map(([key, example]) => [key, deref(example).summary ?? "", answerOf(key) ?? String(a.status)])
      : Object.entries(
          (deref(operation.responses[a.status])?.content?.["application/json"]?.examples ?? {}) as Json,
        ).map(([key, example]) => [key, deref(example).summary ?? "", String(a.status)]);
    return named.map(
      ([key, summary, status]) => `| ${code(a.name)} | ${code(key!)} | ${oneLine(summary!)} | ${status} |`,
    );
  });
  return ["| method | example | what it shows | answer |", "|---|---|---|---|", ...rows].join("\n");
}

/**
 * What the simulator does, from its behaviour table (src/testing/simulation/behaviours.ts): each
 * row's sources grouped by kind, strongest first.
 */
export function simulatorTable(): string {
  const cell = (text: string) => oneLine(text).replace(/\|/g, "\\|");
  const rows = BEHAVIOURS.map((row) => {
    const sources = (Object.keys(SOURCE_LABELS) as Array<keyof typeof SOURCE_LABELS>)
      .map((kind) => {
        const details = row.sources.filter((s) => s.kind === kind).map((s) => s.detail);
        return details.length ? `${SOURCE_LABELS[kind]} (${details.join("; ")})` : "";
      })
      .filter(Boolean);
    return `| ${cell(row.behaviour)} | ${cell(row.simulated)} | ${cell(sources.join("; "))} |`;
  });
  return ["| behaviour | simulated as | source |", "|---|---|---|", ...rows].join("\n");
}

export const readmeTables = (spec: Json) => ({
  methods: methodTable(spec),
  statuses: statusTable(spec),
  examples: exampleTable(spec),
  simulates: simulatorTable(),
});
export const openapiReadmeTables = (spec: Json) => ({ phones: phoneFields(spec) });

/** redocly.yaml with its list of allowed request media types set to those the actions declare. */
export function redoclyMediaTypes(text: string, spec: Json): string {
  const types = [...new Set(actionsOf(spec).flatMap((a) => (a.mediaType ? [a.mediaType] : [])))];
  return text.replace(/( *)# generated:media-types\n[\s\S]*?# \/generated:media-types/, (_, indent: string) =>
    [
      `${indent}# generated:media-types`,
      ...types.map((t) => `${indent}- ${t}`),
      `${indent}# /generated:media-types`,
    ].join("\n"),
  );
}
