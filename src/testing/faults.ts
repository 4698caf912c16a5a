// Faults a test asks for (`mock.failNext(...)`): the next matching requests are answered with a
// PingOne error status, delayed, or dropped, whatever they contain. Faults are the test's own
// doing, so their answers are not checked against the spec.
import { type PingOneErrorName, pingOneErrorBody } from "./simulation/errors.js";

/** One fault, for the next request (or the next `times` requests) that matches `action`. */
export interface MockFault {
  /** Answer with this status and PingOne's body for it (429 → `REQUEST_LIMITED`, 5xx → `UNEXPECTED_ERROR`). */
  status?: number;
  /** With `status`, answer with this JSON instead (an answer PingOne should not give, to test your handling of it). */
  body?: unknown;
  /** With `status`, the `Retry-After` header, in seconds. */
  retryAfter?: number;
  /** Wait this long before answering (with `status`) or before handling the request normally (without). */
  delayMs?: number;
  /** Close the connection without an answer (a network error for the client). */
  drop?: boolean;
  /** Only requests for this client method (`devices.create`), or `"token"` for the token endpoint. @default any API request */
  action?: string;
  /** How many matching requests it applies to. @default 1 */
  times?: number;
}

const NAMES: Record<number, PingOneErrorName> = {
  400: "INVALID_DATA",
  401: "ACCESS_FAILED",
  403: "FORBIDDEN",
  404: "NOT_FOUND",
  429: "REQUEST_LIMITED",
};

/** PingOne's error body for a fault's status (any other status: UNEXPECTED_ERROR). */
export const faultBody = (status: number) => pingOneErrorBody(NAMES[status] ?? "UNEXPECTED_ERROR");

/** A queue of faults, taken in the order they were asked for. */
export class FaultQueue {
  #faults: Array<MockFault & { left: number }> = [];
  /** The action names a fault may target: the client's methods and "token". */
  constructor(private readonly actions: readonly string[]) {}

  add(fault: MockFault) {
    const { status, times = 1, delayMs, action } = fault;
    if (action !== undefined && !this.actions.includes(action))
      throw new RangeError(
        `failNext: action must be a client method (${this.actions.slice(0, 3).join(", ")}, …) or "token", not ${JSON.stringify(action)}`,
      );
    if (
      delayMs !== undefined &&
      (typeof delayMs !== "number" || !Number.isFinite(delayMs) || delayMs < 0 || delayMs > 600_000)
    )
      throw new RangeError("failNext: delayMs must be from 0 to 600000");
    if (fault.retryAfter !== undefined && (!Number.isInteger(fault.retryAfter) || fault.retryAfter < 0))
      throw new RangeError("failNext: retryAfter must be a whole number of seconds");
    if (status !== undefined && (!Number.isInteger(status) || status < 100 || status > 599))
      throw new RangeError("failNext: status must be an HTTP status (100-599)");
    if (!Number.isInteger(times) || times < 1)
      throw new RangeError("failNext: times must be a whole number of at least 1");
    if (status === undefined && !fault.drop && fault.delayMs === undefined)
      throw new TypeError("failNext: give a status, a delayMs or drop: true");
    this.#faults.push({ ...fault, left: times });
  }

  /** The fault for a request to `action`, if one is waiting (and counts it). */
  take(action: string): MockFault | undefined {
    const index = this.#faults.findIndex((f) => (f.action === undefined ? action !== "token" : f.action === action));
    if (index < 0) return undefined;
    const fault = this.#faults[index]!;
    if (--fault.left === 0) this.#faults.splice(index, 1);
    return fault;
  }

  clear() {
    this.#faults.length = 0;
  }
}
