// Every body, query and header is checked against the spec before anything is sent: nested, with
// the spec's types, enums, lengths, patterns, required fields and closed objects. Each refusal
// names its field; nothing reaches the network.
import { describe, expect, it } from "vitest";
import { actionOperations, actions } from "../../generated/actions.ts";
import { requestRules } from "../../generated/request-rules.ts";
import { type MfaClient, PingOneValidationError } from "../../src/index.ts";
import { AUTHN, DEVICE, json, stubClient, USER } from "../support/stub.ts";

const POLICY = { id: "5a0a0950-8a81-4739-b12a-f4d6a11c7a82" };

async function refused(call: (m: MfaClient) => Promise<unknown>, field: string, reason: string) {
  const { mfa, calls } = stubClient(() => json(200, { id: DEVICE, type: "SMS", status: "ACTIVE" }));
  const error = await call(mfa).then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error, `${field} ${reason}`).toBeInstanceOf(PingOneValidationError);
  expect(error).toMatchObject({ field, reason });
  expect((error as Error).message.startsWith(field)).toBe(true);
  expect(calls).toHaveLength(0);
}

describe("bodies are checked against their action's schema, nested", () => {
  it.each([
    ["activate({})", (m: MfaClient) => m.devices.activate(USER, DEVICE, {} as never), "activation.otp", "REQUIRED"],
    [
      "activate with an unknown field",
      (m: MfaClient) => m.devices.activate(USER, DEVICE, { otp: "123456", remember: true } as never),
      "activation.remember",
      "FIELD_NOT_ALLOWED",
    ],
    [
      "activate with otp and attestation",
      (m: MfaClient) => m.devices.activate(USER, DEVICE, { otp: "1", attestation: "x" } as never),
      "activation.attestation",
      "FIELD_NOT_ALLOWED",
    ],
    [
      "activate with a numeric otp",
      (m: MfaClient) => m.devices.activate(USER, DEVICE, { otp: 123456 } as never),
      "activation.otp",
      "INVALID_TYPE",
    ],
    [
      "a 1,000,000-character OTP",
      (m: MfaClient) => m.deviceAuthentications.checkOtp(AUTHN, "1".repeat(1_000_000)),
      "otp",
      "INVALID_LENGTH",
    ],
    [
      "an OTP with a comma (spaces, hyphens and dots are removed; a comma is not)",
      (m: MfaClient) => m.deviceAuthentications.checkOtp(AUTHN, "731,946"),
      "otp",
      "INVALID_VALUE",
    ],
    [
      "cancel with an unknown reason",
      (m: MfaClient) => m.deviceAuthentications.cancel(AUTHN, "NOT_A_REASON" as never),
      "reason",
      "INVALID_VALUE",
    ],
    [
      "email: 42",
      (m: MfaClient) => m.devices.create(USER, { type: "EMAIL", email: 42, policy: POLICY } as never),
      "device.email",
      "INVALID_TYPE",
    ],
    [
      "status: BOGUS",
      (m: MfaClient) => m.devices.create(USER, { type: "SMS", phone: "+15125201234", status: "BOGUS" } as never),
      "device.status",
      "INVALID_VALUE",
    ],
    [
      'testMode: "yes"',
      (m: MfaClient) => m.devices.create(USER, { type: "SMS", phone: "+15125201234", testMode: "yes" } as never),
      "device.testMode",
      "INVALID_TYPE",
    ],
    [
      'policy: "x"',
      (m: MfaClient) => m.devices.create(USER, { type: "SMS", phone: "+15125201234", policy: "x" } as never),
      "device.policy",
      "INVALID_TYPE",
    ],
    [
      "a policy id that is not a UUID",
      (m: MfaClient) => m.devices.create(USER, { type: "SMS", phone: "+15125201234", policy: { id: "x" } }),
      "device.policy.id",
      "INVALID_VALUE",
    ],
    [
      "a nickname over 100 characters",
      (m: MfaClient) => m.devices.create(USER, { type: "SMS", phone: "+15125201234", nickname: "n".repeat(101) }),
      "device.nickname",
      "INVALID_LENGTH",
    ],
    [
      "a FIDO2 rp without a name",
      (m: MfaClient) => m.devices.create(USER, { type: "FIDO2", rp: { id: "example.com" }, policy: POLICY } as never),
      "device.rp.name",
      "REQUIRED",
    ],
    [
      "a notification variable that is not a string",
      (m: MfaClient) =>
        m.devices.create(USER, {
          type: "SMS",
          phone: "+15125201234",
          notification: { template: { variables: { code: 1 } } },
        } as never),
      "device.notification.template.variables.code",
      "INVALID_TYPE",
    ],
    [
      "a one-time target without its phone",
      (m: MfaClient) =>
        m.deviceAuthentications.create({ user: { id: USER }, selectedDevice: { oneTime: { type: "SMS" } } } as never),
      "deviceAuthentication.selectedDevice.oneTime.phone",
      "REQUIRED",
    ],
    [
      "a selection with an extra field",
      (m: MfaClient) => m.deviceAuthentications.selectDevice(AUTHN, { device: { id: DEVICE }, force: true } as never),
      "selection.force",
      "FIELD_NOT_ALLOWED",
    ],
    [
      "an assertion origin that is not a URL",
      (m: MfaClient) => m.deviceAuthentications.checkAssertion(AUTHN, { origin: "not a url", assertion: "x" }),
      "assertion.origin",
      "INVALID_VALUE",
    ],
    [
      "a remembered-device check with payload type MOBILE",
      (m: MfaClient) =>
        m.deviceAuthentications.checkRememberedDevice(
          { user: { id: USER }, policy: POLICY, payload: { type: "MOBILE", value: "v" } } as never,
          "ST=1",
        ),
      "check.payload.type",
      "INVALID_VALUE",
    ],
    [
      "a body that is not an object",
      (m: MfaClient) => m.devices.create(USER, "SMS" as never),
      "device",
      "INVALID_TYPE",
    ],
    ["a null body", (m: MfaClient) => m.devices.activate(USER, DEVICE, null as never), "activation", "INVALID_TYPE"],
  ] as const)("%s", (_, call, field, reason) => refused(call, field, reason));

  it("refuses bodies JSON cannot carry: a BigInt, a circular reference, nesting too deep", async () => {
    const circular: Record<string, unknown> = { type: "SMS", phone: "+15125201234" };
    circular.self = circular;
    let deep: Record<string, unknown> = {};
    const root = deep;
    for (let i = 0; i < 100_000; i++) deep = deep.next = {};
    await refused(
      (m) => m.devices.create(USER, { type: "SMS", phone: "+15125201234", nickname: 1n } as never),
      "device",
      "NOT_JSON",
    );
    await refused((m) => m.devices.create(USER, circular as never), "device", "NOT_JSON");
    await refused(
      (m) =>
        m.devices.create(USER, { type: "SMS", phone: "+15125201234", notification: { clientContext: root } } as never),
      "device",
      "NOT_JSON",
    );
  });

  it("refuses a body larger than 1 MiB as JSON", () =>
    refused(
      (m) =>
        m.devices.create(USER, {
          type: "SMS",
          phone: "+15125201234",
          notification: { clientContext: { blob: "x".repeat(1_100_000) } },
        } as never),
      "device",
      "TOO_LARGE",
    ));

  it("sends the snapshot it checked: a getter that changes its answer cannot smuggle a FAX device through", async () => {
    const { mfa, calls } = stubClient(() => json(201, { id: DEVICE, type: "SMS", status: "ACTIVE" }));
    let reads = 0;
    const body = {
      get type() {
        return reads++ === 0 ? "SMS" : "FAX";
      },
      phone: "+1 (512) 520-1234",
    };
    await mfa.devices.create(USER, body as never);
    expect(reads).toBe(1);
    expect(JSON.parse(calls[0]!.body)).toEqual({ type: "SMS", phone: "+15125201234" });
  });
});

