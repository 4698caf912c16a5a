// One action, end to end: the input is checked against the spec (ids, query, headers, body; a plain
// JSON snapshot of the body is checked and sent, phones in E.164), the request is built from the
// action table and sent through the transport, and the whole answer comes back parsed, shape-checked
// against the spec's required fields, or as a PingOneError.
import { actions } from "../../generated/actions.js";
import { requestRules } from "../../generated/request-rules.js";
import { checkArray, checkHeaderValue, isRecord } from "../validation/checks.js";
import type { ActionName, Context } from "./context.js";
import { apiErrorFrom, PingOneValidationError, unexpectedResponse } from "../errors/errors.js";
import { checkId } from "../validation/ids.js";
import { type CallOptions, checkCallOptions } from "./options.js";
import type { CountryCode } from "../phone/phone.js";
import type { Secrets } from "../errors/redact.js";
import { type Answer, type Send, withSent } from "../transport/core.js";
import { check, type Rule, type RuleDefs } from "../validation/validate.js";

type ArgumentSource = (typeof actions)[ActionName]["arguments"][number];
type HeaderRules = Record<string, Rule & { secret?: boolean | "otp" }>;

interface Rules {
  defs: RuleDefs;
  bodies: Partial<Record<ActionName, Rule>>;
  queries: Partial<Record<ActionName, Rule>>;
  headers: Partial<Record<ActionName, HeaderRules>>;
  results: Partial<Record<ActionName, readonly string[]>>;
}
// The generated rules are plain data; this states (and the compiler checks) that they fit Rule.
const rules: Rules = requestRules;
const decoder = new TextDecoder();

/** What a call needs from the client. */
export interface CallDependencies {
  send: Send;
  baseUrls: Record<"api" | "auth", string>;
  environmentId: string;
  defaultCountry: CountryCode | undefined;
}

/** The name a body field has among the method's arguments: `order[2].id` is `deviceIds[2]` of setOrder. */
function argumentField(field: string, sources: readonly ArgumentSource[]): string {
  for (const source of sources) {
    if (source.from !== "items") continue;
    const items = new RegExp(`^${source.field}(\\[\\d+\\])?(?:\\.${source.item})?$`).exec(field);
    if (items) return `${source.name}${items[1] ?? ""}`;
  }
  return field;
}

/** The values of a Cookie header's pairs (`ST=abc; x=y` → abc, y): each is the credential on its own. */
const cookieValues = (header: string, value: string) =>
  header.toLowerCase() === "cookie"
    ? value.split(";").flatMap((pair) => pair.split("=").slice(1).join("=").trim() || [])
    : [];

// The attributes a Set-Cookie value may carry after its `name=value` pair (RFC 6265 §4.1).
const COOKIE_ATTRIBUTES = new Set([
  "expires",
  "max-age",
  "domain",
  "path",
  "secure",
  "httponly",
  "samesite",
  "partitioned",
  "priority",
]);

/**
 * The Cookie header that sends back what PingOne set: a Set-Cookie value (`ST=abc; Path=/; HttpOnly`,
 * or several joined by ", ") becomes its `name=value` pairs (`ST=abc`); a Cookie header is kept.
 */
export function cookieHeader(value: string): string {
  // Split where a new `name=` follows a comma, not inside an Expires date ("Wed, 21 Oct 2026 …").
  const cookies = value.split(/,(?=\s*[^;,=\s]+=)/);
  const attribute = (part: string) => COOKIE_ATTRIBUTES.has(part.split("=")[0]!.trim().toLowerCase());
  if (!cookies.some((cookie) => cookie.split(";").slice(1).some(attribute))) return value;
  return cookies
    .map((cookie) => cookie.split(";")[0]!.trim())
    .filter(Boolean)
    .join("; ");
}

/**
 * Refuses a number past 2^53 anywhere in `value` (a checked snapshot), naming its field: JSON and
 * String() write 1e21 as `1e+21`, which PingOne may read as another number or refuse, and an integer
 * past 2^53 has lost digits before it is sent. Such numbers are refused rather than rounded.
 */
