// Generated from openapi/ (x-pingone-method) by scripts/spec-build.ts (npm run generate). Do not edit.
import type { ActionTypes } from "./actions.js";

type KeysOfUnion<T> = T extends unknown ? keyof T : never;
/** A union whose members exclude each other: `{ otp } | { attestation }`, never both. */
export type Exclusive<T, K extends PropertyKey = KeysOfUnion<T>> = T extends unknown
  ? T & { [P in Exclude<K, keyof T>]?: never }
  : never;
/** The body an action sends. */
export type BodyOf<A extends keyof ActionTypes> = Exclusive<ActionTypes[A]["body"]>;

/** The `devices` methods of a client. */
export interface DevicesMethods<CallOptions> {
  /**
   * Lists the user's devices, default first when the user has an order (`filter`, `limit`,
   * `expand`).
   *
   * `GET /environments/{environmentId}/users/{userId}/devices` → 200
   */
  list(
    userId: string,
    query?: ActionTypes["devices.list"]["query"],
    call?: CallOptions,
  ): Promise<ActionTypes["devices.list"]["result"]>;
  /**
   * Creates a device (201). Phones (SMS, VOICE, WHATSAPP) are sent as E.164; `testMode` is accepted
   * on EMAIL, SMS and VOICE only. Throws `PhoneNumberError` or `PingOneValidationError` before any
   * request for a bad body. A browser is remembered with `devices.remember`.
   *
   * `POST /environments/{environmentId}/users/{userId}/devices` (`application/json`) → 201
   */
  create(
    userId: string,
    device: BodyOf<"devices.create">,
    call?: CallOptions,
  ): Promise<ActionTypes["devices.create"]["result"]>;
  /**
   * Remembers the user's browser (a BROWSER device, 201) and resolves to `{ device, cookie }`:
   * `cookie` is the `Set-Cookie` value PingOne answered with, which
   * `deviceAuthentications.checkRememberedDevice` takes as it is. The cookie and `payload` are
   * secrets: neither appears in an error or a log line.
   *
   * `POST /environments/{environmentId}/users/{userId}/devices` (`application/json`) → 201
   */
  remember(
    userId: string,
    device: BodyOf<"devices.remember">,
    call?: CallOptions,
  ): Promise<ActionTypes["devices.remember"]["result"]>;
  /**
   * Sets the order of the user's devices; the first becomes the default.
   *
   * `POST /environments/{environmentId}/users/{userId}/devices` (`application/vnd.pingidentity.devices.reorder+json`) → 200
   */
  setOrder(
    userId: string,
    deviceIds: readonly ActionTypes["devices.setOrder"]["body"]["order"][number]["id"][],
    call?: CallOptions,
  ): Promise<ActionTypes["devices.setOrder"]["result"]>;
  /**
   * Removes the user's device order (204), leaving no default device.
   *
   * `POST /environments/{environmentId}/users/{userId}/devices` (`application/vnd.pingidentity.devices.order.remove+json`) → 204
   */
  removeOrder(userId: string, call?: CallOptions): Promise<ActionTypes["devices.removeOrder"]["result"]>;
  /**
   * Reads one device.
   *
   * `GET /environments/{environmentId}/users/{userId}/devices/{deviceId}` → 200
   */
  get(userId: string, deviceId: string, call?: CallOptions): Promise<ActionTypes["devices.get"]["result"]>;
  /**
   * Activates a device with an OTP (`{ otp }`, `oathResync` for OATH tokens) or an attestation.
   *
   * `POST /environments/{environmentId}/users/{userId}/devices/{deviceId}` (`application/vnd.pingidentity.device.activate+json`) → 200
   */
  activate(
    userId: string,
    deviceId: string,
    activation: BodyOf<"devices.activate">,
    call?: CallOptions,
  ): Promise<ActionTypes["devices.activate"]["result"]>;
  /**
   * Blocks a device: it cannot be used until unblocked.
   *
   * `POST /environments/{environmentId}/users/{userId}/devices/{deviceId}` (`application/vnd.pingidentity.device.block+json`) → 200
   */
  block(userId: string, deviceId: string, call?: CallOptions): Promise<ActionTypes["devices.block"]["result"]>;
  /**
   * Unblocks a device.
   *
   * `POST /environments/{environmentId}/users/{userId}/devices/{deviceId}` (`application/vnd.pingidentity.device.unblock+json`) → 200
   */
  unblock(userId: string, deviceId: string, call?: CallOptions): Promise<ActionTypes["devices.unblock"]["result"]>;
  /**
   * Unlocks a device locked after too many failed attempts, and resets its failure count.
   *
   * `POST /environments/{environmentId}/users/{userId}/devices/{deviceId}` (`application/vnd.pingidentity.device.unlock+json`) → 200
   */
  unlock(userId: string, deviceId: string, call?: CallOptions): Promise<ActionTypes["devices.unlock"]["result"]>;
  /**
   * Sends the device's pairing code again.
   *
   * `POST /environments/{environmentId}/users/{userId}/devices/{deviceId}` (`application/vnd.pingidentity.device.sendActivationCode+json`) → 200
   */
  resendPairingCode(
    userId: string,
    deviceId: string,
    call?: CallOptions,
  ): Promise<ActionTypes["devices.resendPairingCode"]["result"]>;
  /**
   * Deletes a device (204). The next device in the order becomes the default.
   *
   * `DELETE /environments/{environmentId}/users/{userId}/devices/{deviceId}` → 204
   */
  delete(userId: string, deviceId: string, call?: CallOptions): Promise<ActionTypes["devices.delete"]["result"]>;
  /**
   * Renames a device; the nickname is the only field that can change after creation.
   *
   * `PUT /environments/{environmentId}/users/{userId}/devices/{deviceId}/nickname` (`application/json`) → 200
   */
  setNickname(
    userId: string,
    deviceId: string,
    nickname: ActionTypes["devices.setNickname"]["body"]["nickname"],
    call?: CallOptions,
  ): Promise<ActionTypes["devices.setNickname"]["result"]>;
  /**
   * Asks a MOBILE device to upload its logs.
   *
   * `PUT /environments/{environmentId}/users/{userId}/devices/{deviceId}/logs` (`application/json`) → 200
   */
  sendLogs(userId: string, deviceId: string, call?: CallOptions): Promise<ActionTypes["devices.sendLogs"]["result"]>;
}

