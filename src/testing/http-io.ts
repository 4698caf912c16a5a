// The mock's wire: request bodies read with a cap, answers written with CORS headers, and the mock's
// own errors, which say "mock" in their status and code so a test never mistakes them for PingOne's.
import type { IncomingMessage, ServerResponse } from "node:http";
import { errorBody } from "./violations.js";

/** A request body, or how far past the cap it went. */
export type ReadBody = { ok: true; bytes: Buffer } | { ok: false; tooLarge: true };

// Past the cap the rest is read and dropped (so the client gets the 413 rather than a reset),
// but never more than this: a sender that keeps going loses its connection.
const DISCARD_LIMIT = 512 * 1024 * 1024;

/**
 * Reads the body, keeping at most `cap` bytes in memory; calls `done` with it or `fail` once, never
 * both. Callbacks rather than a promise: the mock answers in the turn the body ends.
 */
export function readBody(
  request: IncomingMessage,
  cap: number,
  done: (read: ReadBody) => void,
  fail: (error: Error) => void,
): void {
  // RFC 9112 §6.3: a request with neither Content-Length nor Transfer-Encoding, or a zero length,
  // has no body. It is answered at once, without listeners (node:http drains the request itself).
  const length = request.headers["content-length"];
  if (length === "0" || (length === undefined && request.headers["transfer-encoding"] === undefined))
    return done({ ok: true, bytes: Buffer.alloc(0) });
  const chunks: Buffer[] = [];
  let size = 0;
  let settled = false;
  request.on("data", (chunk: Buffer) => {
    size += chunk.length;
    if (size <= cap) chunks.push(chunk);
    else if (chunks.length) chunks.length = 0;
    if (size > DISCARD_LIMIT) request.destroy();
  });
  request.on("end", () => {
    if (settled) return;
    settled = true;
    done(
      size > cap
        ? { ok: false, tooLarge: true }
        : { ok: true, bytes: chunks.length === 1 ? chunks[0]! : Buffer.concat(chunks, size) },
    );
  });
  const failed = (error: Error) => {
    if (settled) return;
    settled = true;
    fail(error);
  };
  request.on("error", failed);
  request.on("close", () => (request.complete ? undefined : failed(new Error("request aborted"))));
}

const EXPOSED = "sl-violations, retry-after, location, x-pingone-mfa-mock";

// Shared by every answer to a request without an Origin (frozen: callers copy it, never change it).
const ANY_ORIGIN: Readonly<Record<string, string>> = Object.freeze({
  "access-control-allow-origin": "*",
  "access-control-expose-headers": EXPOSED,
});

/** CORS for browser-based tests: any origin, the headers the client reads exposed. */
export function corsHeaders(headers: Record<string, string | undefined>): Readonly<Record<string, string>> {
  const origin = headers.origin;
  return origin
    ? {
        "access-control-allow-origin": origin,
        "access-control-allow-credentials": "true",
        "access-control-expose-headers": EXPOSED,
        vary: "Origin",
      }
    : ANY_ORIGIN;
}

/** The answer to a CORS preflight. */
export function preflightHeaders(headers: Record<string, string | undefined>): Record<string, string> {
  const asked = headers["access-control-request-headers"];
  return {
    ...corsHeaders(headers),
    "access-control-allow-methods": "GET, POST, PUT, DELETE, OPTIONS",
    "access-control-allow-headers":
      typeof asked === "string" && /^[\w, -]*$/.test(asked) ? asked : "authorization, content-type, prefer",
    "access-control-max-age": "600",
  };
}

/** Writes a JSON (or empty) answer. */
export function send(
  response: ServerResponse,
  status: number,
  body: unknown,
  headers: Record<string, string | string[]> = {},
) {
  const text = body === undefined || body === null ? "" : typeof body === "string" ? body : JSON.stringify(body);
  // One object, built once (spreads here were measurable under load); a Content-Length, so the
  // answer goes out in one write rather than as chunks.
  const out: Record<string, string | string[]> = text ? { "content-type": "application/json" } : {};
  for (const name of Object.keys(headers)) out[name] = headers[name]!;
  out["content-length"] = String(Buffer.byteLength(text));
  response.writeHead(status, out);
  response.end(text);
}

/** JSON that is safe in a header: every character outside printable ASCII escaped. */
export const headerJson = (value: unknown, max = 8000): string => {
  const text = JSON.stringify(value).replace(
    /[^\x20-\x7e]/g,
    (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, "0")}`,
  );
  return text.length <= max ? text : `${text.slice(0, max - 3)}...`;
};

/** The mock's own error codes: a setup mistake or a limit of the mock, never PingOne's answer. */
export type MockErrorCode =
  | "MOCK_NO_ROUTE"
  | "MOCK_METHOD_NOT_ALLOWED"
  | "MOCK_CANNOT_HONOUR_PREFER"
  | "MOCK_BODY_TOO_LARGE"
  | "MOCK_BODY_TOO_DEEP"
  | "MOCK_NOT_SIMULATED"
  | "MOCK_FAILURE";

/** Status, body and marker header of one of the mock's own errors. */
export function mockError(status: number, code: MockErrorCode, message: string) {
  return { status, body: errorBody(code, `pingone-mfa mock: ${message}`), headers: { "x-pingone-mfa-mock": code } };
}
