// One contract check per documented example: the example's request goes through the typed client
// to the mock, asked (with `Prefer`) for the example's documented answer. It passes when exactly one
// request was sent, the mock found nothing wrong with it or with the answer, the status is the
// documented one, and the method returned the documented body (or rejected with the documented
// error). Both the shipped `pingone-mfa contract` command and the repo's tests run this.
import { isDeepStrictEqual } from "node:util";
import { actions } from "../../generated/actions.js";
import { createMfaClient, PingOneApiError } from "../index.js";
import { type ContractCase, exampleIds } from "./cases.js";

/** The outcome of one check. */
export interface CheckResult {
  /** `devices.create`: the client method. */
  group: string;
  /** `application/json sms → 201` */
  name: string;
  passed: boolean;
  /** What was wrong, one sentence each. */
  problems: string[];
  ms: number;
}

/** True when `actual` has every field of `expected` with the same value (arrays: same length, item by item). */
export function matches(actual: unknown, expected: unknown): boolean {
  if (Array.isArray(expected))
    return (
      Array.isArray(actual) && actual.length === expected.length && expected.every((e, i) => matches(actual[i], e))
    );
  if (typeof expected === "object" && expected !== null) {
    return (
      typeof actual === "object" &&
      actual !== null &&
      Object.entries(expected).every(([k, v]) => matches((actual as Record<string, unknown>)[k], v))
    );
  }
  return Object.is(actual, expected);
}

const json = (value: unknown) => (value === undefined ? undefined : JSON.parse(JSON.stringify(value)));

/** What the method resolves to: the documented body, or with `returns` the body and the documented headers. */
function expectedResult(c: ContractCase): unknown {
  const action = c.action ? actions[c.action as keyof typeof actions] : undefined;
  if (!action || !("returns" in action)) return c.response;
  const headerOf = (name: string) =>
    Object.entries(c.headers).find(([key]) => key.toLowerCase() === name.toLowerCase())?.[1];
  return Object.fromEntries(action.returns.map((r) => [r.name, r.from === "body" ? c.response : headerOf(r.header)]));
}

/** Sends `c` through a client pointed at the mock at `mockUrl`. */
export async function checkExample(c: ContractCase, mockUrl: string): Promise<CheckResult> {
  const started = performance.now();
  const group = c.action ?? c.operationId;
  const name = `${c.mediaType ?? "-"} ${c.example ?? "(no content)"} → ${c.status}`;
  const problems: string[] = [];
  const seen: Array<{ status: number; violations: string | null }> = [];
  const ids = exampleIds();
  const mfa = createMfaClient({
    environmentId: ids.environmentId,
    accessToken: "contract-check",
    apiBaseUrl: `${mockUrl}/v1`,
    authBaseUrl: mockUrl,
    retry: false,
    fetch: async (request) => {
      const response = await fetch(request);
      seen.push({ status: response.status, violations: response.headers.get("sl-violations") });
      return response;
    },
  });
  if (!c.send) {
    problems.push(`no client method sends ${c.operationId} ${c.mediaType ?? ""} (x-pingone-method is missing)`);
  } else {
    const prefer = `code=${c.status}${c.example && c.response !== undefined ? `, example=${c.example}` : ""}`;
    const outcome = await c.send(mfa, c.request, ids, { headers: { Prefer: prefer } }, c.query).then(
      (value) => ({ value, error: undefined }),
      (error: unknown) => ({ value: undefined, error }),
    );
    if (seen.length !== 1) problems.push(`expected one request, the client sent ${seen.length}`);
    if (seen[0]?.violations) problems.push(`the mock found: ${seen[0].violations}`);
    if (seen[0] && seen[0].status !== c.status) problems.push(`answered ${seen[0].status}, documented ${c.status}`);
    if (c.error) {
      const documented = c.response as { id?: string; code: string; details?: unknown[] };
      const error = outcome.error;
      if (!(error instanceof PingOneApiError))
        problems.push(
          `expected the documented ${c.status} as a PingOneApiError, got ${outcome.error ? String(outcome.error) : "a success"}`,
        );
      else if (
        !matches(error, {
          status: c.status,
          code: documented.code,
          id: documented.id,
          details: documented.details ?? [],
        })
      ) {
        problems.push(`the PingOneApiError differs from the documented answer: ${error.code} ${error.id}`);
      }
    } else if (outcome.error) {
      problems.push(`the method rejected: ${String(outcome.error)}`);
    } else if (!isDeepStrictEqual(json(outcome.value), expectedResult(c))) {
      problems.push("the method returned something other than the documented body");
    }
  }
  return { group, name, passed: problems.length === 0, problems, ms: performance.now() - started };
}
