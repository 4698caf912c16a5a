// A small interpreter of the JSON Schema keywords the spec uses (scripts/generate/spec-checks.ts
// refuses any other at build time), collecting every finding instead of stopping at the first.
// Schemas are compiled once into one object shape, so the walk reads the same fields of the same
// kind of object every time (fast in V8), with `$ref`s followed and patterns made. Findings name the
// field and what is wrong with it, never the value.
import type { Violation } from "../violations.js";
import { FORMATS } from "./formats.js";
import { codePoints } from "../../validation/code-points.js";

/** A JSON Schema as generated: only the keywords that validate, `$ref` by component name. */
export type Schema = boolean | SchemaObject;
export interface SchemaObject {
  $ref?: string;
  type?: string | string[];
  enum?: unknown[];
  const?: unknown;
  format?: string;
  pattern?: string;
  minLength?: number;
  maxLength?: number;
  minimum?: number;
  maximum?: number;
  exclusiveMinimum?: number;
  exclusiveMaximum?: number;
  items?: Schema;
  minItems?: number;
  maxItems?: number;
  uniqueItems?: boolean;
  properties?: Record<string, Schema>;
  required?: string[];
  additionalProperties?: Schema;
  minProperties?: number;
  maxProperties?: number;
  allOf?: Schema[];
  anyOf?: Schema[];
  oneOf?: Schema[];
  not?: Schema;
  /** OpenAPI's: the property whose value names the one option of `oneOf` to check, and the option (by name) of each value. */
  discriminator?: { propertyName: string; mapping: Record<string, string> };
}

/** A compiled schema: every keyword in the same shape, refs and options as nodes. */
export class Node {
  /** `false`: nothing is allowed. */
  never = false;
  ref: Node | undefined = undefined;
  types: readonly string[] | undefined = undefined;
  enum: readonly unknown[] | undefined = undefined;
  hasConst = false;
  const: unknown = undefined;
  minLength: number | undefined = undefined;
  maxLength: number | undefined = undefined;
  pattern: RegExp | undefined = undefined;
  format: string | undefined = undefined;
  minimum: number | undefined = undefined;
  maximum: number | undefined = undefined;
  exclusiveMinimum: number | undefined = undefined;
  exclusiveMaximum: number | undefined = undefined;
  items: Node | undefined = undefined;
  minItems: number | undefined = undefined;
  maxItems: number | undefined = undefined;
  uniqueItems = false;
  required: readonly string[] | undefined = undefined;
  properties: Map<string, Node> | undefined = undefined;
  /** The schema of properties not in `properties`; undefined allows any. */
  additional: Node | undefined = undefined;
  minProperties: number | undefined = undefined;
  maxProperties: number | undefined = undefined;
  allOf: Node[] | undefined = undefined;
  /** `allOf` with its inline parts first: a union trying an option meets `status: COMPLETED` before the shared fields it extends. */
  allOfQuick: Node[] | undefined = undefined;
  anyOf: Node[] | undefined = undefined;
  oneOf: Node[] | undefined = undefined;
  not: Node | undefined = undefined;
  discriminator: { name: string; mapping: Map<string, Node>; tags: string[] } | undefined = undefined;
  /** Its check, made on first use (closureOf). */
  run: Check | undefined = undefined;
}

/** A node's check: adds what is wrong with `value` (at `at`) to `f`. */
type Check = (f: Findings, value: unknown, at: Array<string | number>) => void;

