// normalizePhoneNumber on generated input: random and hostile strings, and every documented
// spelling of valid numbers of every country. It returns E.164 or throws PhoneNumberError, nothing
// else; it is idempotent; all spellings of one number agree.
import fc from "fast-check";
import { type CountryCode, getCountries, getExampleNumber } from "libphonenumber-js/min";
import * as full from "libphonenumber-js/min";
import {
  type MetadataJson,
  parsePhoneNumberFromString as parseTrimmed,
  validatePhoneNumberLength as lengthTrimmed,
} from "libphonenumber-js/core";
import { phoneMetadata as shipped } from "../../generated/phone-metadata.ts";
import examples from "libphonenumber-js/mobile/examples";
import { afterAll, describe, expect, it } from "vitest";
import { normalizePhoneNumber, PhoneNumberError } from "../../src/index.ts";
import { figure } from "../support/figures.ts";

const E164 = /^\+[1-9]\d{6,14}$/;
const phoneMetadata = shipped as MetadataJson;
let inputs = 0;
let unexpected = 0;

/** E.164 or PhoneNumberError; anything else (another error, a malformed result) is unexpected. */
function outcome(input: unknown, defaultCountry?: CountryCode): string | PhoneNumberError {
  inputs++;
  try {
    const result = normalizePhoneNumber(input, defaultCountry ? { defaultCountry } : {});
    if (!E164.test(result)) unexpected++;
    return result;
  } catch (error) {
    if (!(error instanceof PhoneNumberError)) unexpected++;
    return error as PhoneNumberError;
  }
}

const countries = getCountries().filter((c) => getExampleNumber(c, examples));
const separators = fc.constantFrom(" ", ".", "-", "", "  ");

/** A documented spelling of `e164`: separators between digit groups, optional parentheses around the first group. */
const spelling = (e164: string, callingCode: string) =>
  fc
    .tuple(fc.array(separators, { minLength: 14, maxLength: 14 }), fc.boolean(), fc.integer({ min: 2, max: 4 }))
    .map(([seps, parens, head]) => {
      const national = e164.slice(1 + callingCode.length);
      const first = national.slice(0, head);
      const rest = [...national.slice(head)].map((d, i) => `${seps[i] ?? ""}${d}`).join("");
      return `+${callingCode}${seps[13] || " "}${parens ? `(${first})` : first}${rest}`;
    });

describe("normalizePhoneNumber under generated input", () => {
  afterAll(() => figure(`phone: ${inputs} generated inputs, ${unexpected} unexpected`));

  it("returns E.164 or throws PhoneNumberError for arbitrary strings", () => {
    fc.assert(
      fc.property(fc.string({ unit: "binary", maxLength: 80 }), (s) => void outcome(s)),
      { numRuns: 6000 },
    );
    fc.assert(
      fc.property(fc.stringMatching(/^\+?[0-9 .()-]{0,40}$/), (s) => void outcome(s)),
      { numRuns: 6000 },
    );
    expect(unexpected).toBe(0);
  });

  it("handles huge inputs and non-strings", () => {
    fc.assert(
      fc.property(fc.string({ minLength: 1000, maxLength: 100_000 }), (s) => outcome(s) instanceof PhoneNumberError),
      { numRuns: 50 },
    );
    fc.assert(
      fc.property(fc.anything(), (value) => typeof value === "string" || outcome(value) instanceof PhoneNumberError),
      { numRuns: 500 },
    );
    expect(unexpected).toBe(0);
  });

  it("gives every spelling of a valid number, in every country, the same E.164", () => {
    const numbers = countries.map((country) => getExampleNumber(country, examples)!);
    const cases = fc
      .constantFrom(...numbers)
      .chain((n) => fc.tuple(fc.constant(n), spelling(n.number, n.countryCallingCode)));
    fc.assert(
      fc.property(cases, ([number, text]) => {
        const result = outcome(text);
        return result === number.number;
      }),
      { numRuns: 6000 },
    );
    for (const number of numbers) {
      expect(outcome(number.formatInternational())).toBe(number.number);
      expect(outcome(number.formatNational(), number.country)).toBe(number.number);
    }
    expect(unexpected).toBe(0);
  });

  it("decides exactly as the library's full min metadata (the shipped copy only lacks formatting rules)", () => {
    const numbers = countries.map((country) => getExampleNumber(country, examples)!);
    const texts = fc.oneof(
      fc.stringMatching(/^\+[1-9][0-9 .()-]{4,20}$/),
      fc.constantFrom(...numbers.map((n) => n.formatInternational())),
      fc.constantFrom(...numbers.map((n) => n.number)),
    );
    fc.assert(
      fc.property(texts, (text) => {
        inputs++;
        const a = parseTrimmed(text, { extract: false }, phoneMetadata);
        const b = full.parsePhoneNumberFromString(text, { extract: false });
        const same =
          a?.number === b?.number &&
          a?.isValid() === b?.isValid() &&
          a?.isPossible() === b?.isPossible() &&
          lengthTrimmed(text, phoneMetadata) === full.validatePhoneNumberLength(text);
        if (!same) unexpected++;
        return same;
      }),
      { numRuns: 5000 },
    );
  });

  it("refuses an impossible number for the reason the library's own validatePhoneNumberLength gives", () => {
    const lengthReasons = ["INVALID_COUNTRY", "NOT_A_NUMBER", "TOO_SHORT", "TOO_LONG", "INVALID_LENGTH"];
    let compared = 0;
    fc.assert(
      fc.property(
        fc.stringMatching(/^\+?[0-9 .()-]{1,22}$/),
        fc.constantFrom<CountryCode | undefined>(undefined, "US", "GB", "DE", "IN"),
        (text, country) => {
          const result = outcome(text, country);
          if (!(result instanceof PhoneNumberError) || !lengthReasons.includes(result.reason)) return true;
          // The client trims first; a number the library finds valid is refused later, by the E.164 length rule.
          const trimmed = text.trim();
          if (
            parseTrimmed(
              trimmed,
              country ? { defaultCountry: country, extract: false } : { extract: false },
              phoneMetadata,
            )?.isValid()
          )
            return true;
          compared++;
          const expected =
            (country ? lengthTrimmed(trimmed, country, phoneMetadata) : lengthTrimmed(trimmed, phoneMetadata)) ??
            "NOT_A_NUMBER";
          return result.reason === expected;
        },
      ),
      { numRuns: 6000 },
    );
    expect(compared).toBeGreaterThan(1000);
  });

  it("is idempotent", () => {
    fc.assert(
      fc.property(fc.stringMatching(/^\+[1-9][0-9 .()-]{6,20}$/), (s) => {
        const once = outcome(s);
        return once instanceof PhoneNumberError || outcome(once) === once;
      }),
      { numRuns: 2000 },
    );
    expect(unexpected).toBe(0);
  });
});
