// Checks a request body or query against its rule from the spec (generated/request-rules.ts)
// before anything is sent. The input is first snapshotted as plain JSON data, so a getter runs once
// and what was checked is exactly what is sent. Phone fields are normalized to E.164 and passcodes
// lose their separators (./otp.ts) in the snapshot; secrets (OTPs) are collected for redaction.
// The first problem found throws a PingOneValidationError naming the field; messages never repeat
// the value itself.
import { describeType, hasLoneSurrogate, isRecord } from "./checks.js";
import { PingOneValidationError, type ValidationReason } from "../errors/errors.js";
import { type CountryCode, normalizePhoneNumber } from "../phone/phone.js";
import { normalizeOtp } from "./otp.js";
import { codePoints } from "./code-points.js";

/** One node of a request rule, as generated from a JSON Schema. */
export type Rule =
  | { readonly ref: string }
  | { readonly type: "any" }
  | {
      readonly type: "string";
      readonly enum?: readonly string[];
      readonly minLength?: number;
      readonly maxLength?: number;
      readonly pattern?: string;
      readonly format?: string;
      readonly phone?: boolean;
      /** `otp`: masked in any spacing; `true`: masked as a whole token. */
      readonly secret?: boolean | "otp";
    }
  | {
      readonly type: "integer" | "number";
      readonly enum?: readonly number[];
      readonly minimum?: number;
      readonly maximum?: number;
    }
  | { readonly type: "boolean"; readonly enum?: readonly boolean[] }
  | {
      readonly type: "array";
      readonly items: Rule;
      readonly minItems?: number;
      readonly maxItems?: number;
      readonly uniqueItems?: boolean;
    }
  | {
      readonly type: "object";
      readonly properties: Readonly<Record<string, Rule>>;
      readonly required: readonly string[];
      readonly additionalProperties: boolean | Rule;
      readonly minProperties?: number;
      readonly maxProperties?: number;
    }
  | { readonly oneOf: readonly Rule[]; readonly discriminator?: string };

/** Named rules that others refer to by `{ ref }`. */
export type RuleDefs = Readonly<Record<string, Rule>>;

/** What a checked body carries besides its value: the phones it held (as given) and its secrets. */
export interface Checked {
  value: unknown;
  phones: string[];
  otps: string[];
  tokens: string[];
}

/** Largest request body the client sends; PingOne's bodies are a few kilobytes at most. */
export const MAX_BODY_CHARS = 1024 * 1024;

const FORMATS: Record<string, (value: string) => boolean> = {
  uuid: (v) => /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(v),
  email: (v) => /^[^\s@]{1,64}@[^\s@]{1,255}$/.test(v),
  uri: (v) => URL.canParse(v),
};
const patterns = new Map<string, RegExp>();
const patternOf = (source: string) =>
  patterns.get(source) ?? patterns.set(source, new RegExp(source, "u")).get(source)!;
const list = (values: readonly unknown[]) => values.map((v) => String(v)).join(", ");

/**
 * A plain-JSON copy of `input`, or a PingOneValidationError when it has none (a BigInt, a circular
 * reference, a throwing getter, nesting too deep) or is larger than MAX_BODY_CHARS.
 */
export function snapshot(root: string, input: unknown): unknown {
  const field = root || "body";
  let text: string | undefined;
  try {
    text = JSON.stringify(input);
  } catch (error) {
    // The engine's message may quote the caller's data: only its kind is kept.
    const kind =
      error instanceof RangeError
        ? "it is nested too deeply"
        : "it holds a value JSON cannot represent (a BigInt, a circular reference or a getter that throws)";
    throw new PingOneValidationError(field, "NOT_JSON", `${field} cannot be sent as JSON: ${kind}`);
  }
  if (text === undefined) throw new PingOneValidationError(field, "REQUIRED", `${field} is required`);
  if (text.length > MAX_BODY_CHARS) {
    throw new PingOneValidationError(
      field,
      "TOO_LARGE",
      `${field} is larger than ${MAX_BODY_CHARS} characters as JSON`,
    );
  }
  return JSON.parse(text);
}

