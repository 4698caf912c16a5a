// Passcodes and what limits them: sending one (and the daily quotas), TOTP codes, checking one,
// the user's cool-down after too many wrong passcodes, a device's lock after too many wrong
// activation passcodes, and the push limit. Sources in the behaviour table (behaviours.ts).
import { hmac } from "@noble/hashes/hmac.js";
import { sha1 } from "@noble/hashes/legacy.js";
import { randomInt } from "../random.js";
import { refusals } from "./errors.js";
import type { AuthRecord, DeviceRecord, Passcode, UserRecord } from "./records.js";
import { durationMs, type SimulatorSettings } from "./settings.js";

/** Types whose passcodes PingOne sends or the device computes. */
export const OTP_TYPES: ReadonlySet<string> = new Set(["SMS", "VOICE", "EMAIL", "WHATSAPP", "TOTP", "OATH_TOKEN"]);
/** Types PingOne delivers a passcode to (and counts against the daily quotas). */
export const DELIVERED: ReadonlySet<string> = new Set(["SMS", "VOICE", "EMAIL", "WHATSAPP"]);

/** A fresh six-digit passcode valid for the policy's `otp.lifeTime`. */
export const newPasscode = (settings: SimulatorSettings, now: number): Passcode => ({
  code: String(randomInt(1_000_000)).padStart(6, "0"),
  expiresAt: now + durationMs(settings.otp.lifeTime),
});

const BASE32 = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";
/** RFC 4648 base32 without padding, as `otpauth://` URIs carry a TOTP secret. */
export function base32(bytes: Uint8Array): string {
  let bits = "";
  for (const byte of bytes) bits += byte.toString(2).padStart(8, "0");
  return (bits.match(/.{1,5}/g) ?? []).map((chunk) => BASE32[parseInt(chunk.padEnd(5, "0"), 2)]).join("");
}

/** The RFC 6238 code (SHA-1, 6 digits, 30 s steps) of `key` at `time`, as authenticator apps compute it. */
export function totpCode(key: Uint8Array, time: number): string {
  const counter = new Uint8Array(8);
  new DataView(counter.buffer).setBigUint64(0, BigInt(Math.floor(time / 30_000)));
  const mac = hmac(sha1, key, counter);
  const offset = mac[mac.length - 1]! & 0xf;
  const word = new DataView(mac.buffer, mac.byteOffset).getUint32(offset);
  return String((word & 0x7fffffff) % 1_000_000).padStart(6, "0");
}

/** The right passcode: the current TOTP code (one step either side) for an app, otherwise the one sent, unexpired. */
export function passcodeOk(
  device: DeviceRecord | undefined,
  sent: Passcode | undefined,
  code: unknown,
  now: number,
): boolean {
  if (device?.totpKey) return [-30_000, 0, 30_000].some((skew) => totpCode(device.totpKey!, now + skew) === code);
  return sent !== undefined && sent.expiresAt > now && code === sent.code;
}

/**
 * Counts one message of `type` against the user's daily quota (UTC days); past it, 429 with
 * `Retry-After` until midnight. Types PingOne does not deliver count nothing.
 */
export function countDelivery(user: UserRecord, type: string, settings: SimulatorSettings, now: number) {
  if (!DELIVERED.has(type)) return;
  const today = new Date(now);
  const day = today.toISOString().slice(0, 10);
  if (user.sent.day !== day) user.sent = { day, smsVoice: 0, email: 0 };
  const kind = type === "EMAIL" ? "email" : "smsVoice";
  const limit = settings.quotas[kind].total;
  if (user.sent[kind] >= limit) {
    const midnight = Date.UTC(today.getUTCFullYear(), today.getUTCMonth(), today.getUTCDate() + 1);
    refusals.dailyQuota(
      kind === "email" ? "email" : "SMS and voice",
      limit,
      new Date(midnight).toISOString(),
      Math.ceil((midnight - now) / 1000),
    );
  }
  user.sent[kind]++;
}

// The user's cool-down (device authentication policy `otp.failure`): wrong passcodes count per
// user, across authentications, until a right one; at `count` the user is blocked for `coolDown`.
// One-time targets never block the user ("when using the 'onetime authentication' feature, the
// user is not blocked").