function checkExact(field: string, value: unknown): void {
  const stack: Array<[string, unknown]> = [[field, value]];
  while (stack.length > 0) {
    const [at, node] = stack.pop()!;
    if (typeof node === "number" && Number.isInteger(node) && !Number.isSafeInteger(node)) {
      const name = at || "body";
      throw new PingOneValidationError(
        name,
        "INVALID_VALUE",
        `${name} must be an integer from ${Number.MIN_SAFE_INTEGER} to ${Number.MAX_SAFE_INTEGER}; a larger one cannot be sent exactly`,
      );
    }
    if (Array.isArray(node)) node.forEach((item, i) => stack.push([`${at}[${i}]`, item]));
    else if (isRecord(node))
      for (const [key, item] of Object.entries(node)) stack.push([at ? `${at}.${key}` : key, item]);
  }
}

/** `?a=1&b=2`, encoded as openapi-fetch does (form style, values percent-encoded). */
function queryString(query: unknown): string {
  if (!isRecord(query)) return "";
  const parts = Object.entries(query)
    .filter(([, value]) => value !== undefined)
    .map(([key, value]) => `${encodeURIComponent(key)}=${encodeURIComponent(String(value))}`);
  return parts.length ? `?${parts.join("&")}` : "";
}

/** What a call of one action needs besides its input, worked out from the spec once per action. */
interface Plan {
  action: (typeof actions)[ActionName];
  sources: readonly ArgumentSource[];
  /** The argument that is the body (`device`), or "" when the body is built from several. */
  root: string;
  /** Required body fields with one allowed value (sendLogs' status), or undefined when there are none. */
  fixed: Readonly<Record<string, unknown>> | undefined;
  headers: ReadonlyArray<{ header: string; field: string; rule: HeaderRules[string] }>;
  /** The path template split at its parameters: literal, name, literal, name, …, literal. */
  pathParts: readonly string[];
  /** What the method resolves to besides the body (`devices.remember`: the cookie), or undefined for the body alone. */
  returns: readonly ReturnSource[] | undefined;
  /** The top-level fields every success answer has. */
  required: readonly string[];
}
const plans = new Map<ActionName, Plan>();
function planOf(name: ActionName): Plan {
  let plan = plans.get(name);
  if (!plan) {
    const action = actions[name];
    const sources = action.arguments as readonly ArgumentSource[];
    plan = {
      action,
      sources,
      root: sources.find((s) => s.from === "body")?.name ?? "",
      fixed: Object.keys(action.fixed).length > 0 ? action.fixed : undefined,
      headers: Object.entries(rules.headers[name] ?? {}).map(([header, rule]) => ({
        header,
        field: sources.find((s) => s.from === "header" && s.header === header)?.name ?? header,
        rule,
      })),
      pathParts: action.path.split(/\{(\w+)\}/),
      returns: "returns" in action ? (action.returns as readonly ReturnSource[]) : undefined,
      required: rules.results[name] ?? [],
    };
    plans.set(name, plan);
  }
  return plan;
}

