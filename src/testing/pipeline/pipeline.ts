// The mock's request pipeline, the same whatever carries the request (node:http, MSW's handlers):
// named stages, each of which answers or passes the request on. The stateful simulator's path
// loads nothing heavy: routes come from the generated action table and requests and answers are
// checked by code generated from the spec. Prism is loaded only for answers from the examples
// (`mode: "examples"`, a `Prefer` header) and for the validating proxy.
import { actions, nextCalls } from "../../../generated/actions.js";
import type { ActionName } from "../../client/context.js";
import { FaultQueue, faultBody, type MockFault } from "../faults.js";
import { corsHeaders, headerJson, mockError, preflightHeaders } from "../http-io.js";
import type { Preference, PrismAnswerer, PrismInput } from "../prism/examples.js";
import {
  createSimulator,
  invalidToken,
  PINGONE_MESSAGES,
  pingOneError,
  pingOneErrorBody,
  type SimulatedAnswer,
  type SimulatorLimits,
} from "../simulation/index.js";
import { checkAnswer, checkRequest } from "../spec-checks.js";
import { invalidRequest, type Violation } from "../violations.js";
import { forward } from "./forward.js";
import { actionOf, allowedMethods, expectsBody, findRoute, type Routed } from "./routes.js";

/** A request as the transport read it. */
export interface MockRequest {
  method: string;
  /** Path and query, as on the request line. */
  target: string;
  /** Header names in lower case. */
  headers: Record<string, string | undefined>;
  /** The body, or undefined when it was larger than the cap. */
  body: Uint8Array | undefined;
  /** Where the client reached the mock, so `_links` point back at it. */
  origin: string;
}

/** What the transport sends back: an answer, or a dropped connection. */
export type MockAnswer =
  | { status: number; headers: Record<string, string | string[]>; body?: unknown; drop?: false }
  | { drop: true };

/** An answer before CORS: the simulator's, Prism's, or the upstream's (whose cookies each keep a header). */
type Answered = Omit<SimulatedAnswer, "headers"> & { headers?: Record<string, string | string[]> };

/** A finding on an answer: the request it answered and what the spec says is wrong. */
export interface MockViolation {
  request: string;
  status: number;
  findings: Violation[];
}

export interface PipelineOptions {
  mode: "stateful" | "examples" | "proxy";
  limits?: Partial<SimulatorLimits> | undefined;
  maxBodyBytes: number;
  upstream?: { apiBaseUrl: string; authBaseUrl: string } | undefined;
  /** Loads Prism for the examples and the proxy (absent where Prism cannot run, as in a browser). */
  prism?: (() => Promise<PrismAnswerer>) | undefined;
}

const MAX_DEPTH = 64;
const MAX_FINDINGS_KEPT = 200;
const TOKEN_PATH = /^\/([^/]+)\/as\/token$/;
const utf8 = new TextDecoder("utf-8", { fatal: true });
const NO_BODY = new Uint8Array(0);

/** Deeper than `max` levels of objects and arrays? Checked without recursion. */
function tooDeep(value: unknown, max: number): boolean {
  const stack: Array<[unknown, number]> = [[value, 1]];
  while (stack.length) {
    const [item, depth] = stack.pop()!;
    if (typeof item !== "object" || item === null) continue;
    if (depth > max) return true;
    for (const child of Object.values(item)) stack.push([child, depth + 1]);
  }
  return false;
}

/** A request target, read as the URL parser reads it. */
interface Target {
  pathname: string;
  /** `?…`, or "" when there is no query. */
  search: string;
  /** The query's parameters, the last of a repeated name winning. */
  query(): Record<string, string>;
}