/** Compiles schemas whose `$ref`s name the schemas of `defs`; each named one is compiled once. */
export function compiler(defs: Readonly<Record<string, Schema>>): (schema: Schema) => Node {
  const named = new Map<string, Node>();
  const byName = (name: string): Node => {
    let node = named.get(name);
    if (!node) {
      const schema = Object.hasOwn(defs, name) ? defs[name] : undefined;
      if (schema === undefined) throw new Error(`spec checks: no schema named ${name}`);
      node = new Node();
      named.set(name, node); // before filling it: a schema that refers to itself finds it
      fill(node, schema);
    }
    return node;
  };
  const compile = (schema: Schema): Node => fill(new Node(), schema);
  const fill = (node: Node, schema: Schema): Node => {
    if (schema === true) return node;
    if (schema === false) {
      node.never = true;
      return node;
    }
    if (schema.$ref !== undefined) node.ref = byName(schema.$ref);
    if (schema.type !== undefined) node.types = Array.isArray(schema.type) ? schema.type : [schema.type];
    node.enum = schema.enum;
    if ("const" in schema) {
      node.hasConst = true;
      node.const = schema.const;
    }
    node.minLength = schema.minLength;
    node.maxLength = schema.maxLength;
    if (schema.pattern !== undefined) node.pattern = new RegExp(schema.pattern, "u");
    if (schema.format !== undefined && Object.hasOwn(FORMATS, schema.format)) node.format = schema.format;
    node.minimum = schema.minimum;
    node.maximum = schema.maximum;
    node.exclusiveMinimum = schema.exclusiveMinimum;
    node.exclusiveMaximum = schema.exclusiveMaximum;
    if (schema.items !== undefined) node.items = compile(schema.items);
    node.minItems = schema.minItems;
    node.maxItems = schema.maxItems;
    node.uniqueItems = schema.uniqueItems === true;
    node.required = schema.required;
    if (schema.properties)
      node.properties = new Map(Object.entries(schema.properties).map(([key, value]) => [key, compile(value)]));
    if (schema.additionalProperties !== undefined && schema.additionalProperties !== true)
      node.additional = compile(schema.additionalProperties);
    node.minProperties = schema.minProperties;
    node.maxProperties = schema.maxProperties;
    if (schema.allOf) {
      node.allOf = schema.allOf.map(compile);
      const inline = (part: Schema) => typeof part !== "object" || part.$ref === undefined;
      node.allOfQuick = [
        ...node.allOf.filter((_, i) => inline(schema.allOf![i]!)),
        ...node.allOf.filter((_, i) => !inline(schema.allOf![i]!)),
      ];
    }
    if (schema.anyOf) node.anyOf = schema.anyOf.map(compile);
    if (schema.oneOf) node.oneOf = schema.oneOf.map(compile);
    if (schema.not !== undefined) node.not = compile(schema.not);
    if (schema.discriminator) {
      const { propertyName, mapping } = schema.discriminator;
      node.discriminator = {
        name: propertyName,
        mapping: new Map(Object.entries(mapping).map(([tag, name]) => [tag, byName(name)])),
        tags: Object.keys(mapping),
      };
    }
    return node;
  };
  return compile;
}

// Not src/validation/checks.ts's: the testing entry ships without the client's modules (package.json "files").
const isRecord = (value: unknown): value is Record<string, unknown> =>
  typeof value === "object" && value !== null && !Array.isArray(value);
/** What a value is, for a message that must not repeat the value itself. */
const describeType = (value: unknown): string =>
  value === null ? "null" : Array.isArray(value) ? "an array" : typeof value;

const MAX_NAME = 100;
/** A key as a message names it: keys come from the caller, so a long one is cut. */
const nameOf = (key: string | number) =>
  typeof key === "number" ? `[${key}]` : key.length > MAX_NAME ? `${key.slice(0, MAX_NAME)}…` : key;
/** `body._embedded.devices[0].type` */
const fieldOf = (at: ReadonlyArray<string | number>) =>
  at.map((key, i) => (typeof key === "number" || i === 0 ? nameOf(key) : `.${nameOf(key)}`)).join("");
/** The spec's values (never the caller's), for a message. */
const list = (values: readonly unknown[]) =>
  values
    .slice(0, 20)
    .map((v) => (typeof v === "string" ? v : JSON.stringify(v)))
    .join(", ") + (values.length > 20 ? ", …" : "");

