// Attack suite, odd spellings: a server (or a token function) writes the call's secrets the way a
// careless or hostile program would: percent-encoded once or twice, as JSON numbers, as HTML
// references, in full-width or Arabic-Indic digits, with commas or dashes or runs of spaces between
// the characters, in another letter case, glued to other text and cut at the 2,000-character cap,
// quoted or decoded (cookies), or names a token the client never saw. No view of the error (message,
// stack, String(), JSON, util.inspect with hidden properties, the cause chain) and no log line may
// let a secret be recognized: the detectors undo every encoding themselves (support/spellings.ts)
// before they look. Each category has at least 30 cases of its own and runs on every transport.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { MfaClient, MfaClientOptions } from "../../src/index.ts";
import { clientCredentials, PingOneTokenError } from "../../src/index.ts";
import {
  AUTHN,
  clientOn,
  DEVICE,
  ENV,
  expectPingOneError,
  type Make,
  settle,
  TRANSPORTS,
  USER,
  views,
} from "../support/hostile.ts";
import { type Handler, type HostileServer, json, startHostileServer } from "../support/hostile-server.ts";
import {
  anyOf,
  type Detector,
  ENCODINGS,
  otpSeen,
  phoneSeen,
  reveal,
  Tally,
  tokenSeen,
  tokenSpelledSeen,
} from "../support/spellings.ts";

// A string token with the characters form encoding spells differently (`~ ! ' ( )`).
const STRING_TOKEN = "sT0kEn~9f8e!7d6c'5b4a(3f2e)1d0c";
const JWT = [
  "eyJhbGciOiJSUzI1NiIsImtpZCI6InNwZWxsaW5ncyJ9",
  "eyJzdWIiOiJzcGVsbGluZ3MtdXNlciIsImp0aSI6IjlmOGU3ZDZjIn0",
  "c2lnbmF0dXJlLXNwZWxsaW5ncy1zdWl0ZS12YWx1ZS1sb25n",
].join(".");
const OTP = "731946";
const ALNUM_OTP = "Ab3dE9K2";
const PHONE = "+1 (512) 520-1234";
const UK_PHONE = "+44 20 7946 0958";
const PAYLOAD = "pAyl0ad.7e6d5c4b3a29.18f7";
const POLICY = "4d8b1a9c-2f3e-4a5b-9c6d-7e8f9a0b1c2d";

interface Case {
  category: string;
  name: string;
  options?: Partial<MfaClientOptions> | undefined;
  call: (mfa: MfaClient) => Promise<unknown>;
  /** The server's answer; none when the call must fail before sending. */
  answer?: Handler;
  seen: Detector;
}
const cases: Case[] = [];
const add = (category: string, name: string, rest: Omit<Case, "category" | "name">) =>
  cases.push({ category, name, ...rest });

/** A PingOne 400 with `text` in one of the places a server controls (by `i`). */
function echo(text: string, i: number): Handler {
  const places = [
    { code: "INVALID_DATA", message: `rejected ${text} here` },
    { code: "INVALID_DATA", message: "m", details: [{ code: "INVALID_VALUE", target: "x", message: `bad ${text}` }] },
    { code: "INVALID_DATA", message: "m", details: [{ code: "X", message: "d", innerError: { value: text } }] },
    { code: "INVALID_DATA", message: "m", details: [{ code: "X", target: text, message: "d" }] },
  ];
  return json(400, places[i % places.length]);
}

const calls = {
  token: (m: MfaClient) => m.devices.get(USER, DEVICE),
  otp: (otp: string) => (m: MfaClient) => m.deviceAuthentications.checkOtp(AUTHN, otp),
  phone: (phone: string) => (m: MfaClient) => m.devices.create(USER, { type: "SMS", phone }),
  remember: (cookie: string) => (m: MfaClient) =>
    m.deviceAuthentications.checkRememberedDevice(
      { user: { id: USER }, policy: { id: POLICY }, payload: { type: "BROWSER", value: PAYLOAD } },
      cookie,
    ),
};