// A path of characters the URL parser keeps as they are, with no escape and no dot segment: it is
// its own pathname, and the parser is skipped (it was a few % of the mock's CPU under load).
const PLAIN_PATH = /^\/[A-Za-z0-9\-._~!$&'()*+,;=:@/]*$/;
const NO_QUERY = () => ({});

/** The target's path and query; undefined when it names no valid path. */
function targetOf(target: string): Target | undefined {
  if (PLAIN_PATH.test(target) && !target.includes("/.") && !target.includes("//"))
    return { pathname: target, search: "", query: NO_QUERY };
  try {
    // Origin-form targets are paths: `//x/…` is a path with an empty segment, not a host.
    const url = new URL(target.startsWith("/") ? `http://mock${target}` : target);
    decodeURIComponent(url.pathname);
    // An empty segment names nothing (default chosen: PingOne's answer to one was not observed).
    if (url.pathname.includes("//")) throw new URIError("empty path segment");
    return { pathname: url.pathname, search: url.search, query: () => Object.fromEntries(url.searchParams) };
  } catch {
    return undefined;
  }
}

const contentTypeOf = (headers: MockRequest["headers"]) => (headers["content-type"] ?? "").split(";")[0]!.trim();

/** A request on its way through the stages: what the earlier ones found out. */
interface InFlight {
  request: MockRequest;
  url: Target;
  label: string;
  cors: Record<string, string>;
  routed: Routed;
  mediaType: string | null;
  body: unknown;
  action: ActionName;
}

export function createPipeline(options: PipelineOptions) {
  const { mode, maxBodyBytes } = options;
  const simulator = createSimulator(
    new Map(Object.entries(nextCalls)),
    options.limits ? { limits: options.limits } : {},
  );
  const faults = new FaultQueue([...Object.keys(actions), "token"]);
  const violations: MockViolation[] = [];
  const waits = new Set<{ timer: ReturnType<typeof setTimeout>; done: () => void }>();
  // Ends the proxy's calls upstream when the mock closes, so a stalled upstream holds nothing open.
  const closing = new AbortController();
  let closed = false;
  let prism: Promise<PrismAnswerer> | undefined;
  const loadPrism = () => {
    if (!options.prism)
      throw new Error("answers from the examples and the proxy need Prism, which is not available here");
    return (prism ??= options.prism());
  };

  const record = (request: string, status: number, findings: Violation[]): Record<string, string> => {
    if (findings.length === 0) return {};
    violations.push({ request, status, findings });
    if (violations.length > MAX_FINDINGS_KEPT) violations.shift();
    return { "sl-violations": headerJson(findings) };
  };

  /** Waits `ms`, or less when the pipeline closes first (its timers must not hold a process open). */
  const wait = (ms: number) =>
    new Promise<void>((resolve) => {
      // A request that reaches its fault after close() would otherwise start a timer nothing clears.
      if (closed) return resolve();
      const entry = {
        timer: setTimeout(() => {
          waits.delete(entry);
          resolve();
        }, ms),
        done: resolve,
      };
      waits.add(entry);
    });

  // Stages. Each answers (returns a MockAnswer) or lets the request go on (returns undefined).

  /** Answers with the next fault for `action`, if there is one. */
  async function fault(action: string, cors: Record<string, string>): Promise<MockAnswer | undefined> {
    const next = faults.take(action);
    return next ? faulted(next, cors) : undefined;
  }

  /** The answer of a fault taken from the queue; undefined when it only delays the request. */
  async function faulted(next: MockFault, cors: Record<string, string>): Promise<MockAnswer | undefined> {
    if (next.delayMs) await wait(next.delayMs);
    if (closed || next.drop) return { drop: true };
    if (next.status === undefined) return undefined;
    const retryAfter = next.retryAfter !== undefined ? { "retry-after": String(next.retryAfter) } : {};
    const body = "body" in next ? next.body : next.status >= 400 ? faultBody(next.status) : undefined;
    return { status: next.status, body, headers: { ...cors, ...retryAfter, "x-pingone-mfa-mock": "fault" } };
  }

  async function tokenEndpoint(request: MockRequest, cors: Record<string, string>): Promise<MockAnswer> {
    if (request.method !== "POST")
      return withHeaders(
        mockError(405, "MOCK_METHOD_NOT_ALLOWED", `${request.method} is not allowed on the token endpoint; use POST`),
        { ...cors, allow: "POST" },
      );
    const faulted = await fault("token", cors);
    if (faulted) return faulted;
    // RFC 6749 §4.4.2: the token request is a form.
    if (contentTypeOf(request.headers).toLowerCase() !== "application/x-www-form-urlencoded")
      return withHeaders(
        {
          status: 400,
          body: {
            error: "invalid_request",
            error_description: "The token request must be application/x-www-form-urlencoded.",
          },
          headers: { "cache-control": "no-store" },
        },
        cors,
      );
    let form: string;
    try {
      form = utf8.decode(request.body!);
    } catch {
      return withHeaders(
        { status: 400, body: { error: "invalid_request", error_description: "The token request is not UTF-8." } },
        cors,
      );
    }
    return withHeaders(simulator.token(new URLSearchParams(form), request.headers.authorization), cors);
  }

  /** The route, or the mock's 501 (no such path) or 405 (no such method on it). */
  function route(request: MockRequest, url: Target): Routed | SimulatedAnswer {
    const routed = findRoute(request.method, url.pathname);
    if (routed === undefined) {
      const hint =
        !url.pathname.startsWith("/v1/") && findRoute(request.method, `/v1${url.pathname}`)
          ? ` (device paths start with /v1: use apiBaseUrl ${request.origin}/v1)`
          : "";
      return mockError(
        501,
        "MOCK_NO_ROUTE",
        `no operation of the spec matches ${request.method} ${url.pathname}${hint}`,
      );
    }
    if (routed === "method") {
      const allowed = allowedMethods(url.pathname);
      const answer = mockError(
        405,
        "MOCK_METHOD_NOT_ALLOWED",
        `the spec has no ${request.method} on ${url.pathname}; it has ${allowed}`,
      );
      return { ...answer, headers: { ...answer.headers, allow: allowed } };
    }
    return routed;
  }

  /** The media type as the spec spells it (media types compare case-insensitively, RFC 9110), or a 415. */
  function mediaType(request: MockRequest, routed: Routed): string | null | SimulatedAnswer {
    const declared = routed.route.mediaTypes;
    if (declared.length === 0) return null;
    const sent = contentTypeOf(request.headers).toLowerCase();
    const matched = declared.find((candidate) => candidate.toLowerCase() === sent);
    if (matched) return matched;
    const detail = {
      code: "INVALID_VALUE",
      target: "Content-Type",
      message: `${sent ? `${sent} is` : "A missing Content-Type is"} not accepted here; use one of: ${declared.join(", ")}`,
    };
    return pingOneError("INVALID_REQUEST", [detail], { status: 415, message: PINGONE_MESSAGES.unsupportedContentType });
  }

  /** The body as JSON: UTF-8, parseable, not absurdly deep. `undefined` when there is none. */
  function json(bytes: Uint8Array): { body: unknown } | SimulatedAnswer {
    if (bytes.length === 0) return { body: undefined };
    let text: string;
    try {
      text = utf8.decode(bytes);
    } catch {
      return pingOneError("INVALID_DATA", [], { message: PINGONE_MESSAGES.invalidUtf8 });
    }
    let body: unknown;
    try {
      body = JSON.parse(text);
    } catch {
      return pingOneError("INVALID_DATA", [], { message: PINGONE_MESSAGES.invalidJson });
    }
    // Each level takes two characters at least, so a short body cannot be too deep.
    if (bytes.length > 2 * MAX_DEPTH && tooDeep(body, MAX_DEPTH))
      return mockError(400, "MOCK_BODY_TOO_DEEP", `request bodies may nest at most ${MAX_DEPTH} levels`);
    return { body };
  }

  /** A 401 unless the request carries a bearer token (and, once the mock has issued tokens, one of them). */
  function security(request: MockRequest): SimulatedAnswer | undefined {
    const bearer = /^Bearer\s+(\S+)$/i.exec(request.headers.authorization ?? "")?.[1];
    if (bearer && (mode !== "stateful" || simulator.acceptsToken(bearer))) return undefined;
    const missing: Violation = {
      location: ["request", "header", "authorization"],
      code: "security",
      message: "The request needs Authorization: Bearer <token>.",
      severity: "Error",
    };
    const refused = invalidToken(
      bearer
        ? "The access token is expired, revoked or was not issued by this mock (once its token endpoint has issued a token, the mock accepts only the tokens it issued; reset() forgets them)."
        : "The access token is missing: send Authorization: Bearer <token>.",
    );
    return {
      ...refused,
      headers: {
        ...refused.headers,
        ...(bearer ? { "x-pingone-mfa-mock": "TOKEN_NOT_ISSUED" } : { "sl-violations": headerJson([missing]) }),
      },
    };
  }

  /** PingOne's 400 when the request breaks the spec. */
  function requestChecks(flight: InFlight, query: Record<string, string>): SimulatedAnswer | undefined {
    const findings = checkRequest(flight.action, {
      params: flight.routed.params,
      query,
      body: flight.body,
      headers: flight.request.headers,
    });
    if (findings.length === 0) return undefined;
    return { status: 400, body: invalidRequest(findings), headers: { "sl-violations": headerJson(findings) } };
  }

  /** The documented example asked for (or the one closest to the body), from Prism. */
  async function fromExamples(
    flight: InFlight,
    input: PrismInput,
    preference: Preference | undefined,
  ): Promise<SimulatedAnswer> {
    const result = await (await loadPrism()).example(input, flight.routed.route, flight.mediaType ?? "", preference);
    if (result.ok) return { status: result.status, body: result.body, headers: result.headers };
    return mockError(
      501,
      "MOCK_CANNOT_HONOUR_PREFER",
      `cannot answer ${input.headers.prefer ? `Prefer: ${input.headers.prefer}` : "this request from the examples"}: ${result.why}`,
    );
  }

  /** The upstream environment's answer to the request, as checked. */
  async function fromUpstream(flight: InFlight, headers: Record<string, string>): Promise<Answered | undefined> {
    const { apiBaseUrl, authBaseUrl } = options.upstream!;
    const api = flight.routed.route.host === "api";
    const base = api ? apiBaseUrl : authBaseUrl;
    const path = api ? flight.url.pathname.slice("/v1".length) : flight.url.pathname;
    const result = await forward(
      {
        method: flight.request.method,
        url: new URL(`${base.replace(/\/+$/, "")}${path}${flight.url.search}`),
        headers,
        // A body where the spec takes none was not read, so it is not passed on either.
        body: flight.mediaType === null ? NO_BODY : flight.request.body!,
      },
      { signal: closing.signal },
    );
    if (result.ok) return { status: result.status, body: result.body, headers: result.headers };
    return {
      status: 502,
      body: pingOneErrorBody("UNEXPECTED_ERROR", [], `pingone-mfa mock: the upstream call failed: ${result.why}`),
      headers: { "x-pingone-mfa-mock": "upstream" },
    };
  }

  /** What a `Prefer` header asks for (read by Prism, loaded for it); a 501 when it cannot be honoured. */
  async function preferenceOf(input: PrismInput): Promise<{ preference?: Preference } | SimulatedAnswer> {
    if (input.headers.prefer === undefined) return {};
    const preference = (await loadPrism()).preference(input);
    if (preference === "malformed")
      return mockError(
        501,
        "MOCK_CANNOT_HONOUR_PREFER",
        `the Prefer header ${JSON.stringify(input.headers.prefer)} cannot be read`,
      );
    // Prism would make up a body with whatever status comes first (a create answered 200).
    if (preference?.dynamic)
      return mockError(
        501,
        "MOCK_CANNOT_HONOUR_PREFER",
        "Prefer: dynamic=true is not supported; ask for code= or example=, or leave Prefer out for the simulator",
      );
    return preference ? { preference } : {};
  }

  /**
   * The answer to one request. A promise only where something is awaited (a fault, Prism, the
   * upstream): the simulator's answers come back in the same turn, with no promise made for them
   * (the transports `await` either).
   */
  function handle(request: MockRequest): MockAnswer | Promise<MockAnswer> {
    const cors = corsHeaders(request.headers);
    if (request.method === "OPTIONS") return { status: 204, headers: preflightHeaders(request.headers) };
    const url = targetOf(request.target);
    if (url === undefined)
      return withHeaders(pingOneError("INVALID_REQUEST", [], { message: PINGONE_MESSAGES.invalidPath }), cors);
    if (request.body === undefined)
      return withHeaders(
        mockError(413, "MOCK_BODY_TOO_LARGE", `request bodies are limited to ${maxBodyBytes} bytes (maxBodyBytes)`),
        cors,
      );
    if (TOKEN_PATH.test(url.pathname) && mode !== "proxy") return tokenEndpoint(request, cors);

    const routed = route(request, url);
    if ("status" in routed) return withHeaders(routed, cors);
    const matched = mediaType(request, routed);
    if (typeof matched === "object" && matched !== null) return withHeaders(matched, cors);
    // A body where the spec takes none (GET, DELETE) is ignored, not read: RFC 9110 §9.3.1 and
    // §9.3.5 give it no meaning (default chosen: PingOne's answer to one was not observed).
    const parsed = matched === null ? { body: undefined } : json(request.body);
    if ("status" in parsed) return withHeaders(parsed, cors);
    const { body } = parsed;
    const action = actionOf(routed.route, matched, body);
    if (!action)
      return withHeaders(
        mockError(501, "MOCK_NOT_SIMULATED", `${request.method} ${url.pathname} is not an action of the spec`),
        cors,
      );
    if (
      matched !== null &&
      (request.body.length > 0 || expectsBody(action)) &&
      (typeof body !== "object" || body === null || Array.isArray(body))
    ) {
      const finding: Violation = {
        location: ["request", "body"],
        code: request.body.length ? "type" : "required",
        message: request.body.length ? "The request body must be a JSON object." : "A request body is required.",
        severity: "Error",
      };
      return withHeaders({ status: 400, body: invalidRequest([finding]) }, cors);
    }
    const flight: InFlight = {
      request,
      url,
      label: `${request.method} ${url.pathname}`,
      cors,
      routed,
      mediaType: matched,
      body,
      action,
    };

    const next = faults.take(action);
    if (next) return faulted(next, cors).then((answer) => answer ?? checked(flight));
    return checked(flight);
  }

  /** A request past its fault: security and the request's checks, then its answer, checked. */
  function checked(flight: InFlight): MockAnswer | Promise<MockAnswer> {
    const { request, cors, action, routed, body, url } = flight;
    const refused = security(request);
    if (refused) return withHeaders(refused, cors);
    const query = url.query();
    const invalid = requestChecks(flight, query);
    if (invalid) return withHeaders(invalid, cors);
    if (mode === "stateful" && request.headers.prefer === undefined) {
      const answer = simulator.handle({
        action,
        params: routed.params,
        query,
        body,
        headers: request.headers,
        origin: request.origin,
      });
      if (answer.body !== undefined) answer.headers = { "content-type": "application/json", ...answer.headers };
      return finish(flight, answer);
    }
    return elsewhere(flight, query);
  }

  /** The answer from Prism's examples or the upstream. */
  async function elsewhere(flight: InFlight, query: Record<string, string>): Promise<MockAnswer> {
    const { request, cors, action, routed, body, url } = flight;
    const headers = Object.fromEntries(
      Object.entries(request.headers).filter((entry): entry is [string, string] => entry[1] !== undefined),
    );
    const host = routed.route.host;
    const input: PrismInput = {
      method: request.method,
      path: host === "api" ? url.pathname.slice("/v1".length) : url.pathname,
      query,
      headers,
      body,
    };
    let answer: Answered;
    if (mode === "proxy") {
      answer = (await fromUpstream(flight, headers))!;
      if (answer.headers?.["x-pingone-mfa-mock"] === "upstream") return withHeaders(answer, cors);
    } else {
      const asked = await preferenceOf(input);
      if ("status" in asked) return withHeaders(asked, cors);
      if (mode === "examples" || asked.preference) {
        answer = await fromExamples(flight, input, asked.preference);
        if (answer.headers?.["x-pingone-mfa-mock"] === "MOCK_CANNOT_HONOUR_PREFER") return withHeaders(answer, cors);
      } else {
        answer = simulator.handle({ action, params: routed.params, query, body, headers, origin: request.origin });
        if (answer.body !== undefined) answer.headers = { "content-type": "application/json", ...answer.headers };
      }
    }
    return finish(flight, answer);
  }

  /** The answer as sent: checked against the spec, findings recorded, CORS added. */
  function finish(flight: InFlight, answer: Answered): MockAnswer {
    const findings = record(
      flight.label,
      answer.status,
      checkAnswer(flight.action, { status: answer.status, headers: answer.headers ?? {}, body: answer.body }),
    );
    const { cors } = flight;
    const headers =
      mode === "proxy" ? { ...answer.headers, ...cors, ...findings } : { ...cors, ...answer.headers, ...findings };
    return { status: answer.status, body: answer.body, headers };
  }

  /** Answers waiting on a fault's delay end now; nothing keeps a timer. */
  function close() {
    closed = true;
    closing.abort(new Error("the mock closed"));
    for (const entry of waits) {
      clearTimeout(entry.timer);
      entry.done();
    }
    waits.clear();
  }

  return { handle, close, simulator, faults, violations, mode };
}

const withHeaders = (answer: Answered, headers: Record<string, string>): MockAnswer => ({
  status: answer.status,
  body: answer.body,
  headers: { ...headers, ...answer.headers },
});

export type Pipeline = ReturnType<typeof createPipeline>;
export type { MockFault };
