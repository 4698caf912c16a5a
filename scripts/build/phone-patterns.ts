// libphonenumber-js builds a new RegExp from its metadata's pattern text on every match (several
// per number, some patterns a kilobyte long): that was half the cost of normalizing a phone. The
// build (scripts/build/phone-library-plugin.ts) puts this helper in place of the library's
// helpers/matchesEntirely.js; it answers the same and compiles each pattern once. The metadata
// holds a few hundred patterns, so the cache never holds more.
const compiledPatterns = new Map<string, RegExp>();

/** True when the whole of `text` matches `pattern` (a metadata pattern, without anchors). */
export default function matchesEntirely(text: string | undefined, pattern: string): boolean {
  let expression = compiledPatterns.get(pattern);
  if (expression === undefined) {
    expression = new RegExp(`^(?:${pattern})$`);
    compiledPatterns.set(pattern, expression);
  }
  return expression.test(text || "");
}
