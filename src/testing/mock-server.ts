// startMockServer: a PingOne simulator on the bundled spec, in process, on a free loopback port.
// This module is the node:http side only: it reads each request (body capped), hands it to the
// pipeline (./pipeline/pipeline.ts) and writes the answer. The stateful simulator never loads
// Prism; the examples mode and the proxy load it on their first request.
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { fileURLToPath } from "node:url";
import { controlOf, type MockControl } from "./control.js";
import { CONTROL_PREFIX, serveControl } from "./control-surface.js";
import { corsHeaders, mockError, type ReadBody, readBody, send } from "./http-io.js";
import { createPipeline, type MockAnswer, type MockRequest } from "./pipeline/pipeline.js";
import type { SimulatorLimits } from "./simulation/index.js";

export type { OtpQuery } from "./control.js";
export type { MockFault } from "./faults.js";
export type { MockViolation } from "./pipeline/pipeline.js";
export type { SeedDevice, SimulatorLimits } from "./simulation/index.js";

/** Options of {@link startMockServer}. */
export interface MockServerOptions {
  /** Port to listen on. @default 0 (a free port) */
  port?: number;
  /** Address to listen on. @default "127.0.0.1" */
  host?: string;
  /**
   * Spec whose examples answer in `"examples"` mode (and under a `Prefer` header). Requests and
   * answers are checked against the package's own spec, compiled into it.
   * @default the package's own openapi.json
   */
  spec?: string;
  /**
   * `"stateful"` simulates PingOne (devices and authentications remembered, OTPs checked);
   * `"examples"` answers each request with the documented example closest to its shape (this mode
   * needs the optional Prism peers; the simulator does not).
   * @default "stateful"
   */
  mode?: "stateful" | "examples";
  /** Limits of the simulation (daily SMS, attempts, lifetimes…); see {@link SimulatorLimits}. */
  limits?: Partial<SimulatorLimits>;
  /** Largest request body accepted, in bytes; larger ones get 413. @default 1 MiB */
  maxBodyBytes?: number;
  /**
   * Proxy to a real PingOne environment instead of mocking: requests are validated (invalid ones
   * are answered 400 and not sent), valid ones are forwarded (redirects are not followed; answers
   * over 1 MiB are refused with 502), and each real answer is checked against the spec, findings in
   * the `sl-violations` header.
   */
  upstream?: { apiBaseUrl: string; authBaseUrl: string };
  /**
   * Serve the control object over HTTP at `/__pingone-mfa/control/{call}`, on loopback only, for
   * tests in another process (`connectMock(url)`). The `pingone-mfa-mock` command turns it on.
   * @default false
   */
  controlSurface?: boolean;
}

/** A running mock. Point the client's `apiBaseUrl` and `authBaseUrl` at it. */
export interface MockServer extends MockControl {
  url: string;
  /** `${url}/v1`: device operations, as on PingOne's api host. */
  apiBaseUrl: string;
  /** `url`: deviceAuthentications and the token endpoint, as on PingOne's auth host. */
  authBaseUrl: string;
  /** Stops listening, ends open connections and clears every timer the mock holds. */
  close(): Promise<void>;
}

const DEFAULT_SPEC = fileURLToPath(new URL("../../generated/openapi.json", import.meta.url));

// _links point at the mock as the client reached it (localhost, 127.0.0.1, a container name).
const originOf = (request: IncomingMessage, fallback: string) => {
  const host = request.headers.host;
  // The same Host as the last request's (a test's client sends one): its origin again.
  if (host === lastHost && fallback === lastFallback) return lastOrigin;
  const origin =
    host && /^[A-Za-z0-9.-]+(:\d{1,5})?$|^\[[0-9a-fA-F:]+\](:\d{1,5})?$/.test(host) ? `http://${host}` : fallback;
  lastHost = host;
  lastFallback = fallback;
  lastOrigin = origin;
  return origin;
};
let lastHost: string | undefined;
let lastFallback = "";
let lastOrigin = "";

/** Starts the mock; resolves once it listens. */
export async function startMockServer(options: MockServerOptions = {}): Promise<MockServer> {
  const mode = options.upstream ? "proxy" : (options.mode ?? "stateful");
  if (!["stateful", "examples", "proxy"].includes(mode))
    throw new TypeError(`startMockServer: mode must be "stateful" or "examples", not ${JSON.stringify(options.mode)}`);
  const specPath = options.spec ?? DEFAULT_SPEC;
  const maxBodyBytes = options.maxBodyBytes ?? 1024 * 1024;
  const prism = async () => (await import("./prism/examples.js")).loadPrismAnswerer(specPath);
  // The examples mode needs the spec and Prism at once: fail at start, not on a request.
  if (mode === "examples") await prism();
  const pipeline = createPipeline({ mode, limits: options.limits, maxBodyBytes, upstream: options.upstream, prism });
  const control = controlOf(pipeline);
  let origin = "";

  function answer(request: IncomingMessage, response: ServerResponse, read: ReadBody): void {
    const target = request.url ?? "/";
    if (options.controlSurface && target.startsWith(CONTROL_PREFIX)) {
      const pathname = target.split("?")[0]!;
      const answer = read.ok
        ? serveControl(control, {
            method: request.method ?? "GET",
            pathname,
            headers: request.headers as Record<string, string | undefined>,
            remoteAddress: request.socket.remoteAddress,
            body: read.bytes,
          })
        : { status: 413, body: { error: `control calls are limited to ${maxBodyBytes} bytes` } };
      return send(response, answer.status, answer.body, { "cache-control": "no-store" });
    }
    const mockRequest: MockRequest = {
      method: (request.method ?? "GET").toUpperCase(),
      target,
      headers: request.headers as Record<string, string | undefined>,
      body: read.ok ? read.bytes : undefined,
      origin: originOf(request, origin),
    };
    // The simulator answers at once; faults, Prism and the upstream answer later.
    const answered = pipeline.handle(mockRequest);
    if ("then" in answered)
      answered.then((later) => write(response, later)).catch((error: Error) => failed(request, response, error));
    else write(response, answered);
  }

  const write = (response: ServerResponse, answer: MockAnswer) => {
    if (answer.drop) return void response.socket?.destroy();
    send(response, answer.status, answer.body, answer.headers);
  };

  const failed = (request: IncomingMessage, response: ServerResponse, error: Error) => {
    if (response.headersSent || response.destroyed) return void response.destroy();
    const failure = mockError(500, "MOCK_FAILURE", `the mock failed on this request: ${error.message}`);
    send(response, failure.status, failure.body, { ...corsHeaders(request.headers as never), ...failure.headers });
  };

  const server = createServer((request, response) => {
    readBody(
      request,
      maxBodyBytes,
      (read) => {
        try {
          answer(request, response, read);
        } catch (error) {
          failed(request, response, error as Error);
        }
      },
      (error) => failed(request, response, error),
    );
  });
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(options.port ?? 0, options.host ?? "127.0.0.1", resolve);
  });
  const address = server.address() as AddressInfo;
  origin = `http://${address.family === "IPv6" ? `[${address.address}]` : address.address}:${address.port}`;
  return {
    ...control,
    url: origin,
    apiBaseUrl: `${origin}/v1`,
    authBaseUrl: origin,
    close: () =>
      new Promise<void>((resolve, reject) => {
        pipeline.close();
        server.close((error) => (error ? reject(error) : resolve()));
        server.closeAllConnections();
      }),
  };
}
