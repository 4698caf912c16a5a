// The simulator's own checks of each request and of each of its answers against the spec, without
// Prism (whose import costs seconds of CPU): the schemas come from generated/spec-checks.ts, made
// from the spec at build time (scripts/generate/spec-checks.ts), and a small interpreter of the
// JSON Schema keywords the spec uses walks them, collecting every finding instead of stopping at
// the first. The request is checked as the server sees it (no phone normalization), the answer
// against the open variant of the spec, so a status or type PingOne adds later passes. Findings
// name the field and what is wrong, never the value (it may be a passcode, a phone or a token).
import type { actions } from "../../generated/actions.js";
import { specChecks } from "../../generated/spec-checks.js";
import { compiler, Findings, type Node, type Schema } from "./checks/json-schema.js";
import type { Violation } from "./violations.js";

export type { Violation } from "./violations.js";

/** An action of the spec: `devices.create`, `deviceAuthentications.checkOtp`, … */
export type ActionName = keyof typeof actions;

interface Parameter {
  required: boolean;
  schema: Schema;
}
interface ActionChecks {
  operation: string;
  status: number;
  path: Record<string, Parameter>;
  query: Record<string, Parameter>;
  /** By lower-case name. */
  headers: Record<string, Parameter>;
  body: { required: boolean; schema: Schema } | null;
}
interface Answer {
  /** Media type → schema of the body. */
  content: Record<string, Schema>;
  /** By lower-case name. */
  headers: Record<string, Parameter>;
}
interface Checks {
  defs: Record<string, Schema>;
  actions: Record<ActionName, ActionChecks>;
  /** operationId → status (or `default`, `4XX`) → answer. */
  operations: Record<string, Record<string, Answer>>;
}
const checks = specChecks as unknown as Checks;

/** What the server sees of a request: path parameters, query and headers as text, the parsed body. */
export interface RequestInput {
  params: Record<string, string>;
  query: Record<string, string>;
  body: unknown;
  /** Checked when given (the spec's header parameters: audit IDs, the remembered-device cookie). */
  headers?: Record<string, string | string[] | undefined>;
}

/** An answer: status, headers (any case) and parsed body (undefined when there is none). */
export interface AnswerInput {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: unknown;
}

/** The findings on `input` against the request `action` declares; empty when it conforms. */
export function checkRequest(action: ActionName, input: RequestInput): Violation[] {
  const declared = compiled(action);
  const out = new Findings("request");
  parameters(out, "path", declared.path, input.params);
  parameters(out, "query", declared.query, input.query);
  if (input.headers) parameters(out, "header", declared.headers, lowerCaseKeys(input.headers));
  const { body } = declared;
  if (body) {
    if (input.body === undefined) {
      if (body.required) out.add(["body"], "required", "is required");
    } else out.check(body.node, input.body, ["body"]);
  }
  return out.list;
}

/** The findings on `answer` against the spec's response to `action` for its status; empty when it conforms. */
export function checkAnswer(action: ActionName, answer: AnswerInput): Violation[] {
  const declared = compiled(action);
  const out = new Findings("response");
  const status = String(answer.status);
  const response =
    declared.answers.get(status) ?? declared.answers.get(`${status[0]}XX`) ?? declared.answers.get("default");
  if (!response) {
    const known = [...declared.answers.keys()].join(", ");
    out.add(["status"], "status", `${status} is not one the spec declares for ${action} (${known})`);
    return out.list;
  }
  // The spec declares one success status per action (x-pingone-method); another 2xx is a wrong answer.
  if (status.startsWith("2") && answer.status !== declared.status)
    out.add(["status"], "status", `${status} is not the success status of ${action} (${declared.status})`);

  const headers = lowerCaseKeys(answer.headers);
  parameters(out, "header", response.headers, headers);

  const { mediaTypes } = response;
  if (answer.body === undefined) {
    if (mediaTypes.length > 0)
      out.add(["body"], "required", `is required: status ${status} answers ${mediaTypes.join(" or ")}`);
    return out.list;
  }
  if (mediaTypes.length === 0) {
    out.add(["body"], "content", `must be empty: status ${status} answers no content`);
    return out.list;
  }
  const contentType = headerText(headers["content-type"])?.split(";")[0]!.trim().toLowerCase();
  const mediaType = mediaTypes.find((m) => m.toLowerCase() === contentType);
  if (mediaType === undefined)
    out.add(
      ["header", "content-type"],
      contentType ? "content-type" : "required",
      `${contentType ? "must be" : "is missing; it must be"} ${mediaTypes.join(" or ")} for status ${status}`,
    );
  // Even under the wrong media type, what the body lacks is worth knowing.
  out.check(response.content.get(mediaType ?? mediaTypes[0]!)!, answer.body, ["body"]);
  return out.list;
}

