// Redaction: everything that came from the server, a caller's fetch or a token function passes
// through here before it reaches an error, a cause or a log line. One place decides what a secret
// looks like on the wire: the call's tokens (whole, in any encoding, base64 too, a long one in any
// letter case and spelled apart too), its passcodes (any letter case, any separators), its
// phone numbers (any spelling), and secrets nobody told the client about (JWTs, long mixed
// base64url runs, phone-like numbers). Masking comes first, then the cut. Every regular expression
// is fixed and linear in its input, and every search by hand is bounded by a constant times its
// input's length, so hostile text cannot stall the client.
import { plain, VIEW_PATTERNS, viewsOf } from "./views.js";

/** Longest server-provided text kept in one field of an error, after masking. */
export const MAX_TEXT = 2000;
/** Most entries of an array (PingOne's `details`) and most keys of an object kept. */
export const MAX_ITEMS = 20;
/** Deepest nesting kept; anything deeper becomes "[…]". */
export const MAX_DEPTH = 6;

/** Secrets known for one call. */
export interface Secrets {
  /**
   * Bearer tokens and other opaque secrets (cookies, payloads, a client secret): masked as whole
   * tokens (one of GLUED characters or more in any letter case, a shorter one in its own), and one
   * of SPACED letters and digits or more also with separators.
   */
  tokens?: readonly string[];
  /** One-time passcodes: masked in any letter case and with any separators (`731 946`, `731,946`). */
  otps?: readonly string[];
  /** The caller's phone numbers: masked in any spelling. */
  phones?: readonly string[];
}

// ---- what a secret looks like on the wire ----------------------------------------------------------------
// The text is searched in each of its views (views.ts: as it is, then with percent-encoding, JSON
// escapes, HTML references and Unicode compatibility forms undone), so a secret is found however
// the client or the server encoded it; a match masks the characters that spelled it. Secrets are
// compared by hand, character by character: no regular expression is built from a secret, and
// nothing derived from one outlives the call (only a WeakMap entry per call's Secrets object).

/**
 * A secret this long or longer is masked wherever it appears, glued to other text too, and a
 * token's spelling this long or longer in any letter case: a shorter one in another case is too
 * often an ordinary word (a cookie's `consent=true`, `x=on` make `TRUE` and `ON` call tokens).
 */
const GLUED = 6;
/** Most separator characters between two characters of a passcode (`7 3 1`, `731, 946`). */
const OTP_GAP = 3;
/**
 * Letters and digits a token needs before it is looked for with separators (`s-e-c-r-e-t-…`): a
 * shorter one spelled apart is too often ordinary text (initials, `a-b-c`, a version `1.2.3.4`, two
 * short words in a row), while eight or more in order, with nothing but separators between them, is
 * the secret. (A short token is still masked whole, in any letter case.)
 */
const SPACED = 8;
/** Most separator characters between two digits of a known phone number (runs of spaces, `) - `). */
const PHONE_GAP = 16;
/** Digits of a known phone number that are enough to mask it: national spellings drop the country code. */
const PHONE_TAIL = 9;
/**
 * Characters the search for one token spelled apart may look at in one view, per character of
 * the view. Ordinary text costs about one each; text that almost spells the token at thousands of
 * places (`aaaa…` for `aaa…ab`) would cost its length times the token's, and is hostile: once the
 * budget is spent, the whole view is masked (fail closed) instead of searched further.
 */
const SPACED_WORK = 8;

// The fixed patterns: each linear in its input (disjoint classes, bounded repetition), checked by
// recheck in the test suite.
const PHONE_SEPARATOR = "[\\s().\\-_/\\p{Pd}]";
/**
 * A phone-like number: an optional "+", then 7 to 15 digits with up to eight separator characters
 * (spaces, `()./_`, any dash) between them, not inside a longer number or a hyphenated ID, and not
 * followed by a letter (a timestamp's `2022-09-22T…`). Letters may come before (`tel15125201234`).
 */
