// Masks secrets in text that may reach an error message: whole phone numbers, one-time passcodes
// and access tokens. Every pattern here is linear in the input (bounded repetition, no nested
// quantifiers), and input is capped first, so hostile server text cannot stall the client.

/** Longest server-provided text kept in an error; the rest is cut before any masking. */
export const MAX_TEXT = 2000;

const SEPARATORS = "[\\s().-]{0,2}";
// A phone-like run: an optional "+", then 7 to 15 digits with up to two separator characters
// between them, not glued to letters, digits or hyphens (so UUID segments and dates stay readable).
export const PHONE_LIKE = new RegExp(`(?<![\\w+-])\\+?\\(?\\d(?:${SEPARATORS}\\d){6,14}(?![\\w-])`, "g");

/** `+15125201234` → `***34`: enough to recognise a number, not enough to use it. */
export function maskPhone(phone: string): string {
  const digits = phone.replace(/\D/g, "");
  return `***${digits.slice(-2)}`;
}

/** Secrets known for one call: the caller's phone numbers (any spelling), OTPs and token. */
export interface Secrets {
  phones?: readonly string[];
  values?: readonly string[];
}

/** A pattern matching `phone`'s digits in any spelling (separators between digits, with or without `+`). */
function phonePattern(phone: string): RegExp | undefined {
  const digits = phone.replace(/\D/g, "");
  if (digits.length < 4) return undefined;
  // National spellings drop the country code: match the last 7+ digits too.
  const tail = digits.slice(-Math.min(digits.length, 9));
  return new RegExp(`\\+?${[...tail].join(SEPARATORS)}`, "g");
}

/** Returns `text` capped to MAX_TEXT characters, with the call's secrets and every phone-like number masked. */
export function redact(text: string, secrets: Secrets = {}): string {
  let out = text.length > MAX_TEXT ? `${text.slice(0, MAX_TEXT)}…` : text;
  for (const value of secrets.values ?? []) {
    if (value.length >= 3) out = out.split(value).join("[redacted]");
  }
  for (const phone of secrets.phones ?? []) {
    const pattern = phonePattern(phone);
    if (pattern) out = out.replace(pattern, maskPhone);
  }
  return out.replace(PHONE_LIKE, maskPhone);
}
