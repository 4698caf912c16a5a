// What the odd-spelling suites share: the encodings a server (or the client itself) may write a
// secret in, the test's own decoder, and detectors that say whether a secret is still recognizable
// in any view of an error. The decoder is written apart from src/errors/views.ts (regex replaces,
// the platform's decodeURIComponent and NFKC), so a mistake there is not repeated here.
import { figure } from "./figures.ts";

const hex = (code: number) => code.toString(16).toUpperCase().padStart(2, "0");
const utf8 = (char: string) => [...new TextEncoder().encode(char)];

/** Ways to write a secret, each a function of it. */
export const ENCODINGS: Record<string, (secret: string) => string> = {
  encodeURIComponent: (s) => encodeURIComponent(s),
  "form (URLSearchParams)": (s) => new URLSearchParams({ s }).toString().slice(2),
  "every byte %XX": (s) =>
    [...s]
      .flatMap(utf8)
      .map((b) => `%${hex(b)}`)
      .join(""),
  "every byte %xx (lower case)": (s) =>
    [...s]
      .flatMap(utf8)
      .map((b) => `%${hex(b).toLowerCase()}`)
      .join(""),
  "every other character %XX": (s) =>
    [...s]
      .map((c, i) =>
        i % 2
          ? utf8(c)
              .map((b) => `%${hex(b)}`)
              .join("")
          : c,
      )
      .join(""),
  "percent-encoded twice": (s) =>
    encodeURIComponent(
      [...s]
        .flatMap(utf8)
        .map((b) => `%${hex(b)}`)
        .join(""),
    ),
  "%uXXXX": (s) => [...s].map((c) => `%u${c.charCodeAt(0).toString(16).padStart(4, "0")}`).join(""),
  "JSON \\u escapes": (s) => [...s].map((c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, "0")}`).join(""),
  "HTML &#NN;": (s) => [...s].map((c) => `&#${c.codePointAt(0)};`).join(""),
  "HTML &#xHH;": (s) => [...s].map((c) => `&#x${c.codePointAt(0)!.toString(16)};`).join(""),
  "full-width": (s) =>
    [...s].map((c) => (c >= "!" && c <= "~" ? String.fromCharCode(c.charCodeAt(0) + 0xfee0) : c)).join(""),
};

// Decimal digits of other scripts the suites write numbers in (NFKC does not fold these).
const DIGIT_ZEROS = [0x660, 0x6f0, 0x966, 0x9e6, 0xe50];
const foldDigits = (text: string) =>
  text.replace(/[\u0660-\u0669\u06f0-\u06f9\u0966-\u096f\u09e6-\u09ef\u0e50-\u0e59]/g, (d) => {
    const code = d.charCodeAt(0);
    const zero = DIGIT_ZEROS.find((z) => code >= z && code < z + 10)!;
    return String(code - zero);
  });