// The secrets, each with the call that sends it, the options it needs and what must not be seen.
interface Secret {
  name: string;
  value: string;
  options?: Partial<MfaClientOptions> | undefined;
  call: (m: MfaClient) => Promise<unknown>;
  seen: Detector;
}
const SECRETS: Secret[] = [
  {
    name: "string token",
    value: STRING_TOKEN,
    options: { accessToken: STRING_TOKEN },
    call: calls.token,
    seen: tokenSeen(STRING_TOKEN),
  },
  {
    name: "JWT from a token function",
    value: JWT,
    options: { accessToken: async () => JWT },
    call: calls.token,
    seen: tokenSeen(JWT),
  },
  { name: "E.164 phone", value: "+15125201234", call: calls.phone(PHONE), seen: phoneSeen(PHONE) },
  { name: "national phone", value: "(512) 520-1234", call: calls.phone(PHONE), seen: phoneSeen(PHONE) },
  { name: "passcode", value: OTP, call: calls.otp(OTP), seen: otpSeen(OTP) },
  { name: "letters-and-digits passcode", value: ALNUM_OTP, call: calls.otp(ALNUM_OTP), seen: otpSeen(ALNUM_OTP) },
  {
    name: "remembered-device payload",
    value: PAYLOAD,
    call: calls.remember("ST=c00k1e-9f8e7d6c5b4a"),
    seen: tokenSeen(PAYLOAD),
  },
];

// ---- percent-encoded, and the other encodings -------------------------------------------------------------

const PERCENT = [
  "encodeURIComponent",
  "form (URLSearchParams)",
  "every byte %XX",
  "every byte %xx (lower case)",
  "every other character %XX",
  "percent-encoded twice",
  "%uXXXX",
];
const OTHER = ["JSON \\u escapes", "HTML &#NN;", "HTML &#xHH;", "full-width"];
for (const secret of SECRETS) {
  PERCENT.forEach((encoding, i) =>
    add("percent-encoded", `${secret.name}, ${encoding}`, {
      options: secret.options,
      call: secret.call,
      answer: echo(ENCODINGS[encoding]!(secret.value), i),
      seen: secret.seen,
    }),
  );
  OTHER.forEach((encoding, i) =>
    add("JSON, HTML and full-width spellings", `${secret.name}, ${encoding}`, {
      options: secret.options,
      call: secret.call,
      answer: echo(ENCODINGS[encoding]!(secret.value), i + 1),
      seen: secret.seen,
    }),
  );
  // The same, written by a server that escapes it twice (JSON inside a JSON string, HTML in JSON).
  add("JSON, HTML and full-width spellings", `${secret.name}, JSON-escaped inside a JSON string`, {
    options: secret.options,
    call: secret.call,
    answer: echo(JSON.stringify(JSON.stringify({ value: ENCODINGS["JSON \\u escapes"]!(secret.value) })), 0),
    seen: secret.seen,
  });
}

// ---- cookies: quoted, unquoted, decoded, encoded ----------------------------------------------------------

const COOKIES: Array<[string, string[]]> = [
  ['ST="q-c00k1e-9f8e7d6c"', ["q-c00k1e-9f8e7d6c"]],
  ['ST="with space, and comma 7e6d"', ["with space, and comma 7e6d"]],
  ["ST=perc%20ent%2Fenc%3Dvalue-5b4a", ["perc ent/enc=value-5b4a"]],
  ["ST=%22quoted%22-in-percent-3f2e", ['"quoted"-in-percent-3f2e']],
  ['x=first-val-1d0c; ST="second q-a1b2c3"', ["first-val-1d0c", "second q-a1b2c3"]],
  ['ST=plain-c00k1e-9f8e; other="x-7e6d5c4b3a"', ["plain-c00k1e-9f8e", "x-7e6d5c4b3a"]],
  // Under eight letters and digits: not looked for spelled apart, so only its spellings (unquoted) mask it.
  ['ST="q-7e6d"', ["q-7e6d"]],
];
const COOKIE_ECHOES: Array<[string, (header: string, values: string[]) => string]> = [
  ["the header as sent", (header) => header],
  ["each value, plain", (_, values) => values.join(" and ")],
  ["each value, percent-encoded", (_, values) => values.map(encodeURIComponent).join(" and ")],
  ["each value, quoted", (_, values) => values.map((v) => `"${v}"`).join("; ")],
  ["each value in a JSON string", (_, values) => JSON.stringify({ cookie: values })],
  ["each value, form-encoded", (_, values) => values.map((v) => new URLSearchParams({ v }).toString()).join("&")],
];
for (const [header, values] of COOKIES) {
  COOKIE_ECHOES.forEach(([how, spell], i) =>
    add("cookie values", `${header} echoed as ${how}`, {
      call: calls.remember(header),
      answer: echo(spell(header, values), i),
      seen: anyOf(...values.map((v) => tokenSeen(v))),
    }),
  );
}

