// The pattern helper the build puts in place of libphonenumber-js's matchesEntirely: it must answer
// exactly as the library's own for every pattern of the shipped metadata.
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { phoneMetadata } from "../../generated/phone-metadata.ts";
import matchesEntirely from "../../scripts/build/phone-patterns.ts";

// The library's own helper, straight from its files (the package neither exports nor types it).
const libraryHelper = "../../node_modules/libphonenumber-js/es6-modern/helpers/matchesEntirely.js";
const { default: libraryMatches } = (await import(libraryHelper)) as { default: typeof matchesEntirely };

/** Every string in the metadata that looks like a pattern (digits, classes, groups). */
function patterns(value: unknown, found = new Set<string>()): Set<string> {
  if (typeof value === "string" && /[\\[(|]/.test(value)) found.add(value);
  else if (Array.isArray(value)) for (const item of value) patterns(item, found);
  else if (value && typeof value === "object") for (const item of Object.values(value)) patterns(item, found);
  return found;
}

describe("phone patterns (the build's matchesEntirely)", () => {
  const all = [...patterns(phoneMetadata)];

  it("finds the metadata's patterns", () => {
    expect(all.length).toBeGreaterThan(300);
  });

  it("answers as the library's helper for every metadata pattern, on digit strings and on odd input", () => {
    fc.assert(
      fc.property(
        fc.constantFrom(...all),
        fc.oneof(fc.stringMatching(/^\d{0,17}$/), fc.string({ maxLength: 20 }), fc.constant(undefined)),
        (pattern, text) => {
          expect(matchesEntirely(text, pattern)).toBe(libraryMatches(text, pattern));
        },
      ),
      { numRuns: 20_000 },
    );
  });

  it("gives the same answer the second time (the compiled pattern is kept, not its last match)", () => {
    const pattern = "[2-9]\\d{9}|3\\d{6}";
    expect([
      matchesEntirely("5125201234", pattern),
      matchesEntirely("5125201234", pattern),
      matchesEntirely("123", pattern),
      matchesEntirely("5125201234", pattern),
    ]).toEqual([true, true, false, true]);
  });
});
