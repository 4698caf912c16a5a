// Compile-time guarantees: the device union narrows on `type`, each action takes only its own
// body, and each method returns its own success body.
import { describe, expectTypeOf, it } from "vitest";
import { createMfaClient, type Device, type DeviceAuthentication, type DeviceCollection, type DeviceCreate, type DeviceOrder } from "../index.ts";

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
    // @ts-expect-error one-time targets are SMS, VOICE or EMAIL
    void mfa.deviceAuthentications.create({ user: { id: "u" }, selectedDevice: { oneTime: { type: "WHATSAPP", phone: "+1" } } });
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
