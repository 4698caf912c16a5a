// generated/openapi.sdk.json: the bundled spec for code generators. generated/openapi.json keeps a
// catch-all branch in each answer's `oneOf` (`x-pingone-unknown`: a status PingOne adds later still
// validates), and generators type that branch as `status: string`, so a union holding it narrows on
// nothing. This variant leaves the marked branches out (and their schemas, once nothing refers to
// them): the union is closed and narrows in generated clients. Everything else is the same document.
type Json = Record<string, any>;

export const SDK_NOTE =
  "This is `openapi.sdk.json`, the variant for code generators: each answer union lists only the statuses named here, so generated clients narrow on `status`. A status PingOne adds later fails a generated validator. `openapi.json` is the full description, whose unions stay open to such statuses: validate answers with it.";

const refName = (ref: string) => decodeURIComponent(ref.split("/").pop()!);

/** The generator variant of `spec` (the bundled JSON), as the file's text. */
export function sdkVariantSource(spec: Json): string {
  const sdk = structuredClone(spec) as Json;
  const schemas: Json = sdk.components.schemas;
  const unknown = new Set(Object.keys(schemas).filter((name) => schemas[name]["x-pingone-unknown"]));
  if (unknown.size === 0)
    throw new Error("no schema is marked x-pingone-unknown: nothing for the generator variant to leave out");
  for (const schema of Object.values(schemas) as Json[]) {
    if (Array.isArray(schema.oneOf))
      schema.oneOf = schema.oneOf.filter((branch: Json) => !(branch.$ref && unknown.has(refName(branch.$ref))));
  }
  for (const name of unknown) delete schemas[name];
  const text = JSON.stringify(sdk);
  for (const name of unknown) {
    if (text.includes(`"#/components/schemas/${name}"`))
      throw new Error(`${name} is still referred to outside a oneOf`);
  }
  sdk.info.description = `${SDK_NOTE}\n\n${sdk.info.description}`;
  return `${JSON.stringify(sdk, null, 2)}\n`;
}