/** The `call` of a client's context. */
export function createCall(deps: CallDependencies): Context["call"] {
  return async function call(name, args) {
    const plan = planOf(name);
    const { action, sources, root, fixed, pathParts, headers: headerRules } = plan;
    const { environmentId, signal, headers: extra } = checkCallOptions(args[sources.length] as CallOptions | undefined);
    const path: Record<string, string> = { environmentId: environmentId ?? deps.environmentId };
    // The arguments in x-pingone-method order: path IDs checked first, the rest gathered for the checks below.
    let given: unknown = fixed && { ...fixed };
    let givenQuery: unknown;
    const givenHeaders: Record<string, unknown> = {};
    for (let i = 0; i < sources.length; i++) {
      const source = sources[i]!;
      const value = args[i];
      if (source.from === "path") path[source.name] = checkId(source.name, value);
      else if (source.from === "query") givenQuery = value;
      else if (source.from === "body") given = value;
      else if (source.from === "header") givenHeaders[source.header] = value;
      else {
        const body = (given ??= {}) as Record<string, unknown>;
        body[source.field] =
          source.from === "field" ? value : checkArray(source.name, value).map((item) => ({ [source.item]: item }));
      }
    }

    const secrets: { tokens: string[]; otps: string[]; phones: string[] } = { tokens: [], otps: [], phones: [] };
    const headers: Record<string, string> = extra ? { ...extra } : {};
    if (action.mediaType) headers["content-type"] = action.mediaType;
    for (const { header, field, rule } of headerRules) {
      const value = checkHeaderValue(field, check(field, rule, rules.defs, givenHeaders[header]).value);
      const sent = header.toLowerCase() === "cookie" ? cookieHeader(value) : value;
      headers[header.toLowerCase()] = sent;
      if (rule.secret) secrets.tokens.push(value, sent, ...cookieValues(header, sent));
    }

    const queryRule = rules.queries[name];
    const query =
      queryRule && givenQuery !== undefined ? check("query", queryRule, rules.defs, givenQuery).value : undefined;
    checkExact("query", query);

    let body: string | undefined;
    const bodyRule = rules.bodies[name];
    if (bodyRule) {
      try {
        const checked = check(root, bodyRule, rules.defs, given, deps.defaultCountry);
        checkExact(root, checked.value);
        body = JSON.stringify(checked.value);
        secrets.phones = checked.phones;
        secrets.otps = checked.otps;
        secrets.tokens.push(...checked.tokens);
      } catch (error) {
        if (!(error instanceof PingOneValidationError) || root) throw error;
        throw error.renamed(argumentField(error.field, sources));
      }
    }

    let url = deps.baseUrls[action.host] + pathParts[0]!;
    for (let i = 1; i < pathParts.length; i += 2) url += encodeURIComponent(path[pathParts[i]!]!) + pathParts[i + 1]!;
    url += queryString(query);
    const answer = await deps.send({ method: action.httpMethod, url, headers, body }, signal, secrets);
    return receive(plan, answer, secrets) as never;
  };
}

/** The parsed success body (undefined for a 204), or the PingOneError the answer means. */
function receive(plan: Plan, answer: Answer, secrets: Secrets & { tokens: string[] }): unknown {
  const { returns } = plan;
  // A header the method hands back and the spec marks secret (the remembered-browser cookie) is
  // masked in anything built from this answer, an error included.
  for (const source of returns ?? []) {
    const value = source.from === "header" && source.secret ? answer.headers[source.header.toLowerCase()] : undefined;
    if (value) secrets.tokens.push(value, ...cookieValues("cookie", cookieHeader(value)));
  }
  const text = answer.body.byteLength ? decoder.decode(answer.body) : "";
  let parsed: unknown;
  try {
    parsed = text ? JSON.parse(text) : undefined;
  } catch {
    parsed = undefined;
  }
  if (answer.status < 200 || answer.status >= 300) {
    throw apiErrorFrom(answer.status, parsed, answer.request, withSent(secrets, answer.tokens), answer.retryAfterMs);
  }
  if (plan.action.status === 204) return undefined;
  if (!text) throw unexpectedResponse(answer.status, answer.request, "an empty body");
  if (parsed === undefined) throw unexpectedResponse(answer.status, answer.request, "a body that is not JSON");
  // The spec's required top-level fields: `200 null`, `42` or `[]` is not a device.
  if (!isRecord(parsed)) throw unexpectedResponse(answer.status, answer.request, "a body that is not a JSON object");
  const missing = plan.required.find((key) => !Object.hasOwn(parsed, key));
  if (missing !== undefined)
    throw unexpectedResponse(answer.status, answer.request, `a body without its required ${missing}`);
  if (!returns) return parsed;
  const result: Record<string, unknown> = {};
  for (const source of returns) {
    if (source.from === "body") result[source.name] = parsed;
    else {
      const value = answer.headers[source.header.toLowerCase()];
      if (!value)
        throw unexpectedResponse(answer.status, answer.request, `an answer without its ${source.header} header`);
      result[source.name] = value;
    }
  }
  return result;
}

type ReturnSource = { name: string; from: "body" } | { name: string; from: "header"; header: string; secret: boolean };
