// IDs go into URL paths. openapi-fetch percent-encodes them, but "." and ".." pass through and the
// URL parser collapses them into another path; an empty ID drops a segment. Refuse those first.
import { hasLoneSurrogate } from "./checks.js";
import { PingOneValidationError } from "../errors/errors.js";

const MAX_ID = 256;

/** Returns `value` when it can stand as one path segment; throws `PingOneValidationError` otherwise. */
export function checkId(field: string, value: unknown): string {
  const fail = (why: string): never => {
    throw new PingOneValidationError(field, "INVALID_ID", `${field} ${why}`);
  };
  if (typeof value !== "string") return fail(`must be a string, got ${value === null ? "null" : typeof value}`);
  if (value.trim() === "") return fail("is empty");
  if (value === "." || value === "..") return fail(`cannot be "${value}"`);
  if (value.includes("/") || value.includes("\\")) return fail("cannot contain a slash");
  if (value.length > MAX_ID) return fail(`is longer than ${MAX_ID} characters`);
  // Control characters are never part of a PingOne ID and would be mangled in a URL.
  if (/[\u0000-\u001f\u007f]/.test(value)) return fail("contains control characters");
  if (hasLoneSurrogate(value)) return fail("is not valid Unicode (it holds an unpaired surrogate)");
  return value;
}
