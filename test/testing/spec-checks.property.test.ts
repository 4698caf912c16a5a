// The simulator's checks against a second opinion: the spec's request and answer examples, mutated
// (a field dropped, a value of another type, an unknown field, another string), are judged by
// src/testing/spec-checks.ts and by ajv on the same bundled spec (test/support/spec.ts). The two
// must agree on every one: conforms or not. Seeded, so every run tries the same bodies.
import fc from "fast-check";
import { afterAll, expect, it } from "vitest";
import { actions } from "../../generated/actions.ts";
import { exampleIds } from "../../src/contract/cases.ts";
import { type ActionName, checkAnswer, checkRequest } from "../../src/testing/spec-checks.ts";
import { sendsBody } from "../../src/validation/media-types.ts";
import { figure } from "../support/figures.ts";
import { deref, type Json, namedExamples, operations, validateAt } from "../support/spec.ts";

const ids = exampleIds();
const names = Object.keys(actions) as ActionName[];

interface Sample {
  /** The actions that send this media type (several when they split it by the discriminator). */
  candidates: ActionName[];
  action: ActionName;
  status?: number;
  mediaType: string;
  /** Where ajv finds the schema: `/components/schemas/Device`. */
  pointer: string;
  value: unknown;
}
const pointerOf = (schema: Json) => {
  if (typeof schema.$ref !== "string") throw new Error("an inline media type schema: give it a name in the spec");
  return schema.$ref.slice(1);
};
const requests: Sample[] = [];
const answers: Sample[] = [];
for (const { method, path, op } of operations()) {
  const mine = names.filter((a) => actions[a].path === path && actions[a].httpMethod === method.toUpperCase());
  for (const [mediaType, media] of Object.entries((deref(op.requestBody ?? {}).content ?? {}) as Json)) {
    const candidates = mine.filter((a) => actions[a].mediaType === mediaType);
    for (const value of Object.values(namedExamples(media)))
      requests.push({ candidates, action: candidates[0]!, mediaType, pointer: pointerOf(media.schema), value });
  }
  for (const [status, response] of Object.entries(op.responses as Json))
    for (const [mediaType, media] of Object.entries((deref(response).content ?? {}) as Json)) {
      // Success answers belong to the action answering that status; errors are any action's.
      const action = mine.find((a) => String(actions[a].status) === status) ?? mine[0]!;
      for (const value of Object.values(namedExamples(media)))
        answers.push({
          candidates: [action],
          action,
          status: Number(status),
          mediaType,
          pointer: pointerOf(media.schema),
          value,
        });
    }
}

const OTHER_TYPES: unknown[] = [7, 1.5, true, null, [], {}, "x"];
const STRINGS = [
  "",
  "x",
  "SMS",
  "COMPLETED",
  "SOMETHING_NEW",
  "+15125201234",
  ids.deviceId,
  "https://example.com/v1/x",
  "2024-02-29T12:00:00Z",
  "a@example.com",
];
type Path = Array<string | number>;
/** Every place in `value`: the paths to its objects, arrays and leaves. */
function places(value: unknown, at: Path = [], out: Path[] = []): Path[] {
  out.push(at);
  if (typeof value === "object" && value !== null)
    for (const [key, item] of Object.entries(value))
      places(item, [...at, Array.isArray(value) ? Number(key) : key], out);
  return out;
}
const mutation = fc.record({
  sample: fc.nat(),
  place: fc.nat(),
  kind: fc.constantFrom("drop", "retype", "extra", "restring"),
  pick: fc.nat(),
});
/** A copy of `value` with one mutation; undefined when it does not apply (nothing to drop at the root). */
function mutate(value: unknown, { place, kind, pick }: { place: number; kind: string; pick: number }): unknown {
  const copy = structuredClone(value) as Json;
  const all = places(copy);
  const at = kind === "extra" ? all.filter((p) => isObject(get(copy, p))) : all.slice(1);
  if (at.length === 0) return undefined;
  const path = at[place % at.length]!;
  if (kind === "extra") {
    (get(copy, path) as Json).addedField = "x";
    return copy;
  }
  const parent = get(copy, path.slice(0, -1)) as Json;
  const key = path.at(-1)!;
  if (kind === "drop") {
    if (Array.isArray(parent)) parent.splice(key as number, 1);
    else delete parent[key];
  } else parent[key] = kind === "retype" ? OTHER_TYPES[pick % OTHER_TYPES.length] : STRINGS[pick % STRINGS.length];
  return copy;
}
const isObject = (value: unknown) => typeof value === "object" && value !== null && !Array.isArray(value);
const get = (value: unknown, path: Path) => path.reduce((at: any, key) => at?.[key], value);

let compared = 0;
let refused = 0;
afterAll(() =>
  figure(`spec checks beside ajv: ${compared} mutated examples judged alike (${refused} refused by both)`),
);

function judge(samples: Sample[], side: "request" | "answer") {
  const disagreements: string[] = [];
  fc.assert(
    fc.property(mutation, (m) => {
      const sample = samples[m.sample % samples.length]!;
      const value = mutate(sample.value, m);
      if (value === undefined) return;
      const ajv = validateAt(sample.pointer, value);
      let found;
      if (side === "request") {
        // The mock's choice among actions sharing a media type: the one that sends this body, else the first.
        const action = sample.candidates.find((a) => sendsBody(a, value)) ?? sample.candidates[0]!;
        found = checkRequest(action, { params: {}, query: {}, body: value }).filter((v) => v.location[1] === "body");
      } else
        found = checkAnswer(sample.action, {
          status: sample.status!,
          headers: { "content-type": sample.mediaType },
          body: value,
        });
      compared++;
      if (!ajv.valid) refused++;
      if (ajv.valid !== (found.length === 0))
        disagreements.push(
          `${sample.action} ${m.kind}: ajv ${ajv.valid ? "accepts" : `refuses (${ajv.errors.slice(0, 3).join("; ")})`}, spec checks ${found.length ? `refuse (${found.map((v) => v.message).join("; ")})` : "accept"}`,
        );
    }),
    { seed: 22, numRuns: 600 },
  );
  return disagreements;
}

it("judges mutated request bodies as ajv does", () => {
  expect(judge(requests, "request")).toEqual([]);
});

it("judges mutated answers as ajv does", () => {
  expect(judge(answers, "answer")).toEqual([]);
  expect(refused).toBeGreaterThan(200);
});