describe("queries and headers are checked too", () => {
  it.each([
    ["limit: -5", { limit: -5 }, "query.limit", "INVALID_VALUE"],
    ['limit: "x&admin=1"', { limit: "x&admin=1" }, "query.limit", "INVALID_TYPE"],
    ["limit: 1.5", { limit: 1.5 }, "query.limit", "INVALID_TYPE"],
    ["an unknown expand", { expand: "everything" }, "query.expand", "INVALID_VALUE"],
    ["an empty filter", { filter: "" }, "query.filter", "INVALID_LENGTH"],
    ["an unknown parameter", { admin: true }, "query.admin", "FIELD_NOT_ALLOWED"],
  ] as const)("list with %s", (_, query, field, reason) =>
    refused((m) => m.devices.list(USER, query as never), field, reason),
  );

  it("refuses a cookie with a line break or an empty one", async () => {
    const check = { user: { id: USER }, policy: POLICY, payload: { type: "BROWSER" as const, value: "v" } };
    await refused(
      (m) => m.deviceAuthentications.checkRememberedDevice(check, "ST=1\r\nX-Evil: 1"),
      "cookie",
      "INVALID_VALUE",
    );
    await refused((m) => m.deviceAuthentications.checkRememberedDevice(check, ""), "cookie", "INVALID_LENGTH");
  });
});

