// Small checks shared by the option, argument and body validation, each throwing a
// PingOneValidationError that names the field.
import { PingOneValidationError } from "../errors/errors.js";

/** True for a plain object (not null, not an array). */
export const isRecord = (value: unknown): value is Record<string, unknown> =>
  typeof value === "object" && value !== null && !Array.isArray(value);

/** What a value is, for a message that must not repeat the value itself. */
export const describeType = (value: unknown): string =>
  value === null ? "null" : Array.isArray(value) ? "an array" : typeof value;

/** Throws unless `value` is a plain object; returns it typed as a record. */
export function checkObject(field: string, value: unknown): Record<string, unknown> {
  if (!isRecord(value))
    throw new PingOneValidationError(field, "INVALID_TYPE", `${field} must be an object, got ${describeType(value)}`);
  return value;
}

/** Throws unless `value` is an array; returns it. */
export function checkArray(field: string, value: unknown): readonly unknown[] {
  if (!Array.isArray(value))
    throw new PingOneValidationError(field, "INVALID_TYPE", `${field} must be an array, got ${describeType(value)}`);
  return value;
}

/** Throws unless `value` is an integer from `min` to `max`. */
export function checkInteger(field: string, value: unknown, min: number, max: number): number {
  if (typeof value !== "number" || !Number.isInteger(value) || value < min || value > max) {
    throw new PingOneValidationError(field, "INVALID_VALUE", `${field} must be an integer from ${min} to ${max}`);
  }
  return value;
}

// A header value is Latin-1 text without control characters (RFC 9110: visible characters, space
// and tab); CR, LF or NUL would end or corrupt the header, and fetch refuses anything past U+00FF.
const UNSENDABLE = /[^\t\x20-\x7e\x80-\xff]/;

/** Throws unless `value` is a string that can travel in an HTTP header. */
export function checkHeaderValue(field: string, value: unknown): string {
  if (typeof value !== "string")
    throw new PingOneValidationError(field, "INVALID_TYPE", `${field} must be a string, got ${describeType(value)}`);
  if (UNSENDABLE.test(value))
    throw new PingOneValidationError(
      field,
      "INVALID_VALUE",
      `${field} must be Latin-1 text without control characters (no line breaks or NUL)`,
    );
  return value;
}

/** True when `text` holds an unpaired UTF-16 surrogate (it cannot be percent-encoded). */
export const hasLoneSurrogate = (text: string): boolean =>
  /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/.test(text);

/** Throws on a key of `value` not in `known`, naming it and the known ones. */
export function rejectUnknown(where: string, value: Record<string, unknown>, known: readonly string[]): void {
  for (const key of Object.keys(value)) {
    if (!known.includes(key)) {
      const field = where ? `${where}.${key}` : key;
      throw new PingOneValidationError(
        field,
        "UNKNOWN_OPTION",
        `Unknown option ${field}; known options are ${known.join(", ")}`,
      );
    }
  }
}
