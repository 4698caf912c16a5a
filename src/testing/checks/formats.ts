// The string formats the spec uses (scripts/generate/spec-checks.ts refuses any other), checked as
// JSON Schema validators check them.
export const FORMATS: Readonly<Record<string, (text: string) => boolean>> = {
  // RFC 9562 §4: the hexadecimal text form.
  uuid: (v) => /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(v),
  // RFC 3986 §4.3: an absolute URI, a scheme and then what the URL parser accepts.
  uri: (v) => /^[a-z][a-z0-9+.-]*:\S*$/i.test(v) && URL.canParse(v),
  // RFC 5321 §4.1.2 as JSON Schema validators (ajv-formats) check it: a local part, @, a domain name.
  email: (v) =>
    /^[a-z0-9!#$%&'*+/=?^_`{|}~-]+(?:\.[a-z0-9!#$%&'*+/=?^_`{|}~-]+)*@(?:[a-z0-9](?:[a-z0-9-]*[a-z0-9])?\.)+[a-z0-9](?:[a-z0-9-]*[a-z0-9])?$/i.test(
      v,
    ),
  // RFC 3339 §5.6, the day checked against its month (a leap second is allowed).
  "date-time": (v) => {
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
  },
};
const DATE_TIME =
  /^(\d{4})-(\d{2})-(\d{2})[Tt ](\d{2}):(\d{2}):(\d{2})(?:\.\d+)?(?:[Zz]|[+-](?:[01]\d|2[0-3]):[0-5]\d)$/;
