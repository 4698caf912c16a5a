// The views of a text that redaction searches: the text as it is, then the text with the encodings
// a client or a server may write a secret in undone, pass after pass (so `%257E` and a JSON string
// quoted inside another are undone too):
// - percent-encoding: `%7E` or `%7e`, UTF-8 sequences (`%E2%80%93`), the legacy `%u007E`;
// - JSON and JavaScript escapes: `\u0022`, `\"`, `\\`, `\/`, `\x7e`;
// - HTML character references: `&#126;`, `&#x7E;`, `&quot;`, `&amp;`, …;
// - Unicode compatibility forms: full-width digits and letters, every script's decimal digits
//   (`٥`, `５`, `𝟓` are all 5), non-breaking and other spaces.
// Each character of a view knows the span of the original it stands for, so a match found in a view
// masks exactly the characters that spelled it. Decoding is one linear pass; nothing is kept.

/** One view: its text and, for each of its characters, the span of the original it came from. */
export interface View {
  text: string;
  /** Start of each character's span in the original; absent for the original itself. */
  from?: readonly number[];
  /** End (exclusive) of each character's span in the original. */
  to?: readonly number[];
}

/** Most decoding passes: enough for a secret encoded three times over (`%25257E`). */
const PASSES = 3;

const hexValue = (code: number): number =>
  code >= 0x30 && code <= 0x39
    ? code - 0x30
    : code >= 0x41 && code <= 0x46
      ? code - 0x37
      : code >= 0x61 && code <= 0x66
        ? code - 0x57
        : -1;
/** The number spelled by `length` hex digits at `at`, or -1. */
function hexAt(text: string, at: number, length: number): number {
  if (at + length > text.length) return -1;
  let value = 0;
  for (let i = at; i < at + length; i++) {
    const digit = hexValue(text.charCodeAt(i));
    if (digit < 0) return -1;
    value = value * 16 + digit;
  }
  return value;
}

interface Decoded {
  text: string;
  end: number;
}

/** `%XX` (a UTF-8 sequence of them when the first byte says so) or `%uXXXX` at `at`. */
function percent(text: string, at: number): Decoded | undefined {
  if (text[at + 1] === "u" || text[at + 1] === "U") {
    const unit = hexAt(text, at + 2, 4);
    return unit < 0 ? undefined : { text: String.fromCharCode(unit), end: at + 6 };
  }
  const first = hexAt(text, at + 1, 2);
  if (first < 0) return undefined;
  const more = first >= 0xf0 && first <= 0xf4 ? 3 : first >= 0xe0 ? 2 : first >= 0xc2 && first < 0xe0 ? 1 : 0;
  let point = more === 3 ? first & 0x07 : more === 2 ? first & 0x0f : more === 1 ? first & 0x1f : first;
  let end = at + 3;
  for (let k = 0; k < more; k++) {
    const next = text[end] === "%" ? hexAt(text, end + 1, 2) : -1;
    // Not a whole UTF-8 sequence: the first byte stands alone (as Latin-1, as escape() writes it).
    if (next < 0x80 || next > 0xbf) return { text: String.fromCharCode(first), end: at + 3 };
    point = point * 64 + (next & 0x3f);
    end += 3;
  }
  return point > 0x10ffff ? undefined : { text: String.fromCodePoint(point), end };
}

const SIMPLE_ESCAPES: Record<string, string> = {
  '"': '"',
  "'": "'",
  "\\": "\\",
  "/": "/",
  n: "\n",
  r: "\r",
  t: "\t",
  b: "\b",
  f: "\f",
};
/** A JSON or JavaScript escape at `at` (a backslash). */
function backslash(text: string, at: number): Decoded | undefined {
  const next = text[at + 1];
  if (next === undefined) return undefined;
  if (next === "u") {
    const unit = hexAt(text, at + 2, 4);
    return unit < 0 ? undefined : { text: String.fromCharCode(unit), end: at + 6 };
  }
  if (next === "x") {
    const unit = hexAt(text, at + 2, 2);
    return unit < 0 ? undefined : { text: String.fromCharCode(unit), end: at + 4 };
  }
  const simple = SIMPLE_ESCAPES[next];
  return simple === undefined ? undefined : { text: simple, end: at + 2 };
}

