// Passcodes as people type or paste them: spaces, hyphens and dots (in any of their Unicode forms)
// are removed before the spec's check, and the passcode without them is what goes on the wire and
// what redaction masks. Anything else the spec's pattern refuses is refused, naming the field,
// before anything is sent, without repeating the passcode.
import { inspect } from "node:util";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { requestRules } from "../../generated/request-rules.ts";
import { type MfaClient, PingOneApiError, PingOneValidationError } from "../../src/index.ts";
import { normalizeOtp } from "../../src/validation/otp.ts";
import { check } from "../../src/validation/validate.ts";
import { figure } from "../support/figures.ts";
import { AUTHN, DEVICE, json, type Sent, stubClient, USER } from "../support/stub.ts";

const answer = (request: Sent) =>
  request.url.includes("/deviceAuthentications/")
    ? json(200, { id: AUTHN, status: "COMPLETED" })
    : json(200, { id: DEVICE, type: "SMS", status: "ACTIVE" });

type Send = (m: MfaClient, otp: string) => Promise<unknown>;
const SENDERS: Array<[string, string, Send]> = [
  ["deviceAuthentications.checkOtp", "otp", (m, otp) => m.deviceAuthentications.checkOtp(AUTHN, otp)],
  ["devices.activate", "activation.otp", (m, otp) => m.devices.activate(USER, DEVICE, { otp })],
];

/** What reached the stub's wire for one call, or the error it was refused with. */
async function run(send: Send, otp: string) {
  const { mfa, calls } = stubClient(answer);
  const error = await send(mfa, otp).then(
    () => undefined,
    (e: unknown) => e,
  );
  const sent = calls.map((c) => (JSON.parse(c.body) as { otp: unknown }).otp);
  return { error, sent };
}

describe.each(SENDERS)("%s", (_, field, send) => {
  it.each([
    ["spaces", "12 34 56"],
    ["a hyphen", "123-456"],
    ["dots", "12.34.56"],
    ["a tab and a no-break space", "12\t34\u00a056"],
    ["an en dash", "123\u2013456"],
    ["an em dash, a non-breaking hyphen and a minus sign", "12\u201434\u201156\u2212"],
    ["thin and ideographic spaces, a zero-width space", "\u200912\u300034\u200b56 "],
    ["full-width digits, a full-width hyphen and full stop", "\uff11\uff12\uff0d\uff13\uff14\uff0e\uff15\uff16"],
    ["Arabic-Indic digits", "\u0661\u0662\u0663 \u0664\u0665\u0666"],
  ])("sends a passcode with %s as 123456", async (_, otp) => {
    const { error, sent } = await run(send, otp);
    expect(error).toBeUndefined();
    expect(sent).toEqual(["123456"]);
  });

  it.each([
    ["a comma", "123,456", "INVALID_VALUE"],
    ["an underscore", "123_456", "INVALID_VALUE"],
    ["an emoji", "123\u{1F600}456", "INVALID_VALUE"],
    ["a keycap emoji", "1\ufe0f\u20e323456", "INVALID_VALUE"],
    ["an accented letter", "12345\u00e9", "INVALID_VALUE"],
    ["nothing once separators are removed", " -\u2013. ", "INVALID_LENGTH"],
    [
      "21 characters once separators are removed",
      `${"4".repeat(7)} ${"4".repeat(7)} ${"4".repeat(7)}`,
      "INVALID_LENGTH",
    ],
  ])("refuses a passcode with %s, naming the field, before sending", async (_, otp, reason) => {
    const { error, sent } = await run(send, otp);
    expect(error).toBeInstanceOf(PingOneValidationError);
    expect(error).toMatchObject({ field, reason });
    expect(sent).toEqual([]);
    const text = `${(error as Error).message} ${inspect(error)}`;
    for (const spelling of [otp, normalizeOtp(otp), "123", "456", "4444"].filter((s) => s.length >= 3))
      expect(text).not.toContain(spelling);
  });
});

it("the spec's pattern still decides: letters it allows pass, after separators are removed", async () => {
  // Otp's pattern (openapi/components/schemas/Otp.yaml) is ^[0-9A-Za-z]+$: letters are the spec's to refuse.
  expect(requestRules.defs.Otp).toMatchObject({ pattern: "^[0-9A-Za-z]+$" });
  const { error, sent } = await run((m, otp) => m.deviceAuthentications.checkOtp(AUTHN, otp), "ab-12 cd");
  expect(error).toBeUndefined();
  expect(sent).toEqual(["ab12cd"]);
});