// ---- JSON numbers ----------------------------------------------------------------------------------------

const numberPlaces: Array<[string, (n: number) => unknown]> = [
  ["an innerError value", (n) => ({ code: "X", message: "d", innerError: { echoed: n } })],
  ["an array of numbers", (n) => ({ code: "X", message: "d", innerError: { values: [1, n, 2] } })],
  ["a detail field of its own", (n) => ({ code: "X", message: "d", value: n, nested: { deeper: [{ n }] } })],
];
const jsonNumber = (detail: unknown) => json(400, { code: "INVALID_DATA", message: "m", details: [detail] });
for (const otp of ["731946", "012345", "00482913", "98765432", "5550199", "24681357"]) {
  for (const [where, place] of numberPlaces)
    add("JSON numbers", `passcode ${otp} echoed as a number in ${where}`, {
      call: calls.otp(otp),
      answer: jsonNumber(place(Number(otp))),
      seen: anyOf(otpSeen(otp), otpSeen(String(Number(otp)))),
    });
}
for (const [phone, number] of [
  [PHONE, 15125201234],
  [PHONE, 5125201234],
  [UK_PHONE, 442079460958],
  [UK_PHONE, 2079460958],
  ["+33 6 12 34 56 78", 33612345678],
  ["+49 1512 3456789", 4915123456789],
] as const) {
  for (const [where, place] of numberPlaces)
    add("JSON numbers", `phone ${phone} echoed as ${number} in ${where}`, {
      call: calls.phone(phone),
      answer: jsonNumber(place(number)),
      seen: phoneSeen(phone),
    });
}
add("JSON numbers", "passcode spread over an array of digits", {
  call: calls.otp(OTP),
  answer: jsonNumber({ code: "X", message: "d", innerError: { digits: [...OTP].map(Number) } }),
  seen: otpSeen(OTP),
});
add("JSON numbers", "phone spread over an array of strings", {
  call: calls.phone(PHONE),
  answer: jsonNumber({ code: "X", message: "d", innerError: { parts: ["512", "520", "1234"] } }),
  seen: phoneSeen(PHONE),
});

// ---- passcodes: letter case and separators ------------------------------------------------------------------

const halves = (otp: string) => [otp.slice(0, otp.length / 2), otp.slice(otp.length / 2)];
const OTP_SPELLINGS: Array<[string, (otp: string) => string]> = [
  ["upper case", (o) => o.toUpperCase()],
  ["lower case", (o) => o.toLowerCase()],
  ["case swapped", (o) => [...o].map((c) => (c === c.toUpperCase() ? c.toLowerCase() : c.toUpperCase())).join("")],
  ["commas", (o) => [...o].join(",")],
  ["commas and spaces", (o) => [...o].join(", ")],
  ["spaces", (o) => [...o].join(" ")],
  ["hyphens", (o) => [...o].join("-")],
  ["dots", (o) => [...o].join(".")],
  ["underscores", (o) => [...o].join("_")],
  ["slashes", (o) => [...o].join("/")],
  ["non-breaking spaces", (o) => [...o].join("\u00a0")],
  ["en dashes", (o) => [...o].join("\u2013")],
  ["tabs", (o) => [...o].join("\t")],
  ["halves, comma", (o) => halves(o).join(", ").toUpperCase()],
  ["glued to letters", (o) => `code${o.toLowerCase()}x`],
  ["full-width, lower case", (o) => ENCODINGS["full-width"]!(o.toLowerCase())],
];
for (const otp of [OTP, ALNUM_OTP]) {
  OTP_SPELLINGS.forEach(([how, spell], i) =>
    add("passcodes in any case, with separators", `${otp} with ${how}`, {
      call: calls.otp(otp),
      answer: echo(spell(otp), i),
      seen: otpSeen(otp),
    }),
  );
}