// --- The checks of each action, compiled on its first use ---------------------------------------

interface CompiledParameter {
  required: boolean;
  node: Node;
  /** Text becomes a number or boolean first when the schema wants one. */
  reads: "number" | "boolean" | undefined;
}
type CompiledParameters = Map<string, CompiledParameter>;
interface CompiledAnswer {
  mediaTypes: string[];
  content: Map<string, Node>;
  headers: CompiledParameters;
}
interface CompiledAction {
  status: number;
  path: CompiledParameters;
  query: CompiledParameters;
  headers: CompiledParameters;
  body: { required: boolean; node: Node } | undefined;
  answers: Map<string, CompiledAnswer>;
}

const compile = compiler(checks.defs);
const compiledActions = new Map<ActionName, CompiledAction>();
const compiledAnswers = new Map<string, Map<string, CompiledAnswer>>();

function compiled(action: ActionName): CompiledAction {
  const known = compiledActions.get(action);
  if (known) return known;
  const declared = Object.hasOwn(checks.actions, action) ? checks.actions[action] : undefined;
  if (!declared) throw new TypeError(`spec checks: ${String(action)} is not an action of the spec`);
  let answers = compiledAnswers.get(declared.operation);
  if (!answers) {
    answers = new Map(
      Object.entries(checks.operations[declared.operation]!).map(([status, answer]) => [
        status,
        {
          mediaTypes: Object.keys(answer.content),
          content: new Map(Object.entries(answer.content).map(([mediaType, schema]) => [mediaType, compile(schema)])),
          headers: compileParameters(answer.headers),
        },
      ]),
    );
    compiledAnswers.set(declared.operation, answers);
  }
  const made: CompiledAction = {
    status: declared.status,
    path: compileParameters(declared.path),
    query: compileParameters(declared.query),
    headers: compileParameters(declared.headers),
    body: declared.body ? { required: declared.body.required, node: compile(declared.body.schema) } : undefined,
    answers,
  };
  compiledActions.set(action, made);
  return made;
}

function compileParameters(declared: Record<string, Parameter>): CompiledParameters {
  return new Map(
    Object.entries(declared).map(([name, { required, schema }]) => {
      const type = typeof schema === "object" ? schema.type : undefined;
      const reads = type === "integer" || type === "number" ? "number" : type === "boolean" ? "boolean" : undefined;
      return [name, { required, node: compile(schema), reads }];
    }),
  );
}

/** The headers by lower-case name: the same object when they are already (node:http's, the simulator's). */
function lowerCaseKeys(headers: Record<string, string | string[] | undefined>) {
  for (const key of Object.keys(headers))
    if (key !== key.toLowerCase())
      return Object.fromEntries(Object.entries(headers).map(([k, v]) => [k.toLowerCase(), v]));
  return headers;
}
/** One header's text (a repeated header joined as HTTP joins it), or undefined when absent. */
const headerText = (value: string | string[] | undefined) => (Array.isArray(value) ? value.join(", ") : value);

/** Path, query and header values arrive as text; a number or boolean schema reads them as JSON would. */
function read(parameter: CompiledParameter, text: string): unknown {
  if (parameter.reads === "number" && /^-?\d+(\.\d+)?([eE][+-]?\d+)?$/.test(text)) return Number(text);
  if (parameter.reads === "boolean" && (text === "true" || text === "false")) return text === "true";
  return text;
}

function parameters(
  out: Findings,
  place: "path" | "query" | "header",
  declared: CompiledParameters,
  given: Record<string, string | string[] | undefined>,
): void {
  // Parameters the spec does not declare are not checked: PingOne ignores them, and so did Prism.
  for (const [name, parameter] of declared) {
    const value = headerText(Object.hasOwn(given, name) ? given[name] : undefined);
    if (value === undefined) {
      if (parameter.required) out.add([place], "required", `must have required property '${name}'`);
    } else out.check(parameter.node, read(parameter, value), [place, name]);
  }
}
