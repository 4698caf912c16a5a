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
}

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

const hasType = (value: unknown, type: string): boolean => {
  switch (type) {
    case "string":
      return typeof value === "string";
    case "integer":
      return Number.isInteger(value);
    case "number":
      return typeof value === "number" && Number.isFinite(value);
    case "boolean":
      return typeof value === "boolean";
    case "null":
      return value === null;
    case "array":
      return Array.isArray(value);
    case "object":
      return isRecord(value);
    default:
      return false;
  }
};
/** Whether `value` equals one of `values`: strings by a plain comparison first. */
function inEnum(values: readonly unknown[], value: unknown): boolean {
  for (let i = 0; i < values.length; i++) if (values[i] === value || same(values[i], value)) return true;
  return false;
}
/** Whether `value` is one of `types` (a loop, not `some`: this runs for every value checked). */
function hasAnyType(value: unknown, types: readonly string[]): boolean {
  for (let i = 0; i < types.length; i++) if (hasType(value, types[i]!)) return true;
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
  private get done(): boolean {
    return this.quick && this.list.length > 0;
  }

  /** Checks `value` at `at` (a stack of keys, as it was on return) against `node`, adding what is wrong. */
  check(node: Node, value: unknown, at: Array<string | number>): void {
    if (node.never) return this.add(at, "false", "is not allowed");
    if (node.types !== undefined && !hasAnyType(value, node.types))
      // The rest of this schema is about the type it wanted; its findings would only repeat this one.
      return this.add(at, "type", `must be ${node.types.join(" or ")}, not ${describeType(value)}`);
    if (node.enum !== undefined && !inEnum(node.enum, value)) {
      this.add(at, "enum", `must be equal to one of the allowed values: ${list(node.enum)}`);
      if (node.enum.length === 1) this.pinned++;
    }
    if (node.hasConst && !same(node.const, value)) {
      this.add(at, "const", `must be equal to ${list([node.const])}`);
      this.pinned++;
    }
    if (this.done) return;
    if (typeof value === "string") this.string(node, value, at);
    else if (typeof value === "number") this.number(node, value, at);
    else if (Array.isArray(value)) this.array(node, value, at);
    else if (isRecord(value)) this.object(node, value, at);
    if (this.done) return;
    const allOf = this.quick ? node.allOfQuick : node.allOf;
    if (allOf !== undefined)
      for (const part of allOf) {
        this.check(part, value, at);
        if (this.done) return;
      }
    if (node.ref !== undefined) this.check(node.ref, value, at);
    if (node.anyOf !== undefined && !this.done) this.anyOf(node.anyOf, value, at);
    if (node.oneOf !== undefined && !this.done) this.oneOf(node, node.oneOf, value, at);
    if (node.not !== undefined && !this.done && this.passes(node.not, value, at)) {
      this.add(at, "not", "must not be one of the values its schema excludes");
      this.pinned++;
    }
  }

  private string(node: Node, value: string, at: Array<string | number>) {
    if (node.minLength !== undefined || node.maxLength !== undefined) {
      const length = codePoints(value);
      if (node.minLength !== undefined && length < node.minLength)
        this.add(at, "minLength", `must NOT have fewer than ${node.minLength} characters`);
      if (node.maxLength !== undefined && length > node.maxLength)
        this.add(at, "maxLength", `must NOT have more than ${node.maxLength} characters`);
    }
    if (node.pattern !== undefined && !node.pattern.test(value))
      this.add(at, "pattern", `must match pattern "${node.pattern.source}"`);
    if (node.format !== undefined && !FORMATS[node.format]!(value))
      this.add(at, "format", `must match format "${node.format}"`);
  }

  private number(node: Node, value: number, at: Array<string | number>) {
    if (node.minimum !== undefined && value < node.minimum) this.add(at, "minimum", `must be >= ${node.minimum}`);
    if (node.maximum !== undefined && value > node.maximum) this.add(at, "maximum", `must be <= ${node.maximum}`);
    if (node.exclusiveMinimum !== undefined && value <= node.exclusiveMinimum)
      this.add(at, "exclusiveMinimum", `must be > ${node.exclusiveMinimum}`);
    if (node.exclusiveMaximum !== undefined && value >= node.exclusiveMaximum)
      this.add(at, "exclusiveMaximum", `must be < ${node.exclusiveMaximum}`);
  }

  private array(node: Node, value: unknown[], at: Array<string | number>) {
    if (node.minItems !== undefined && value.length < node.minItems)
      this.add(at, "minItems", `must NOT have fewer than ${node.minItems} items`);
    if (node.maxItems !== undefined && value.length > node.maxItems)
      this.add(at, "maxItems", `must NOT have more than ${node.maxItems} items`);
    if (node.uniqueItems && new Set(value.map((item) => JSON.stringify(item))).size !== value.length)
      this.add(at, "uniqueItems", "must NOT have duplicate items");
    if (node.items !== undefined)
      for (let i = 0; i < value.length && !this.done; i++) {
        at.push(i);
        this.check(node.items, value[i], at);
        at.pop();
      }
  }

  private object(node: Node, value: Record<string, unknown>, at: Array<string | number>) {
    if (node.required !== undefined)
      for (const key of node.required)
        if (!Object.hasOwn(value, key)) this.add(at, "required", `must have required property '${nameOf(key)}'`);
    const { properties, additional } = node;
    if (node.minProperties === undefined && node.maxProperties === undefined && !properties && !additional) return;
    const keys = Object.keys(value);
    if (node.minProperties !== undefined && keys.length < node.minProperties)
      this.add(at, "minProperties", `must NOT have fewer than ${node.minProperties} properties`);
    if (node.maxProperties !== undefined && keys.length > node.maxProperties)
      this.add(at, "maxProperties", `must NOT have more than ${node.maxProperties} properties`);
    for (const key of keys) {
      if (this.done) return;
      const declared = properties?.get(key);
      const rule = declared ?? additional;
      if (rule === undefined) continue;
      if (declared === undefined && rule.never) {
        this.add(at, "additionalProperties", `must NOT have additional properties; found '${nameOf(key)}'`);
        continue;
      }
      at.push(key);
      this.check(rule, value[key], at);
      at.pop();
    }
  }

  /** Whether `value` meets `node` (stopping at the first finding). */
  private passes(node: Node, value: unknown, at: Array<string | number>): boolean {
    const trial = new Findings(this.side, true);
    trial.check(node, value, at);
    return trial.list.length === 0;
  }

  /**
   * Adds the findings of the option that comes closest when none fits, as those explain best what
   * is wrong: the option the value claims to be (no pinned value missed), then the fewest findings,
   * then the first. A quick check is spared the full count.
   */
  private closest(options: Node[], value: unknown, at: Array<string | number>): void {
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

  private anyOf(options: Node[], value: unknown, at: Array<string | number>) {
    for (const option of options) if (this.passes(option, value, at)) return;
    this.closest(options, value, at);
  }

  private oneOf(node: Node, options: Node[], value: unknown, at: Array<string | number>) {
    const { discriminator } = node;
    if (discriminator !== undefined && isRecord(value)) {
      // OpenAPI's discriminator: the property names the one option to check (the others' findings would only confuse).
      const { name } = discriminator;
      if (!Object.hasOwn(value, name)) return this.add(at, "required", `must have required property '${name}'`);
      const tag = value[name];
      const branch = typeof tag === "string" ? discriminator.mapping.get(tag) : undefined;
      if (branch === undefined) {
        at.push(name);
        this.add(at, "enum", `must be equal to one of the allowed values: ${list(discriminator.tags)}`);
        at.pop();
        return;
      }
      return this.check(branch, value, at);
    }
    let matched = 0;
    for (const option of options) if (this.passes(option, value, at)) matched++;
    if (matched === 0) this.closest(options, value, at);
    else if (matched > 1) this.add(at, "oneOf", `must match exactly one schema in oneOf (it matches ${matched})`);
  }
}