interface Found {
  phones: Array<{ parent: Record<string, unknown> | unknown[]; key: string | number; given: string; e164: string }>;
  /** Passcodes as they will be sent (separators removed), written into the snapshot once it passes. */
  rewrites: Array<{ parent: Record<string, unknown> | unknown[]; key: string | number; value: string }>;
  otps: string[];
  tokens: string[];
}

/**
 * Snapshots `input`, checks the snapshot against `rule` and returns it with phones in E.164.
 * `field` names the input in errors (`device`, `query`); nested fields are `device.policy.id`.
 */
export function check(
  field: string,
  rule: Rule,
  defs: RuleDefs,
  input: unknown,
  defaultCountry?: CountryCode,
): Checked {
  const value = snapshot(field, input);
  const found: Found = { phones: [], rewrites: [], otps: [], tokens: [] };
  const holder = { value };
  walk(rule, holder, "value", field, { defs, defaultCountry }, found);
  for (const phone of found.phones) (phone.parent as Record<string | number, unknown>)[phone.key] = phone.e164;
  for (const otp of found.rewrites) (otp.parent as Record<string | number, unknown>)[otp.key] = otp.value;
  return { value: holder.value, phones: found.phones.map((p) => p.given), otps: found.otps, tokens: found.tokens };
}

interface Scope {
  defs: RuleDefs;
  defaultCountry: CountryCode | undefined;
}

const fail = (field: string, reason: ValidationReason, message: string): never => {
  throw new PingOneValidationError(field || "body", reason, `${field || "body"} ${message}`);
};
/** The name of `key` inside `field` (the root may be unnamed: a method's arguments are its fields). */
const child = (field: string, key: string) => (field ? `${field}.${key}` : key);

function resolve(rule: Rule, defs: RuleDefs): Exclude<Rule, { ref: string }> {
  let current = rule;
  while ("ref" in current) {
    const next = defs[current.ref];
    if (!next) throw new Error(`pingone-mfa: no request rule named ${current.ref}`);
    current = next;
  }
  return current;
}

/** Checks `parent[key]` against `rule`; phones and secrets go into `found`. */
function walk(
  rule: Rule,
  parent: Record<string, unknown> | unknown[],
  key: string | number,
  field: string,
  scope: Scope,
  found: Found,
): void {
  const node = resolve(rule, scope.defs);
  const value = (parent as Record<string | number, unknown>)[key];
  if ("oneOf" in node) return walkUnion(node, parent, key, field, scope, found);
  switch (node.type) {
    case "any":
      return;
    case "string": {
      if (node.phone) {
        const e164 = normalizePhoneNumber(value, { defaultCountry: scope.defaultCountry, field });
        found.phones.push({ parent, key, given: value as string, e164 });
        return;
      }
      if (typeof value !== "string") return fail(field, "INVALID_TYPE", `must be a string, got ${describeType(value)}`);
      if (node.secret === "otp") found.otps.push(value);
      else if (node.secret) found.tokens.push(value);
      if (hasLoneSurrogate(value))
        return fail(field, "INVALID_VALUE", "is not valid Unicode (it holds an unpaired surrogate)");
      if (node.secret === "otp") return checkOtp(node, parent, key, field, value, found);
      return checkString(node, field, value);
    }
    case "integer":
    case "number": {
      if (typeof value !== "number") return fail(field, "INVALID_TYPE", `must be a number, got ${describeType(value)}`);
      if (node.type === "integer" && !Number.isInteger(value)) return fail(field, "INVALID_TYPE", "must be an integer");
      if (node.minimum !== undefined && value < node.minimum)
        return fail(field, "INVALID_VALUE", `must be at least ${node.minimum}`);
      if (node.maximum !== undefined && value > node.maximum)
        return fail(field, "INVALID_VALUE", `must be at most ${node.maximum}`);
      if (node.enum && !node.enum.includes(value))
        return fail(field, "INVALID_VALUE", `must be one of ${list(node.enum)}`);
      return;
    }
    case "boolean":
      if (typeof value !== "boolean")
        return fail(field, "INVALID_TYPE", `must be a boolean, got ${describeType(value)}`);
      if (node.enum && !node.enum.includes(value)) return fail(field, "INVALID_VALUE", `must be ${list(node.enum)}`);
      return;
    case "array": {
      if (!Array.isArray(value)) return fail(field, "INVALID_TYPE", `must be an array, got ${describeType(value)}`);
      if (
        (node.minItems !== undefined && value.length < node.minItems) ||
        (node.maxItems !== undefined && value.length > node.maxItems)
      ) {
        return fail(field, "INVALID_LENGTH", `must have ${lengthRange(node.minItems, node.maxItems)} items`);
      }
      value.forEach((_, i) => walk(node.items, value, i, `${field}[${i}]`, scope, found));
      if (node.uniqueItems && new Set(value.map((item) => JSON.stringify(item))).size !== value.length) {
        return fail(field, "INVALID_VALUE", "must not repeat an item");
      }
      return;
    }
    case "object":
      return walkObject(node, value, field, scope, found);
  }
}