export const PHONE_LIKE = new RegExp(
  `(?<![\\d+\\-_.])\\+?\\(?\\d(?:${PHONE_SEPARATOR}{0,8}\\d){6,14}(?![\\d\\-_]|\\p{L})`,
  "gu",
);
/** A run of base64url characters long enough to be a token; `tokenShaped` judges it. (JWTs: `findJwts`.) */
export const RUN = /[A-Za-z0-9_-]{24,}/g;
/** A UUID (PingOne's IDs), kept readable inside a run. */
export const UUID = /[0-9a-fA-F]{8}(?:-[0-9a-fA-F]{4}){3}-[0-9a-fA-F]{12}/g;
const UPPER = /[A-Z]/;
const LOWER = /[a-z]/;
const DIGIT = /[0-9]/;
const HEX_CHAR = /^[0-9A-Fa-f]+$/;
/** An IPv4 address (a URL's host in a message) has the digits of a phone but is none. */
const IPV4 = /^\d{1,3}(?:\.\d{1,3}){3}$/;
/** A number written as a phone: a leading "+" or "(", or spaces, parentheses or dots between digits. */
const PHONEISH = /^[+(]|[\s().]/u;
const LETTER_OR_DIGIT = /[\p{L}\p{N}]/u;
/** Every regular expression redaction runs on untrusted text (for the ReDoS check). */
export const PATTERNS: readonly RegExp[] = [
  PHONE_LIKE,
  RUN,
  UUID,
  UPPER,
  LOWER,
  DIGIT,
  HEX_CHAR,
  IPV4,
  PHONEISH,
  LETTER_OR_DIGIT,
  ...VIEW_PATTERNS,
];

/**
 * True for a piece of a base64url run that looks like a secret nobody told the client about: mixed
 * letters and digits, long enough that words, codes (`INVALID_DATA`) and kebab-case names are not.
 */
function tokenShaped(piece: string): boolean {
  if (piece.length < 24) return false;
  const upper = UPPER.test(piece);
  const lower = LOWER.test(piece);
  const digit = DIGIT.test(piece);
  return (
    (upper && lower && digit) ||
    (piece.length >= 40 && digit && (upper || lower)) ||
    (piece.length >= 64 && upper && lower)
  );
}

/** True for a letter or digit (any script): what separates a passcode's characters is anything else. */
function alnum(code: number): boolean {
  if (code < 0x80)
    return (code >= 0x30 && code <= 0x39) || (code >= 0x41 && code <= 0x5a) || (code >= 0x61 && code <= 0x7a);
  return LETTER_OR_DIGIT.test(String.fromCharCode(code));
}
/** The secrets of one call, in the form the search needs. */
interface Compiled {
  /** Every spelling of GLUED characters or more of every token in lower case (see lowerCase), longest first. */
  tokens: string[];
  /** Every shorter spelling, as it is (matched in its own letter case only), longest first. */
  exact: string[];
  /** Each token with SPACED letters and digits or more, spelled apart: found with separators. */
  spaced: Spaced[];
  /** Each passcode's letters and digits (compared without case), and for one with leading zeros, the number it is. */
  otps: string[];
  /** Each phone's digits. */
  phones: string[];
  /** Length of the longest secret, for the window redact searches in. */
  longest: number;
}

const NONE: Secrets = Object.freeze({});
// Keyed by the call's Secrets object, weakly: the entry goes with the call.
const compiled = new WeakMap<Secrets, Compiled>();

/**
 * A text's UTF-8 bytes in base64, standard and URL-safe, each with and without its `=` padding.
 * (A token endpoint may echo a client secret as the base64 it saw: the Basic header's, or its own.)
 */
function base64Of(text: string): string[] {
  let binary = "";
  for (const byte of new TextEncoder().encode(text)) binary += String.fromCharCode(byte);
  const standard = btoa(binary);
  const bare = standard.replace(/=+$/, "");
  const url = standard.replace(/\+/g, "-").replace(/\//g, "_");
  return [standard, bare, url, url.replace(/=+$/, "")];
}

/**
 * The spellings of a token that decoding the text cannot reach: the token itself, its decoded
 * forms (a cookie value sent percent-encoded, echoed plain), without the quotes a cookie value
 * may carry, with `+` for its spaces (form encoding), and the token in base64 (standard and
 * URL-safe, padded or not; only the whole token: base64 inside a longer run depends on where the
 * token starts).
 */
export function spellingsOf(token: string): string[] {
  const out = new Set<string>([token]);
  const quoted = /^"(.*)"$/s.exec(token);
  if (quoted?.[1]) out.add(quoted[1]);
  const encoded = [token, ...(quoted?.[1] ? [quoted[1]] : [])].flatMap(base64Of);
  for (const spelling of [...out]) {
    for (const view of viewsOf(spelling)) out.add(view.text);
    try {
      out.add(decodeURIComponent(spelling.replace(/\+/g, " ")));
    } catch {
      // Not percent-encoded after all.
    }
  }
  for (const spelling of [...out]) if (spelling.includes(" ")) out.add(spelling.replace(/ /g, "+"));
  for (const spelling of encoded) out.add(spelling);
  return [...out].filter((spelling) => spelling === token || spelling.length >= 2);
}

/**
 * `text` in lower case, character for character: a character whose lower case is not one UTF-16
 * unit (`İ`) stays as it is, so a match in the result has the same span in `text`. Used on the
 * secrets and on the text alike, so the comparison is the same on both sides (no context rules
 * such as a final sigma).
 */
function lowerCase(text: string): string {
  let out = "";
  let kept = 0;
  for (let at = 0; at < text.length; at++) {
    const code = text.charCodeAt(at);
    if (code < 0x41 || (code > 0x5a && code < 0x80)) continue;
    const lower = code <= 0x5a ? String.fromCharCode(code | 0x20) : text[at]!.toLowerCase();
    if (lower.length !== 1 || lower === text[at]) continue;
    out += text.slice(kept, at) + lower;
    kept = at + 1;
  }
  return kept === 0 ? text : out + text.slice(kept);
}

/** A token spelled apart: its letters and digits, and how many other characters may come before each. */
interface Spaced {
  /** The token's letters and digits (any script), in lower case. */
  chars: string;
  /**
   * Most separator characters before `chars[k]`: OTP_GAP, as for a passcode, in each place around
   * the token's own punctuation between the two, which may be kept, dropped or replaced
   * (`n, ~, 9` for `n~9`). Only separators: a letter or digit between two of the token's ends the
   * match, so no word is bridged.
   */
  gaps: number[];
}

/** `text` as a token spelled apart, or undefined when it has fewer than SPACED letters and digits. */
function spacedOf(text: string): Spaced | undefined {
  let chars = "";
  const gaps: number[] = [];
  let own = 0;
  for (const c of text) {
    if (!alnum(c.charCodeAt(0))) {
      own++;
      continue;
    }
    chars += lowerCase(c);
    gaps.push(chars.length === 1 ? 0 : own + (own + 1) * OTP_GAP);
    own = 0;
  }
  return chars.length >= SPACED ? { chars, gaps } : undefined;
}

function compile(secrets: Secrets): Compiled {
  const tokens = new Set<string>();
  const exact = new Set<string>();
  const spaced = new Map<string, Spaced>();
  const otps = new Set<string>();
  const phones = new Set<string>();
  for (const token of secrets.tokens ?? []) {
    if (typeof token !== "string" || !token) continue;
    for (const spelling of spellingsOf(token)) {
      if (spelling.length >= GLUED) tokens.add(lowerCase(spelling));
      else exact.add(spelling);
    }
    // As given and with its encodings undone (a cookie value sent percent-encoded); base64 is
    // whole-token only, as above.
    for (const form of new Set([token, plain(token)])) {
      const apart = spacedOf(form);
      if (apart) spaced.set(apart.chars + apart.gaps.join(), apart);
    }
  }
  for (const otp of secrets.otps ?? []) {
    if (typeof otp !== "string" || !otp) continue;
    const chars = [...plain(otp)].filter((c) => alnum(c.charCodeAt(0))).join("");
    if (!chars) {
      exact.add(otp);
      continue;
    }
    otps.add(chars);
    // A numeric passcode with leading zeros, echoed as a JSON number, loses them: 012345 → 12345.
    const number = /^0+([0-9]{4,})$/.exec(chars)?.[1];
    if (number) otps.add(number);
  }
  for (const phone of secrets.phones ?? []) {
    const digits = typeof phone === "string" ? plain(phone).replace(/\D/g, "") : "";
    if (digits.length >= 4) phones.add(digits);
  }
  const all = [...tokens, ...exact, ...otps, ...phones];
  const longestFirst = (a: string, b: string) => b.length - a.length;
  return {
    tokens: [...tokens].sort(longestFirst),
    exact: [...exact].sort(longestFirst),
    spaced: [...spaced.values()],
    otps: [...otps],
    phones: [...phones],
    longest: all.reduce((most, secret) => Math.max(most, secret.length), 0),
  };
}
const compiledOf = (secrets: Secrets): Compiled => {
  let known = compiled.get(secrets);
  if (!known) {
    known = compile(secrets);
    compiled.set(secrets, known);
  }
  return known;
};

/** Receives a match: its span in the view, and for a phone the digits it masks. */
type Found = (start: number, end: number, phone?: string) => void;

/** True when the span of `text` is not glued to a letter or digit on either side. */
const standsAlone = (text: string, start: number, end: number) =>
  (start === 0 || !alnum(text.charCodeAt(start - 1))) && (end >= text.length || !alnum(text.charCodeAt(end)));

function findTokens(text: string, tokens: readonly string[], found: Found): void {
  for (const token of tokens) {
    for (let at = text.indexOf(token); at >= 0; at = text.indexOf(token, at + 1)) {
      // A short token only where it stands alone, so "any" never masks part of "many".
      if (token.length >= GLUED || standsAlone(text, at, at + token.length)) found(at, at + token.length);
    }
  }
}

const sameChar = (a: number, b: number, caseless: boolean) =>
  a === b || (caseless && (a | 0x20) === (b | 0x20) && (a | 0x20) >= 0x61 && (a | 0x20) <= 0x7a);

/**
 * The end of `chars` spelled in `text` from `start` (its first character already matched), with at
 * most `gap` separator characters between two of them, or -1.
 */
function sequenceEnd(text: string, start: number, chars: string, gap: number, caseless: boolean): number {
  let at = start + 1;
  for (let k = 1; k < chars.length; k++) {
    const want = chars.charCodeAt(k);
    let skipped = 0;
    while (at < text.length && !sameChar(text.charCodeAt(at), want, caseless)) {
      if (skipped === gap || alnum(text.charCodeAt(at))) return -1;
      skipped++;
      at++;
    }
    if (at >= text.length) return -1;
    at++;
  }
  return at;
}

function findSequences(text: string, sequences: readonly string[], gap: number, found: Found): void {
  for (const chars of sequences) {
    const first = chars.charCodeAt(0);
    for (let at = 0; at < text.length; at++) {
      if (!sameChar(text.charCodeAt(at), first, true)) continue;
      const end = sequenceEnd(text, at, chars, gap, true);
      if (end < 0 || (chars.length < GLUED && !standsAlone(text, at, end))) continue;
      found(at, end);
      at = end - 1;
    }
  }
}

/**
 * The end of `token` spelled apart in `text` from `start` (its first character already matched),
 * or -1; every character looked at is taken from `work.left`, and none once it is spent.
 */
function spacedEnd(text: string, start: number, token: Spaced, work: { left: number }): number {
  let at = start + 1;
  for (let k = 1; k < token.chars.length; k++) {
    const want = token.chars.charCodeAt(k);
    const gap = token.gaps[k]!;
    let skipped = 0;
    while (at < text.length && text.charCodeAt(at) !== want) {
      if (--work.left < 0 || skipped === gap || alnum(text.charCodeAt(at))) return -1;
      skipped++;
      at++;
    }
    if (--work.left < 0 || at >= text.length) return -1;
    at++;
  }
  return at;
}

/**
 * Tokens spelled apart (`s-e-c-r-e-t-…`, `S E C R E T …`), in the lower case of a view: at most
 * SPACED_WORK characters looked at per character of the view and token, then the whole view is
 * masked.
 */
function findSpaced(text: string, spaced: readonly Spaced[], found: Found): void {
  for (const token of spaced) {
    const first = token.chars[0]!;
    const work = { left: SPACED_WORK * text.length };
    for (let at = text.indexOf(first); at >= 0; at = text.indexOf(first, at + 1)) {
      const end = spacedEnd(text, at, token, work);
      if (work.left < 0) {
        found(0, text.length);
        return;
      }
      if (end < 0) continue;
      found(at, end);
      at = end - 1;
    }
  }
}

function findPhones(text: string, phones: readonly string[], found: Found): void {
  for (const digits of phones) {
    const tail = digits.slice(-Math.min(digits.length, PHONE_TAIL));
    const before = digits.slice(0, digits.length - tail.length);
    for (let at = text.indexOf(tail[0]!); at >= 0; at = text.indexOf(tail[0]!, at + 1)) {
      const end = sequenceEnd(text, at, tail, PHONE_GAP, false);
      if (end < 0) continue;
      // Widened to the left over the digits that come before (the country code) and a "+".
      let start = at;
      let scan = at - 1;
      for (let k = before.length - 1; k >= 0 && scan >= 0; k--) {
        let skipped = 0;
        while (scan >= 0 && text[scan] !== before[k] && !alnum(text.charCodeAt(scan)) && skipped < PHONE_GAP) {
          scan--;
          skipped++;
        }
        if (scan < 0 || text[scan] !== before[k]) break;
        start = scan;
        scan--;
      }
      if (text[start - 1] === "+") start--;
      found(start, end, digits);
      at = end - 1;
    }
  }
}

/** True when the letters and digits glued before a match (ending at `from`) look like part of a hex ID. */
function hexGlued(text: string, from: number): boolean {
  let glued = "";
  for (let at = from; at >= 0 && glued.length < 64 && alnum(text.charCodeAt(at)); at--) glued += text[at];
  return glued.length > 0 && HEX_CHAR.test(glued);
}

function findPhoneLike(text: string, found: Found): void {
  for (const match of text.matchAll(PHONE_LIKE)) {
    const start = match.index;
    const end = start + match[0].length;
    // Written as a phone ("+", spaces, parentheses, dots): masked. Glued to hex letters and digits
    // only (`…-9c6d-ab1234567890`): part of an ID, kept.
    const phoneish = PHONEISH.test(match[0]);
    if ((!phoneish && hexGlued(text, start - 1)) || IPV4.test(match[0])) continue;
    found(start, end, match[0]);
  }
}

const base64url = (code: number) => (code < 0x80 && alnum(code)) || code === 0x2d || code === 0x5f;

/**
 * JWTs (PingOne's access tokens): a base64url JSON header, `eyJ…` (at least 8 characters more),
 * and up to four more dot-separated parts, found by hand (a pattern for them backtracks).
 */
function findJwts(text: string, found: Found): void {
  for (let at = text.indexOf("eyJ"); at >= 0; at = text.indexOf("eyJ", at + 1)) {
    let end = at + 3;
    while (end < text.length && base64url(text.charCodeAt(end))) end++;
    if (end - at < 11 || text[end] !== ".") {
      at = end - 1;
      continue;
    }
    for (let dots = 0; dots < 4 && text[end] === "."; dots++) {
      end++;
      while (end < text.length && base64url(text.charCodeAt(end))) end++;
    }
    found(at, end);
    at = end - 1;
  }
}

function findUnknownTokens(text: string, found: Found): void {
  findJwts(text, found);
  for (const match of text.matchAll(RUN)) {
    const run = match[0];
    // UUIDs inside a run are PingOne's IDs: cut out, and the pieces between judged on their own.
    let piece = 0;
    const judge = (end: number) => {
      if (tokenShaped(run.slice(piece, end))) found(match.index + piece, match.index + end);
    };
    for (const id of run.matchAll(UUID)) {
      judge(id.index);
      piece = id.index + id[0].length;
    }
    judge(run.length);
  }
}

interface Span {
  start: number;
  end: number;
  /** The digits of a phone (its mask shows the last two); undefined for a secret. */
  phone: string | undefined;
}

/**
 * `text` with every secret of `known` masked and, unless `knownOnly`, every unknown token and
 * phone-like number too.
 */
function mask(text: string, known: Compiled, knownOnly = false): string {
  const spans: Span[] = [];
  for (const view of viewsOf(text)) {
    const { from, to } = view;
    const found: Found = (start, end, phone) =>
      spans.push({
        start: from ? from[start]! : start,
        end: to ? to[end - 1]! : end,
        phone: phone === undefined ? undefined : phone.replace(/\D/g, ""),
      });
    // Long tokens in any letter case: searched in the view's lower case (same length, same spans).
    const lower = known.tokens.length > 0 ? lowerCase(view.text) : view.text;
    findTokens(lower, known.tokens, found);
    findTokens(view.text, known.exact, found);
    findSpaced(lower, known.spaced, found);
    findSequences(view.text, known.otps, OTP_GAP, found);
    findPhones(view.text, known.phones, found);
    if (knownOnly) continue;
    findPhoneLike(view.text, found);
    findUnknownTokens(view.text, found);
  }
  if (spans.length === 0) return text;
  spans.sort((a, b) => a.start - b.start || b.end - a.end);
  let out = "";
  let at = 0;
  for (let i = 0; i < spans.length; ) {
    // Overlapping spans are masked as one: a secret if any of them is one.
    let { start, end, phone } = spans[i]!;
    let secret = phone === undefined;
    for (i++; i < spans.length && spans[i]!.start < end; i++) {
      const next = spans[i]!;
      if (next.phone === undefined) secret = true;
      else if (next.end >= end) phone = next.phone;
      end = Math.max(end, next.end);
    }
    out += text.slice(at, start) + (secret ? "[redacted]" : maskPhone(phone ?? ""));
    at = end;
  }
  return out + text.slice(at);
}

/** `+15125201234` → `***34`: enough to recognise a number, not enough to use it. */
export function maskPhone(phone: string): string {
  return `***${plain(phone).replace(/\D/g, "").slice(-2)}`;
}

/**
 * `text` with the call's secrets, every unknown token (a JWT, a long mixed base64url run) and every
 * phone-like number masked, then cut to `max` characters. Only a window of the text is searched
 * (the part that can end up in the cut, plus room for the longest spelling of a secret), so a huge
 * answer costs no more than a short one.
 */
export function redact(text: string, secrets: Secrets = NONE, max = MAX_TEXT): string {
  const known = compiledOf(secrets);
  // Room for a secret straddling the window's edge in its longest spelling (`\u00XX` per character,
  // or a token spelled apart: at most OTP_GAP + 1 characters for each of its own).
  const margin = 8 * Math.max(known.longest, 64) + 64;
  let end = Math.min(text.length, max + margin);
  let out = mask(text.slice(0, end), known);
  // Masks may shorten the text: widen the window until what is cut off holds the window's edge.
  while (end < text.length && out.length < max + margin + 16) {
    end = Math.min(text.length, end * 2);
    out = mask(text.slice(0, end), known);
  }
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
    // A number is a spelling too: the call's passcode or phone echoed as a JSON number is masked
    // (and becomes a string). Any other number is kept as it is: a 13-digit timestamp is data.
    if (typeof node === "number") {
      const text = String(node);
      const masked = mask(text, compiledOf(secrets), true);
      return masked === text ? node : masked;
    }
    if (node === null || typeof node !== "object") return typeof node === "boolean" ? node : undefined;
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
      // Defined, not assigned: a key named __proto__ stays a key.
      else
        Object.defineProperty(target, redact(key, secrets, 100), {
          value: child,
          enumerable: true,
          writable: true,
          configurable: true,
        });
      if (child !== "[…]" && item !== null && typeof item === "object")
        stack.push({ source: item, target: child, depth: depth + 1 });
    }
    if (Array.isArray(target)) maskAcross(target, secrets);
  }
  return root;
}

/**
 * A secret of the call spread over an array's items (`[7, 3, 1, 9, 4, 6]`, `["512", "520", "1234"]`)
 * is whole again in the array's JSON and inspect views: when the items' JSON shows one, every string
 * and number item is masked.
 */
function maskAcross(items: unknown[], secrets: Secrets): void {
  const primitive = (item: unknown) => typeof item === "string" || typeof item === "number";
  if (items.filter(primitive).length < 2) return;
  const text = JSON.stringify(items.filter(primitive));
  if (mask(text, compiledOf(secrets), true) === text) return;
  for (let i = 0; i < items.length; i++) if (primitive(items[i])) items[i] = "[redacted]";
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
