// Public names for the spec's shapes. Nothing is restated: each is the generated type.
import type { components, operations } from "../generated/schema.js";

type Schemas = components["schemas"];

/** An MFA device as PingOne returns it. */
export type Device = Schemas["Device"];
/** A new device: a union narrowed by `type` (SMS, VOICE, EMAIL, WHATSAPP, TOTP, FIDO2, OATH_TOKEN, PINGID_DESKTOP_GEN2). */
export type DeviceCreate = Schemas["DeviceCreate"];
export type SmsDeviceCreate = Schemas["SmsDeviceCreate"];
export type VoiceDeviceCreate = Schemas["VoiceDeviceCreate"];
export type EmailDeviceCreate = Schemas["EmailDeviceCreate"];
export type WhatsAppDeviceCreate = Schemas["WhatsAppDeviceCreate"];
export type TotpDeviceCreate = Schemas["TotpDeviceCreate"];
export type Fido2DeviceCreate = Schemas["Fido2DeviceCreate"];
export type OathTokenDeviceCreate = Schemas["OathTokenDeviceCreate"];
export type PingIdDesktopDeviceCreate = Schemas["PingIdDesktopDeviceCreate"];
export type DeviceType = Schemas["DeviceType"];
export type DeviceStatus = Schemas["DeviceStatus"];
/** A user's devices (`_embedded.devices`), default first when the user has an order. */
export type DeviceCollection = Schemas["DeviceCollection"];
/** Query of `devices.list`: `filter`, `limit`, `expand`. */
export type DeviceListQuery = NonNullable<operations["listUserDevices"]["parameters"]["query"]>;
export type DeviceOrder = Schemas["DeviceOrder"];
/** What activates a device: `{ otp }` (with `oathResync` for OATH tokens), a FIDO2 attestation, or a PingID Desktop attestation. */
export type DeviceActivation = Schemas["DeviceActivation"];
export type DeviceNickname = Schemas["DeviceNickname"];
export type DeviceLogs = Schemas["DeviceLogs"];

/** An MFA authentication in progress or finished; `status` names the next call. */
export type DeviceAuthentication = Schemas["DeviceAuthentication"];
export type DeviceAuthenticationStatus = Schemas["DeviceAuthenticationStatus"];
/** Starts an authentication: `{ user }`, plus `selectedDevice.oneTime` or `notification`; `{ rp }` for usernameless FIDO2. */
export type DeviceAuthenticationCreate = Schemas["DeviceAuthenticationCreate"];
export type OneTimeDevice = Schemas["OneTimeDevice"];
export type DeviceSelection = Schemas["DeviceSelection"];
export type AssertionCheck = Schemas["AssertionCheck"];
export type CancelReason = Schemas["AuthenticationCancel"]["reason"];
