// startMockServer: Prism on the bundled spec, in process, on a free loopback port. In front of it,
// a small HTTP layer that routes like PingOne (api paths under /v1), refuses undeclared media types
// with 415, validates each media type against its own schema, and answers request findings with
// PingOne's error body. With `upstream` it proxies to a real environment and checks its answers.
import { readFile } from "node:fs/promises";
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { fileURLToPath } from "node:url";
import type { HttpMethod, IHttpOperation } from "@stoplight/types";
import { chooseResponse, findRoute, mediaTypesOf, narrowOperation, type Route } from "./operations.js";
import { loadPrism } from "./prism.js";
import { errorBody, invalidRequest, type Violation } from "./violations.js";

/** Options of {@link startMockServer}. */
export interface MockServerOptions {
  /** Port to listen on, on 127.0.0.1. @default 0 (a free port) */
  port?: number;
  /** Path of the bundled spec. @default the package's own openapi.json */
  spec?: string;
  /**
   * Proxy to a real PingOne environment instead of mocking: requests are validated (invalid ones
   * are answered 400 and not sent), valid ones are forwarded, and each real answer is checked
   * against the spec, findings in the `sl-violations` header.
   */
  upstream?: { apiBaseUrl: string; authBaseUrl: string };
}

/** A running mock. Point the client's `apiBaseUrl` and `authBaseUrl` at it. */
export interface MockServer {
  url: string;
  /** `${url}/v1`: device operations, as on PingOne's api host. */
  apiBaseUrl: string;
  /** `url`: deviceAuthentications, as on PingOne's auth host. */
  authBaseUrl: string;
  close(): Promise<void>;
}

const DEFAULT_SPEC = fileURLToPath(new URL("../../generated/openapi.json", import.meta.url));
const SEVERITY = ["Error", "Warning", "Information", "Hint"];

interface Diagnostic {
  path?: Array<string | number>;
  code?: string | number;
  message: string;
  severity: number;
}

const toViolations = (side: "request" | "response", diagnostics: Diagnostic[]): Violation[] =>
  diagnostics.map((d) => ({
    location: [side, ...(d.path ?? []).map(String)],
    code: d.code ?? "",
    message: d.message,
    severity: SEVERITY[d.severity] ?? String(d.severity),
  }));

function readBody(request: IncomingMessage): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    request.on("data", (chunk: Buffer) => chunks.push(chunk));
    request.on("end", () => resolve(Buffer.concat(chunks)));
    request.on("error", reject);
  });
}

function send(response: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}) {
  const text = body === undefined || body === null ? "" : typeof body === "string" ? body : JSON.stringify(body);
  response.writeHead(status, { ...(text ? { "content-type": "application/json" } : {}), ...headers });
  response.end(text);
}

const violationHeader = (violations: Violation[]) =>
  violations.length ? { "sl-violations": JSON.stringify(violations).slice(0, 8000) } : {};

