// The README's tables that restate the spec, written from it (npm run generate) and drift-checked:
// each lives between `<!-- generated:NAME -->` and `<!-- /generated:NAME -->`.
type Json = Record<string, any>;

const deref = (spec: Json, node: Json): Json =>
  node.$ref ? deref(spec, spec.components.schemas[decodeURIComponent(node.$ref.split("/").pop())]) : node;
const code = (text: string) => `\`${text}\``;
const oneLine = (text: string) => text.replace(/\s+/g, " ").trim();

/** deviceAuthentication statuses: what each carries and the calls that may follow (x-pingone-next). */
export function statusTable(spec: Json): string {
  const rows = deref(spec, spec.components.schemas.DeviceAuthentication).oneOf.map((ref: Json) => {
    const branch = deref(spec, ref);
    // The branch's own part (after the shared schema) fixes its status, or excludes the known ones.
    const own = deref(spec, branch.allOf.at(-1));
    const status = own.properties.status.const ? code(own.properties.status.const) : "any other";
    const next = (branch["x-pingone-next"] as string[]).map((name) => code(name.replace(/^deviceAuthentications\./, ""))).join(", ");
    return `| ${status} | ${oneLine(branch.description)} | ${next} |`;
  });
  return ["| status | meaning | next calls |", "|---|---|---|", ...rows].join("\n");
}

/** Replaces each generated section of `readme` with its table from `spec`. */
export function readmeSections(readme: string, spec: Json): string {
  const tables: Record<string, string> = { statuses: statusTable(spec) };
  return readme.replace(/<!-- generated:(\w+) -->\n[\s\S]*?<!-- \/generated:\1 -->/g, (whole, name: string) => {
    const table = tables[name];
    if (table === undefined) throw new Error(`README: no generated table named ${name}`);
    return `<!-- generated:${name} -->\n${table}\n<!-- /generated:${name} -->`;
  });
}
