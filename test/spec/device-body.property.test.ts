// Device-create bodies generated from the spec's own schemas, then mutated (a required field
// dropped, another type's field added, a phone spelled badly). Each is either refused by the client
// with a PingOneValidationError before any request, or sent and accepted by the mock (which
// validates against the same schemas). A body the client sends but the mock refuses is a gap.
import fc from "fast-check";
import { afterAll, expect, inject, it } from "vitest";
import { deref, type Json, spec } from "../support/spec.ts";
import { createMfaClient, PingOneValidationError } from "../../src/index.ts";
import { figure } from "../support/figures.ts";

const PHONE_REF = "#/components/schemas/PhoneNumber";
const phone = fc.oneof(
  fc.constantFrom(
    "+1.5125201234",
    "+15125201234",
    "+1.512.520.1234",
    "+1 (512) 520-1234",
    "+33 6 12 34 56 78",
    "+44 20 7946 0958",
  ),
  fc.constantFrom("5125201234", "+1 512", "+1 512 520 1234 ext. 7", "+1 800 FLOWERS", "", "++1512"),
);

/** An arbitrary of valid values for the subset of JSON Schema the spec uses. */
function arbitrary(node: Json): fc.Arbitrary<unknown> {
  if (node.$ref === PHONE_REF) return phone;
  const schema = deref(node);
  if (schema.const !== undefined) return fc.constant(schema.const);
  if (schema.enum) return fc.constantFrom(...schema.enum);
  switch (schema.type) {
    case "boolean":
      return fc.boolean();
    case "string":
      if (schema.format === "uuid") return fc.uuid();
      if (schema.format === "email") return fc.stringMatching(/^[a-z]{1,8}\.[a-z]{1,8}@example\.(com|org)$/);
      if (schema.pattern)
        return fc.stringMatching(new RegExp(schema.pattern)).filter((s) => s.length <= (schema.maxLength ?? 64));
      return fc.string({ minLength: schema.minLength ?? 0, maxLength: Math.min(schema.maxLength ?? 30, 30) });
    case "object": {
      if (!schema.properties) {
        return fc.dictionary(fc.string({ minLength: 1, maxLength: 8 }), fc.string({ maxLength: 8 }), { maxKeys: 3 });
      }
      const properties = Object.fromEntries(
        Object.entries(schema.properties as Json).map(([k, v]) => [k, arbitrary(v)]),
      );
      return fc.record(properties, { requiredKeys: schema.required ?? [] });
    }
    default:
      throw new Error(`No arbitrary for ${JSON.stringify(schema).slice(0, 80)}`);
  }
}

const branches: Json[] = deref(spec.components.schemas.DeviceCreate).oneOf;
const foreignFields = {
  testMode: true,
  email: "x@example.com",
  phone: "+15125201234",
  serialNumber: "GAKT0001",
  extension: "12",
};
const mutation = fc.oneof(
  fc.constant(["none"] as const),
  fc.constant(["drop-required"] as const),
  fc.tuple(fc.constant("add-field" as const), fc.constantFrom(...Object.keys(foreignFields))),
);
const bodies = fc.tuple(fc.oneof(...branches.map(arbitrary)), mutation).map(([body, [kind, field]]) => {
  const copy = { ...(body as Json) };
  if (kind === "drop-required") {
    const required = branches
      .map(deref)
      .find((b) => b.properties.type.const === copy.type)!
      .required.filter((k: string) => k !== "type");
    if (required.length) delete copy[required[0]];
  }
  if (kind === "add-field") copy[field!] = foreignFields[field as keyof typeof foreignFields];
  return copy;
});

let sent = 0;
let refused = 0;
const gaps: string[] = [];
afterAll(() =>
  figure(
    `device bodies: ${sent + refused} generated from the spec, ${sent} sent and accepted, ${refused} refused locally, ${gaps.length} gaps`,
  ),
);

it("either refuses a generated body locally or the mock accepts it", async () => {
  const mfa = createMfaClient({
    environmentId: "abfba8f6-49eb-49f5-a5d9-80ad5c98f9f6",
    accessToken: "property-test",
    apiBaseUrl: `${inject("mockUrl")}/v1`,
    authBaseUrl: inject("mockUrl"),
    retry: false,
  });
  await fc.assert(
    fc.asyncProperty(bodies, async (body) => {
      try {
        await mfa.devices.create("b30ac647-e33e-464f-a6ea-0275082d4c26", body as never, {
          headers: { Prefer: "code=201" },
        });
        sent++;
      } catch (error) {
        if (error instanceof PingOneValidationError) refused++;
        else gaps.push(`${JSON.stringify(body)}: ${(error as Error).message}`);
      }
    }),
    { numRuns: 400 },
  );
  expect(gaps).toEqual([]);
  expect(sent).toBeGreaterThan(50);
  expect(refused).toBeGreaterThan(50);
});
