// Compile-time guarantees: the device union narrows on `type`, each action takes only its own
// body, and each method returns its own success body.
import { describe, expectTypeOf, it } from "vitest";
import {
  createMfaClient,
  type Device,
  type DeviceAuthentication,
  type DeviceAuthenticationError,
  type DeviceAuthenticationIn,
  type DeviceAuthenticationStatus,
  type DeviceCollection,
  type DeviceCreate,
  type DeviceOrder,
  type DeviceStatus,
  type DeviceType,
  type KnownDeviceType,
  type PingOneErrorDetail,
  type DeviceLogs,
} from "../../src/index.ts";
import type { Context } from "../../src/client/context.ts";

const mfa = createMfaClient({ environmentId: "e", accessToken: "t" });

describe("device create", () => {
  it("narrows on type", () => {
    const check = (device: DeviceCreate) => {
      if (device.type === "SMS") expectTypeOf(device.phone).toEqualTypeOf<string>();
      if (device.type === "EMAIL") expectTypeOf(device.email).toEqualTypeOf<string>();
      if (device.type === "FIDO2") expectTypeOf(device.rp).toEqualTypeOf<{ id: string; name: string }>();
    };
    expectTypeOf(check).toBeFunction();
  });

  it("refuses bodies the spec refuses", () => {
    // @ts-expect-error an EMAIL device has no phone
    void mfa.devices.create("u", { type: "EMAIL", email: "a@example.com", phone: "+15125201234", policy: { id: "p" } });
    // @ts-expect-error FAX is not a device type
    void mfa.devices.create("u", { type: "FAX", phone: "+15125201234" });
    // @ts-expect-error an SMS device needs a phone
    void mfa.devices.create("u", { type: "SMS" });
    // @ts-expect-error testMode is only for EMAIL, SMS and VOICE
    void mfa.devices.create("u", { type: "WHATSAPP", phone: "+15125201234", policy: { id: "p" }, testMode: true });
    // @ts-expect-error a device order is not a device
    void mfa.devices.create("u", { order: [{ id: "d" }] });
    void mfa.devices.create("u", { type: "SMS", phone: "+15125201234", testMode: true, status: "ACTIVATION_REQUIRED" });
  });
});

describe("each action takes its own body", () => {
  it("activate, select, assertion and cancel", () => {
    void mfa.devices.activate("u", "d", { otp: "123456" });
    void mfa.devices.activate("u", "d", { origin: "https://a.example", attestation: "{}" });
    // @ts-expect-error a device selection does not activate a device
    void mfa.devices.activate("u", "d", { device: { id: "d" } });
    // @ts-expect-error an OTP check is not a device selection
    void mfa.deviceAuthentications.selectDevice("a", { otp: "123456" });
    // @ts-expect-error an assertion check needs origin and assertion
    void mfa.deviceAuthentications.checkAssertion("a", { otp: "123456" });
    // @ts-expect-error reasons are CHANGE_DEVICE, ADD_DEVICE, SIGNOUT or DEFAULT
    void mfa.deviceAuthentications.cancel("a", "BORED");
    void mfa.deviceAuthentications.create({
      user: { id: "u" },
      // @ts-expect-error one-time targets are SMS, VOICE or EMAIL
      selectedDevice: { oneTime: { type: "WHATSAPP", phone: "+1" } },
    });
  });
});

describe("each method returns its own success body", () => {
  it("is not a union with other media types' bodies", () => {
    expectTypeOf(mfa.devices.create).returns.resolves.toEqualTypeOf<Device>();
    expectTypeOf(mfa.devices.setOrder).returns.resolves.toEqualTypeOf<DeviceOrder>();
    expectTypeOf(mfa.devices.removeOrder).returns.resolves.toEqualTypeOf<void>();
    expectTypeOf(mfa.devices.list).returns.resolves.toEqualTypeOf<DeviceCollection>();
    expectTypeOf(mfa.devices.block).returns.resolves.toEqualTypeOf<Device>();
    expectTypeOf(mfa.deviceAuthentications.checkOtp).returns.resolves.toEqualTypeOf<DeviceAuthentication>();
  });

  it("keeps the api paths off the auth client and back", () => {
    // @ts-expect-error deviceAuthentications live on the auth host
    void mfa.raw.api.GET("/{environmentId}/deviceAuthentications/{deviceAuthenticationId}", {});
    // @ts-expect-error devices live on the api host
    void mfa.raw.auth.GET("/environments/{environmentId}/users/{userId}/devices", {});
  });
});