describe("redaction", () => {
  it("collects the passcode as sent and as typed", () => {
    const checked = check("", requestRules.bodies["deviceAuthentications.checkOtp"]!, requestRules.defs, {
      otp: "12 34\u201356",
    });
    expect(checked.value).toEqual({ otp: "123456" });
    expect(checked.otps).toEqual(expect.arrayContaining(["123456", "12 34\u201356"]));
  });

  it("masks the passcode as sent and as typed when PingOne echoes it", async () => {
    const typed = "60 42-19";
    const echo = {
      id: "f7c7a1d2-1111-4222-8333-444455556666",
      code: "INVALID_DATA",
      message: `Wrong passcode 604219 (typed ${typed})`,
      details: [{ code: "INVALID_OTP", target: "otp", message: `604219 / ${typed} / 60.42.19` }],
    };
    for (const [, , send] of SENDERS) {
      const { mfa, calls } = stubClient(() => json(400, echo));
      const error = await send(mfa, typed).then(
        () => undefined,
        (e: unknown) => e,
      );
      expect(error).toBeInstanceOf(PingOneApiError);
      expect(JSON.parse(calls[0]!.body)).toMatchObject({ otp: "604219" });
      const views = [(error as Error).message, JSON.stringify(error), inspect(error, { depth: 10 })].join("\n");
      for (const spelling of ["604219", typed, "60.42.19", "6042", "4219"]) expect(views).not.toContain(spelling);
    }
  });
});

it("sends any digits with any separators as the digits alone; refuses the rest before sending", async () => {
  const separators = fc.constantFrom(" ", "-", ".", "\t", "\u00a0", "\u2013", "\u2014", "\u2009", "\u3000", "\uff0d");
  const spaced = fc
    .array(fc.tuple(fc.constantFrom(..."0123456789"), fc.array(separators, { maxLength: 3 })), {
      minLength: 1,
      maxLength: 20,
    })
    .map((parts) => ({
      digits: parts.map(([d]) => d).join(""),
      typed: parts.map(([d, s]) => d + s.join("")).join(""),
    }));
  const { mfa, calls } = stubClient(answer);
  let sentCount = 0;
  await fc.assert(
    fc.asyncProperty(spaced, async ({ digits, typed }) => {
      const before = calls.length;
      await mfa.deviceAuthentications.checkOtp(AUTHN, typed);
      expect(calls).toHaveLength(before + 1);
      expect(JSON.parse(calls.at(-1)!.body)).toEqual({ otp: digits });
      sentCount++;
    }),
    { numRuns: 500 },
  );

  // Any text at all: sent only as the spec's pattern after normalization, else refused unsent.
  const near = fc.constantFrom(..."0123456789aZ -.,_\t\u00a0\u2013\uff15\u0663\u200b", "\u{1F600}");
  const anyText = fc.oneof(fc.string({ unit: near, maxLength: 30 }), fc.string({ unit: "binary", maxLength: 30 }));
  let sent = 0;
  let refused = 0;
  await fc.assert(
    fc.asyncProperty(anyText, async (typed) => {
      const before = calls.length;
      try {
        await mfa.deviceAuthentications.checkOtp(AUTHN, typed);
      } catch (error) {
        expect(error).toBeInstanceOf(PingOneValidationError);
        expect((error as PingOneValidationError).field).toBe("otp");
        expect(calls).toHaveLength(before);
        if (typed.length >= 4) expect((error as Error).message).not.toContain(typed);
        refused++;
        return;
      }
      const otp = (JSON.parse(calls.at(-1)!.body) as { otp: string }).otp;
      expect(otp).toMatch(/^[0-9A-Za-z]{1,20}$/);
      expect(otp).toBe(normalizeOtp(typed));
      sent++;
    }),
    { numRuns: 2000 },
  );
  figure(
    `otp: ${sentCount} spaced passcodes sent as digits; ${sent + refused} generated strings, ${sent} sent, ${refused} refused`,
  );
  expect(sent).toBeGreaterThan(10);
  expect(refused).toBeGreaterThan(100);
});
