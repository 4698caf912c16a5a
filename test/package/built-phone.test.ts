// The built entries inline libphonenumber-js in its es6-modern form, with the build's pattern
// helper and without formatting (scripts/build/phone-library-plugin.ts). They must decide every phone
// exactly as the source does.
import { readFile } from "node:fs/promises";
import { fileURLToPath } from "node:url";
import fc from "fast-check";
import { type CountryCode, getCountries, getExampleNumber } from "libphonenumber-js/min";
import examples from "libphonenumber-js/mobile/examples";
import { describe, expect, it } from "vitest";
import { NO_FORMATTING } from "../../scripts/build/phone-library-plugin.ts";
import * as source from "../../src/index.node.ts";

const root = fileURLToPath(new URL("../..", import.meta.url));

/** The E.164 result, or the refusal's reason and message. */
const decide = (normalize: typeof source.normalizePhoneNumber, input: unknown, defaultCountry?: CountryCode) => {
  try {
    return normalize(input, defaultCountry ? { defaultCountry } : {});
  } catch (error) {
    return error instanceof source.PhoneNumberError || (error as Error).name === "PhoneNumberError"
      ? `${(error as source.PhoneNumberError).reason}: ${(error as Error).message}`
      : error;
  }
};

describe.each(["index.node.js", "index.js", "index.browser.js"])("dist/%s", (file) => {
  it("inlines the library's modern build and the pattern helper, not the Babel helpers", async () => {
    const text = await readFile(`${root}dist/${file}`, "utf8");
    expect(text).not.toMatch(/_classCallCheck|_objectSpread/);
    expect(text).not.toContain("new RegExp('^(?:' + regularExpressionText");
    expect(text).toContain("compiledPatterns.set(pattern");
    expect(text).toContain(NO_FORMATTING);
    expect(text).not.toContain("formatNationalNumberUsingFormat");
  });

  it("decides every phone as the source does", async () => {
    const built = (await import(`${root}dist/${file}`)) as typeof source;
    const numbers = getCountries().flatMap((country) => getExampleNumber(country, examples) ?? []);
    for (const number of numbers) {
      for (const text of [number.number, number.formatInternational(), number.formatNational()]) {
        expect(decide(built.normalizePhoneNumber, text, number.country)).toEqual(
          decide(source.normalizePhoneNumber, text, number.country),
        );
        expect(decide(built.normalizePhoneNumber, text)).toEqual(decide(source.normalizePhoneNumber, text));
      }
    }
    // What the left-out extension and RFC 3966 handling would look for: refused the same way.
    const odd = [
      "tel:+1-512-520-1234",
      "+1 512 520 1234 ext. 56",
      "+15125201234;ext=56",
      "+15125201234;phone-context=+1",
      "+1 512 520 1234 #56",
      "+1 512 520 1234 x56",
      "+1 (512) 520-1234 - 56#",
      "+1 512 520 1234,,56",
      "5125201234;isub=1",
    ];
    for (const text of odd)
      for (const country of [undefined, "US"] as const)
        expect(decide(built.normalizePhoneNumber, text, country)).toEqual(
          decide(source.normalizePhoneNumber, text, country),
        );
    fc.assert(
      fc.property(
        fc.oneof(fc.stringMatching(/^\+?[0-9 .()-]{0,24}$/), fc.string({ maxLength: 30 })),
        fc.constantFrom<CountryCode | undefined>(undefined, "US", "GB", "DE", "IN", "BR"),
        (text, country) => {
          expect(decide(built.normalizePhoneNumber, text, country)).toEqual(
            decide(source.normalizePhoneNumber, text, country),
          );
        },
      ),
      { numRuns: 4000 },
    );
  });
});
