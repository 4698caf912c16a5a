// Randomness and the few bytes-to-text steps the simulator needs, from the Web Crypto API every
// runtime has (browsers, Node 20's globalThis.crypto, workers), so the MSW handlers run where
// node:crypto and Buffer do not.

const webCrypto = () => {
  const crypto = globalThis.crypto;
  if (typeof crypto?.getRandomValues !== "function")
    throw new Error("pingone-mfa mock: this runtime has no Web Crypto (globalThis.crypto.getRandomValues)");
  return crypto;
};

/** `n` random bytes. */
export function randomBytes(n: number): Uint8Array {
  // getRandomValues fills at most 65,536 bytes a call; the mock asks for a few dozen.
  return webCrypto().getRandomValues(new Uint8Array(n));
}

/** A random (version 4) UUID; built from random bytes where randomUUID is missing (pages not served over https). */
export function randomUuid(): string {
  const crypto = webCrypto();
  if (typeof crypto.randomUUID === "function") return crypto.randomUUID();
  const b = randomBytes(16);
  b[6] = (b[6]! & 0x0f) | 0x40;
  b[8] = (b[8]! & 0x3f) | 0x80;
  const hex = [...b].map((x) => x.toString(16).padStart(2, "0")).join("");
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

/** A uniform random integer from 0 to `max` - 1 (`max` at most 2³²), without modulo bias. */
export function randomInt(max: number): number {
  const limit = 2 ** 32 - (2 ** 32 % max);
  const word = new Uint32Array(1);
  for (;;) {
    webCrypto().getRandomValues(word);
    if (word[0]! < limit) return word[0]! % max;
  }
}

/** Bytes as unpadded base64url (RFC 4648 §5), as Buffer's "base64url" writes them. */
export function base64url(bytes: Uint8Array): string {
  let binary = "";
  for (const byte of bytes) binary += String.fromCharCode(byte);
  return btoa(binary).replace(/\+/g, "-").replace(/\//g, "_").replace(/=+$/, "");
}

/** `n` random bytes as base64url: ids, challenges, cookies and tokens. */
export const randomToken = (n: number): string => base64url(randomBytes(n));
