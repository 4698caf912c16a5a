// Phone numbers go to PingOne as E.164 (`+15125201234`). Every spelling PingOne documents is
// accepted; anything that cannot be an E.164 number is refused with a reason, before any request.
// The `min` metadata checks country codes and lengths: it refuses impossible numbers without being
// stricter than PingOne. It is used without its formatting rules (generated/phone-metadata.ts), which
// nothing here needs, to keep the browser bundle small.
import {
  isSupportedCountry as isSupported,
  Metadata,
  type MetadataJson,
  ParseError,
  type PhoneNumber,
  parsePhoneNumberWithError,
} from "libphonenumber-js/core";
import { type CountryCode, phoneMetadata as metadata } from "../../generated/phone-metadata.js";
import { PhoneNumberError } from "../errors/errors.js";
import { maskPhone } from "../errors/redact.js";

export type { CountryCode };

/** Options of {@link normalizePhoneNumber}. */
export interface NormalizePhoneOptions {
  /** ISO 3166-1 alpha-2 country (`"US"`) used for numbers written without `+` and a country code. */
  defaultCountry?: CountryCode | undefined;
  /** Name of the field, for the error (`phone`, `selectedDevice.oneTime.phone`). @default "phone" */
  field?: string;
}

const phoneMetadata = metadata as MetadataJson;

// Longer input is refused before parsing: no E.164 number needs it.
const MAX_INPUT = 64;
// Digits, the documented separators (space, dot, hyphen, parentheses) and one leading "+".
const ALLOWED = /^\+?[0-9 .()-]+$/;
const EXTENSION = /(?:ext\.?|extension|x|#|;ext=)\s*\d+\s*$/i;
const E164 = /^\+[1-9]\d{6,14}$/;
/** The patterns applied to caller input, for the ReDoS check. */
export const PHONE_PATTERNS = [ALLOWED, EXTENSION] as const;

/**
 * Returns `input` as E.164 (`+15125201234`). Accepts `+1.5125201234`, `+15125201234`,
 * `+1.512.520.1234`, `+1 (512) 520-1234`, and national spellings when `defaultCountry` is given.
 *
 * @throws {PhoneNumberError} with a `reason` when the input is not a string, is empty or over 64
 *   characters, has letters or other characters, carries an extension (give VOICE extensions in
 *   `extension`), lacks a country code without `defaultCountry`, or is not a possible number.
 */
export function normalizePhoneNumber(input: unknown, options: NormalizePhoneOptions = {}): string {
  const field = options.field ?? "phone";
  const fail = (reason: PhoneNumberError["reason"], why: string) => refuse(field, reason, why);
  if (typeof input !== "string") return fail("NOT_A_STRING", `must be a string, got ${describe(input)}`);
  const text = input.trim();
  if (text === "") return fail("EMPTY", "is empty");
  if (text.length > MAX_INPUT) return fail("TOO_LONG_INPUT", `is longer than ${MAX_INPUT} characters`);
  // Built only for an error message: the common path never pays for it.
  const shown = () => maskPhone(text);
  if (!ALLOWED.test(text)) {
    // Only a refused number pays for the unanchored extension search, to name the better reason.
    if (EXTENSION.test(text)) {
      return fail("EXTENSION_NOT_ALLOWED", `(${shown()}) has an extension; VOICE devices take it in \`extension\``);
    }
    return fail("INVALID_CHARACTERS", "may hold only digits, spaces, dots, hyphens, parentheses and a leading +");
  }
  const country = options.defaultCountry;
  if (!text.startsWith("+") && country === undefined) {
    return fail(
      "MISSING_COUNTRY_CODE",
      `(${shown()}) needs a leading + and country code, or the defaultCountry option`,
    );
  }
  const impossible = (problem: LengthProblem) =>
    fail(problem, `(${shown()}) is not a possible phone number: ${problem.toLowerCase().replace(/_/g, " ")}`);
  let parsed: PhoneNumber;
  try {
    // extract: false parses the whole text as one number (other characters were refused above).
    // A country the library does not know is left out, as its parsePhoneNumberFromString does: a
    // number with + and a country code still parses, a national one is refused (INVALID_COUNTRY).
    const known = country !== undefined && isCountryCode(country);
    parsed = parsePhoneNumberWithError(
      text,
      known ? { defaultCountry: country, extract: false } : { extract: false },
      phoneMetadata,
    );
  } catch (error) {
    if (error instanceof ParseError) return impossible(error.message as LengthProblem);
    throw error;
  }
  // A valid number is a possible one: the length diagnosis runs only to explain a refusal.
  if (!parsed.isValid()) {
    if (parsed.isPossible()) return fail("INVALID_NUMBER", `(${shown()}) is not a valid number for its country`);
    const problem = lengthProblem(parsed);
    return problem ? impossible(problem) : fail("NOT_A_NUMBER", `(${shown()}) is not a phone number`);
  }
  // The min metadata checks lengths per country and lets a few 6-digit numbers through; E.164 needs 7 to 15 digits.
  if (!E164.test(parsed.number)) {
    return fail(parsed.number.length < 8 ? "TOO_SHORT" : "TOO_LONG", `(${shown()}) is not a possible E.164 number`);
  }
  return parsed.number;
}

/** A refusal libphonenumber-js names: a parse failure, or a length its numbering plan does not have. */
type LengthProblem = "INVALID_COUNTRY" | "NOT_A_NUMBER" | "TOO_SHORT" | "TOO_LONG" | "INVALID_LENGTH";

/**
 * What is wrong with a parsed number's length, in the words of the library's
 * validatePhoneNumberLength (which would parse the number a second time): shorter than its
 * numbering plan's shortest, longer than its longest, or a length between that the plan lacks.
 */
function lengthProblem(parsed: PhoneNumber): LengthProblem | undefined {
  const plans = new Metadata(phoneMetadata);
  plans.selectNumberingPlan((parsed.country ?? parsed.countryCallingCode) as CountryCode);
  const lengths = plans.numberingPlan?.possibleLengths();
  const length = parsed.nationalNumber.length;
  if (!lengths?.length || lengths.includes(length)) return undefined;
  if (length < lengths[0]!) return "TOO_SHORT";
  return length > lengths[lengths.length - 1]! ? "TOO_LONG" : "INVALID_LENGTH";
}

/** True when `value` is a country libphonenumber-js knows (`"US"`, `"GB"`, …). */
export function isCountryCode(value: unknown): value is CountryCode {
  return typeof value === "string" && isSupported(value as CountryCode, phoneMetadata);
}

const refuse = (field: string, reason: PhoneNumberError["reason"], why: string): never => {
  throw new PhoneNumberError(field, reason, `${field} ${why}`);
};
const describe = (value: unknown) => (value === null ? "null" : Array.isArray(value) ? "an array" : typeof value);