// ---- tokens: letter case and separators ------------------------------------------------------------------

// A token in another case is masked whole at any length; spelled apart, once it has eight letters
// and digits or more (src/errors/redact.ts, SPACED). Each token here has more.
const spread = (t: string, separator: string) => [...t].join(separator);
const TOKEN_SPELLINGS: Array<[string, (token: string) => string]> = [
  ["upper case", (t) => t.toUpperCase()],
  ["case swapped", (t) => [...t].map((c) => (c === c.toUpperCase() ? c.toLowerCase() : c.toUpperCase())).join("")],
  ["spaces", (t) => spread(t, " ")],
  ["hyphens", (t) => spread(t, "-")],
  ["commas and spaces", (t) => spread(t, ", ")],
  ["dots, upper case", (t) => spread(t.toUpperCase(), ".")],
  ["non-breaking spaces, upper case", (t) => spread(t.toUpperCase(), "\u00a0")],
  ["en dashes", (t) => spread(t, " \u2013 ")],
  ["upper case glued to letters", (t) => `x${t.toUpperCase()}y`],
];
const CLIENT_SECRET = "Ab1/+=~ z.Q9_xyzW";
const SPELLED_TOKENS: Array<Omit<Secret, "seen"> & { answers: boolean }> = [
  { ...SECRETS[0]!, answers: true },
  { ...SECRETS[1]!, answers: true },
  { ...SECRETS[6]!, answers: true },
  {
    name: "cookie value",
    value: "c00k1e-9f8e7d6c5b4a",
    call: calls.remember("ST=c00k1e-9f8e7d6c5b4a"),
    answers: true,
  },
  {
    // The worker's token endpoint (its own fetch) refuses the secret and names it, spelled so.
    name: "client secret",
    value: CLIENT_SECRET,
    call: calls.token,
    answers: false,
  },
];
for (const token of SPELLED_TOKENS) {
  TOKEN_SPELLINGS.forEach(([how, spell], i) => {
    const spelled = spell(token.value);
    const tokenEndpoint = async () =>
      new Response(JSON.stringify({ error: "invalid_client", error_description: `bad secret ${spelled}` }), {
        status: 401,
        headers: { "content-type": "application/json" },
      });
    add("tokens in any case, with separators", `${token.name} with ${how}`, {
      options: token.answers
        ? token.options
        : {
            accessToken: clientCredentials({
              clientId: "c1",
              clientSecret: token.value,
              environmentId: ENV,
              fetch: tokenEndpoint,
            }),
          },
      call: token.call,
      ...(token.answers ? { answer: echo(spelled, i) } : {}),
      seen: anyOf(tokenSeen(token.value), tokenSpelledSeen(token.value)),
    });
  });
}

// ---- phones: the call's own, in any spelling ----------------------------------------------------------------