type StringRule = Extract<Rule, { type: "string" }>;

/** Checks a string's length, enum, pattern and format. */
function checkString(node: StringRule, field: string, value: string): void {
  const length = codePoints(value);
  if (
    (node.minLength !== undefined && length < node.minLength) ||
    (node.maxLength !== undefined && length > node.maxLength)
  ) {
    return fail(field, "INVALID_LENGTH", `must be ${lengthRange(node.minLength, node.maxLength)} characters long`);
  }
  if (node.enum && !node.enum.includes(value)) return fail(field, "INVALID_VALUE", `must be one of ${list(node.enum)}`);
  if (node.pattern && !patternOf(node.pattern).test(value))
    return fail(field, "INVALID_VALUE", `must match ${node.pattern}`);
  if (node.format && FORMATS[node.format] && !FORMATS[node.format]!(value))
    return fail(field, "INVALID_VALUE", `must be a ${node.format}`);
}

/**
 * A passcode is checked, sent and masked without its separators (`12 34 56` → `123456`); the
 * spelling given is already in `found.otps`, so it is masked wherever it appears as typed.
 */
function checkOtp(
  node: StringRule,
  parent: Record<string, unknown> | unknown[],
  key: string | number,
  field: string,
  given: string,
  found: Found,
): void {
  const value = normalizeOtp(given);
  if (value !== given) found.otps.push(value);
  checkString(node, field, value);
  if (value !== given) found.rewrites.push({ parent, key, value });
}

/** The branch of a discriminated union being walked, to say in a refusal where a field is allowed. */
interface Branch {
  union: Union;
  name: string;
  tag: unknown;
}

function walkObject(
  node: ObjectRule,
  value: unknown,
  field: string,
  scope: Scope,
  found: Found,
  branch?: Branch,
): void {
  if (!isRecord(value)) return fail(field, "INVALID_TYPE", `must be an object, got ${describeType(value)}`);
  const keys = Object.keys(value);
  for (const key of keys) {
    if (Object.hasOwn(node.properties, key)) continue;
    if (node.additionalProperties === false)
      return fail(child(field, key), "FIELD_NOT_ALLOWED", `is not allowed${branch ? allowedWith(branch, key) : ""}`);
    if (node.additionalProperties !== true)
      walk(node.additionalProperties, value, key, child(field, key), scope, found);
  }
  if (node.maxProperties !== undefined && keys.length > node.maxProperties) {
    return fail(
      field,
      "INVALID_LENGTH",
      node.maxProperties === 0 ? "must be empty" : `must have at most ${node.maxProperties} fields`,
    );
  }
  for (const key of node.required) {
    if (!Object.hasOwn(value, key)) return fail(child(field, key), "REQUIRED", "is required");
  }
  // for…in reads the rule's keys without making an array; hasOwn keeps to the rule's own.
  for (const key in node.properties) {
    if (Object.hasOwn(node.properties, key) && Object.hasOwn(value, key))
      walk(node.properties[key]!, value, key, child(field, key), scope, found);
  }
}

