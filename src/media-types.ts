// The Content-Type of each action. PingOne picks the action from it, so each typed method sends
// its own; `satisfies` makes a media type the spec does not declare a compile error.
import type { operations } from "../generated/schema.js";

type RequestMediaType<Op extends keyof operations> = keyof NonNullable<operations[Op]["requestBody"]>["content"];
const vnd = <T extends string>(action: T) => `application/vnd.pingidentity.${action}+json` as const;

/** Content-Type of each action on `…/devices` (create, set order, remove order). */
export const DEVICES_MEDIA = {
  create: "application/json",
  setOrder: vnd("devices.reorder"),
  removeOrder: vnd("devices.order.remove"),
} as const satisfies Record<string, RequestMediaType<"postUserDevices">>;

/** Content-Type of each action on `…/devices/{deviceId}`. */
export const DEVICE_ACTION_MEDIA = {
  activate: vnd("device.activate"),
  block: vnd("device.block"),
  unblock: vnd("device.unblock"),
  unlock: vnd("device.unlock"),
  resendPairingCode: vnd("device.sendActivationCode"),
} as const satisfies Record<string, RequestMediaType<"postUserDeviceAction">>;

/** Content-Type of each deviceAuthentications action. */
export const DEVICE_AUTHENTICATION_MEDIA = {
  create: "application/json",
  checkRememberedDevice: vnd("payload.check"),
  selectDevice: vnd("device.select"),
  checkOtp: vnd("otp.check"),
  checkAssertion: vnd("assertion.check"),
  cancel: vnd("cancel.push.authentication"),
} as const satisfies Record<
  string,
  RequestMediaType<"createDeviceAuthentication"> | RequestMediaType<"postDeviceAuthenticationAction">
>;
