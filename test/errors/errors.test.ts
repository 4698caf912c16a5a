// Error mapping (PingOne's JSON, HTML pages, empty and malformed bodies) and redaction: no token,
// OTP or whole phone number in message, stack, JSON.stringify or util.inspect.
import { inspect } from "node:util";
import { check } from "recheck";
import { describe, expect, it } from "vitest";
import { PingOneApiError, PingOneError } from "../../src/index.ts";
import { PATTERNS, redact } from "../../src/errors/redact.ts";
import { AUTHN, DEVICE, json, stubClient, TOKEN, USER } from "../support/stub.ts";

const caught = (promise: Promise<unknown>) =>
  promise.then(
    () => expect.fail("resolved"),
    (e: unknown) => e as PingOneApiError,
  );

describe("error mapping", () => {
  it("maps PingOne's error body to PingOneApiError fields", async () => {
    const body = {
      id: "6c796712-0f16-4062-815a-e0a92f4a2143",
      code: "INVALID_DATA",
      message: "The request could not be completed. One or more validation errors were in the request.",
      details: [
        { code: "INVALID_VALUE", target: "phone", message: "Invalid phone", innerError: { allowedPattern: "^\\+" } },
      ],
    };
    const { mfa } = stubClient(() => json(400, body));
    const error = await caught(mfa.devices.create(USER, { type: "SMS", phone: "+15125201234" }));
    expect(error).toBeInstanceOf(PingOneApiError);
    expect(error).toBeInstanceOf(PingOneError);
    expect(error).toMatchObject({
      name: "PingOneApiError",
      status: 400,
      code: "INVALID_DATA",
      id: body.id,
      details: body.details,
      method: "POST",
      url: `https://api.pingone.com/v1/environments/abfba8f6-49eb-49f5-a5d9-80ad5c98f9f6/users/${USER}/devices`,
      retryAfterMs: undefined,
    });
    expect(error.message).toContain("[INVALID_VALUE phone] Invalid phone");
  });

  it.each([
    [
      "an HTML 502 page",
      () =>
        new Response("<html><body>Bad gateway</body></html>", {
          status: 502,
          headers: { "content-type": "text/html" },
        }),
      502,
    ],
    ["an empty 500", () => new Response(null, { status: 500 }), 500],
    ["a JSON 503 that is not PingOne's", () => json(503, { error: "unavailable" }), 503],
  ])("gives a PingOneApiError with the status for %s", async (_, answer, status) => {
    const { mfa } = stubClient(answer, { retry: false });
    const error = await caught(mfa.devices.get(USER, DEVICE));
    expect(error).toMatchObject({ name: "PingOneApiError", status, code: "UNEXPECTED_RESPONSE", id: undefined });
    expect(error.message).not.toContain("<html>");
  });

  it.each([
    ["malformed JSON", () => new Response("{not json", { status: 200 })],
    ["an empty body", () => new Response(null, { status: 200 })],
  ])("refuses a 2xx with %s where a body is due", async (_, answer) => {
    const { mfa } = stubClient(answer);
    const error = await caught(mfa.deviceAuthentications.get(AUTHN));
    expect(error).toMatchObject({ name: "PingOneApiError", status: 200, code: "UNEXPECTED_RESPONSE" });
  });

  it("carries Retry-After on a 429 it gave up on", async () => {
    const { mfa, calls } = stubClient(
      () => json(429, { code: "REQUEST_LIMITED", message: "Too many" }, { "Retry-After": "120" }),
      {
        timeoutMs: 60_000,
      },
    );
    const error = await caught(mfa.devices.get(USER, DEVICE));
    expect(error).toMatchObject({ status: 429, code: "REQUEST_LIMITED", retryAfterMs: 120_000 });
    expect(calls).toHaveLength(1);
  });
});

