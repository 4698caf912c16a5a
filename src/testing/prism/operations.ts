// What the mock does before Prism answers from the examples: keep only the request's media type and,
// for a discriminated union, only the branch the body names (Prism alone reads every +json body
// against the operation's first JSON media type: stoplightio/prism#1936), and pick the example whose
// request is closest to the body.
import type { IHttpOperation } from "@stoplight/types";

type Json = Record<string, unknown>;

// Narrowed copies are made once per operation, media type and branch, and then reused: Prism
// compiles a validator per schema object, so a fresh copy per request would compile (and keep)
// a new one every time.
const narrowedCopies = new WeakMap<IHttpOperation, Map<string, IHttpOperation>>();

/**
 * `operation` declaring only `mediaType` for its request body, with a `oneOf` + `discriminator`
 * schema cut down to the branch the body names (when it names a known one). Cached.
 */
export function narrowOperation(operation: IHttpOperation, mediaType: string, body: unknown): IHttpOperation {
  const requestBody = operation.request?.body;
  if (!requestBody) return operation;
  // Keyed by the branch the body names, so a client sending made-up types cannot grow the cache.
  const tag =
    branchOf(requestBody.contents?.find((c) => c.mediaType === mediaType)?.schema as Json | undefined, body) ?? "";
  let copies = narrowedCopies.get(operation);
  if (!copies) narrowedCopies.set(operation, (copies = new Map()));
  const key = `${mediaType} ${tag}`;
  const cached = copies.get(key);
  if (cached) return cached;
  const contents = (requestBody.contents ?? [])
    .filter((content) => content.mediaType === mediaType)
    .map((content) => (content.schema ? { ...content, schema: pickBranch(content.schema as Json, body) } : content));
  const narrowed = { ...operation, request: { ...operation.request, body: { ...requestBody, contents } } };
  copies.set(key, narrowed);
  return narrowed;
}

/** The `oneOf` branch of `schema` the body's discriminator names, if it names a known one. */
function findBranch(schema: Json | undefined, body: unknown): Json | undefined {
  const discriminator = schema?.discriminator as { propertyName: string } | undefined;
  if (!schema || !discriminator || !Array.isArray(schema.oneOf) || typeof body !== "object" || body === null)
    return undefined;
  const value = (body as Json)[discriminator.propertyName];
  return (schema.oneOf as Json[]).find(
    (candidate) =>
      ((candidate.properties as Json | undefined)?.[discriminator.propertyName] as Json | undefined)?.const === value,
  );
}
const branchOf = (schema: Json | undefined, body: unknown) => {
  const branch = findBranch(schema, body);
  return branch ? String((body as Json)[(schema!.discriminator as { propertyName: string }).propertyName]) : undefined;
};

function pickBranch<T extends object>(schema: T, body: unknown): T {
  const branch = findBranch(schema as Json, body);
  return branch ? ({ $schema: (schema as Json).$schema, ...branch } as T) : schema;
}

/** Response status and example to answer with when the caller did not ask (no `Prefer`). */
export interface Choice {
  code?: number;
  exampleKey?: string;
}

/** A body's shape: its key paths, and the values of its `type` fields (device and one-time types). */
function shapeOf(value: unknown, prefix = "", out = new Set<string>()): Set<string> {
  if (typeof value !== "object" || value === null || Array.isArray(value)) return out;
  for (const [key, item] of Object.entries(value)) {
    const path = `${prefix}${key}`;
    out.add(path);
    if (key === "type" && typeof item === "string") out.add(`${path}=${item}`);
    if (prefix.split(".").length < 4) shapeOf(item, `${path}.`, out);
  }
  return out;
}

/**
 * Picks the response that answers `body`: the named request example whose shape is closest to it
 * (same `type` values first, then the most shared and fewest missing fields; values other than
 * types do not matter, so any user or phone gets the same answer) and the response of the same
 * name. Ties go to the example with a success answer.
 */
export function chooseResponse(operation: IHttpOperation, mediaType: string, body: unknown): Choice {
  const candidates = candidatesOf(operation, mediaType);
  if (candidates.length === 0) return {};
  const wanted = shapeOf(body);
  const score = ({ shape, success }: Candidate) => {
    let points = success ? 0.5 : 0;
    for (const entry of wanted) if (shape.has(entry)) points += entry.includes("=") ? 1000 : 10;
    for (const entry of shape) if (!wanted.has(entry)) points -= 1;
    return points;
  };
  // The first of the best-scored wins.
  let best = candidates[0]!;
  let bestScore = score(best);
  for (const candidate of candidates.slice(1)) {
    const points = score(candidate);
    if (points > bestScore) [best, bestScore] = [candidate, points];
  }
  if (best.response) return { code: Number(best.response.code), exampleKey: best.key };
  // An action answered with no content (204) has no example to name.
  const empty = operation.responses.find((r) => r.code.startsWith("2") && !r.contents?.length);
  return empty ? { code: Number(empty.code) } : {};
}

interface Candidate {
  key: string;
  shape: Set<string>;
  /** The response holding the example of the same name, if any. */
  response: IHttpOperation["responses"][number] | undefined;
  success: boolean;
}

// Each request example's shape and answer, worked out once per operation and media type.
const candidateCache = new WeakMap<IHttpOperation, Map<string, Candidate[]>>();

function candidatesOf(operation: IHttpOperation, mediaType: string): Candidate[] {
  let byMediaType = candidateCache.get(operation);
  if (!byMediaType) candidateCache.set(operation, (byMediaType = new Map()));
  let candidates = byMediaType.get(mediaType);
  if (!candidates) {
    const content = operation.request?.body?.contents?.find((c) => c.mediaType === mediaType);
    const examples = (content?.examples ?? []).filter((e): e is typeof e & { value: unknown } => "value" in e);
    candidates = examples.map((example) => {
      const response = operation.responses.find((r) =>
        r.contents?.some((c) => c.examples?.some((e) => e.key === example.key)),
      );
      return {
        key: example.key,
        shape: shapeOf(example.value),
        response,
        success: response?.code.startsWith("2") ?? false,
      };
    });
    byMediaType.set(mediaType, candidates);
  }
  return candidates;
}
