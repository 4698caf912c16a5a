// startMockServer: a PingOne simulator on the bundled spec, in process, on a free loopback port.
// Each request goes through one pipeline: CORS, a capped body, the token endpoint, routing as
// PingOne routes (api paths under /v1), the operation's media types (415 otherwise), JSON, faults
// the test asked for, Prism's security and request validation on the operation narrowed to the
// request's media type and branch, and then an answer from the simulation (default), from the
// documented examples (`mode: "examples"` or a `Prefer` header), or from a real environment
// (`upstream`). Every answer that is not a fault is checked against the spec's responses.
import { readFile } from "node:fs/promises";
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { fileURLToPath } from "node:url";
import type { HttpMethod, IHttpOperation } from "@stoplight/types";
import { actionOperations, actions } from "../../generated/actions.js";
import { sendsBody as claims } from "../validation/media-types.js";
import { FaultQueue, faultBody, type MockFault } from "./faults.js";
import { corsHeaders, headerJson, mockError, preflightHeaders, readBody, send } from "./http-io.js";
import { chooseResponse, findRoute, mediaTypesOf, narrowOperation, pathParams, type Route } from "./operations.js";
import { loadPrism, type PrismModules } from "./prism.js";
import {
  createSimulator,
  type NextCalls,
  type SeedDevice,
  type SimulatedAnswer,
  type SimulatorLimits,
} from "./simulation.js";
import { errorBody, invalidRequest, type Violation } from "./violations.js";

export type { MockFault } from "./faults.js";
export type { SeedDevice, SimulatorLimits } from "./simulation.js";

/** Options of {@link startMockServer}. */
export interface MockServerOptions {
  /** Port to listen on. @default 0 (a free port) */
  port?: number;
  /** Address to listen on. @default "127.0.0.1" */
  host?: string;
  /** Path of the bundled spec. @default the package's own openapi.json */
  spec?: string;
  /**
   * `"stateful"` simulates PingOne (devices and authentications remembered, OTPs checked);
   * `"examples"` answers each request with the documented example closest to its shape.
   * @default "stateful"
   */
  mode?: "stateful" | "examples";
  /** Limits of the simulation (daily SMS, attempts, lifetimes…); see {@link SimulatorLimits}. */
  limits?: Partial<SimulatorLimits>;
  /** Largest request body accepted, in bytes; larger ones get 413. @default 1 MiB */
  maxBodyBytes?: number;
  /**
   * Proxy to a real PingOne environment instead of mocking: requests are validated (invalid ones
   * are answered 400 and not sent), valid ones are forwarded, and each real answer is checked
   * against the spec, findings in the `sl-violations` header.
   */
  upstream?: { apiBaseUrl: string; authBaseUrl: string };
}

/** A finding on an answer: the request it answered and what the spec says is wrong. */
export interface MockViolation {
  request: string;
  status: number;
  findings: Violation[];
}

/** The outbox a test reads passcodes from: filter by any of these. */
export interface OtpQuery {
  userId?: string;
  deviceId?: string;
  deviceAuthenticationId?: string;
  /** The phone or email of a one-time target, as sent. */
  to?: string;
}

