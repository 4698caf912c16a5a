// Remember Me: `devices.remember` creates a BROWSER device and hands back the cookie PingOne set;
// `deviceAuthentications.checkRememberedDevice` takes that cookie as it came and sends only its
// `name=value` pairs. The cookie is a secret: it appears in no error, cause or log line.
import { inspect } from "node:util";
import { describe, expect, it } from "vitest";
import { actions } from "../../generated/actions.ts";
import { PingOneApiError, PingOneValidationError } from "../../src/index.ts";
import { cookieHeader } from "../../src/client/call.ts";
import { DEVICE, ENV, json, stubClient, USER } from "../support/stub.ts";

const POLICY = { id: "61cf9806-1d18-4eda-92c0-109fc79d4495" };
const PAYLOAD = "eyJzZGtWZXJzaW9uIjoiNS42LjAifQ-signals-output";
const COOKIE_VALUE = "6f3c0a9d5e2b4b7a9c1dRememberedBrowser";
const SET_COOKIE = `ST=${COOKIE_VALUE}; Path=/; Expires=Wed, 21 Oct 2026 07:28:00 GMT; Secure; HttpOnly; SameSite=None`;
const browser = {
  type: "BROWSER" as const,
  policy: POLICY,
  payload: PAYLOAD,
  session: { id: "db259ebc-59b3-4871-bb67-d7715a8fb86e" },
};
const device = { id: DEVICE, type: "BROWSER", status: "ACTIVE" };
const check = { user: { id: USER }, policy: POLICY, payload: { type: "BROWSER" as const, value: PAYLOAD } };

/** Everything an error shows: message, stack, JSON, inspect, and its cause chain. */
const shown = (error: unknown) =>
  `${String(error)} ${(error as Error).stack} ${JSON.stringify(error)} ${inspect(error, { depth: 10 })}`;

describe("devices.remember", () => {
  it("posts the BROWSER create as application/json and resolves to the device and the Set-Cookie value", async () => {
    const { mfa, calls } = stubClient(() => json(201, device, { "set-cookie": SET_COOKIE }));
    const remembered = await mfa.devices.remember(USER, browser);
    expect(remembered).toEqual({ device, cookie: SET_COOKIE });
    expect(calls).toHaveLength(1);
    expect(calls[0]!.method).toBe("POST");
    expect(calls[0]!.url).toBe(`https://api.pingone.com/v1/environments/${ENV}/users/${USER}/devices`);
    expect(calls[0]!.headers["content-type"]).toBe("application/json");
    expect(JSON.parse(calls[0]!.body)).toEqual(browser);
  });

  it("hands back every cookie when PingOne sets several", async () => {
    const { mfa } = stubClient(() => {
      const headers = new Headers({ "content-type": "application/json" });
      headers.append("set-cookie", SET_COOKIE);
      headers.append("set-cookie", "ST.session=abc; Path=/");
      return new Response(JSON.stringify(device), { status: 201, headers });
    });
    const { cookie } = await mfa.devices.remember(USER, browser);
    expect(cookieHeader(cookie)).toBe(`ST=${COOKIE_VALUE}; ST.session=abc`);
  });

  it("refuses a body of another type before sending, as devices.create refuses a BROWSER", async () => {
    const { mfa, calls } = stubClient(() => json(201, device, { "set-cookie": SET_COOKIE }));
    await expect(mfa.devices.remember(USER, { type: "SMS", phone: "+15125201234" } as never)).rejects.toBeInstanceOf(
      PingOneValidationError,
    );
    await expect(mfa.devices.create(USER, browser as never)).rejects.toBeInstanceOf(PingOneValidationError);
    await expect(mfa.devices.remember(USER, { type: "BROWSER", policy: POLICY } as never)).rejects.toMatchObject({
      field: "device.payload",
      reason: "REQUIRED",
    });
    expect(calls).toHaveLength(0);
    expect(actions["devices.remember"].select).toEqual({ property: "type", only: "BROWSER" });
    expect(actions["devices.create"].select).toEqual({ property: "type", except: ["BROWSER"] });
  });

  it("rejects an answer without the cookie as UNEXPECTED_RESPONSE", async () => {
    const { mfa } = stubClient(() => json(201, device));
    await expect(mfa.devices.remember(USER, browser)).rejects.toMatchObject({
      code: "UNEXPECTED_RESPONSE",
      message: expect.stringContaining("Set-Cookie"),
    });
  });

  it("keeps the cookie and the payload out of errors and log lines", async () => {
    const lines: string[] = [];
    // PingOne echoes what it was sent in an error, and sets the cookie anyway.
    const { mfa } = stubClient(
      () =>
        json(
          400,
          {
            id: "e1",
            code: "INVALID_DATA",
            message: `bad payload ${PAYLOAD} for cookie ST=${COOKIE_VALUE}`,
            details: [{ code: "INVALID_VALUE", target: "payload", message: `${PAYLOAD} / ${SET_COOKIE}` }],
          },
          { "set-cookie": SET_COOKIE },
        ),
      { logger: { debug: (line) => lines.push(line) } },
    );
    const error = await mfa.devices.remember(USER, browser).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(PingOneApiError);
    for (const secret of [COOKIE_VALUE, PAYLOAD]) {
      expect(shown(error)).not.toContain(secret);
      expect(lines.join("\n")).not.toContain(secret);
    }
    expect((error as PingOneApiError).message).toContain("[redacted]");
  });
});

describe("deviceAuthentications.checkRememberedDevice takes the cookie as devices.remember returned it", () => {
  it.each([
    ["a Set-Cookie value with attributes", SET_COOKIE, `ST=${COOKIE_VALUE}`],
    ["two Set-Cookie values joined", `${SET_COOKIE}, ST.session=abc; Path=/`, `ST=${COOKIE_VALUE}; ST.session=abc`],
    ["a Cookie header, kept as it is", `ST=${COOKIE_VALUE}; other=1`, `ST=${COOKIE_VALUE}; other=1`],
  ])("%s → Cookie: the name=value pairs only", async (_, given, sent) => {
    const { mfa, calls } = stubClient(() => json(200, { id: DEVICE, status: "COMPLETED" }));
    await mfa.deviceAuthentications.checkRememberedDevice(check, given);
    expect(calls[0]!.headers.cookie).toBe(sent);
  });

  it("round-trips: the cookie from devices.remember is what the check sends", async () => {
    const { mfa, calls } = stubClient((request) =>
      request.url.endsWith("/devices")
        ? json(201, device, { "set-cookie": SET_COOKIE })
        : json(200, { id: DEVICE, status: "COMPLETED" }),
    );
    const { cookie } = await mfa.devices.remember(USER, browser);
    await mfa.deviceAuthentications.checkRememberedDevice(check, cookie);
    expect(calls[1]!.headers.cookie).toBe(`ST=${COOKIE_VALUE}`);
  });

  it("keeps the cookie out of an error, however PingOne echoes it", async () => {
    const { mfa } = stubClient(() =>
      json(400, {
        id: "e2",
        code: "INVALID_DATA",
        message: `no session for ${COOKIE_VALUE}`,
        details: [{ code: "INVALID_VALUE", target: "Cookie", message: `ST=${COOKIE_VALUE}` }],
      }),
    );
    const error = await mfa.deviceAuthentications.checkRememberedDevice(check, SET_COOKIE).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(PingOneApiError);
    expect(shown(error)).not.toContain(COOKIE_VALUE);
    // The attributes are not secrets: redaction leaves the rest of the text (URLs) readable.
    expect((error as PingOneApiError).message).toContain("https://auth.pingone.com/");
  });
});
