// generated/schema.d.ts: openapi-typescript's types of the bundled spec, with two rules of ours.
// An open enum (`anyOf: [<known values>, {type: string}]`, used in answers) becomes
// `Known | (string & {})`, so editors still offer the known values while any string type-checks.
// A `oneOf` branch marked `x-pingone-unknown` (the catch-all "another status" of an answer) is left
// out of the union, so the known branches still narrow on their discriminator. (A branch that
// guarantees optional fields of a shared schema says so with `allOf: [$ref, {required, properties}]`,
// which openapi-typescript already types as `Ref & {field: …}`.)
import openapiTS, { astToString, COMMENT_HEADER, oapiRef } from "openapi-typescript";
import ts from "typescript";

type Json = Record<string, any>;
const { factory } = ts;

const isPlainString = (schema: Json) =>
  schema.type === "string" && schema.enum === undefined && schema.const === undefined && schema.$ref === undefined;
const openString = () =>
  factory.createParenthesizedType(
    factory.createIntersectionTypeNode([
      factory.createKeywordTypeNode(ts.SyntaxKind.StringKeyword),
      factory.createTypeLiteralNode([]),
    ]),
  );
const literals = (values: string[]) =>
  values.map((value) => factory.createLiteralTypeNode(factory.createStringLiteral(value)));

/** The TypeScript source of generated/schema.d.ts for `spec` (the bundled JSON). */
export async function typesSource(spec: Json): Promise<string> {
  const schemas: Json = spec.components?.schemas ?? {};
  const target = (ref: string) => schemas[decodeURIComponent(ref.split("/").pop()!)] as Json | undefined;
  const ast = await openapiTS(structuredClone(spec) as never, {
    transform(schema: Json) {
      const options = schema.anyOf as Json[] | undefined;
      if (options?.length === 2 && isPlainString(options[1]!)) {
        const [known] = options as [Json];
        if (known.$ref) return factory.createUnionTypeNode([oapiRef(known.$ref), openString()]);
        if (Array.isArray(known.enum)) return factory.createUnionTypeNode([...literals(known.enum), openString()]);
      }
      const branches = schema.oneOf as Json[] | undefined;
      if (branches?.some((b) => b.$ref && target(b.$ref)?.["x-pingone-unknown"])) {
        return factory.createUnionTypeNode(
          branches.filter((b) => !target(b.$ref)?.["x-pingone-unknown"]).map((b) => oapiRef(b.$ref)),
        );
      }
      return undefined;
    },
  });
  return `${COMMENT_HEADER}${astToString(ast)}`;
}