/** A running mock. Point the client's `apiBaseUrl` and `authBaseUrl` at it. */
export interface MockServer {
  url: string;
  /** `${url}/v1`: device operations, as on PingOne's api host. */
  apiBaseUrl: string;
  /** `url`: deviceAuthentications and the token endpoint, as on PingOne's auth host. */
  authBaseUrl: string;
  mode: "stateful" | "examples" | "proxy";
  close(): Promise<void>;
  /** Forgets every device, authentication, token, fault and finding; limits and time back to the start. */
  reset(): void;
  /** The newest passcode sent that matches (never on the wire, except `test.otp` where PingOne returns it). */
  lastOtp(query: OtpQuery): string | undefined;
  /** Answers the next matching request(s) with a fault; see {@link MockFault}. */
  failNext(fault: MockFault): void;
  setLimits(limits: Partial<SimulatorLimits>): void;
  /** Moves the simulation's clock forward (expiry, lockouts, daily quotas). */
  advanceTime(ms: number): void;
  /** The user's answer to a push, seen on the authentication's next read. */
  approvePush(deviceAuthenticationId: string): void;
  denyPush(deviceAuthenticationId: string): void;
  timeOutPush(deviceAuthenticationId: string): void;
  /** Adds a device as if paired elsewhere (MOBILE devices pair through PingOne's SDK); returns its id. */
  addDevice(device: SeedDevice): string;
  /** Makes a browser remembered; returns the `Cookie` value to send with `checkRememberedDevice`. */
  rememberBrowser(input: { environmentId: string; userId: string; payload: string; sessionId?: string }): string;
  /** After this, the token endpoint accepts only registered clients (before it, any). */
  registerClient(clientId: string, clientSecret: string): void;
  /** Every token issued so far stops working (the next API call with one gets 401). */
  revokeTokens(): void;
  /** Findings on the mock's own answers (and on upstream answers when proxying), newest last. */
  readonly violations: readonly MockViolation[];
}

const DEFAULT_SPEC = fileURLToPath(new URL("../../generated/openapi.json", import.meta.url));
const SEVERITY = ["Error", "Warning", "Information", "Hint"];
const MAX_DEPTH = 64;
const MAX_FINDINGS_KEPT = 200;
const TOKEN_PATH = /^\/([^/]+)\/as\/token$/;

interface Diagnostic {
  path?: Array<string | number>;
  code?: string | number;
  message: string;
  severity: number;
}
type Either<L, R> = { _tag: "Left"; left: L } | { _tag: "Right"; right: R };
interface Validators {
  validateInput(input: { resource: IHttpOperation; element: object }): Either<Diagnostic[], unknown>;
  validateOutput(input: { resource: IHttpOperation; element: object }): Either<Diagnostic[], unknown>;
  validateSecurity(input: { resource: IHttpOperation; element: object }): Either<Diagnostic[], unknown>;
}

const toViolations = (side: "request" | "response", diagnostics: Diagnostic[]): Violation[] =>
  diagnostics.map((d) => ({
    location: [side, ...(d.path ?? []).map(String)],
    code: d.code ?? "",
    message: d.message,
    severity: SEVERITY[d.severity] ?? String(d.severity),
  }));
const findingsOf = (side: "request" | "response", result: Either<Diagnostic[], unknown>) =>
  result._tag === "Left" ? toViolations(side, result.left) : [];

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

/** The calls each deviceAuthentication status allows, from the spec's `x-pingone-next`. */
function nextCallsOf(spec: { components?: { schemas?: Record<string, any> } }): NextCalls {
  const calls: NextCalls = new Map();
  for (const schema of Object.values(spec.components?.schemas ?? {})) {
    const status = schema.allOf?.find((part: any) => part.properties?.status?.const)?.properties.status.const;
    if (status && Array.isArray(schema["x-pingone-next"])) calls.set(status, schema["x-pingone-next"]);
  }
  return calls;
}

/** The methods the spec has on a path, for a 405's Allow header. */
const allowedMethods = (operations: IHttpOperation[], pathname: string) =>
  ["GET", "POST", "PUT", "DELETE"].filter((m) => typeof findRoute(operations, m, pathname) === "object").join(", ");

/** The actions of a routed request: by method, path template and media type, from the spec. */
const actionsByRequest = new Map<string, string[]>();
for (const [name, a] of Object.entries(actions)) {
  const key = `${a.httpMethod} ${a.path} ${a.mediaType ?? ""}`;
  actionsByRequest.set(key, [...(actionsByRequest.get(key) ?? []), name]);
}
/** Which action a request is; where actions share a media type, the one whose body it is (`devices.remember` for a BROWSER). */
function actionOf(key: string, body: unknown): string {
  const candidates = actionsByRequest.get(key) ?? [];
  return candidates.find((name) => claims(name as keyof typeof actions, body)) ?? candidates[0] ?? "";
}
const sendsBody = (action: string) =>
  actions[action as keyof typeof actions].mediaType !== null &&
  !actionOperations[action as keyof typeof actionOperations].bodyless;