const PHONE_SPELLINGS: Array<[string, (cc: string, groups: string[]) => string]> = [
  ["underscores", (_, g) => g.join("_")],
  ["en dashes", (_, g) => g.join("\u2013")],
  ["em dashes", (_, g) => g.join("\u2014")],
  ["figure dashes", (_, g) => g.join("\u2012")],
  ["minus signs", (_, g) => g.join("\u2212")],
  ["full-width digits", (cc, g) => ENCODINGS["full-width"]!(`+${cc} ${g.join(" ")}`)],
  ["Arabic-Indic digits", (_, g) => g.join(" ").replace(/\d/g, (d) => String.fromCharCode(0x660 + Number(d)))],
  ["Devanagari digits", (_, g) => g.join("-").replace(/\d/g, (d) => String.fromCharCode(0x966 + Number(d)))],
  ["runs of three spaces", (_, g) => g.join("   ")],
  ["runs of eight spaces", (_, g) => g.join("        ")],
  ["letters glued before", (_, g) => `tel${g.join("")}`],
  ["the country code and letters glued before", (cc, g) => `x${cc}${g.join("")}`],
  ["non-breaking spaces", (cc, g) => `+${cc}\u00a0${g.join("\u00a0")}`],
  ["dots after the country code", (cc, g) => `${cc}.${g.join(".")}`],
  ["slashes with spaces", (_, g) => g.join(" / ")],
  ["every digit apart", (_, g) => [...g.join("")].join(" ")],
  // Beyond what any phone-like number is (these only the call's own phone masks):
  ["commas", (_, g) => g.join(",")],
  ["vertical bars", (_, g) => g.join(" | ")],
  ["hex letters glued before", (_, g) => `abc${g.join("")}`],
];
for (const [phone, cc, groups] of [
  [PHONE, "1", ["512", "520", "1234"]],
  [UK_PHONE, "44", ["20", "7946", "0958"]],
] as const) {
  PHONE_SPELLINGS.forEach(([how, spell], i) =>
    add("the call's phones in any spelling", `${phone} with ${how}`, {
      call: calls.phone(phone),
      answer: echo(spell(cc, [...groups]), i),
      seen: phoneSeen(phone),
    }),
  );
}

// ---- phones the client never sent -------------------------------------------------------------------------

const OTHER_PHONES: Array<[string, string[]]> = [
  ["44", ["7911", "123456"]],
  ["33", ["6", "12", "34", "56", "78"]],
  ["1", ["415", "555", "0132"]],
];
const UNKNOWN_SPELLINGS: Array<[string, (cc: string, g: string[]) => string]> = [
  ["E.164", (cc, g) => `+${cc}${g.join("")}`],
  ["underscores", (cc, g) => `+${cc}_${g.join("_")}`],
  ["en dashes", (cc, g) => `+${cc}\u2013${g.join("\u2013")}`],
  ["full-width digits", (cc, g) => ENCODINGS["full-width"]!(`+${cc} ${g.join(" ")}`)],
  [
    "Arabic-Indic digits",
    (cc, g) => `+${cc} ${g.join(" ")}`.replace(/\d/g, (d) => String.fromCharCode(0x660 + Number(d))),
  ],
  ["runs of spaces", (cc, g) => `+${cc}    ${g.join("    ")}`],
  ["letters glued before", (cc, g) => `tel${cc}${g.join("")}`],
  ["percent-encoded", (cc, g) => encodeURIComponent(`+${cc} ${g.join(" ")}`)],
  ["a JSON number", (cc, g) => String(Number(`${cc}${g.join("")}`))],
  ["dots", (cc, g) => `${cc}.${g.join(".")}`],
];
for (const [cc, groups] of OTHER_PHONES) {
  UNKNOWN_SPELLINGS.forEach(([how, spell], i) =>
    add("phones the client never sent", `+${cc} ${groups.join(" ")} with ${how}`, {
      call: calls.token,
      answer: echo(`call the other device ${spell(cc, groups)} instead`, i),
      seen: phoneSeen(`${cc}${groups.join("")}`),
    }),
  );
}

// ---- glued to other text, then cut at the 2,000-character cap --------------------------------------------------

const GLUES = ["x", "7", "-", "é", "Z"];
const CUT_SECRETS: Array<Secret & { fragment?: number }> = [
  { ...SECRETS[0]!, fragment: 8 },
  { ...SECRETS[1]!, fragment: 8 },
  SECRETS[2]!,
  SECRETS[4]!,
  { ...SECRETS[6]!, fragment: 8 },
  {
    name: "cookie value",
    value: "c00k1e-9f8e7d6c5b4a",
    call: calls.remember("ST=c00k1e-9f8e7d6c5b4a"),
    seen: tokenSeen("c00k1e-9f8e7d6c5b4a", 8),
  },
];
for (const secret of CUT_SECRETS) {
  const value = secret.value;
  // Where the secret starts, relative to the cap: wholly before it, straddling it, just after it.
  for (const start of [2000 - value.length - 1, 2000 - value.length + 1, 2000 - (value.length >> 1), 1999, 2000]) {
    const glue = GLUES[start % GLUES.length]!;
    const filler = glue.repeat(start - "rejected ".length);
    add("glued to other text and cut at the cap", `${secret.name} glued to "${glue}" starting at ${start}`, {
      options: secret.options,
      call: secret.call,
      answer: json(400, { code: "INVALID_DATA", message: `rejected ${filler}${value}${glue.repeat(40)}` }),
      seen: anyOf(secret.seen, ...(secret.fragment ? [tokenSeen(value, secret.fragment)] : [])),
    });
  }
}

