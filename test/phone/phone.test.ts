// normalizePhoneNumber: every documented spelling to E.164, and a reason for each refusal.
import { describe, expect, it } from "vitest";
import { normalizePhoneNumber, PhoneNumberError } from "../../src/index.ts";

describe("normalizePhoneNumber", () => {
  it.each([
    ["+1.5125201234", "+15125201234"],
    ["+15125201234", "+15125201234"],
    ["+1.512.520.1234", "+15125201234"],
    ["+1 (512) 520-1234", "+15125201234"],
    ["+1.5125551234", "+15125551234"],
    ["+14135550150", "+14135550150"],
    ["  +1 512 520 1234  ", "+15125201234"],
    ["+33 6 12 34 56 78", "+33612345678"],
    ["+49 30 901820", "+4930901820"],
    ["+61 4 1234 5678", "+61412345678"],
  ])("%s → %s", (input, e164) => {
    expect(normalizePhoneNumber(input)).toBe(e164);
  });

  it.each([
    ["5125201234", "US", "+15125201234"],
    ["(512) 520-1234", "US", "+15125201234"],
    ["06 12 34 56 78", "FR", "+33612345678"],
    ["+44 20 7946 0958", "US", "+442079460958"],
  ] as const)("%s with defaultCountry %s → %s", (input, defaultCountry, e164) => {
    expect(normalizePhoneNumber(input, { defaultCountry })).toBe(e164);
  });

  it("leaves out a defaultCountry the library does not know, as its own parser does (JavaScript callers)", () => {
    expect(normalizePhoneNumber("+44 20 7946 0958", { defaultCountry: "UK" as never })).toBe("+442079460958");
    expect(normalizePhoneNumber("+1 512 520 1234", { defaultCountry: "us" as never })).toBe("+15125201234");
    expect(() => normalizePhoneNumber("020 7946 0958", { defaultCountry: "UK" as never })).toThrow(
      expect.objectContaining({ reason: "INVALID_COUNTRY" }),
    );
  });

  it.each([
    [undefined, "NOT_A_STRING"],
    [15125201234, "NOT_A_STRING"],
    ["", "EMPTY"],
    ["   ", "EMPTY"],
    ["+1".padEnd(80, "2"), "TOO_LONG_INPUT"],
    ["5125201234", "MISSING_COUNTRY_CODE"],
    ["15125551234", "MISSING_COUNTRY_CODE"],
    ["1-512-555-1234", "MISSING_COUNTRY_CODE"],
    ["+1 800 FLOWERS", "INVALID_CHARACTERS"],
    ["+1 512 520 1234 ext. 12", "EXTENSION_NOT_ALLOWED"],
    ["+1 512 520 1234 x12", "EXTENSION_NOT_ALLOWED"],
    ["+1 512 520 1234#12", "EXTENSION_NOT_ALLOWED"],
    ["++15125201234", "INVALID_CHARACTERS"],
    ["+1 512 520 1234 +1", "INVALID_CHARACTERS"],
    ["＋１５１２５２０１２３４", "INVALID_CHARACTERS"],
    ["+1.512.520.123", "TOO_SHORT"],
    ["+999 12345678", "INVALID_COUNTRY"],
    ["+1 512 520 1234 5678 9012", "TOO_LONG"],
    ["+43 1319", "TOO_SHORT"],
  ])("refuses %j with %s", (input, reason) => {
    let error: unknown;
    try {
      normalizePhoneNumber(input);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(PhoneNumberError);
    expect(error).toMatchObject({ name: "PhoneNumberError", reason, field: "phone" });
  });

  it("names the field and never shows the whole number", () => {
    const error = (() => {
      try {
        normalizePhoneNumber("+1.512.520.123", { field: "device.phone" });
      } catch (e) {
        return e as PhoneNumberError;
      }
    })();
    expect(error?.field).toBe("device.phone");
    expect(error?.message).toMatch(/^device\.phone \(\*\*\*23\)/);
    expect(error?.message).not.toMatch(/512/);
  });

  it("is idempotent", () => {
    for (const input of ["+1 (512) 520-1234", "+33 6 12 34 56 78"]) {
      const once = normalizePhoneNumber(input);
      expect(normalizePhoneNumber(once)).toBe(once);
    }
  });
});
