// The simulator's browser-safe randomness and HMAC-SHA-1 (src/testing/random.ts, hmac-sha1.ts),
// checked against node:crypto, which they replace where it does not run.
import { createHmac, randomBytes as nodeRandomBytes } from "node:crypto";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { hmacSha1 } from "../../src/testing/hmac-sha1.ts";
import { base64url, randomBytes, randomInt, randomUuid } from "../../src/testing/random.ts";

const hex = (bytes: Uint8Array) => Buffer.from(bytes).toString("hex");

describe("hmacSha1", () => {
  it("gives RFC 2202's test vectors", () => {
    const ascii = (text: string) => new TextEncoder().encode(text);
    expect(hex(hmacSha1(new Uint8Array(20).fill(0x0b), ascii("Hi There")))).toBe(
      "b617318655057264e28bc0b6fb378c8ef146be00",
    );
    expect(hex(hmacSha1(ascii("Jefe"), ascii("what do ya want for nothing?")))).toBe(
      "effcdf6ae5eb2fa2d27416d5f184df9c259a7c79",
    );
    // A key longer than the block is hashed first.
    expect(
      hex(hmacSha1(new Uint8Array(80).fill(0xaa), ascii("Test Using Larger Than Block-Size Key - Hash Key First"))),
    ).toBe("aa4ae5e15272d00e95705637ce8a3b55ed402112");
  });

  it("agrees with node:crypto for any key and message, across block boundaries", () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 200 }), fc.uint8Array({ maxLength: 300 }), (key, message) => {
        expect(hex(hmacSha1(key, message))).toBe(createHmac("sha1", key).update(message).digest("hex"));
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