const NAMED: Record<string, string> = {
  quot: '"',
  amp: "&",
  lt: "<",
  gt: ">",
  apos: "'",
  nbsp: " ",
  plus: "+",
  percnt: "%",
  equals: "=",
  sol: "/",
  num: "#",
  lowbar: "_",
  period: ".",
  comma: ",",
  colon: ":",
  semi: ";",
  hyphen: "-",
  dash: "-",
  ndash: "\u2013",
  mdash: "\u2014",
  tilde: "~",
  excl: "!",
  lpar: "(",
  rpar: ")",
};
const HEX_REFERENCE = /^[0-9a-fA-F]{1,6}$/;
const DECIMAL_REFERENCE = /^[0-9]{1,7}$/;
/** An HTML character reference at `at` (an ampersand): `&#126;`, `&#x7E;` or a named one. */
function entity(text: string, at: number): Decoded | undefined {
  const close = text.indexOf(";", at + 2);
  if (close < 0 || close - at > 10) return undefined;
  const body = text.slice(at + 1, close);
  if (body[0] === "#") {
    const hex = body[1] === "x" || body[1] === "X";
    const digits = body.slice(hex ? 2 : 1);
    if (!(hex ? HEX_REFERENCE : DECIMAL_REFERENCE).test(digits)) return undefined;
    const point = Number.parseInt(digits, hex ? 16 : 10);
    return point > 0x10ffff ? undefined : { text: String.fromCodePoint(point), end: close + 1 };
  }
  const named = NAMED[body.toLowerCase()];
  return named === undefined ? undefined : { text: named, end: close + 1 };
}

const DECIMAL_DIGIT = /\p{Nd}/u;
/**
 * The plain spelling of a non-ASCII character: a decimal digit of any script becomes its ASCII
 * digit; anything else its NFKC form (full-width letters, compatibility spaces). Undefined when it
 * has none.
 */
export function fold(point: number): string | undefined {
  const char = String.fromCodePoint(point);
  if (DECIMAL_DIGIT.test(char)) {
    // Unicode lays every script's digits out as runs of ten, 0 to 9 (some scripts have several
    // runs back to back): the digit is the distance from the start of the run, modulo 10.
    let start = point;
    while (start > 0 && point - start < 200 && DECIMAL_DIGIT.test(String.fromCodePoint(start - 1))) start--;
    return String((point - start) % 10);
  }
  const normal = char.normalize("NFKC");
  return normal === char ? undefined : normal;
}

/** One pass of decoding, or undefined when nothing in `text` is encoded. */
function decodeOnce(text: string): { text: string; from: number[]; to: number[] } | undefined {
  let changed = false;
  let out = "";
  const from: number[] = [];
  const to: number[] = [];
  const emit = (chars: string, start: number, end: number) => {
    out += chars;
    for (let k = 0; k < chars.length; k++) {
      from.push(start);
      to.push(end);
    }
  };
  for (let i = 0; i < text.length; ) {
    const code = text.charCodeAt(i);
    let decoded: Decoded | undefined;
    if (code === 0x25) decoded = percent(text, i);
    else if (code === 0x5c) decoded = backslash(text, i);
    else if (code === 0x26) decoded = entity(text, i);
    else if (code >= 0x80) {
      const point = text.codePointAt(i)!;
      const width = point > 0xffff ? 2 : 1;
      const plain = fold(point);
      decoded = plain === undefined ? undefined : { text: plain, end: i + width };
      if (!decoded && width === 2) {
        emit(text.slice(i, i + 2), i, i + 2);
        i += 2;
        continue;
      }
    }
    if (decoded) {
      changed = true;
      emit(decoded.text, i, decoded.end);
      i = decoded.end;
    } else {
      emit(text[i]!, i, i + 1);
      i++;
    }
  }
  return changed ? { text: out, from, to } : undefined;
}

const ENCODED = /[%\\&\u0080-\uffff]/;
/** The regular expressions decoding runs on untrusted text (for the ReDoS check). */
export const VIEW_PATTERNS: readonly RegExp[] = [HEX_REFERENCE, DECIMAL_REFERENCE, DECIMAL_DIGIT, ENCODED];

/** `text` as it is, then decoded once, twice, … while decoding changes it (at most PASSES times). */
export function viewsOf(text: string): View[] {
  const views: View[] = [{ text }];
  let last: View = views[0]!;
  for (let pass = 0; pass < PASSES && ENCODED.test(last.text); pass++) {
    const next = decodeOnce(last.text);
    if (!next) break;
    // Spans point into the previous view: compose them so that they point into the original.
    const { from: before, to: beforeTo } = last;
    const view: View =
      before && beforeTo
        ? {
            text: next.text,
            from: next.from.map((start) => before[start]!),
            to: next.to.map((end) => beforeTo[end - 1]!),
          }
        : next;
    views.push(view);
    last = view;
  }
  return views;
}

/** The last view of `text`: every encoding undone (what a secret given in an odd spelling means). */
export function plain(text: string): string {
  const views = viewsOf(text);
  return views[views.length - 1]!.text;
}
