// Local `$ref`s of the bundled spec, followed: every generator reads the bundle through this.
type Json = Record<string, any>;

/** A function that follows `$ref`s (JSON pointers into `spec`) until it reaches a value. */
export function derefIn(spec: Json): (node: Json) => Json {
  const deref = (node: Json): Json =>
    node?.$ref
      ? deref(
          node.$ref
            .slice(2)
            .split("/")
            .map((part: string) => decodeURIComponent(part).replace(/~1/g, "/").replace(/~0/g, "~"))
            .reduce((at: Json, key: string) => at?.[key], spec),
        )
      : node;
  return deref;
}
