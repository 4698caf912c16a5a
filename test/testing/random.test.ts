// The simulator's browser-safe randomness (src/testing/random.ts) and TOTP codes, checked against
// node:crypto, which they replace where it does not run.
import { createHmac, randomBytes as nodeRandomBytes } from "node:crypto";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { totpCode } from "../../src/testing/simulation/passcodes.ts";
import { base64url, randomBytes, randomInt, randomUuid } from "../../src/testing/random.ts";

describe("totpCode (HMAC-SHA-1 from @noble/hashes, no node:crypto)", () => {
  // RFC 6238 appendix B: the SHA-1 secret "12345678901234567890", 8-digit codes; ours are their last 6.
  const secret = new TextEncoder().encode("12345678901234567890");
  it.each([
    [59, "94287082"],
    [1111111109, "07081804"],
    [1111111111, "14050471"],
    [1234567890, "89005924"],
    [2000000000, "69279037"],
  ])("at %i s gives RFC 6238's code", (seconds, code) => {
    expect(totpCode(secret, seconds * 1000)).toBe(code.slice(-6));
  });

  it("agrees with node:crypto for any key and time", () => {
    fc.assert(
      fc.property(fc.uint8Array({ minLength: 1, maxLength: 80 }), fc.nat({ max: 4_000_000_000 }), (key, seconds) => {
        const counter = Buffer.alloc(8);
        counter.writeBigUInt64BE(BigInt(Math.floor(seconds / 30)));
        const mac = createHmac("sha1", key).update(counter).digest();
        const word = mac.readUInt32BE(mac[19]! & 0xf) & 0x7fffffff;
        expect(totpCode(key, seconds * 1000)).toBe(String(word % 1_000_000).padStart(6, "0"));
      }),
      { numRuns: 500 },
    );
  });
});

describe("random", () => {
  it("writes base64url as Buffer does", () => {
    for (let n = 0; n < 40; n++) {
      const bytes = nodeRandomBytes(n);
      expect(base64url(bytes)).toBe(bytes.toString("base64url"));
    }
  });

  it("gives version 4 UUIDs, also where randomUUID is missing", () => {
    const v4 = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;
    expect(randomUuid()).toMatch(v4);
    // randomUUID lives on Crypto's prototype: an own property hides it, deleting that restores it.
    Object.defineProperty(globalThis.crypto, "randomUUID", { value: undefined, configurable: true });
    try {
      const ids = new Set(Array.from({ length: 100 }, randomUuid));
      expect([...ids].filter((id) => !v4.test(id))).toEqual([]);
      expect(ids.size).toBe(100);
    } finally {
      delete (globalThis.crypto as { randomUUID?: unknown }).randomUUID;
    }
    expect(typeof globalThis.crypto.randomUUID).toBe("function");
  });

  it("gives integers in range, every value reachable", () => {
    const seen = new Set(Array.from({ length: 2000 }, () => randomInt(10)));
    expect([...seen].sort()).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
    expect(randomInt(1_000_000)).toBeLessThan(1_000_000);
    expect(randomBytes(20)).toHaveLength(20);
  });
});
