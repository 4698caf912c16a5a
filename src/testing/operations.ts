// What the mock does before Prism sees a request: find the operation (api paths need /v1, as on
// PingOne), keep only the request's media type and, for a discriminated union, only the branch the
// body names, so each vendor media type is validated against its own schema (Prism alone validates
// every +json body against the operation's first JSON media type: stoplightio/prism#1936).
import type { IHttpOperation } from "@stoplight/types";

type Json = Record<string, unknown>;

/** The operation a request matched. */
export interface Route {
  operation: IHttpOperation;
  /** The path Prism routes on: api paths lose their /v1 prefix. */
  path: string;
  /** Which host the operation lives on, for proxying. */
  host: "api" | "auth";
}

const API_PREFIX = "/v1";

const segmentsMatch = (template: string, path: string) => {
  const t = template.split("/");
  const p = path.split("/");
  return t.length === p.length && t.every((part, i) => (part.startsWith("{") ? p[i] !== "" : part === p[i]));
};

const hostOf = (operation: IHttpOperation): Route["host"] =>
  operation.servers?.some((server) => server.url.startsWith("https://auth.")) ? "auth" : "api";

/** The operation for `method` and `pathname`, "method" when only the method is wrong, or undefined. */
export function findRoute(operations: IHttpOperation[], method: string, pathname: string): Route | "method" | undefined {
  let pathFound = false;
  for (const operation of operations) {
    const host = hostOf(operation);
    const path = host === "api" ? (pathname.startsWith(`${API_PREFIX}/`) ? pathname.slice(API_PREFIX.length) : undefined) : pathname;
    if (path === undefined || !segmentsMatch(operation.path, path)) continue;
    pathFound = true;
    if (operation.method === method.toLowerCase()) return { operation, path, host };
  }
  return pathFound ? "method" : undefined;
}

/** The operation's request media types. */
export const mediaTypesOf = (operation: IHttpOperation) => operation.request?.body?.contents?.map((c) => c.mediaType) ?? [];

/**
 * A copy of `operation` that declares only `mediaType` for its request body, with a `oneOf` +
 * `discriminator` schema cut down to the branch the body names (when it names a known one).
 */
export function narrowOperation(operation: IHttpOperation, mediaType: string, body: unknown): IHttpOperation {
  const requestBody = operation.request?.body;
  if (!requestBody) return operation;
  const contents = (requestBody.contents ?? [])
    .filter((content) => content.mediaType === mediaType)
    .map((content) => (content.schema ? { ...content, schema: pickBranch(content.schema as Json, body) } : content));
  return { ...operation, request: { ...operation.request, body: { ...requestBody, contents } } };
}

function pickBranch<T extends object>(schema: T, body: unknown): T {
  const json = schema as Json;
  const discriminator = json.discriminator as { propertyName: string } | undefined;
  if (!discriminator || !Array.isArray(json.oneOf) || typeof body !== "object" || body === null) return schema;
  const value = (body as Json)[discriminator.propertyName];
  const branch = (json.oneOf as Json[]).find(
    (candidate) => ((candidate.properties as Json | undefined)?.[discriminator.propertyName] as Json | undefined)?.const === value,
  );
  return branch ? ({ $schema: json.$schema, ...branch } as T) : schema;
}

/** Response status and example to answer with when the caller did not ask (no `Prefer`). */
export interface Choice {
  code?: number;
  exampleKey?: string;
}

const digitsIfPhone = (value: unknown) =>
  typeof value === "string" && /^\+?[\d\s().-]{7,}$/.test(value) ? value.replace(/\D/g, "") : JSON.stringify(value);

/**
 * Picks the response that answers `body`: the named request example closest to it (same `type`
 * first, then most equal fields, phones compared by digits) and the response of the same name.
 * Without this, Prism answers with the lowest 2xx, so a device create would get the reorder answer.
 */
export function chooseResponse(operation: IHttpOperation, mediaType: string, body: unknown): Choice {
  const content = operation.request?.body?.contents?.find((c) => c.mediaType === mediaType);
  const examples = (content?.examples ?? []).filter((e): e is typeof e & { value: unknown } => "value" in e);
  if (examples.length === 0) return {};
  const fields = typeof body === "object" && body !== null ? (body as Json) : {};
  const score = (value: unknown) => {
    const example = (value ?? {}) as Json;
    const sameType = fields.type !== undefined && example.type === fields.type ? 1000 : 0;
    const equal = Object.keys(fields).filter((k) => digitsIfPhone(fields[k]) === digitsIfPhone(example[k])).length;
    return sameType + equal;
  };
  const best = examples.reduce((a, b) => (score(b.value) > score(a.value) ? b : a));
  for (const response of operation.responses) {
    const named = response.contents?.some((c) => c.examples?.some((e) => e.key === best.key));
    if (named) return { code: Number(response.code), exampleKey: best.key };
  }
  // An action answered with no content (204) has no example to name.
  const empty = operation.responses.find((r) => r.code.startsWith("2") && !r.contents?.length);
  return empty ? { code: Number(empty.code) } : {};
}
