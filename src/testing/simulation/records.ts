// What the simulator remembers: users' devices, authentications, remembered browsers, and the
// passcodes it sent. Plain records; the store (store.ts) holds and bounds them.

/** A passcode sent and when it stops working. */
export interface Passcode {
  code: string;
  expiresAt: number;
}

/** The fields a create sent that the device keeps and answers with (phone, email, nickname, rp, testMode…). */
export interface DeviceFields {
  phone?: string;
  email?: string;
  nickname?: string;
  rp?: { id?: string; name?: string };
  testMode?: boolean;
  [field: string]: unknown;
}

export type DeviceRecordStatus = "ACTIVE" | "ACTIVATION_REQUIRED";

export interface DeviceRecord {
  id: string;
  environmentId: string;
  userId: string;
  type: string;
  status: DeviceRecordStatus;
  fields: DeviceFields;
  /** When the device was blocked; unset while unblocked. */
  blockedAt?: string | undefined;
  /** Until when the device is locked (wrong activation passcodes); unset or past when unlocked. */
  lockedUntil?: number | undefined;
  /** Wrong activation passcodes since the last lock or activation. */
  failures: number;
  /** The pairing passcode of a device awaiting activation by passcode. */
  pairing?: Passcode | undefined;
  /** A TOTP device's key: its passcodes are computed from it, as the user's app does. */
  totpKey?: Uint8Array;
  createdAt: string;
  updatedAt: string;
}

export interface OneTimeTarget {
  type: string;
  phone?: string;
  email?: string;
}

export type PushAnswer = "APPROVE" | "DENY" | "TIMEOUT";

export interface AuthRecord {
  id: string;
  environmentId: string;
  userId?: string;
  policyId: string;
  status: string;
  /** Usable devices, default first. */
  candidates: string[];
  /** The user's active devices that cannot be used now (`_embedded.blockedDevices`). */
  blocked: string[];
  selected?: string | undefined;
  oneTime?: OneTimeTarget;
  passcode?: Passcode | undefined;
  /** Wrong passcodes in this authentication (one-time targets count here only). */
  failures: number;
  error?: { code: string; message: string } | undefined;
  authenticators?: string[] | undefined;
  /** The user's answer to a push, applied on the next read. */
  pushAnswer?: PushAnswer | undefined;
  /** Fields the answer carries as sent or made (rp, payload, deviceSession, _embedded). */
  extra: Record<string, unknown>;
  createdAt: string;
  updatedAt: string;
  expiresAt: number;
}

export interface RememberedBrowser {
  payload: string;
  sessionId?: string | undefined;
  deviceId: string;
  at: number;
}

export interface UserRecord {
  id: string;
  environmentId: string;
  devices: Map<string, DeviceRecord>;
  /** Activated devices in order, default first; `undefined` once the order is removed. */
  order: string[] | undefined;
  /** Messages sent today (UTC), for the daily quotas. */
  sent: { day: string; smsVoice: number; email: number };
  /** Remembered browsers by cookie (`ST=…`). */
  remembered: Map<string, RememberedBrowser>;
  /** Wrong passcodes since the last right one or the last cool-down (policy `otp.failure.count`). */
  otpFailures: number;
  /** Until when the user is blocked after too many wrong passcodes (the cool-down). */
  coolDownUntil?: number | undefined;
  /** When recent pushes were ignored or denied, oldest first (policy `pushLimit`). */
  pushFailures: number[];
  /** Until when pushes are blocked for the user. */
  pushLockedUntil?: number | undefined;
}

/** A passcode sent, as `lastOtp` finds it (never on the wire). */
export interface SentPasscode {
  userId?: string | undefined;
  deviceId?: string;
  deviceAuthenticationId?: string;
  /** A one-time target's phone or email. */
  to?: string | undefined;
  code: string;
}

/** Who a request acts as: an administrator (worker token), or the user a `userToken` was made for. */
export type Actor = { kind: "admin" } | { kind: "user"; environmentId: string; userId: string };