const TYPES: Readonly<Record<string, (value: unknown) => boolean>> = {
  string: (value) => typeof value === "string",
  integer: (value) => Number.isInteger(value),
  number: (value) => typeof value === "number" && Number.isFinite(value),
  boolean: (value) => typeof value === "boolean",
  null: (value) => value === null,
  array: (value) => Array.isArray(value),
  object: isRecord,
};
const noType = () => false;
/** The test of "is one of `types`" (a loop, not `some`: this runs for every value checked). */
function typeTest(types: readonly string[]): (value: unknown) => boolean {
  const tests = types.map((type) => (Object.hasOwn(TYPES, type) ? TYPES[type]! : noType));
  if (tests.length === 1) return tests[0]!;
  return (value) => {
    for (let i = 0; i < tests.length; i++) if (tests[i]!(value)) return true;
    return false;
  };
}
/** Whether `value` equals one of `values`: strings by a plain comparison first. */
function inEnum(values: readonly unknown[], value: unknown): boolean {
  for (let i = 0; i < values.length; i++) if (values[i] === value || same(values[i], value)) return true;
  return false;
}
const same = (a: unknown, b: unknown) =>
  a === b || (typeof a === "object" && a !== null && JSON.stringify(a) === JSON.stringify(b));

/** The findings of one check, each at its place under `side`. */
export class Findings {
  readonly list: Violation[] = [];
  /**
   * Findings where the value is not the one value a schema pins (`status: COMPLETED`, a `not`): an
   * option of a union with such a finding is one the value does not claim to be.
   */
  pinned = 0;
  /**
   * `quick`: only whether there is a finding matters (a union trying its options), so checking
   * stops at the first one.
   */
  constructor(
    readonly side: "request" | "response",
    readonly quick = false,
  ) {}

  /** Adds the finding `<field> <what>`: the field at `at` and what is wrong with it. */
  add(at: ReadonlyArray<string | number>, code: string, what: string): void {
    this.list.push({
      location: [this.side, ...at.map(String)],
      code,
      message: `${fieldOf(at)} ${what}`,
      severity: "Error",
    });
  }

  /** True when a quick check has its answer. */
  get done(): boolean {
    return this.quick && this.list.length > 0;
  }

  /** Checks `value` at `at` (a stack of keys, as it was on return) against `node`, adding what is wrong. */
  check(node: Node, value: unknown, at: Array<string | number>): void {
    (node.run ?? closureOf(node))(this, value, at);
  }

  /** Whether `value` meets `node` (stopping at the first finding). */
  passes(node: Node, value: unknown, at: Array<string | number>): boolean {
    const trial = new Findings(this.side, true);
    trial.check(node, value, at);
    return trial.list.length === 0;
  }

  /**
   * Adds the findings of the option that comes closest when none fits, as those explain best what
   * is wrong: the option the value claims to be (no pinned value missed), then the fewest findings,
   * then the first. A quick check is spared the full count.
   */
  closest(options: Node[], value: unknown, at: Array<string | number>): void {
    if (this.quick) return this.add(at, "oneOf", "must match one of its forms");
    let best: Findings | undefined;
    for (const option of options) {
      const trial = new Findings(this.side);
      trial.check(option, value, at);
      if (!best || trial.pinned < best.pinned || (trial.pinned === best.pinned && trial.list.length < best.list.length))
        best = trial;
    }
    this.list.push(...best!.list);
    this.pinned += best!.pinned;
  }
}

// --- Each node's check, a closure made on its first use ------------------------------------------
// Walking every keyword of every node for every value was about a third of the simulator's time in
// one process; a closure does only what its node has. Children are reached through `check`, so a
// schema that refers to itself is made as far as values go, and an unused one never.

function closureOf(node: Node): Check {
  const run = build(node);
  node.run = run;
  return run;
}

const nothing: Check = () => {};

/**
 * The order is the interpreter's: type (whose finding ends the node: the rest would only repeat it),
 * enum and const, the keywords of the value's own type, then allOf, $ref, anyOf, oneOf and not, a
 * quick check stopping at its first finding.
 */
function build(node: Node): Check {
  if (node.never) return (f, _value, at) => f.add(at, "false", "is not allowed");
  const typeOk = node.types === undefined ? undefined : typeTest(node.types);
  const wanted = node.types?.join(" or ");
  const head = pinnedChecks(node);
  const string = stringChecks(node);
  const number = numberChecks(node);
  const array = arrayChecks(node);
  const object = objectChecks(node);
  const rest = combinators(node);
  if (!typeOk && !head && !string && !number && !array && !object) return rest ?? nothing;
  return (f, value, at) => {
    if (typeOk !== undefined && !typeOk(value))
      return f.add(at, "type", `must be ${wanted}, not ${describeType(value)}`);
    if (head !== undefined) {
      head(f, value, at);
      if (f.done) return;
    }
    if (typeof value === "string") {
      if (string !== undefined) string(f, value, at);
    } else if (typeof value === "number") {
      if (number !== undefined) number(f, value, at);
    } else if (Array.isArray(value)) {
      if (array !== undefined) array(f, value, at);
    } else if (isRecord(value)) {
      if (object !== undefined) object(f, value, at);
    }
    if (rest !== undefined && !f.done) rest(f, value, at);
  };
}