/** Starts the mock; resolves once it listens. */
export async function startMockServer(options: MockServerOptions = {}): Promise<MockServer> {
  const prism = loadPrism();
  const validators: Validators = prism.validator;
  const specPath = options.spec ?? DEFAULT_SPEC;
  const specText = await readFile(specPath, "utf8").catch((error: Error) => {
    throw new Error(`startMockServer: cannot read the spec at ${specPath}: ${error.message}`);
  });
  const operations: IHttpOperation[] = await prism.http.getHttpOperationsFromSpec(specPath);
  const mode = options.upstream ? "proxy" : (options.mode ?? "stateful");
  if (!["stateful", "examples", "proxy"].includes(mode))
    throw new TypeError(`startMockServer: mode must be "stateful" or "examples", not ${JSON.stringify(options.mode)}`);
  const maxBodyBytes = options.maxBodyBytes ?? 1024 * 1024;
  const simulator = createSimulator(
    nextCallsOf(JSON.parse(specText)),
    options.limits ? { limits: options.limits } : {},
  );
  const faults = new FaultQueue([...Object.keys(actions), "token"]);
  const violations: MockViolation[] = [];
  const engine = examplesEngine(prism);
  let origin = "";

  const record = (request: string, status: number, findings: Violation[]) => {
    if (findings.length === 0) return {};
    violations.push({ request, status, findings });
    if (violations.length > MAX_FINDINGS_KEPT) violations.shift();
    return { "sl-violations": headerJson(findings) };
  };

  async function handle(request: IncomingMessage, response: ServerResponse): Promise<void> {
    const cors = corsHeaders(request);
    const answer = (a: SimulatedAnswer) => send(response, a.status, a.body, { ...cors, ...a.headers });
    const method = (request.method ?? "GET").toUpperCase();
    if (method === "OPTIONS") return send(response, 204, undefined, preflightHeaders(request));
    const read = await readBody(request, maxBodyBytes);
    let url: URL;
    try {
      url = new URL(request.url ?? "/", "http://mock");
      decodeURIComponent(url.pathname);
    } catch {
      return answer({
        status: 400,
        body: errorBody("INVALID_REQUEST", "The request could not be completed. The request path is not valid."),
      });
    }
    if (!read.ok)
      return answer(
        mockError(413, "MOCK_BODY_TOO_LARGE", `request bodies are limited to ${maxBodyBytes} bytes (maxBodyBytes)`),
      );
    const raw = read.bytes;
    const label = `${method} ${url.pathname}`;

    if (TOKEN_PATH.test(url.pathname) && mode !== "proxy") {
      if (method !== "POST")
        return answer({
          ...mockError(405, "MOCK_METHOD_NOT_ALLOWED", `${method} is not allowed on the token endpoint; use POST`),
          headers: { allow: "POST" },
        });
      if (await applyFault("token", response, cors)) return;
      // RFC 6749 §4.4.2: the token request is a form.
      if (
        (request.headers["content-type"] ?? "").split(";")[0]!.trim().toLowerCase() !==
        "application/x-www-form-urlencoded"
      ) {
        return answer({
          status: 400,
          body: {
            error: "invalid_request",
            error_description: "The token request must be application/x-www-form-urlencoded.",
          },
          headers: { "cache-control": "no-store" },
        });
      }
      return answer(simulator.token(new URLSearchParams(raw.toString("utf8")), request.headers.authorization));
    }

    const route = findRoute(operations, method, url.pathname);
    if (route === undefined) {
      const hint =
        !url.pathname.startsWith("/v1/") && findRoute(operations, method, `/v1${url.pathname}`)
          ? ` (device paths start with /v1: use apiBaseUrl ${origin}/v1)`
          : "";
      return answer(
        mockError(501, "MOCK_NO_ROUTE", `no operation of the spec matches ${method} ${url.pathname}${hint}`),
      );
    }
    if (route === "method") {
      const allowed = allowedMethods(operations, url.pathname);
      return answer({
        ...mockError(405, "MOCK_METHOD_NOT_ALLOWED", `the spec has no ${method} on ${url.pathname}; it has ${allowed}`),
        headers: { allow: allowed, "x-pingone-mfa-mock": "MOCK_METHOD_NOT_ALLOWED" },
      });
    }

    const declared = mediaTypesOf(route.operation);
    const mediaType = (request.headers["content-type"] ?? "").split(";")[0]!.trim().toLowerCase();
    // Media types compare case-insensitively (RFC 9110); Prism gets the spelling the spec uses.
    const matched = declared.find((candidate) => candidate.toLowerCase() === mediaType) ?? "";
    if (declared.length > 0 && !matched) {
      return answer({
        status: 415,
        body: errorBody("INVALID_REQUEST", "The request could not be completed. The Content-Type is not supported.", [
          {
            code: "INVALID_VALUE",
            target: "Content-Type",
            message: `${mediaType ? `${mediaType} is` : "A missing Content-Type is"} not accepted here; use one of: ${declared.join(", ")}`,
          },
        ]),
      });
    }
    let body: unknown;
    if (raw.length > 0) {
      try {
        body = JSON.parse(raw.toString("utf8"));
      } catch {
        return answer({
          status: 400,
          body: errorBody("INVALID_DATA", "The request could not be completed. The request body is not valid JSON."),
        });
      }
      if (tooDeep(body, MAX_DEPTH))
        return answer(mockError(400, "MOCK_BODY_TOO_DEEP", `request bodies may nest at most ${MAX_DEPTH} levels`));
    }
    const action = actionOf(`${route.operation.method.toUpperCase()} ${route.operation.path} ${matched}`, body);
    if (
      declared.length > 0 &&
      (raw.length > 0 || (action && sendsBody(action))) &&
      (typeof body !== "object" || body === null || Array.isArray(body))
    ) {
      return answer({
        status: 400,
        body: invalidRequest([
          {
            location: ["request", "body"],
            code: raw.length ? "type" : "required",
            message: raw.length ? "The request body must be a JSON object." : "A request body is required.",
            severity: "Error",
          },
        ]),
      });
    }

    if (await applyFault(action, response, cors)) return;

    const narrowed = declared.length > 0 ? narrowOperation(route.operation, matched, body) : route.operation;
    const headers = request.headers as Record<string, string>;
    const input = {
      method: route.operation.method as HttpMethod,
      url: { path: route.path, query: Object.fromEntries(url.searchParams) },
      headers,
      body,
    };

    const security = findingsOf("request", validators.validateSecurity({ resource: narrowed, element: input }));
    const bearer = /^Bearer\s+(\S+)$/i.exec(headers.authorization ?? "")?.[1];
    const notIssued = security.length === 0 && mode === "stateful" && !simulator.acceptsToken(bearer ?? "");
    if (security.length > 0 || notIssued) {
      return answer({
        status: 401,
        body: errorBody("ACCESS_FAILED", "The request could not be completed. The access token is not valid.", [
          {
            code: "INVALID_TOKEN",
            message: security.length
              ? "The access token is missing: send Authorization: Bearer <token>."
              : "The access token is expired, revoked or was not issued by this mock (once its token endpoint has issued a token, the mock accepts only the tokens it issued; reset() forgets them).",
          },
        ]),
        headers: {
          "www-authenticate": 'Bearer error="invalid_token"',
          ...(security.length
            ? { "sl-violations": headerJson(security) }
            : { "x-pingone-mfa-mock": "TOKEN_NOT_ISSUED" }),
        },
      });
    }
    const requestFindings = findingsOf(
      "request",
      validators.validateInput({ resource: narrowed, element: input }),
    ).filter((v) => v.severity === "Error");
    if (requestFindings.length > 0)
      return answer({
        status: 400,
        body: invalidRequest(requestFindings),
        headers: { "sl-violations": headerJson(requestFindings) },
      });

    if (mode === "proxy") return proxy(route, narrowed, input, response, cors, label);

    const prefer = preferencesOf(prism, input);
    if (prefer === "malformed")
      return answer(
        mockError(
          501,
          "MOCK_CANNOT_HONOUR_PREFER",
          `the Prefer header ${JSON.stringify(headers.prefer)} cannot be read`,
        ),
      );
    if (mode === "examples" || prefer) {
      const choice = prefer ?? chooseResponse(route.operation, matched, body);
      const mocked = await engine(input, narrowed, choice);
      if (mocked._tag === "Left" || (prefer?.code !== undefined && mocked.right.output.statusCode !== prefer.code)) {
        const why =
          mocked._tag === "Left"
            ? (mocked.left.detail ?? mocked.left.message)
            : `the spec has no ${prefer!.code} answer here`;
        return answer(
          mockError(
            501,
            "MOCK_CANNOT_HONOUR_PREFER",
            `cannot answer ${headers.prefer ? `Prefer: ${headers.prefer}` : "this request from the examples"}: ${why}`,
          ),
        );
      }
      const { output, validations } = mocked.right;
      const findings = record(label, output.statusCode, toViolations("response", validations.output as Diagnostic[]));
      return answer({
        status: output.statusCode,
        body: output.body,
        headers: { ...(output.headers as Record<string, string>), ...findings },
      });
    }

    if (!action)
      return answer(
        mockError(501, "MOCK_NOT_SIMULATED", `${label} with ${matched || "no body"} is not an action of the spec`),
      );
    const simulated = simulator.handle({
      action,
      params: pathParams(route),
      query: Object.fromEntries(url.searchParams),
      body,
      headers,
      origin: originOf(request),
    });
    const element = {
      statusCode: simulated.status,
      headers: {
        ...(simulated.body !== undefined ? { "content-type": "application/json" } : {}),
        ...simulated.headers,
      },
      body: simulated.body,
    };
    const findings = record(
      label,
      simulated.status,
      findingsOf("response", validators.validateOutput({ resource: route.operation, element })),
    );
    answer({ ...simulated, headers: { ...simulated.headers, ...findings } });
  }

  /** Answers with the next fault for `action`, if there is one; false when the request goes on. */
  async function applyFault(action: string, response: ServerResponse, cors: Record<string, string>): Promise<boolean> {
    const fault = faults.take(action);
    if (!fault) return false;
    if (fault.delayMs) await new Promise((resolve) => setTimeout(resolve, fault.delayMs));
    if (fault.drop) {
      response.socket?.destroy();
      return true;
    }
    if (fault.status === undefined) return false;
    const retryAfter = fault.retryAfter !== undefined ? { "retry-after": String(fault.retryAfter) } : {};
    const body = "body" in fault ? fault.body : fault.status >= 400 ? faultBody(fault.status) : undefined;
    send(response, fault.status, body, { ...cors, ...retryAfter, "x-pingone-mfa-mock": "fault" });
    return true;
  }

  async function proxy(
    route: Route,
    narrowed: IHttpOperation,
    input: object,
    response: ServerResponse,
    cors: Record<string, string>,
    label: string,
  ) {
    const upstream = route.host === "api" ? options.upstream!.apiBaseUrl : options.upstream!.authBaseUrl;
    const forwarded = await engine(input, narrowed, {}, new URL(upstream));
    if (forwarded._tag === "Left") {
      return send(
        response,
        502,
        errorBody("UNEXPECTED_ERROR", `pingone-mfa mock: the upstream call failed: ${forwarded.left.message}`),
        { ...cors, "x-pingone-mfa-mock": "upstream" },
      );
    }
    const { output, validations } = forwarded.right;
    const findings = record(label, output.statusCode, toViolations("response", validations.output as Diagnostic[]));
    send(response, output.statusCode, output.body, {
      ...(output.headers as Record<string, string>),
      ...cors,
      ...findings,
    });
  }

  // _links point at the mock as the client reached it (localhost, 127.0.0.1, a container name).
  const originOf = (request: IncomingMessage) => {
    const host = request.headers.host;
    return host && /^[A-Za-z0-9.-]+(:\d{1,5})?$|^\[[0-9a-fA-F:]+\](:\d{1,5})?$/.test(host) ? `http://${host}` : origin;
  };

  const server = createServer((request, response) => {
    handle(request, response).catch((error: Error) => {
      if (response.headersSent || response.destroyed) return void response.destroy();
      const failure = mockError(500, "MOCK_FAILURE", `the mock failed on this request: ${error.message}`);
      send(response, failure.status, failure.body, { ...corsHeaders(request), ...failure.headers });
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(options.port ?? 0, options.host ?? "127.0.0.1", resolve);
  });
  const address = server.address() as AddressInfo;
  origin = `http://${address.family === "IPv6" ? `[${address.address}]` : address.address}:${address.port}`;
  return {
    url: origin,
    apiBaseUrl: `${origin}/v1`,
    authBaseUrl: origin,
    mode,
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.close((error) => (error ? reject(error) : resolve()));
        server.closeAllConnections();
      }),
    reset() {
      simulator.reset();
      faults.clear();
      violations.length = 0;
    },
    lastOtp: (query) => simulator.lastOtp(query),
    failNext: (fault) => faults.add(fault),
    setLimits: (limits) => simulator.setLimits(limits),
    advanceTime(ms) {
      if (typeof ms !== "number" || !Number.isFinite(ms) || ms < 0)
        throw new RangeError(
          "advanceTime: ms must be a finite number of milliseconds, 0 or more (time only moves forward)",
        );
      simulator.advanceTime(ms);
    },
    approvePush: (id) => simulator.answerPush(id, "APPROVE"),
    denyPush: (id) => simulator.answerPush(id, "DENY"),
    timeOutPush: (id) => simulator.answerPush(id, "TIMEOUT"),
    addDevice: (device) => simulator.addDevice(device),
    rememberBrowser: (input) => simulator.rememberBrowser(input),
    registerClient: (id, secret) => simulator.registerClient(id, secret),
    revokeTokens: () => simulator.revokeTokens(),
    violations,
  };
}

