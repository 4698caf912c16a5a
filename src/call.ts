// One action, end to end: the input is checked against the spec (ids, query, headers, body; a plain
// JSON snapshot of the body is checked and sent, phones in E.164), the request goes out through
// openapi-fetch and the transport, and the answer comes back parsed or as a PingOneError.
import type { Client } from "openapi-fetch";
import { actions } from "../generated/actions.js";
import { requestRules } from "../generated/request-rules.js";
import { checkHeaderValue } from "./checks.js";
import type { ActionName, Context } from "./context.js";
import { apiErrorFrom, PingOneValidationError, unexpectedResponse } from "./errors.js";
import { checkId } from "./ids.js";
import { checkCallOptions } from "./options.js";
import type { CountryCode } from "./phone.js";
import type { Secrets } from "./redact.js";
import { exchangeOf } from "./transport.js";
import { check, type Rule, type RuleDefs } from "./validate.js";

type ArgumentSource = (typeof actions)[ActionName]["arguments"][number];
type HeaderRules = Record<string, Rule & { secret?: boolean }>;

interface Rules {
  defs: RuleDefs;
  bodies: Partial<Record<ActionName, Rule>>;
  queries: Partial<Record<ActionName, Rule>>;
  headers: Partial<Record<ActionName, HeaderRules>>;
}
// The generated rules are plain data; this states (and the compiler checks) that they fit Rule.
const rules: Rules = requestRules;

/** What a call needs from the client. */
export interface CallDependencies {
  clients: Record<"api" | "auth", Client<never>>;
  environmentId: string;
  defaultCountry: CountryCode | undefined;
}

interface Sent {
  error?: unknown;
  response: Response;
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

/** The `call` of a client's context. */
export function createCall(deps: CallDependencies): Context["call"] {
  return async function call(name, input, options) {
    const action = actions[name];
    const sources = action.arguments as readonly ArgumentSource[];
    const { environmentId, signal, headers: extra } = checkCallOptions(options);
    const path: Record<string, string> = { environmentId: environmentId ?? deps.environmentId };
    for (const [key, value] of Object.entries(input.path as Record<string, unknown>)) path[key] = checkId(key, value);

    const values: string[] = [];
    let phones: string[] = [];
    const headers: Record<string, string> = { ...extra };
    if (action.mediaType) headers["Content-Type"] = action.mediaType;
    const headerRules: HeaderRules = rules.headers[name] ?? {};
    for (const [header, rule] of Object.entries(headerRules)) {
      const source = sources.find((s) => s.from === "header" && s.header === header);
      const field = source?.name ?? header;
      const value = checkHeaderValue(field, check(field, rule, rules.defs, (input as { headers?: Record<string, unknown> }).headers?.[header]).value);
      headers[header] = value;
      if (rule.secret) values.push(value);
    }

    const init: Record<string, unknown> = { parseAs: "stream", headers, params: { path } };
    if (signal) init.signal = signal;
    const query = (input as { query?: unknown }).query;
    const queryRule = rules.queries[name];
    if (queryRule && query !== undefined) (init.params as Record<string, unknown>).query = check("query", queryRule, rules.defs, query).value;

    const bodyRule = rules.bodies[name];
    if (bodyRule) {
      const root = sources.find((s) => s.from === "body")?.name ?? "";
      try {
        const checked = check(root, bodyRule, rules.defs, (input as { body?: unknown }).body, deps.defaultCountry);
        init.body = checked.value;
        phones = checked.phones;
        values.push(...checked.secrets);
      } catch (error) {
        if (!(error instanceof PingOneValidationError) || root) throw error;
        throw error.renamed(argumentField(error.field, sources));
      }
    }

    const sent = deps.clients[action.host].request(action.httpMethod as never, action.path as never, init as never) as Promise<Sent>;
    return receive(await sent, { phones, values }, action.status !== 204) as never;
  };
}

/** The parsed success body (undefined when none is expected), or the PingOneError the answer means. */
async function receive({ error, response }: Sent, secrets: Secrets, expectBody: boolean): Promise<unknown> {
  const exchange = exchangeOf(response);
  if (!exchange) throw new Error("pingone-mfa: a response did not come through the client's transport");
  try {
    // The tokens this call sent are masked too, should the answer echo one.
    const known: Secrets = { ...secrets, values: [...(secrets.values ?? []), ...exchange.tokens] };
    if (!response.ok) throw apiErrorFrom(response, error, exchange, known, exchange.retryAfterMs);
    if (!expectBody) return undefined;
    const text = await exchange.readBody();
    if (!text) throw unexpectedResponse(response, exchange, "an empty body");
    try {
      return JSON.parse(text);
    } catch {
      throw unexpectedResponse(response, exchange, "a body that is not JSON");
    }
  } finally {
    exchange.release();
  }
}