describe("redaction", () => {
  const OTP = "604219";
  const PHONE = "+1 (512) 520-1234";
  const echo = {
    id: "f7c7a1d2-1111-4222-8333-444455556666",
    code: "INVALID_DATA",
    message: `Rejected ${TOKEN} for +15125201234 with otp ${OTP}`,
    details: [{ code: "INVALID_OTP", target: "otp", message: `OTP ${OTP} is wrong for 1-512-520-1234 (5125201234)` }],
  };
  const PHONE_PARTS = ["5125201234", "520-1234", "520 1234"];
  const leaks = (error: unknown, secrets: string[]) => {
    const views = [
      String((error as Error).message),
      String((error as Error).stack),
      JSON.stringify(error),
      inspect(error, { depth: 10 }),
    ];
    return views.flatMap((view) => [TOKEN, ...secrets].filter((secret) => view.includes(secret)));
  };

  it("masks the token, the OTP and the phone a server echoes back", async () => {
    const { mfa } = stubClient(() => json(400, echo));
    // Each call is checked for the token and for the secrets it sent.
    const errors: Array<[PingOneApiError, string[]]> = [
      [await caught(mfa.devices.create(USER, { type: "SMS", phone: PHONE })), PHONE_PARTS],
      [await caught(mfa.deviceAuthentications.checkOtp(AUTHN, OTP)), [OTP]],
      [await caught(mfa.devices.activate(USER, DEVICE, { otp: OTP })), [OTP]],
      [
        await caught(
          mfa.deviceAuthentications.create({
            user: { id: USER },
            selectedDevice: { oneTime: { type: "SMS", phone: PHONE } },
          }),
        ),
        PHONE_PARTS,
      ],
    ];
    for (const [error, secrets] of errors) {
      expect(error.status).toBe(400);
      expect(leaks(error, secrets)).toEqual([]);
    }
    expect(errors[0]![0].message).toContain("***34");
    expect(errors[1]![0].message).toContain("[redacted]");
  });

  it("masks the remembered-device cookie and payload a server echoes back, and sends the cookie as Cookie", async () => {
    const COOKIE = "ST=remembered-8c1f2e9d4b";
    const PAYLOAD = "R/o/dFNiakI1MtrQBcmVTupfzSMdtu2x";
    const { mfa, calls } = stubClient(() =>
      json(400, { code: "INVALID_DATA", message: `bad cookie ${COOKIE} for payload ${PAYLOAD}` }),
    );
    const body = { user: { id: USER }, policy: { id: DEVICE }, payload: { type: "BROWSER" as const, value: PAYLOAD } };
    const error = await caught(mfa.deviceAuthentications.checkRememberedDevice(body, COOKIE));
    expect(calls[0]!.headers.cookie).toBe(COOKIE);
    expect(calls[0]!.headers["content-type"]).toBe("application/vnd.pingidentity.payload.check+json");
    expect(leaks(error, [COOKIE, PAYLOAD])).toEqual([]);
  });

  it("keeps numbers inside innerError numbers, but masks the call's passcode echoed as a number", async () => {
    const body = {
      code: "INVALID_DATA",
      message: "bad",
      details: [
        {
          code: "OUT_OF_RANGE",
          message: "x",
          innerError: {
            quotaLimit: 50,
            attemptsRemaining: 2,
            coolDownExpiresAt: 1666802425519,
            times: [1666802425519, 1666802425520],
            echoed: 604219,
            allowedValues: [OTP],
          },
        },
      ],
    };
    const { mfa } = stubClient(() => json(400, body));
    const error = await caught(mfa.deviceAuthentications.checkOtp(AUTHN, OTP));
    // A phone-like number that is not the call's (a 13-digit timestamp) is data, kept as it is.
    expect(error.details[0]!.innerError).toEqual({
      quotaLimit: 50,
      attemptsRemaining: 2,
      coolDownExpiresAt: 1666802425519,
      times: [1666802425519, 1666802425520],
      echoed: "[redacted]",
      allowedValues: ["[redacted]"],
    });
  });

  it("masks international numbers it was not told about", () => {
    expect(redact("call +44 20 7946 0958 or +33.6.12.34.56.78")).toBe("call ***58 or ***78");
  });

  it("masks a token in any letter case, and a long one spelled apart, but not a short one spelled apart", () => {
    const secrets = { tokens: ["Tr0ub4dor-9f8e", "pässwort-Zeile", "secret"] };
    // Upper case, case swapped, any script's letters: masked whole.
    expect(redact("got TR0UB4DOR-9F8E and tR0UB4DOR-9F8E", secrets)).toBe("got [redacted] and [redacted]");
    expect(redact("got PÄSSWORT-ZEILE", secrets)).toBe("got [redacted]");
    // Eight letters and digits or more, with separators (the token's own `-` kept, dropped or replaced).
    expect(redact("got t r 0 u b 4 d o r 9 f 8 e.", secrets)).toBe("got [redacted].");
    expect(redact("got T-R-0-U-B-4-D-O-R - 9-F-8-E.", secrets)).toBe("got [redacted].");
    expect(redact("got t, r, 0, u, b, 4, d, o, r, -, 9, f, 8, e", secrets)).toBe("got [redacted]");
    // A short token is masked whole in any case, not spelled apart: that is ordinary text too often.
    expect(redact("a SECRET, s e c r e t", secrets)).toBe("a [redacted], s e c r e t");
    // Ordinary text near a token's letters is kept: a letter between two of them ends the match.
    const text = "troubadour 9f8e, pass wort zeilen, the proxy";
    expect(redact(text, secrets)).toBe(text);
  });

  it("masks a short token only in its own letter case, a long one in any", () => {
    // A cookie's `consent=true`, `x=on` make "true" and "on" call tokens: the words in another case are kept.
    const short = { tokens: ["true", "on"] };
    expect(redact("Value TRUE, On: ON", short)).toBe("Value TRUE, On: ON");
    expect(redact("consent=true, x=on", short)).toBe("consent=[redacted], x=[redacted]");
    // GLUED (6) characters or more: any case.
    expect(redact("got SeCrEt and SECRET", { tokens: ["secret"] })).toBe("got [redacted] and [redacted]");
    expect(redact("got SECRE", { tokens: ["secre"] })).toBe("got SECRE");
  });

  it("stays linear looking for a token spelled apart in text that almost spells it everywhere", () => {
    // Every "a" starts the token "aaa…ab", which only fails at its end: searched in full, that is
    // 100,000 × 4,000 character steps. The search has a budget of a few steps per character of the
    // text and masks the whole text once it is spent (text like this is hostile). No timing
    // assertion: vitest's default test timeout is the hang guard; the output shows the budget ran
    // out (in full, nothing would match and the text would come back as it is).
    const secrets = { tokens: [`${"a".repeat(3999)}b`] };
    expect(redact("a".repeat(100_000), secrets)).toBe("[redacted]");
    expect(redact("a-".repeat(50_000), secrets)).toBe("[redacted]");
    // Ordinary text around a token spelled apart is still searched in full.
    const token = { tokens: ["Tr0ub4dor-9f8e"] };
    const text = `${"a tr0ub4d0r, ".repeat(2000)}got t-r-0-u-b-4-d-o-r-9-f-8-e.`;
    expect(redact(text, token, 100_000)).toBe(`${"a tr0ub4d0r, ".repeat(2000)}got [redacted].`);
  });

  it("keeps IDs and timestamps readable", () => {
    const text = "device e749a05e-df11-47e0-97d7-109dfd37d43a at 2022-09-22T13:29:12.548Z";
    expect(redact(text)).toBe(text);
  });

  it("caps long server text and stays linear on hostile input", async () => {
    const hostile = `+1${"1-".repeat(200_000)}x`;
    const secrets = { phones: ["+15125201234"], otps: ["123456"] };
    const out = redact(hostile, secrets);
    expect(out.length).toBeLessThan(2100);
    // Linear: every pattern redact runs is fixed (secrets are compared by hand, never compiled into
    // one) and recheck proves each free of super-linear backtracking (the mechanism, rather than a
    // time limit that measures the machine).
    const verdicts = await Promise.all(PATTERNS.map(async (p) => `${p}: ${(await check(p.source, p.flags)).status}`));
    expect(verdicts.filter((verdict) => !verdict.endsWith(": safe"))).toEqual([]);
  });
});