describe("requests accept what PingOne accepts", () => {
  // PingOne's getting-started pages create EMAIL and SMS devices without `policy` (201), and public
  // FIDO2 enrolments send `{ type, rp }` only: the client sends these as they are.
  it.each([
    ["EMAIL", { type: "EMAIL", email: "ada.lovelace@example.com" }],
    ["VOICE", { type: "VOICE", phone: "+15125201234" }],
    ["WHATSAPP", { type: "WHATSAPP", phone: "+15125201234" }],
    ["FIDO2", { type: "FIDO2", rp: { id: "example.com", name: "Example" } }],
  ] as const)("a %s create without policy is sent", async (_, device) => {
    const { mfa, calls } = stubClient(() => json(201, { id: DEVICE, type: device.type, status: "ACTIVE" }));
    await expect(mfa.devices.create(USER, device)).resolves.toMatchObject({ id: DEVICE });
    expect(calls).toHaveLength(1);
    expect(JSON.parse(calls[0]!.body)).not.toHaveProperty("policy");
  });
});

describe("every method is async", () => {
  it("rejects (never throws synchronously) on a bad id, for every method", async () => {
    const { mfa } = stubClient();
    const resources = mfa as unknown as Record<string, Record<string, (...args: unknown[]) => unknown>>;
    for (const name of Object.keys(actions)) {
      const [resource, method] = name.split(".") as [string, string];
      let result: unknown;
      expect(() => (result = resources[resource]![method]!("..", "..", {})), name).not.toThrow();
      expect(result, name).toBeInstanceOf(Promise);
      await expect(result, name).rejects.toBeInstanceOf(PingOneValidationError);
    }
  });
});

describe("coverage of the generated checks", () => {
  it("has a rule for every request media type with a body, and for every query", () => {
    const withBody = Object.entries(actions)
      .filter(([n, a]) => a.mediaType && !actionOperations[n as keyof typeof actionOperations].bodyless)
      .map(([n]) => n);
    expect(Object.keys(requestRules.bodies).sort()).toEqual(withBody.sort());
    const withQuery = Object.entries(actions)
      .filter(([, a]) => a.arguments.some((x) => x.from === "query"))
      .map(([n]) => n);
    expect(Object.keys(requestRules.queries).sort()).toEqual(withQuery.sort());
  });
});