/** enum and const. */
function pinnedChecks(node: Node): Check | undefined {
  const values = node.enum;
  const { hasConst, const: constant } = node;
  if (values === undefined && !hasConst) return undefined;
  const enumWhat = values && `must be equal to one of the allowed values: ${list(values)}`;
  const constWhat = `must be equal to ${list([constant])}`;
  // An enum of strings (all of the spec's) is a set: a value equals one of them only when it is that string.
  const strings = values?.every((v) => typeof v === "string") ? new Set<unknown>(values) : undefined;
  const inValues =
    values === undefined
      ? undefined
      : strings
        ? (value: unknown) => strings.has(value)
        : (value: unknown) => inEnum(values, value);
  return (f, value, at) => {
    if (inValues !== undefined && !inValues(value)) {
      f.add(at, "enum", enumWhat!);
      if (values!.length === 1) f.pinned++;
    }
    if (hasConst && !same(constant, value)) {
      f.add(at, "const", constWhat);
      f.pinned++;
    }
  };
}

type Of<T> = (f: Findings, value: T, at: Array<string | number>) => void;

function stringChecks(node: Node): Of<string> | undefined {
  const { minLength, maxLength, pattern } = node;
  const format = node.format === undefined ? undefined : FORMATS[node.format]!;
  const formatWhat = `must match format "${node.format}"`;
  if (minLength === undefined && maxLength === undefined && pattern === undefined) {
    if (format === undefined) return undefined;
    return (f, value, at) => {
      if (!format(value)) f.add(at, "format", formatWhat);
    };
  }
  return (f, value, at) => {
    if (minLength !== undefined || maxLength !== undefined) {
      const length = codePoints(value);
      if (minLength !== undefined && length < minLength)
        f.add(at, "minLength", `must NOT have fewer than ${minLength} characters`);
      if (maxLength !== undefined && length > maxLength)
        f.add(at, "maxLength", `must NOT have more than ${maxLength} characters`);
    }
    if (pattern !== undefined && !pattern.test(value)) f.add(at, "pattern", `must match pattern "${pattern.source}"`);
    if (format !== undefined && !format(value)) f.add(at, "format", formatWhat);
  };
}

function numberChecks(node: Node): Of<number> | undefined {
  const { minimum, maximum, exclusiveMinimum, exclusiveMaximum } = node;
  if (
    minimum === undefined &&
    maximum === undefined &&
    exclusiveMinimum === undefined &&
    exclusiveMaximum === undefined
  )
    return undefined;
  return (f, value, at) => {
    if (minimum !== undefined && value < minimum) f.add(at, "minimum", `must be >= ${minimum}`);
    if (maximum !== undefined && value > maximum) f.add(at, "maximum", `must be <= ${maximum}`);
    if (exclusiveMinimum !== undefined && value <= exclusiveMinimum)
      f.add(at, "exclusiveMinimum", `must be > ${exclusiveMinimum}`);
    if (exclusiveMaximum !== undefined && value >= exclusiveMaximum)
      f.add(at, "exclusiveMaximum", `must be < ${exclusiveMaximum}`);
  };
}

function arrayChecks(node: Node): Of<unknown[]> | undefined {
  const { minItems, maxItems, uniqueItems, items } = node;
  if (minItems === undefined && maxItems === undefined && !uniqueItems && items === undefined) return undefined;
  return (f, value, at) => {
    if (minItems !== undefined && value.length < minItems)
      f.add(at, "minItems", `must NOT have fewer than ${minItems} items`);
    if (maxItems !== undefined && value.length > maxItems)
      f.add(at, "maxItems", `must NOT have more than ${maxItems} items`);
    if (uniqueItems && new Set(value.map((item) => JSON.stringify(item))).size !== value.length)
      f.add(at, "uniqueItems", "must NOT have duplicate items");
    if (items !== undefined)
      for (let i = 0; i < value.length && !f.done; i++) {
        at.push(i);
        f.check(items, value[i], at);
        at.pop();
      }
  };
}