/** The `deviceAuthentications` methods of a client. */
export interface DeviceAuthenticationsMethods<CallOptions> {
  /**
   * Starts an authentication (201). One-time SMS and VOICE phones are sent as E.164. Throws
   * `PhoneNumberError` or `PingOneValidationError` before any request for a bad body.
   *
   * `POST /{environmentId}/deviceAuthentications` (`application/json`) → 201
   */
  create(
    deviceAuthentication: BodyOf<"deviceAuthentications.create">,
    call?: CallOptions,
  ): Promise<ActionTypes["deviceAuthentications.create"]["result"]>;
  /**
   * Checks whether the user's browser is one PingOne remembered (200): `COMPLETED` when it is,
   * `FAILED` otherwise. `cookie` is the `Set-Cookie` value PingOne returned when it remembered the
   * browser; it is sent as the `Cookie` header and, like `payload.value`, never appears in an
   * error.
   *
   * `POST /{environmentId}/deviceAuthentications` (`application/vnd.pingidentity.payload.check+json`) → 200
   */
  checkRememberedDevice(
    check: BodyOf<"deviceAuthentications.checkRememberedDevice">,
    cookie: NonNullable<ActionTypes["deviceAuthentications.checkRememberedDevice"]["headers"]["Cookie"]>,
    call?: CallOptions,
  ): Promise<ActionTypes["deviceAuthentications.checkRememberedDevice"]["result"]>;
  /**
   * Reads an authentication; poll it while `status` is `PUSH_CONFIRMATION_REQUIRED`.
   *
   * `GET /{environmentId}/deviceAuthentications/{deviceAuthenticationId}` → 200
   */
  get(deviceAuthenticationId: string, call?: CallOptions): Promise<ActionTypes["deviceAuthentications.get"]["result"]>;
  /**
   * Chooses the device to authenticate with (`DEVICE_SELECTION_REQUIRED`).
   *
   * `POST /{environmentId}/deviceAuthentications/{deviceAuthenticationId}` (`application/vnd.pingidentity.device.select+json`) → 200
   */
  selectDevice(
    deviceAuthenticationId: string,
    selection: BodyOf<"deviceAuthentications.selectDevice">,
    call?: CallOptions,
  ): Promise<ActionTypes["deviceAuthentications.selectDevice"]["result"]>;
  /**
   * Checks the passcode (`OTP_REQUIRED`). A wrong passcode throws `PingOneApiError` 400 with detail
   * `INVALID_OTP` (`innerError.attemptsRemaining`); a blocked user, 400 `QUOTA_EXCEEDED`
   * (`innerError.coolDownExpiresAt`). The OTP never appears in an error. Never resent after a
   * failure: a repeated check spends one of the user's attempts.
   *
   * `POST /{environmentId}/deviceAuthentications/{deviceAuthenticationId}` (`application/vnd.pingidentity.otp.check+json`) → 200
   */
  checkOtp(
    deviceAuthenticationId: string,
    otp: ActionTypes["deviceAuthentications.checkOtp"]["body"]["otp"],
    call?: CallOptions,
  ): Promise<ActionTypes["deviceAuthentications.checkOtp"]["result"]>;
  /**
   * Checks a FIDO2 or PingID Desktop assertion (`ASSERTION_REQUIRED`).
   *
   * `POST /{environmentId}/deviceAuthentications/{deviceAuthenticationId}` (`application/vnd.pingidentity.assertion.check+json`) → 200
   */
  checkAssertion(
    deviceAuthenticationId: string,
    assertion: BodyOf<"deviceAuthentications.checkAssertion">,
    call?: CallOptions,
  ): Promise<ActionTypes["deviceAuthentications.checkAssertion"]["result"]>;
  /**
   * Cancels a push authentication and returns to device selection.
   *
   * `POST /{environmentId}/deviceAuthentications/{deviceAuthenticationId}` (`application/vnd.pingidentity.cancel.push.authentication+json`) → 200
   */
  cancel(
    deviceAuthenticationId: string,
    reason: ActionTypes["deviceAuthentications.cancel"]["body"]["reason"],
    call?: CallOptions,
  ): Promise<ActionTypes["deviceAuthentications.cancel"]["result"]>;
}

/** Every resource's methods, each taking a last, optional `call` (environmentId, signal, headers). */
export interface Methods<CallOptions> {
  devices: DevicesMethods<CallOptions>;
  deviceAuthentications: DeviceAuthenticationsMethods<CallOptions>;
}