/** A discriminated union picks its branch by the discriminator; other unions need exactly one option to match. */
function walkUnion(
  node: Extract<Rule, { oneOf: readonly Rule[] }>,
  parent: Record<string, unknown> | unknown[],
  key: string | number,
  field: string,
  scope: Scope,
  found: Found,
): void {
  const value = (parent as Record<string | number, unknown>)[key];
  const union = unionOf(node, scope.defs);
  const { options } = union;
  const name = node.discriminator;
  if (name !== undefined) {
    if (!isRecord(value)) return fail(field, "INVALID_TYPE", `must be an object, got ${describeType(value)}`);
    const tag = value[name];
    const branch = union.branches.get(tag);
    if (!branch)
      return fail(child(field, name), "UNKNOWN_DEVICE_TYPE", `must be one of ${list([...union.branches.keys()])}`);
    return walkObject(branch, value, field, scope, found, { union, name, tag });
  }
  const matched: Found[] = [];
  let nearest: { error: PingOneValidationError; score: number } | undefined;
  for (const option of options) {
    const attempt: Found = { phones: [], rewrites: [], otps: [], tokens: [] };
    try {
      walk(option, parent, key, field, scope, attempt);
      matched.push(attempt);
    } catch (error) {
      if (!(error instanceof PingOneValidationError)) throw error;
      // The option whose required fields the value has most of explains the refusal best.
      const required =
        "required" in option && isRecord(value) ? option.required.filter((k) => Object.hasOwn(value, k)).length : 0;
      const score = required * 2 + ("required" in option && required === option.required.length ? 1 : 0);
      if (!nearest || score > nearest.score) nearest = { error, score };
    }
  }
  if (matched.length === 1) {
    found.phones.push(...matched[0]!.phones);
    found.rewrites.push(...matched[0]!.rewrites);
    found.otps.push(...matched[0]!.otps);
    found.tokens.push(...matched[0]!.tokens);
    return;
  }
  if (matched.length > 1) return fail(field, "INVALID_VALUE", "matches more than one of its forms");
  if (nearest) throw nearest.error;
  return fail(field, "INVALID_VALUE", "matches none of its forms");
}

type ObjectRule = Extract<Rule, { type: "object" }>;
/** A union's options, resolved, and (when it has a discriminator) the branch for each of its values. */
interface Union {
  options: ReadonlyArray<Exclude<Rule, { ref: string }>>;
  branches: Map<unknown, ObjectRule>;
  tags: (option: Rule) => readonly unknown[];
}
const unions = new WeakMap<object, Union>();
/** Worked out once per union node. */
function unionOf(node: Extract<Rule, { oneOf: readonly Rule[] }>, defs: RuleDefs): Union {
  let known = unions.get(node);
  if (!known) {
    const options = node.oneOf.map((option) => resolve(option, defs));
    const name = node.discriminator;
    const tags = (option: Rule): readonly unknown[] => {
      const property = name !== undefined && "properties" in option ? option.properties[name] : undefined;
      const resolved = property ? resolve(property, defs) : undefined;
      return resolved && "enum" in resolved ? (resolved.enum ?? []) : [];
    };
    const branches = new Map<unknown, ObjectRule>();
    for (const option of options)
      if ("properties" in option) for (const tag of tags(option)) if (!branches.has(tag)) branches.set(tag, option);
    known = { options, branches, tags };
    unions.set(node, known);
  }
  return known;
}

/** ` with type SMS (allowed with type EMAIL, SMS)`: where a field refused in one branch is allowed. */
function allowedWith({ union, name, tag }: Branch, field: string): string {
  const tags = union.options.filter((o) => "properties" in o && Object.hasOwn(o.properties, field)).flatMap(union.tags);
  return ` with ${name} ${String(tag)}${tags.length ? ` (allowed with ${name} ${list(tags.map(String).sort())})` : ""}`;
}

function lengthRange(min: number | undefined, max: number | undefined): string {
  if (min !== undefined && max !== undefined) return min === max ? `exactly ${min}` : `${min} to ${max}`;
  return min !== undefined ? `at least ${min}` : `at most ${max}`;
}
