// The control object over HTTP, for tests in another process than the mock (browser end-to-end
// tests, other languages, compose files): `POST /__pingone-mfa/control/{call}` with `{"args": [...]}`
// answers `{"result": ...}`. It hands out passcodes, so it answers only on loopback, to a loopback
// Host (no DNS rebinding), to JSON requests (a browser page must preflight, and gets no CORS
// grant), and only the calls listed here.
import type { MockControl } from "./control.js";

export const CONTROL_PREFIX = "/__pingone-mfa/control/";

/** The calls the surface serves: the control object's methods, and `violations` as a read. */
export const CONTROL_CALLS = [
  "reset",
  "lastOtp",
  "failNext",
  "setLimits",
  "advanceTime",
  "approvePush",
  "denyPush",
  "timeOutPush",
  "addDevice",
  "rememberBrowser",
  "registerClient",
  "revokeTokens",
  "userToken",
  "violations",
] as const satisfies ReadonlyArray<keyof MockControl>;
export type ControlCall = (typeof CONTROL_CALLS)[number];

const LOOPBACK_ADDRESS = /^(127\.\d+\.\d+\.\d+|::1|::ffff:127\.\d+\.\d+\.\d+)$/;
// Literal addresses only besides localhost: a name an attacker's DNS controls never passes. 0.0.0.0
// and [::] are what the mock prints when it listens on every interface.
const LOOPBACK_HOST = /^(localhost|127\.\d+\.\d+\.\d+|\[::1\]|0\.0\.0\.0|\[::\])(:\d{1,5})?$/i;

export interface ControlRequest {
  method: string;
  pathname: string;
  headers: Record<string, string | undefined>;
  remoteAddress: string | undefined;
  body: Uint8Array;
}

export interface ControlAnswer {
  status: number;
  body: { result?: unknown; error?: string };
}

const refuse = (status: number, error: string): ControlAnswer => ({ status, body: { error } });

/** Serves one control request. */
export function serveControl(control: MockControl, request: ControlRequest): ControlAnswer {
  if (!LOOPBACK_ADDRESS.test(request.remoteAddress ?? ""))
    return refuse(403, "the control surface answers only on loopback (127.0.0.1 or ::1)");
  if (!LOOPBACK_HOST.test(request.headers.host ?? ""))
    return refuse(403, "the control surface answers only to Host localhost, 127.0.0.1, [::1], 0.0.0.0 or [::]");
  if (request.method !== "POST") return refuse(405, "control calls are POST requests");
  if ((request.headers["content-type"] ?? "").split(";")[0]!.trim().toLowerCase() !== "application/json")
    return refuse(415, "control calls are JSON: Content-Type: application/json");
  const call = request.pathname.slice(CONTROL_PREFIX.length);
  if (!(CONTROL_CALLS as readonly string[]).includes(call))
    return refuse(404, `no control call ${JSON.stringify(call.slice(0, 40))}; the calls: ${CONTROL_CALLS.join(", ")}`);
  let args: unknown;
  try {
    args = request.body.length
      ? ((JSON.parse(new TextDecoder("utf-8", { fatal: true }).decode(request.body)) as { args?: unknown }).args ?? [])
      : [];
  } catch {
    return refuse(400, 'the body must be JSON: {"args": [...]}');
  }
  if (!Array.isArray(args)) return refuse(400, 'args must be an array: {"args": [...]}');
  try {
    if (call === "violations") return { status: 200, body: { result: control.violations } };
    const method = control[call as Exclude<ControlCall, "violations">] as (...values: unknown[]) => unknown;
    const result = method(...args);
    return { status: 200, body: result === undefined ? {} : { result } };
  } catch (error) {
    // The control object's own refusals (RangeError, TypeError) name the argument, never a secret.
    return refuse(400, (error as Error).message);
  }
}

type Remote<T> = {
  [K in keyof T as K extends ControlCall ? K : never]: T[K] extends (...args: infer A) => infer R
    ? (...args: A) => Promise<R>
    : () => Promise<T[K]>;
};

/** The control object of a mock in another process, over its control surface (`pingone-mfa-mock`). */
export type RemoteMockControl = Remote<MockControl>;

/**
 * Connects to a mock's control surface: `const mock = connectMock("http://127.0.0.1:4010")`, then
 * `await mock.reset()`, `await mock.lastOtp({ userId })`, `await mock.failNext({ status: 503 })`.
 */
export function connectMock(url: string, options: { fetch?: typeof fetch } = {}): RemoteMockControl {
  const base = new URL(url);
  if (base.protocol !== "http:") throw new TypeError("connectMock: url must be the mock's http:// URL");
  const send = options.fetch ?? globalThis.fetch;
  const call =
    (name: ControlCall) =>
    async (...args: unknown[]) => {
      const response = await send(new URL(`${CONTROL_PREFIX}${name}`, base), {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify({ args }),
      });
      const answer = (await response.json().catch(() => ({}))) as { result?: unknown; error?: string };
      if (!response.ok)
        throw new Error(`pingone-mfa mock control ${name}: ${answer.error ?? `HTTP ${response.status}`}`);
      return answer.result;
    };
  return Object.fromEntries(CONTROL_CALLS.map((name) => [name, call(name)])) as unknown as RemoteMockControl;
}
