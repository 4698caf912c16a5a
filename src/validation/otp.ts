// A one-time passcode as people type or paste it: `12 34 56`, `123-456`, `12.34.56`, with a
// no-break space or an en dash from a copied SMS. The separators carry nothing, so they are removed
// before the spec's check (phone numbers are normalized the same way); anything else stays and is
// checked against the spec's pattern, so a letter the pattern refuses, an emoji or a comma is
// still refused rather than guessed at.

// Unicode whitespace (\s: NBSP, thin and ideographic spaces, tab, BOM), every dash (\p{Pd}: hyphen,
// en and em dash, non-breaking hyphen, full-width hyphen-minus) and the minus sign, dots (ASCII,
// full-width, ideographic: what an IME in full-width mode types), and invisible format characters
// (\p{Cf}: zero-width space, soft hyphen, the bidi marks a copied SMS may carry), which the user
// could neither see nor remove.
const SEPARATORS = /[\s\p{Pd}\u2212.\uff0e\u3002\p{Cf}]/gu;
const NON_ASCII_DIGIT = /(?![0-9])\p{Nd}/gu;
const DIGIT = /^\p{Nd}$/u;
// Worked out once per digit (Unicode has under a thousand), so a long input costs a lookup per character.
const digits = new Map<string, string>();

/**
 * `otp` with its separators removed and its digits in ASCII; the caller checks the result.
 *
 * Digits from other scripts are folded, not refused: a phone's keyboard in full-width (Japanese,
 * Chinese input methods) or Arabic-Indic mode types `１２３４５６` or `١٢٣٤٥٦` for the code the
 * SMS showed; the value is the same code, and redaction already treats those digits as equal
 * (src/errors/views.ts). Default chosen: refusing them would fail a user who typed the right code.
 */
export function normalizeOtp(otp: string): string {
  return otp.replace(SEPARATORS, "").replace(NON_ASCII_DIGIT, asciiDigit);
}

/** The ASCII digit for a decimal digit of any script (Unicode puts each script's 0–9 in a run of ten). */
function asciiDigit(digit: string): string {
  let known = digits.get(digit);
  if (known === undefined) {
    let zero = digit.codePointAt(0)!;
    // Runs of ten start at 0, so the distance to the first digit of the block, mod 10, is the value.
    while (DIGIT.test(String.fromCodePoint(zero - 1))) zero--;
    known = String((digit.codePointAt(0)! - zero) % 10);
    digits.set(digit, known);
  }
  return known;
}