function objectChecks(node: Node): Of<Record<string, unknown>> | undefined {
  const { required, properties, additional, minProperties, maxProperties } = node;
  const walk = minProperties !== undefined || maxProperties !== undefined || properties || additional;
  if (required === undefined && !walk) return undefined;
  return (f, value, at) => {
    if (required !== undefined)
      for (let i = 0; i < required.length; i++)
        if (!Object.hasOwn(value, required[i]!))
          f.add(at, "required", `must have required property '${nameOf(required[i]!)}'`);
    if (!walk) return;
    const keys = Object.keys(value);
    if (minProperties !== undefined && keys.length < minProperties)
      f.add(at, "minProperties", `must NOT have fewer than ${minProperties} properties`);
    if (maxProperties !== undefined && keys.length > maxProperties)
      f.add(at, "maxProperties", `must NOT have more than ${maxProperties} properties`);
    for (let i = 0; i < keys.length; i++) {
      if (f.done) return;
      const key = keys[i]!;
      const declared = properties?.get(key);
      const rule = declared ?? additional;
      if (rule === undefined) continue;
      if (declared === undefined && rule.never) {
        f.add(at, "additionalProperties", `must NOT have additional properties; found '${nameOf(key)}'`);
        continue;
      }
      at.push(key);
      f.check(rule, value[key], at);
      at.pop();
    }
  };
}

/** allOf, $ref, anyOf, oneOf and not. */
function combinators(node: Node): Check | undefined {
  const { allOf, allOfQuick, ref, anyOf, oneOf, not, discriminator } = node;
  if (allOf === undefined && ref === undefined && anyOf === undefined && oneOf === undefined && not === undefined)
    return undefined;
  if (allOf === undefined && anyOf === undefined && oneOf === undefined && not === undefined)
    return (f, value, at) => f.check(ref!, value, at);
  return (f, value, at) => {
    const parts = f.quick ? allOfQuick : allOf;
    if (parts !== undefined)
      for (const part of parts) {
        f.check(part, value, at);
        if (f.done) return;
      }
    if (ref !== undefined) f.check(ref, value, at);
    if (anyOf !== undefined && !f.done) checkAnyOf(f, anyOf, value, at);
    if (oneOf !== undefined && !f.done) checkOneOf(f, discriminator, oneOf, value, at);
    if (not !== undefined && !f.done && f.passes(not, value, at)) {
      f.add(at, "not", "must not be one of the values its schema excludes");
      f.pinned++;
    }
  };
}

function checkAnyOf(f: Findings, options: Node[], value: unknown, at: Array<string | number>) {
  for (const option of options) if (f.passes(option, value, at)) return;
  f.closest(options, value, at);
}

function checkOneOf(
  f: Findings,
  discriminator: Node["discriminator"],
  options: Node[],
  value: unknown,
  at: Array<string | number>,
) {
  if (discriminator !== undefined && isRecord(value)) {
    // OpenAPI's discriminator: the property names the one option to check (the others' findings would only confuse).
    const { name } = discriminator;
    if (!Object.hasOwn(value, name)) return f.add(at, "required", `must have required property '${name}'`);
    const tag = value[name];
    const branch = typeof tag === "string" ? discriminator.mapping.get(tag) : undefined;
    if (branch === undefined) {
      at.push(name);
      f.add(at, "enum", `must be equal to one of the allowed values: ${list(discriminator.tags)}`);
      at.pop();
      return;
    }
    return f.check(branch, value, at);
  }
  let matched = 0;
  for (const option of options) if (f.passes(option, value, at)) matched++;
  if (matched === 0) f.closest(options, value, at);
  else if (matched > 1) f.add(at, "oneOf", `must match exactly one schema in oneOf (it matches ${matched})`);
}
