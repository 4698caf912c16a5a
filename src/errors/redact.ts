// Redaction: everything that came from the server or from a caller's fetch passes through here
// before it reaches an error, a cause or a log line. It masks the call's secrets (tokens, OTPs in
// any spacing, cookies), the call's phone numbers in any spelling and every phone-like number, and
// only then cuts the text. Every pattern is linear in its input (bounded repetition, no nested
// quantifiers), so hostile text cannot stall the client.

/** Longest server-provided text kept in one field of an error, after masking. */
export const MAX_TEXT = 2000;
/** Most entries of an array (PingOne's `details`) and most keys of an object kept. */
export const MAX_ITEMS = 20;
/** Deepest nesting kept; anything deeper becomes "[…]". */
export const MAX_DEPTH = 6;

/** Secrets known for one call. */
export interface Secrets {
  /** Bearer tokens and other opaque secrets (cookies, payloads): masked as whole tokens. */
  tokens?: readonly string[];
  /** One-time passcodes: masked in any spacing (`731 946`, `731-946`). */
  otps?: readonly string[];
  /** The caller's phone numbers: masked in any spelling. */
  phones?: readonly string[];
}

const SEPARATORS = "[\\s().-]{0,2}";
// A phone-like run: an optional "+", then 7 to 15 digits with up to two separator characters
// between them, not glued to letters, digits or hyphens (so UUID segments and dates stay readable).
export const PHONE_LIKE = new RegExp(`(?<![\\w+-])\\+?\\(?\\d(?:${SEPARATORS}\\d){6,14}(?![\\w-])`, "g");
// A secret is masked only where it is not glued to letters or digits, so a short one never masks
// part of a word ("any" in "many"), while `token=<it>` or `/sessions/<it>/` are masked.
const TOKEN_CHAR = "[A-Za-z0-9]";

const escape = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
const patterns = new Map<string, RegExp>();
const cached = (key: string, build: () => RegExp) => patterns.get(key) ?? patterns.set(key, build()).get(key)!;
const tokenPattern = (token: string) =>
  cached(`t${token}`, () => new RegExp(`(?<!${TOKEN_CHAR})${escape(token)}(?!${TOKEN_CHAR})`, "g"));
// An OTP's characters with any spacing between them, not glued to other letters or digits.
const otpPattern = (otp: string) =>
  cached(
    `o${otp}`,
    () => new RegExp(`(?<![A-Za-z0-9])${[...otp].map(escape).join("[\\s.-]{0,3}")}(?![A-Za-z0-9])`, "g"),
  );
/** A pattern matching `phone`'s digits in any spelling (separators between digits, with or without `+`). */
const phonePattern = (phone: string) => {
  const digits = phone.replace(/\D/g, "");
  if (digits.length < 4) return undefined;
  // National spellings drop the country code: match the last 9 (or fewer) digits too.
  const tail = digits.slice(-Math.min(digits.length, 9));
  return cached(`p${tail}`, () => new RegExp(`\\+?${[...tail].join(SEPARATORS)}`, "g"));
};

/** `+15125201234` → `***34`: enough to recognise a number, not enough to use it. */
export function maskPhone(phone: string): string {
  return `***${phone.replace(/\D/g, "").slice(-2)}`;
}

/** The patterns that mask `secrets`, with what each match becomes (exported for the ReDoS check). */
export function maskPatterns(secrets: Secrets): Array<[RegExp, string | ((match: string) => string)]> {
  const masks: Array<[RegExp, string | ((match: string) => string)]> = [];
  for (const token of secrets.tokens ?? []) if (token) masks.push([tokenPattern(token), "[redacted]"]);
  for (const otp of secrets.otps ?? []) if (otp) masks.push([otpPattern(otp), "[redacted]"]);
  for (const phone of secrets.phones ?? []) {
    const pattern = phonePattern(phone);
    if (pattern) masks.push([pattern, maskPhone]);
  }
  masks.push([PHONE_LIKE, maskPhone]);
  return masks;
}

/** `text` with the call's secrets and every phone-like number masked, then cut to `max` characters. */
export function redact(text: string, secrets: Secrets = {}, max = MAX_TEXT): string {
  let out = text;
  for (const [pattern, mask] of maskPatterns(secrets)) out = out.replace(pattern, mask as string);
  return out.length > max ? `${out.slice(0, max)}…` : out;
}

/**
 * A redacted copy of any JSON-like value: strings (keys too) masked and cut, arrays and objects cut
 * to MAX_ITEMS entries and MAX_DEPTH levels. Walks with an explicit stack: no nesting depth can
 * overflow the call stack.
 */
export function redactValue(value: unknown, secrets: Secrets = {}): unknown {
  const copy = (node: unknown): unknown => {
    if (typeof node === "string") return redact(node, secrets);
    if (node === null || typeof node !== "object")
      return typeof node === "number" || typeof node === "boolean" ? node : undefined;
    return Array.isArray(node) ? [] : {};
  };
  const root = copy(value);
  const stack: Array<{ source: unknown; target: unknown; depth: number }> = [{ source: value, target: root, depth: 0 }];
  while (stack.length > 0) {
    const { source, target, depth } = stack.pop()!;
    if (source === null || typeof source !== "object") continue;
    const entries = Array.isArray(source)
      ? source.map((item, i) => [String(i), item] as const)
      : Object.entries(source);
    for (const [key, item] of entries.slice(0, MAX_ITEMS)) {
      const child = depth + 1 >= MAX_DEPTH && item !== null && typeof item === "object" ? "[…]" : copy(item);
      if (Array.isArray(target)) target.push(child);
      else (target as Record<string, unknown>)[redact(key, secrets, 100)] = child;
      if (child !== "[…]" && item !== null && typeof item === "object")
        stack.push({ source: item, target: child, depth: depth + 1 });
    }
  }
  return root;
}

/** Builds a redacted Error standing for `error` (a caller's fetch error, a token function's): name,
 * message, a short `cause` chain and an AggregateError's errors; no other property is kept. */
export function sanitizeError(error: unknown, secrets: Secrets = {}, depth = 0): Error {
  // Reading a hostile error may itself throw (a getter, a null-prototype object): never let it out.
  const read = <T>(get: () => T, fallback: T): T => {
    try {
      return get();
    } catch {
      return fallback;
    }
  };
  const source = read(() => (error instanceof Error ? error : undefined), undefined);
  const name = redact(
    read(() => (typeof source?.name === "string" ? source.name : "Error"), "Error"),
    secrets,
    100,
  );
  const message = redact(
    read(() => (source ? String(source.message) : String(error)), "(a value that cannot be shown)"),
    secrets,
  );
  const inner = read(() => (source && depth < 3 ? source.cause : undefined), undefined);
  const cause = inner === undefined ? undefined : sanitizeError(inner, secrets, depth + 1);
  const errors = read(
    () => (source instanceof AggregateError ? [...source.errors].slice(0, MAX_ITEMS) : undefined),
    undefined,
  );
  const copy = errors
    ? new AggregateError(
        errors.map((e) => sanitizeError(e, secrets, depth + 1)),
        message,
        cause ? { cause } : undefined,
      )
    : new Error(message, cause ? { cause } : undefined);
  Object.defineProperty(copy, "name", { value: name, enumerable: false, configurable: true, writable: true });
  // The stack would repeat the message at the engine's own length: only the first line is kept.
  copy.stack = `${name}: ${message}`;
  return copy;
}