type Preference = { code?: number; exampleKey?: string; dynamic?: boolean };

/** What a `Prefer` header asks for, undefined when nothing, "malformed" when it cannot be read. */
function preferencesOf(
  prism: PrismModules,
  input: { headers: Record<string, string>; url: { path: string } },
): Preference | undefined | "malformed" {
  if (!input.headers.prefer) return undefined;
  const asked = prism.preferences.getHttpConfigFromRequest(input);
  if (asked._tag === "Left") return "malformed";
  // Keys the caller did not set come back as undefined; they must not hide the chosen example.
  const set = Object.fromEntries(Object.entries(asked.right).filter(([, v]) => v !== undefined)) as Preference;
  return Object.keys(set).length ? set : undefined;
}

interface EngineOutput {
  output: { statusCode: number; headers?: Record<string, unknown>; body?: unknown };
  validations: { output: unknown[] };
}

/** Prism's own engine on one operation: a documented example (or `upstream`'s answer), its findings. */
function examplesEngine(prism: PrismModules) {
  const logger = prism.core.createLogger("pingone-mfa-mock", { level: "silent" });
  const base = {
    validateRequest: false,
    validateResponse: true,
    checkSecurity: false,
    errors: false,
    mock: { dynamic: false },
    upstreamProxy: undefined,
  };
  const instance = prism.http.createInstance({ ...base, isProxy: false } as never, { logger });
  // One list per operation: Prism routes within it, and a stable array keeps its caches warm.
  const lists = new WeakMap<IHttpOperation, IHttpOperation[]>();
  return async (input: object, operation: IHttpOperation, choice: Preference, upstream?: URL) => {
    let list = lists.get(operation);
    if (!list) lists.set(operation, (list = [operation]));
    const config = upstream
      ? { ...base, isProxy: true, upstream }
      : { ...base, isProxy: false, mock: { dynamic: false, ...choice } };
    const result = await instance.request(input as never, list, config as never)();
    return result as unknown as Either<Error & { detail?: string }, EngineOutput>;
  };
}
