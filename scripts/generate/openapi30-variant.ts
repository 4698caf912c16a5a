// generated/openapi.3.0.json: the bundled spec as OpenAPI 3.0.3, for tools that read only 3.0.
// Measured here: openapi-backend 5.23 checks the document against the 3.0 schema by default, warns
// that the 3.1 file is not valid (451 errors), and then knows no operation (`quick: true` skips the
// check); openapi-diff 0.24 refuses 3.1 outright. test/spec/releases.test.ts runs openapi-backend on
// this file. The conversion is @apiture/openapi-down-convert's
// (`const` → `enum`, `examples` → `example`, 3.1-only keywords out; `allOfTransform` wraps a `$ref`
// with siblings in `allOf`, which 3.0 needs), then three steps it leaves to us:
// - `info.summary` and `license.identifier` are 3.1 fields: the summary leads the description, and
//   the license gets its SPDX page as `url`;
// - a `$ref` directly under `not` is replaced by its target (openapi-backend's 3.0 schema allows no
//   reference there).
import { Converter } from "@apiture/openapi-down-convert";
import { derefIn } from "./deref.ts";

type Json = Record<string, any>;

export const OPENAPI30_NOTE =
  "This is `openapi.3.0.json`: `openapi.json` converted to OpenAPI 3.0.3 for tools that read only 3.0. `openapi.json` (3.1) is the reference.";

/** The 3.0 variant of `spec` (the bundled JSON), as the file's text. */
export function openapi30VariantSource(spec: Json): string {
  const out = new Converter(structuredClone(spec), { allOfTransform: true }).convert() as Json;
  // The converter drops `license.identifier`; the source's identifier gives the URL.
  const { summary, license, ...info } = out.info;
  const identifier: string | undefined = spec.info.license?.identifier;
  out.info = {
    ...info,
    description: [OPENAPI30_NOTE, summary, info.description].filter(Boolean).join("\n\n"),
  };
  if (license) {
    const { identifier: _, ...rest } = license;
    out.info.license = identifier ? { ...rest, url: `https://spdx.org/licenses/${identifier}.html` } : rest;
  }
  const deref = derefIn(out);
  const visit = (node: unknown): void => {
    if (Array.isArray(node)) return node.forEach(visit);
    if (node === null || typeof node !== "object") return;
    const object = node as Json;
    if (object.not?.$ref) object.not = structuredClone(deref(object.not));
    Object.values(object).forEach(visit);
  };
  visit(out);
  if (!String(out.openapi).startsWith("3.0.")) throw new Error(`down-conversion gave openapi ${out.openapi}`);
  return `${JSON.stringify(out, null, 2)}\n`;
}