// ---- base64 ---------------------------------------------------------------------------------------------

// A token endpoint echoes a client secret as the base64 it saw; a server may echo any token so.
const BASE64: Record<string, (value: string) => string> = {
  base64: (value) => Buffer.from(value).toString("base64"),
  "base64 without padding": (value) => Buffer.from(value).toString("base64").replace(/=+$/, ""),
  base64url: (value) => Buffer.from(value).toString("base64url"),
  "base64url with padding": (value) => Buffer.from(value).toString("base64").replace(/\+/g, "-").replace(/\//g, "_"),
};
// Short secrets (under 18 characters): their base64 is too short for the token-shaped-run
// heuristic, so only knowing the spelling masks it. Lengths 1 and 2 past a multiple of 3: each
// base64 has padding to keep or drop.
const CLIENT_SECRETS = ["Ab1/+=~ z.Q9_xyzW", "s3cr~Et.9f"];
const SHORT_TOKENS: Array<[string, string, Partial<MfaClientOptions>]> = [
  ["a short string token", "sT0k~9f8e!7d(", { accessToken: "sT0k~9f8e!7d(" }],
  ["a token function's short token", "aZ9-x7Y.q2W", { accessToken: async () => "aZ9-x7Y.q2W" }],
];
for (const [name, token, options] of SHORT_TOKENS) {
  for (const [encoding, encode] of Object.entries(BASE64)) {
    const encoded = encode(token);
    for (const i of [0, 1, 3])
      add("base64", `${name}, ${encoding}, place ${i}`, {
        options,
        call: calls.token,
        answer: echo(encoded, i),
        seen: anyOf(tokenSeen(token), tokenSeen(encoded, 12)),
      });
  }
}
for (const clientSecret of CLIENT_SECRETS)
  for (const [encoding, encode] of Object.entries(BASE64)) {
    const encoded = encode(clientSecret);
    // The worker's token endpoint (its own fetch) refuses the secret and names it, encoded.
    const tokenEndpoint = async () =>
      new Response(JSON.stringify({ error: "invalid_client", error_description: `bad secret ${encoded}` }), {
        status: 401,
        headers: { "content-type": "application/json" },
      });
    add("base64", `client secret ${JSON.stringify(clientSecret)}, ${encoding}, in the token endpoint's error`, {
      options: {
        accessToken: clientCredentials({ clientId: "c1", clientSecret, environmentId: ENV, fetch: tokenEndpoint }),
      },
      call: calls.token,
      seen: anyOf(tokenSeen(clientSecret), tokenSeen(encoded, 12)),
    });
  }

// ---- tokens the client never saw ------------------------------------------------------------------------

const FOREIGN_JWT = [
  "eyJhbGciOiJSUzI1NiIsInR5cCI6IkpXVCJ9",
  "eyJpc3MiOiJodHRwczovL2F1dGgucGluZ29uZS5jb20iLCJzdWIiOiJmb3JlaWduIn0",
  "U2lnbmF0dXJlT2ZBRm9yZWlnblRva2VuMTIzNDU2Nzg5MA",
].join(".");
const HS256 = "eyJhbGciOiJIUzI1NiJ9.eyJqdGkiOiI3YzZiNWE0In0.Xy9zQ2Rn0L3kP1mN8vB4tY6wE2rA5sD7fG9hJ0kL1qZ";
const JWE =
  "eyJhbGciOiJSU0EtT0FFUCJ9.OKOawDo13gRp2ojaHV7LFpZcgV7T6DVZKTyKOMTYUmKoTCVJRgckCL9k.48V1_ALb6US04U3b.5eym8TW_c8SuK0ltJ3rpYIzOeDQz7TALvtu6UG9oMo4vpzs9tX_EFShS8iB7j6ji.XFBoMYUZodetZdvTiFvSkQ";
const RUN_43 = "q8Zr3Vt7Kp2Lw9Xn4Bm6Yc1Hd5Gf0Js8Qa7Ue3Ri2Oz";
const RUN_86 = `${RUN_43}_${RUN_43.split("").reverse().join("")}-x`;
const NEVER_SEEN: Array<[string, string]> = [
  ["an RS256 JWT", FOREIGN_JWT],
  ["an HS256 JWT", HS256],
  ["a five-part JWE", JWE],
  ["a 43-character base64url run", RUN_43],
  ["an 86-character base64url run", RUN_86],
];
const THROWS: Array<[string, (token: string) => unknown]> = [
  ["its message", (t) => new Error(`could not refresh ${t}`)],
  ["its message, glued", (t) => new Error(`refresh failed:token=${t};retry`)],
  ["its cause", (t) => new Error("refresh failed", { cause: new Error(`old token ${t} expired`) })],
  ["an AggregateError's errors", (t) => new AggregateError([new Error(`first ${t}`)], "all failed")],
  ["its name", (t) => Object.assign(new Error("refresh failed"), { name: `Err${t}` })],
  ["a thrown string, percent-encoded", (t) => `failed ${encodeURIComponent(`Bearer ${t}`)}`],
];
for (const [what, token] of NEVER_SEEN) {
  for (const [where, make] of THROWS)
    add("tokens the client never saw", `a token function's error naming ${what} in ${where}`, {
      options: {
        accessToken: async () => {
          throw make(token);
        },
      },
      call: calls.token,
      seen: tokenSeen(token, 24),
    });
  add("tokens the client never saw", `a server naming ${what} of another user`, {
    call: calls.token,
    answer: echo(`token ${token} belongs to another user`, 0),
    seen: tokenSeen(token, 24),
  });
}

// ---- run ----------------------------------------------------------------------------------------------

const tally = new Tally("spellings");

describe.each(TRANSPORTS)("%s", (transport, make: Make) => {
  let server: HostileServer;
  beforeAll(async () => {
    server = await startHostileServer();
  });
  afterAll(() => server.close());

  it.each(cases.map((c) => [`${c.category}: ${c.name}`, c] as const))("%s", async (_, c) => {
    await tally.run(c.category, c.name, transport, async () => {
      const logs: string[] = [];
      server.handle(c.answer ?? json(200, {}));
      const mfa = clientOn(make, server, { logger: { debug: (line) => logs.push(line) }, ...c.options });
      const outcome = await settle(() => c.call(mfa));
      expectPingOneError(outcome.error);
      if (c.answer) expect(server.hits.length).toBeGreaterThan(0);
      else expect(outcome.error).toBeInstanceOf(PingOneTokenError);
      expect(c.seen([...views(outcome.error), ...logs])).toEqual([]);
    });
  });
});

it("the detectors see each secret in the spellings the cases use (they can fail)", () => {
  // Run on the answers themselves, before any masking: every case's detector must fire.
  const blind: string[] = [];
  for (const c of cases) {
    const sample = c.answer ? answerText(c.answer) : c.name;
    if (c.answer && c.seen([sample]).length === 0) blind.push(c.name);
  }
  expect(blind).toEqual([]);
  expect(reveal("%E2%80%93%2B1%20%EF%BC%95")).toBe("\u2013+1 5");
});

it("every category has at least 30 cases of its own, none misbehaving on any transport", () => {
  const rows = tally.report();
  expect(rows.length).toBe(new Set(cases.map((c) => c.category)).size);
  for (const row of rows) {
    expect(row.cases, row.category).toBeGreaterThanOrEqual(30);
    expect(row.transports, row.category).toBe(TRANSPORTS.length);
    expect(row.runs, row.category).toBe(row.cases * TRANSPORTS.length);
    expect(row.bad, row.category).toEqual([]);
  }
});

/** The body a handler would write (it only ever calls writeHead and end). */
function answerText(handler: Handler): string {
  let body = "";
  const res = { writeHead: () => res, end: (text: string) => (body = text) };
  handler(undefined as never, res as never, undefined as never);
  return body;
}
