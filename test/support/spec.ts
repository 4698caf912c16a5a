// The bundled spec for the tests: what the shipped contract checks read (src/contract/spec.ts), and
// JSON Schema validation of any value against any schema in it.
import { Ajv2020 } from "ajv/dist/2020.js";
import ajvFormats from "ajv-formats";
import { spec } from "../../src/contract/spec.ts";

export {
  deref,
  HTTP_METHODS,
  type Json,
  namedExamples,
  type Operation,
  operations,
  spec,
} from "../../src/contract/spec.ts";

const SPEC_ID = "https://pingone-mfa.invalid/openapi.json";
const ajv = new Ajv2020({ strict: false, allErrors: true });
// ajv-formats is CommonJS: its function is the default export of module.exports.
ajvFormats.default(ajv);
ajv.addSchema({ ...spec, $id: SPEC_ID });

/** Validates `value` against the schema at `pointer` (e.g. `/components/schemas/Device`). */
export function validateAt(pointer: string, value: unknown): { valid: boolean; errors: string[] } {
  const validate = ajv.getSchema(`${SPEC_ID}#${pointer}`);
  if (!validate) throw new Error(`No schema at ${pointer}`);
  const valid = validate(value) as boolean;
  return { valid, errors: (validate.errors ?? []).map((e) => `${e.instancePath} ${e.message}`) };
}