describe("deviceAuthentications narrow on status", () => {
  const auth = {} as DeviceAuthentication;
  it("OTP_REQUIRED has its otp.check link", () => {
    if (auth.status === "OTP_REQUIRED") expectTypeOf(auth._links["otp.check"].href).toEqualTypeOf<string>();
    // @ts-expect-error the otp.check link is not guaranteed before narrowing
    void auth._links["otp.check"].href;
  });
  it("DEVICE_SELECTION_REQUIRED has the devices to choose from", () => {
    if (auth.status === "DEVICE_SELECTION_REQUIRED") expectTypeOf(auth._embedded.devices).toBeArray();
    // @ts-expect-error _embedded is not guaranteed before narrowing
    void auth._embedded.devices;
  });
  it("ASSERTION_REQUIRED has the WebAuthn request options", () => {
    if (auth.status === "ASSERTION_REQUIRED")
      expectTypeOf(auth.publicKeyCredentialRequestOptions).toEqualTypeOf<string>();
  });
  it("FAILED has its error", () => {
    if (auth.status === "FAILED") expectTypeOf(auth.error).toEqualTypeOf<DeviceAuthenticationError>();
    // @ts-expect-error error is only on FAILED
    void auth.error.code;
  });
  it("COMPLETED and the push statuses are members too", () => {
    expectTypeOf<DeviceAuthenticationIn<"COMPLETED">["status"]>().toEqualTypeOf<"COMPLETED">();
    expectTypeOf<
      DeviceAuthenticationIn<"PUSH_CONFIRMATION_REQUIRED">["status"]
    >().toEqualTypeOf<"PUSH_CONFIRMATION_REQUIRED">();
    expectTypeOf<
      DeviceAuthenticationIn<"PUSH_CONFIRMATION_TIMED_OUT">["status"]
    >().toEqualTypeOf<"PUSH_CONFIRMATION_TIMED_OUT">();
  });
});

describe("answers accept values PingOne adds; requests do not", () => {
  it("keeps the known values and any other string", () => {
    const added: DeviceType = "SMART_WATCH";
    const status: DeviceStatus = "DORMANT";
    const authStatus: DeviceAuthenticationStatus = "PUSH_CONFIRMATION_REJECTED";
    expectTypeOf<"SMS">().toMatchTypeOf<DeviceType>();
    expectTypeOf<KnownDeviceType>().toMatchTypeOf<DeviceType>();
    expectTypeOf<PingOneErrorDetail["code"]>().toMatchTypeOf<string>();
    void [added, status, authStatus];
    // @ts-expect-error a request names only known device types
    void mfa.devices.create("u", { type: "SMART_WATCH" });
  });
});

describe("the remembered-device check", () => {
  it("takes the check body and the cookie, and answers a device authentication", () => {
    const body = { user: { id: "u" }, policy: { id: "p" }, payload: { type: "BROWSER" as const, value: "v" } };
    expectTypeOf(
      mfa.deviceAuthentications.checkRememberedDevice,
    ).returns.resolves.toEqualTypeOf<DeviceAuthentication>();
    void mfa.deviceAuthentications.checkRememberedDevice(body, "ST=1");
    void mfa.deviceAuthentications.checkRememberedDevice({ ...body, deviceSession: { id: "s" } }, "ST=1");
    // @ts-expect-error the cookie is required
    void mfa.deviceAuthentications.checkRememberedDevice(body);
    // @ts-expect-error the payload is required
    void mfa.deviceAuthentications.checkRememberedDevice({ user: { id: "u" }, policy: { id: "p" } }, "ST=1");
    // @ts-expect-error the payload type is BROWSER
    void mfa.deviceAuthentications.checkRememberedDevice({ ...body, payload: { type: "MOBILE", value: "v" } }, "ST=1");
  });
});

describe("inside src, an action fixes its arguments and its result", () => {
  const ctx = {} as Context;
  it("refuses another action's arguments and another action's result", () => {
    void ctx.call("deviceAuthentications.cancel", ["a", "CHANGE_DEVICE"]);
    // @ts-expect-error an OTP is not the cancel action's reason
    void ctx.call("deviceAuthentications.cancel", ["a", { otp: "123456" }]);
    // @ts-expect-error setOrder answers the device order, not the pending log upload
    const logs: Promise<DeviceLogs> = ctx.call("devices.setOrder", ["u", ["d"]]);
    void logs;
    // @ts-expect-error block takes no body: its third argument is the call options
    void ctx.call("devices.block", ["u", "d", { otp: "1" }]);
    // @ts-expect-error the devices path needs the user
    void ctx.call("devices.get", ["d"]);
    expectTypeOf(ctx.call("devices.removeOrder", ["u"])).resolves.toEqualTypeOf<void>();
  });

  it("types each generated method from the spec", () => {
    expectTypeOf(mfa.devices.setOrder).parameter(1).toEqualTypeOf<readonly string[]>();
    expectTypeOf(mfa.deviceAuthentications.checkOtp).parameter(1).toEqualTypeOf<string>();
    // @ts-expect-error block takes no body
    void mfa.devices.block("u", "d", { otp: "1" });
    // @ts-expect-error setNickname takes the nickname itself
    void mfa.devices.setNickname("u", "d", { nickname: "n" });
  });

  it("keeps alternative bodies exclusive", () => {
    void mfa.devices.activate("u", "d", { otp: "1" });
    void mfa.devices.activate("u", "d", { attestation: "x" });
    // @ts-expect-error an OTP and an attestation together are neither activation
    void mfa.devices.activate("u", "d", { otp: "1", attestation: "x" });
    // @ts-expect-error a FIDO2 attestation with an OTP
    void mfa.devices.activate("u", "d", { origin: "https://a.example", attestation: "{}", otp: "1" });
  });
});