/** `text` with every encoding above undone, again and again until nothing changes. */
export function reveal(text: string): string {
  let out = text;
  for (let pass = 0; pass < 6; pass++) {
    const before = out;
    out = out
      .replace(/%u([0-9a-f]{4})/gi, (_, h: string) => String.fromCharCode(Number.parseInt(h, 16)))
      .replace(/(?:%[0-9a-f]{2})+/gi, (run) => {
        try {
          return decodeURIComponent(run);
        } catch {
          return run.replace(/%([0-9a-f]{2})/gi, (_, h: string) => String.fromCharCode(Number.parseInt(h, 16)));
        }
      })
      // One escape at a time, left to right: `\\u0073` is a backslash, then u0073 (decoded by the next pass).
      .replace(/\\(u[0-9a-f]{4}|x[0-9a-f]{2}|["'\\/bfnrt])/gi, (_, e: string) =>
        e.length > 1
          ? String.fromCharCode(Number.parseInt(e.slice(1), 16))
          : (({ b: "\b", f: "\f", n: "\n", r: "\r", t: "\t" } as Record<string, string>)[e] ?? e),
      )
      .replace(/&#x([0-9a-f]{1,6});/gi, (_, h: string) => String.fromCodePoint(Number.parseInt(h, 16)))
      .replace(/&#([0-9]{1,7});/g, (_, d: string) => String.fromCodePoint(Number.parseInt(d, 10)))
      .replace(
        /&(quot|amp|lt|gt|apos|nbsp);/g,
        (_, n: string) => ({ quot: '"', amp: "&", lt: "<", gt: ">", apos: "'", nbsp: " " })[n]!,
      )
      .normalize("NFKC");
    out = foldDigits(out);
    if (out === before) break;
  }
  return out;
}

const escapeRegExp = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");

/** A detector: what of a secret can still be recognized in `texts` (empty when nothing). */
export type Detector = (texts: readonly string[]) => string[];

const where = (text: string, at: number, length: number) =>
  `…${text.slice(Math.max(0, at - 40), at + length + 20).replace(/\s+/g, " ")}…`;

/** Finds `pattern` in the revealed texts. */
function detect(label: string, pattern: RegExp): Detector {
  return (texts) => {
    const seen: string[] = [];
    for (const text of texts) {
      const shown = reveal(text);
      const match = pattern.exec(shown);
      if (match) seen.push(`${label}: ${where(shown, match.index, match[0].length)}`);
    }
    return seen;
  };
}

/** A token (case matters), whole; with `fragment`, any piece of it that long too. */
export function tokenSeen(token: string, fragment?: number): Detector {
  const pieces = new Set([token]);
  if (fragment) for (let i = 0; i + fragment <= token.length; i++) pieces.add(token.slice(i, i + fragment));
  const forms = [...pieces].flatMap((p) => [p, p.replace(/ /g, "+")]);
  return (texts) => {
    const seen: string[] = [];
    for (const text of texts) {
      const shown = reveal(text);
      const piece = forms.find((p) => shown.includes(p));
      if (piece !== undefined)
        seen.push(`token ${JSON.stringify(piece)}: ${where(shown, shown.indexOf(piece), piece.length)}`);
    }
    return seen;
  };
}

/** A passcode: its letters and digits in any case, up to three other characters between two of them. */
export function otpSeen(otp: string): Detector {
  const chars = [...otp].map(escapeRegExp);
  return detect(`passcode ${otp}`, new RegExp(chars.join("[^\\p{L}\\p{N}]{0,3}"), "iu"));
}

/**
 * A token spelled apart or in another case: its letters and digits in order, in any case, with only
 * other characters (any number of them) between two of them.
 */
export function tokenSpelledSeen(token: string): Detector {
  const chars = [...token].filter((c) => /[\p{L}\p{N}]/u.test(c)).map(escapeRegExp);
  return detect(`token ${token} spelled apart`, new RegExp(chars.join("[^\\p{L}\\p{N}]*"), "iu"));
}

/** A phone number: its last seven digits, up to sixteen other characters between two of them. */
export function phoneSeen(phone: string): Detector {
  const digits = reveal(phone).replace(/\D/g, "").slice(-7);
  return detect(`phone …${digits}`, new RegExp([...digits].join("[^\\p{L}\\p{N}]{0,16}"), "u"));
}

/** Every detector's findings together. */
export const anyOf =
  (...detectors: Detector[]): Detector =>
  (texts) =>
    detectors.flatMap((d) => d(texts));

/** Counts cases and misbehaviour per category, and prints one FIGURE line per category. */
export class Tally {
  private readonly counts = new Map<
    string,
    { cases: Set<string>; transports: Set<string>; runs: number; bad: string[] }
  >();
  constructor(private readonly suite: string) {}

  /** Runs `run` as one case of `category`, counting it as misbehaving when it throws. */
  async run(category: string, name: string, transport: string, run: () => Promise<void>): Promise<void> {
    let entry = this.counts.get(category);
    if (!entry) {
      entry = { cases: new Set(), transports: new Set(), runs: 0, bad: [] };
      this.counts.set(category, entry);
    }
    entry.cases.add(name);
    entry.transports.add(transport);
    entry.runs++;
    try {
      await run();
    } catch (error) {
      entry.bad.push(`${transport}: ${name}`);
      throw error;
    }
  }

  /** One FIGURE line per category; returns the categories with their counts. */
  report(): Array<{ category: string; cases: number; transports: number; runs: number; bad: string[] }> {
    const rows = [...this.counts].map(([category, { cases, transports, runs, bad }]) => ({
      category,
      cases: cases.size,
      transports: transports.size,
      runs,
      bad,
    }));
    for (const row of rows)
      figure(
        `${this.suite} / ${row.category}: ${row.cases} own cases × ${row.transports} transports (${row.runs} runs), ${row.bad.length} misbehaving`,
      );
    return rows;
  }
}
