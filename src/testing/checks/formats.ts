// The string formats the spec uses (scripts/generate/spec-checks.ts refuses any other), checked as
// JSON Schema validators check them.
export const FORMATS: Readonly<Record<string, (text: string) => boolean>> = {
  // RFC 9562 §4: the hexadecimal text form.
  uuid: (v) => {
    // /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i by a table of character codes.
    if (v.length !== 36) return false;
    for (let i = 0; i < 36; i++) {
      const c = v.charCodeAt(i);
      if (c > 127 || UUID_CHARS[c] !== UUID_AT[i]) return false;
    }
    return true;
  },
  // RFC 3986 §4.3: an absolute URI, a scheme and then what the URL parser accepts. The simulator's
  // own `_links` take a shortcut the URL parser would accept anyway (URL.canParse was a few % of
  // its CPU under load); anything else goes to the parser, whose verdicts are remembered (the
  // shortcut is not: looking a link up hashes all of it, which costs more than scanning it).
  uri: (v) => plainHttpUrl(v) || parsedUri(v),
  // RFC 5321 §4.1.2 as JSON Schema validators (ajv-formats) check it: a local part, @, a domain name.
  email: (v) =>
    /^[a-z0-9!#$%&'*+/=?^_`{|}~-]+(?:\.[a-z0-9!#$%&'*+/=?^_`{|}~-]+)*@(?:[a-z0-9](?:[a-z0-9-]*[a-z0-9])?\.)+[a-z0-9](?:[a-z0-9-]*[a-z0-9])?$/i.test(
      v,
    ),
  // RFC 3339 §5.6, the day checked against its month (a leap second is allowed).
  "date-time": remembered((v) => {
    const m = DATE_TIME.exec(v);
    if (!m) return false;
    const year = Number(m[1]);
    const month = Number(m[2]);
    const day = Number(m[3]);
    const leap = year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0);
    const days = month === 2 ? (leap ? 29 : 28) : month === 4 || month === 6 || month === 9 || month === 11 ? 30 : 31;
    return (
      month >= 1 &&
      month <= 12 &&
      day >= 1 &&
      day <= days &&
      Number(m[4]) <= 23 &&
      Number(m[5]) <= 59 &&
      Number(m[6]) <= 60
    );
  }),
};
/**
 * `judge`, remembering its last 256 verdicts: the simulator's answers repeat their dates (createdAt
 * = updatedAt, the answers of one millisecond), and a lookup costs less than judging a date or
 * parsing a URL again. The verdict is the same either way.
 */
function remembered(judge: (text: string) => boolean): (text: string) => boolean {
  const verdicts = new Map<string, boolean>();
  return (text) => {
    let verdict = verdicts.get(text);
    if (verdict === undefined) {
      verdict = judge(text);
      if (verdicts.size >= 256) verdicts.clear();
      verdicts.set(text, verdict);
    }
    return verdict;
  };
}

const parsedUri = remembered((v) => /^[a-z][a-z0-9+.-]*:\S*$/i.test(v) && URL.canParse(v));

// A uuid's characters: 1 for a hexadecimal digit, 2 for `-`; and which each position wants.
const UUID_CHARS = new Uint8Array(128);
for (const c of "0123456789abcdefABCDEF") UUID_CHARS[c.charCodeAt(0)] = 1;
UUID_CHARS[45] = 2;
const UUID_AT = Uint8Array.from({ length: 36 }, (_, i) => (i === 8 || i === 13 || i === 18 || i === 23 ? 2 : 1));

const DATE_TIME =
  /^(\d{4})-(\d{2})-(\d{2})[Tt ](\d{2}):(\d{2}):(\d{2})(?:\.\d+)?(?:[Zz]|[+-](?:[01]\d|2[0-3]):[0-5]\d)$/;

/**
 * `http(s)://host[:port][/path]` that the scheme's pattern and the WHATWG URL parser surely accept:
 * a host of letter-led DNS labels (no `xn--`, whose Punycode the parser checks) or a dotted quad of
 * 0–255, a port up to 65535, and a path of characters the parser keeps as they are (no `%`, no dot
 * segment). False only means "ask the parser". The simulator's `_links` share their origin, so the
 * last one judged is remembered.
 */
function plainHttpUrl(v: string): boolean {
  const start = v.startsWith("http://") ? 7 : v.startsWith("https://") ? 8 : 0;
  if (start === 0) return false;
  let slash = v.indexOf("/", start);
  if (slash < 0) slash = v.length;
  const authority = v.slice(start, slash);
  if (authority !== lastAuthority) {
    lastAuthority = authority;
    lastAuthorityPlain = plainAuthority(authority);
  }
  return lastAuthorityPlain && plainPath(v, slash);
}
let lastAuthority = "";
let lastAuthorityPlain = false;

function plainAuthority(authority: string): boolean {
  const m = /^([A-Za-z0-9.-]+)(?::(\d{1,5}))?$/.exec(authority);
  if (!m) return false;
  const host = m[1]!;
  if (m[2] !== undefined && Number(m[2]) > 65535) return false;
  if (DOTTED_QUAD.test(host)) return host.split(".").every((part) => Number(part) <= 255);
  return DNS_NAME.test(host) && !host.includes("xn--");
}
const DOTTED_QUAD = /^(?:0|[1-9]\d{0,2})(?:\.(?:0|[1-9]\d{0,2})){3}$/;
const DNS_NAME = /^(?:[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?\.)*[A-Za-z](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?$/;

/** The path from `from` on: only characters of PATH_CHARS, and no `.` or `..` segment. */
function plainPath(v: string, from: number): boolean {
  for (let i = from; i < v.length; i++) {
    const c = v.charCodeAt(i);
    if (c > 127 || PATH_CHARS[c] === 0) return false;
    if (c === 46 /* . */ && v.charCodeAt(i - 1) === 47 /* / */) {
      const next = i + 1 < v.length ? v.charCodeAt(i + 1) : 47;
      const after = i + 2 < v.length ? v.charCodeAt(i + 2) : 47;
      if (next === 47 || (next === 46 && after === 47)) return false;
    }
  }
  return true;
}
// RFC 3986's unreserved and sub-delims, `:`, `@` and `/`: what the URL parser leaves in a path as it is.
const PATH_CHARS = new Uint8Array(128);
for (const c of "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-._~!$&'()*+,;=:@/")
  PATH_CHARS[c.charCodeAt(0)] = 1;