/** Refuses a passcode check while the user is blocked: 400 QUOTA_EXCEEDED with `coolDownExpiresAt`. */
export function refuseDuringCoolDown(user: UserRecord | undefined, now: number) {
  if (user?.coolDownUntil !== undefined && user.coolDownUntil > now) refusals.otpCoolDown(user.coolDownUntil);
}

/**
 * Counts a wrong passcode in `auth` (and against its user, unless one-time) and returns the attempts
 * left; at none the authentication is FAILED and the user, unless one-time, is blocked for the cool-down.
 */
export function countWrongPasscode(
  auth: AuthRecord,
  user: UserRecord | undefined,
  settings: SimulatorSettings,
  now: number,
): number {
  const { count, coolDown } = settings.otp.failure;
  auth.failures++;
  let failures = auth.failures;
  if (user && !auth.oneTime) {
    if (user.coolDownUntil !== undefined && user.coolDownUntil <= now) user.coolDownUntil = undefined;
    failures = ++user.otpFailures;
  }
  const remaining = Math.max(0, count - failures);
  if (remaining === 0) {
    auth.status = "FAILED";
    auth.passcode = undefined;
    if (user && !auth.oneTime) {
      user.coolDownUntil = now + durationMs(coolDown);
      user.otpFailures = 0;
    }
  }
  return remaining;
}

/** A right passcode: the user's count starts again. */
export function countRightPasscode(user: UserRecord | undefined, auth: AuthRecord) {
  if (user && !auth.oneTime) user.otpFailures = 0;
}

// A device's lock (MFA settings `lockout`): wrong activation passcodes count per device; at
// `failureCount` the device locks for `durationSeconds`.

export const isLocked = (device: DeviceRecord, now: number) =>
  device.lockedUntil !== undefined && device.lockedUntil > now;

/** Refuses activation of a locked device: 400 LIMIT_EXCEEDED with `lockExpiresAt`. */
export function refuseWhileLocked(device: DeviceRecord, now: number) {
  if (isLocked(device, now)) refusals.deviceLocked(new Date(device.lockedUntil!).toISOString());
}

/** Counts a wrong activation passcode: the attempts left, or the lock's refusal when it locks. */
export function countWrongActivation(device: DeviceRecord, settings: SimulatorSettings, now: number): number {
  const { failureCount, durationSeconds } = settings.lockout;
  device.failures++;
  if (device.failures >= failureCount) {
    device.lockedUntil = now + durationSeconds * 1000;
    device.failures = 0;
    refuseWhileLocked(device, now);
  }
  return failureCount - device.failures;
}

// The push limit (device authentication policy `pushLimit`): pushes ignored (timed out) or denied
// within `timePeriod` count; at `count` pushes are blocked for the user for `lockDuration`; an
// approved push starts the count again.

export const pushesLocked = (user: UserRecord | undefined, now: number) =>
  user?.pushLockedUntil !== undefined && user.pushLockedUntil > now;

/** Counts a push's outcome against the user's push limit. */
export function countPushOutcome(user: UserRecord, approved: boolean, settings: SimulatorSettings, now: number) {
  if (approved) {
    user.pushFailures = [];
    return;
  }
  const since = now - durationMs(settings.pushLimit.timePeriod);
  user.pushFailures = [...user.pushFailures.filter((at) => at > since), now];
  if (user.pushFailures.length >= settings.pushLimit.count) {
    user.pushLockedUntil = now + durationMs(settings.pushLimit.lockDuration);
    user.pushFailures = [];
  }
}

/** Whether a device can authenticate now, and why not (`usableStatus`; the reasons: default chosen). */
export function usableStatus(
  device: DeviceRecord,
  user: UserRecord | undefined,
  now: number,
): { status: "ENABLED" } | { status: "DISABLED"; reason: string } {
  if (device.blockedAt) return { status: "DISABLED", reason: "DEVICE_BLOCKED" };
  if (isLocked(device, now)) return { status: "DISABLED", reason: "DEVICE_LOCKED" };
  if (device.type === "MOBILE" && pushesLocked(user, now)) return { status: "DISABLED", reason: "PUSH_LIMIT_EXCEEDED" };
  return { status: "ENABLED" };
}

export const usable = (device: DeviceRecord, user: UserRecord | undefined, now: number) =>
  device.status === "ACTIVE" && usableStatus(device, user, now).status === "ENABLED";
