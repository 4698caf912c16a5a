// Public names for the spec's shapes. Nothing is restated: each is the generated type.
import type { components, operations } from "../../generated/schema.js";
import type { Exclusive } from "./context.js";

type Schemas = components["schemas"];

/** An MFA device as PingOne returns it. */
export type Device = Schemas["Device"];
/** A new device: a union narrowed by `type` (SMS, VOICE, EMAIL, WHATSAPP, TOTP, FIDO2, OATH_TOKEN, PINGID_DESKTOP_GEN2). */
export type DeviceCreate = Exclusive<Schemas["DeviceCreate"]>;
/** A new SMS device: `phone` required, `testMode` allowed. */
export type SmsDeviceCreate = Schemas["SmsDeviceCreate"];
/** A new voice device: `phone` required, optional `extension`, `testMode` allowed. */
export type VoiceDeviceCreate = Schemas["VoiceDeviceCreate"];
/** A new email device: `email` required, `testMode` allowed. */
export type EmailDeviceCreate = Schemas["EmailDeviceCreate"];
/** A new WhatsApp device: `phone` required; no `testMode`. */
export type WhatsAppDeviceCreate = Schemas["WhatsAppDeviceCreate"];
/** A new authenticator-app (TOTP) device; the answer carries its secret. */
export type TotpDeviceCreate = Schemas["TotpDeviceCreate"];
/** A new FIDO2 device: `rp` required; the answer carries WebAuthn creation options. */
export type Fido2DeviceCreate = Schemas["Fido2DeviceCreate"];
/** A new hardware OATH token device, by `serialNumber`. */
export type OathTokenDeviceCreate = Schemas["OathTokenDeviceCreate"];
/** A new PingID Desktop device: `status` must be `ACTIVATION_REQUIRED`. */
export type PingIdDesktopDeviceCreate = Schemas["PingIdDesktopDeviceCreate"];
/** A browser to remember (`devices.remember`): the MFA policy, the Signals SDK's `payload`, optionally the session. */
export type BrowserDeviceCreate = Schemas["BrowserDeviceCreate"];
/** What `devices.remember` resolves to: the BROWSER device, and the `Set-Cookie` value PingOne set (a secret). */
export type RememberedBrowser = { device: Device; cookie: string };
/** A device type as PingOne answers it: the known ones (`KnownDeviceType`), or any string PingOne adds later. */
export type DeviceType = Schemas["DeviceType"];
/** `ACTIVE`, `ACTIVATION_REQUIRED`, or any status PingOne adds later. */
export type DeviceStatus = Schemas["DeviceStatus"];
/** A user's devices (`_embedded.devices`), default first when the user has an order. */
export type DeviceCollection = Schemas["DeviceCollection"];
/** Query of `devices.list`: `filter`, `limit`, `expand`. */
export type DeviceListQuery = NonNullable<operations["listUserDevices"]["parameters"]["query"]>;
/** The answer of `devices.setOrder`: the device order, default first. */
export type DeviceOrder = Schemas["DeviceOrder"];
/** What activates a device: `{ otp }` (with `oathResync` for OATH tokens), a FIDO2 attestation, or a PingID Desktop attestation. */
export type DeviceActivation = Exclusive<Schemas["DeviceActivation"]>;
/** The answer of `devices.setNickname`. */
export type DeviceNickname = Schemas["DeviceNickname"];
/** The answer of `devices.sendLogs`: the pending log upload. */
export type DeviceLogs = Schemas["DeviceLogs"];

/** An MFA authentication, narrowed by `status`: `OTP_REQUIRED` has `_links["otp.check"]`, `FAILED` has `error`, … */
export type DeviceAuthentication = Schemas["DeviceAuthentication"];
/** Where an authentication stands: a known status, or any string PingOne adds later. */
export type DeviceAuthenticationStatus = Schemas["DeviceAuthenticationStatus"];
/** Starts an authentication: `{ user }`, plus `selectedDevice.oneTime` or `notification`; `{ rp }` for usernameless FIDO2. */
export type DeviceAuthenticationCreate = Schemas["DeviceAuthenticationCreate"];
/** A one-time SMS, voice or email target, narrowed by `type`. */
export type OneTimeDevice = Schemas["OneTimeDevice"];
/** The body of `deviceAuthentications.selectDevice`. */
export type DeviceSelection = Schemas["DeviceSelection"];
/** The body of `deviceAuthentications.checkAssertion`. */
export type AssertionCheck = Schemas["AssertionCheck"];
/** The body of `deviceAuthentications.checkRememberedDevice`: user, MFA policy and the Signals SDK's browser payload. */
export type RememberedDeviceCheck = Schemas["RememberedDeviceCheck"];
/** Why a device authentication failed (`FAILED`). */
export type DeviceAuthenticationError = Schemas["DeviceAuthenticationError"];
/** A device type PingOne knows today; answers may carry others (`DeviceType`). */
export type KnownDeviceType = Schemas["KnownDeviceType"];
/** A device authentication in one status: `DeviceAuthenticationIn<"OTP_REQUIRED">`. */
export type DeviceAuthenticationIn<S extends DeviceAuthentication["status"]> = Extract<
  DeviceAuthentication,
  { status: S }
>;
/** Why a push authentication is cancelled. */
export type CancelReason = Schemas["AuthenticationCancel"]["reason"];