/** Starts the mock; resolves once it listens. */
export async function startMockServer(options: MockServerOptions = {}): Promise<MockServer> {
  const prism = loadPrism();
  const specPath = options.spec ?? DEFAULT_SPEC;
  await readFile(specPath).catch((error: Error) => {
    throw new Error(`startMockServer: cannot read the spec at ${specPath}: ${error.message}`);
  });
  const operations: IHttpOperation[] = await prism.http.getHttpOperationsFromSpec(specPath);
  const logger = prism.core.createLogger("pingone-mfa-mock", { level: "silent" });
  const engine = prism.http.createInstance(
    {
      isProxy: false,
      validateRequest: true,
      validateResponse: true,
      checkSecurity: true,
      errors: false,
      mock: { dynamic: false },
      upstreamProxy: undefined,
    },
    { logger },
  );

  async function handle(request: IncomingMessage, response: ServerResponse) {
    const url = new URL(request.url ?? "/", "http://mock");
    const method = request.method ?? "GET";
    const route = findRoute(operations, method, url.pathname);
    if (route === undefined) return send(response, 404, errorBody("NOT_FOUND", `No operation at ${url.pathname}`));
    if (route === "method") return send(response, 405, errorBody("NOT_FOUND", `${method} is not allowed on ${url.pathname}`));

    const raw = await readBody(request);
    const mediaType = (request.headers["content-type"] ?? "").split(";")[0]!.trim().toLowerCase();
    const declared = mediaTypesOf(route.operation);
    // Media types compare case-insensitively (RFC 9110); Prism gets the spelling the spec uses.
    const matched = declared.find((candidate) => candidate.toLowerCase() === mediaType) ?? "";
    if ((raw.length > 0 || mediaType) && declared.length > 0 && !matched) {
      return send(
        response,
        415,
        errorBody("INVALID_REQUEST", `The Content-Type ${mediaType || "(none)"} is not supported here.`, [
          { code: "INVALID_VALUE", target: "Content-Type", message: `Use one of: ${declared.join(", ")}` },
        ]),
      );
    }
    let body: unknown;
    if (raw.length > 0) {
      try {
        body = JSON.parse(raw.toString("utf8"));
      } catch {
        return send(response, 400, errorBody("INVALID_DATA", "The request body is not valid JSON."));
      }
    }

    const narrowed = declared.length > 0 ? narrowOperation(route.operation, matched, body) : route.operation;
    const resources = operations.map((op) => (op === route.operation ? narrowed : op));
    const input = {
      method: route.operation.method as HttpMethod,
      url: { path: route.path, query: Object.fromEntries(url.searchParams) },
      headers: request.headers as Record<string, string>,
      body,
    };
    const asked = prism.preferences.getHttpConfigFromRequest(input);
    // Keys the caller did not set come back as undefined; they must not hide the chosen example.
    const preferences = asked._tag === "Right" ? Object.fromEntries(Object.entries(asked.right).filter(([, v]) => v !== undefined)) : {};
    const chosen = preferences.code || preferences.exampleKey ? {} : chooseResponse(route.operation, matched, body);
    const mockConfig = { mock: { dynamic: false, ...chosen, ...preferences } };

    const mocked = await engine.request(input, resources, mockConfig as never)();
    if (mocked._tag === "Left") {
      const problem = mocked.left as Error & { status?: number; detail?: string };
      return send(response, problem.status ?? 500, errorBody("REQUEST_FAILED", problem.detail ?? problem.message));
    }
    const requestViolations = toViolations("request", mocked.right.validations.input as Diagnostic[]);
    const errors = requestViolations.filter((v) => v.severity === "Error");
    if (errors.some((v) => v.code === 401)) {
      return send(response, 401, mocked.right.output.body, violationHeader(requestViolations));
    }
    if (errors.length > 0) return send(response, 400, invalidRequest(errors), violationHeader(requestViolations));

    if (options.upstream) return proxy(route, input, resources, response);
    const { output } = mocked.right;
    const responseViolations = toViolations("response", mocked.right.validations.output as Diagnostic[]);
    send(response, output.statusCode, output.body, { ...(output.headers ?? {}), ...violationHeader(responseViolations) });
  }

  async function proxy(route: Route, input: object, resources: IHttpOperation[], response: ServerResponse) {
    const upstream = route.host === "api" ? options.upstream!.apiBaseUrl : options.upstream!.authBaseUrl;
    const config = {
      isProxy: true,
      upstream: new URL(upstream),
      errors: false,
      validateRequest: false,
      checkSecurity: false,
      validateResponse: true,
      mock: { dynamic: false },
    };
    const forwarded = await engine.request(input as never, resources, config as never)();
    if (forwarded._tag === "Left") {
      return send(response, 502, errorBody("UNEXPECTED_ERROR", `Upstream call failed: ${forwarded.left.message}`));
    }
    const { output, validations } = forwarded.right;
    const findings = toViolations("response", validations.output as Diagnostic[]);
    send(response, output.statusCode, output.body, { ...(output.headers ?? {}), ...violationHeader(findings) });
  }

  const server = createServer((request, response) => {
    handle(request, response).catch((error: Error) => {
      if (!response.headersSent) send(response, 500, errorBody("UNEXPECTED_ERROR", `Mock failure: ${error.message}`));
      else response.end();
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(options.port ?? 0, "127.0.0.1", resolve);
  });
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    url,
    apiBaseUrl: `${url}/v1`,
    authBaseUrl: url,
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.close((error) => (error ? reject(error) : resolve()));
        server.closeAllConnections();
      }),
  };
}
