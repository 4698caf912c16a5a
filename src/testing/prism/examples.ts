// Prism, loaded only when a request needs it: answers from the documented examples (`mode:
// "examples"` or a `Prefer` header). The simulator and the validating proxy never load it; the
// pipeline checks requests and answers with the generated checks.
import type { HttpMethod, IHttpOperation } from "@stoplight/types";
import type { Route } from "../pipeline/routes.js";
import { loadPrism, type PrismModules } from "./load.js";
import { chooseResponse, narrowOperation } from "./operations.js";

/** What a `Prefer` header asks for. */
export type Preference = { code?: number; exampleKey?: string; dynamic?: boolean };

/** A request as Prism's engine takes it (api paths without /v1). */
export interface PrismInput {
  method: string;
  path: string;
  query: Record<string, string>;
  headers: Record<string, string>;
  body: unknown;
}

export type EngineResult =
  | { ok: true; status: number; headers: Record<string, string>; body: unknown }
  | { ok: false; why: string };

type Either<L, R> = { _tag: "Left"; left: L } | { _tag: "Right"; right: R };
interface EngineOutput {
  output: { statusCode: number; headers?: Record<string, unknown>; body?: unknown };
}

/** Prism's engine on the spec at `specPath`. */
export interface PrismAnswerer {
  /** The `Prefer` header read as Prism's own server reads it; undefined when it asks nothing. */
  preference(input: PrismInput): Preference | undefined | "malformed";
  /** The documented answer for the request: the one asked for, else the example closest to the body. */
  example(input: PrismInput, route: Route, mediaType: string, choice: Preference | undefined): Promise<EngineResult>;
}

export async function loadPrismAnswerer(specPath: string): Promise<PrismAnswerer> {
  const prism: PrismModules = loadPrism();
  const operations: IHttpOperation[] = await prism.http.getHttpOperationsFromSpec(specPath);
  const operationOf = (route: Route) => {
    const found = operations.find((o) => o.method === route.httpMethod.toLowerCase() && o.path === route.template);
    if (!found) throw new Error(`the spec at ${specPath} has no ${route.httpMethod} ${route.template}`);
    return found;
  };
  const logger = prism.core.createLogger("pingone-mfa-mock", { level: "silent" });
  const base = {
    validateRequest: false,
    validateResponse: false,
    checkSecurity: false,
    errors: false,
    mock: { dynamic: false },
    upstreamProxy: undefined,
  };
  const instance = prism.http.createInstance({ ...base, isProxy: false } as never, { logger });
  // One list per operation: Prism routes within it, and a stable array keeps its caches warm.
  const lists = new WeakMap<IHttpOperation, IHttpOperation[]>();
  async function run(input: PrismInput, operation: IHttpOperation, config: object): Promise<EngineResult> {
    let list = lists.get(operation);
    if (!list) lists.set(operation, (list = [operation]));
    const element = {
      method: input.method.toLowerCase() as HttpMethod,
      url: { path: input.path, query: input.query },
      headers: input.headers,
      body: input.body,
    };
    const result = (await instance.request(element as never, list, config as never)()) as unknown as Either<
      Error & { detail?: string },
      EngineOutput
    >;
    if (result._tag === "Left") return { ok: false, why: result.left.detail ?? result.left.message };
    const { output } = result.right;
    return {
      ok: true,
      status: output.statusCode,
      headers: Object.fromEntries(Object.entries(output.headers ?? {}).map(([k, v]) => [k, String(v)])),
      body: output.body,
    };
  }
  return {
    preference(input) {
      if (!input.headers.prefer) return undefined;
      const asked = prism.preferences.getHttpConfigFromRequest({ headers: input.headers, url: { path: input.path } });
      if (asked._tag === "Left") return "malformed";
      // Keys the caller did not set come back as undefined; they must not hide the chosen example.
      const set = Object.fromEntries(Object.entries(asked.right).filter(([, v]) => v !== undefined)) as Preference;
      return Object.keys(set).length ? set : undefined;
    },
    async example(input, route, mediaType, choice) {
      const operation = operationOf(route);
      const narrowed = mediaType ? narrowOperation(operation, mediaType, input.body) : operation;
      const chosen = choice ?? chooseResponse(operation, mediaType, input.body);
      const answer = await run(input, narrowed, { ...base, isProxy: false, mock: { dynamic: false, ...chosen } });
      if (answer.ok && chosen.code !== undefined && answer.status !== chosen.code)
        return { ok: false, why: `the spec has no ${chosen.code} answer here` };
      return answer;
    },
  };
}
