// Prism's validation findings, turned into what PingOne answers: its error body with one detail
// per finding, so the client's PingOneApiError names the field at fault.
import { randomUuid } from "./random.js";
import { PINGONE_ERRORS, pingOneErrorBody } from "./simulation/errors.js";

/** A finding as Prism reports it (and as the mock repeats it in the `sl-violations` header). */
export interface Violation {
  location: string[];
  code: string | number;
  message: string;
  severity: string;
}

const DETAIL_CODE: Record<string, string> = {
  required: "REQUIRED_VALUE",
  enum: "INVALID_VALUE",
  const: "INVALID_VALUE",
  type: "INVALID_VALUE",
  format: "INVALID_VALUE",
  pattern: "INVALID_VALUE",
  additionalProperties: "INVALID_VALUE",
  minLength: "SIZE_LIMIT_EXCEEDED",
  maxLength: "SIZE_LIMIT_EXCEEDED",
  minItems: "SIZE_LIMIT_EXCEEDED",
  maxProperties: "SIZE_LIMIT_EXCEEDED",
};

/** The field a finding is about: `phone`, `selectedDevice.oneTime.type`, `Content-Type`, … */
function targetOf(violation: Violation): string {
  const where = violation.location.slice(2);
  const named = /(?:property|found) '([^']+)'/.exec(violation.message)?.[1];
  return [...where, ...(named ? [named] : [])].join(".") || violation.location.slice(1).join(".");
}

/** An error body in PingOne's shape with a fresh `id`, for the mock's own `MOCK_` errors. */
export function errorBody(
  code: string,
  message: string,
  details: Array<{ code: string; target?: string; message: string }> = [],
) {
  return { id: randomUuid(), code, message, ...(details.length ? { details } : {}) };
}

// A body with a hundred thousand unknown fields gets the first findings, not a 14 MB answer.
const MAX_DETAILS = 50;

/** PingOne's 400 for request findings (at most 50 details). */
export function invalidRequest(violations: Violation[]) {
  const more = violations.length > MAX_DETAILS ? ` (the first ${MAX_DETAILS} of ${violations.length} are listed)` : "";
  return pingOneErrorBody(
    "INVALID_DATA",
    violations.slice(0, MAX_DETAILS).map((v) => ({
      code: DETAIL_CODE[String(v.code)] ?? "INVALID_VALUE",
      target: targetOf(v).slice(0, 200),
      message: v.message.slice(0, 500),
    })),
    `${PINGONE_ERRORS.INVALID_DATA.message}${more}`,
  );
}
