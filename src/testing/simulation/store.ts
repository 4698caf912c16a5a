// The simulator's memory: environments → users → devices and remembered browsers, the
// authentications, and the passcodes sent. Everything is bounded, so a mock shared by a long
// suite (or hit by a fuzzer with fresh ids) stays flat: the newest KEPT authentications and
// passcodes, the KEPT most recently used users and environments. Reading an id the store does not
// hold stores nothing; only writes make records.
import type { AuthRecord, DeviceRecord, RememberedBrowser, SentPasscode, UserRecord } from "./records.js";

/** How many authentications, passcodes, tokens, users and environments the simulator keeps. */
export const KEPT = 1000;
/** Device records a user may hold, any status (default chosen: ACTIVATION_REQUIRED devices are outside PingOne's cap). */
export const MAX_DEVICE_RECORDS = 100;
/** Browsers remembered per user; the oldest is forgotten first (default chosen). */
export const MAX_REMEMBERED = 50;

export interface OtpQuery {
  userId?: string | undefined;
  deviceId?: string | undefined;
  deviceAuthenticationId?: string | undefined;
  /** A one-time target's phone in any spelling, or email. */
  to?: string | undefined;
}

/** Phones compare by digits, emails case-insensitively. */
const comparable = (text: string) => (text.includes("@") ? text.toLowerCase() : text.replace(/\D/g, ""));

/** Moves `key` to the newest end of a Map used as a recency list. */
function touch<K, V>(map: Map<K, V>, key: K, value: V) {
  map.delete(key);
  map.set(key, value);
}

export class Store {
  private readonly environments = new Map<string, Map<string, UserRecord>>();
  /** All users, least recently used first. */
  private readonly recent = new Set<UserRecord>();
  private readonly auths = new Map<string, AuthRecord>();
  private readonly outbox: SentPasscode[] = [];
  // The last user and environment moved to the newest end: most requests touch the same ones twice
  // (a read, then a write), and moving again would change nothing.
  private newestUser: UserRecord | undefined;
  private newestEnvironment: string | undefined;

  /** The user, if the store holds it (a read: nothing is stored). */
  peekUser(environmentId: string, userId: string): UserRecord | undefined {
    const users = this.environments.get(environmentId);
    const user = users?.get(userId);
    if (user) this.used(user, users!);
    return user;
  }

  /** The user, made if new (a write). Evicts the least recently used user or environment past KEPT. */
  user(environmentId: string, userId: string): UserRecord {
    let users = this.environments.get(environmentId);
    if (!users) {
      this.environments.set(environmentId, (users = new Map()));
      if (this.environments.size > KEPT) this.dropEnvironment(this.environments.keys().next().value!);
    }
    let user = users.get(userId);
    if (!user) {
      user = {
        id: userId,
        environmentId,
        devices: new Map(),
        order: [],
        sent: { day: "", smsVoice: 0, email: 0 },
        remembered: new Map(),
        otpFailures: 0,
        pushFailures: [],
      };
      users.set(userId, user);
      this.recent.add(user);
      if (this.recent.size > KEPT) this.dropUser(this.recent.values().next().value!);
    }
    this.used(user, users);
    return user;
  }

  private used(user: UserRecord, users: Map<string, UserRecord>) {
    if (user !== this.newestUser) {
      this.recent.delete(user);
      this.recent.add(user);
      this.newestUser = user;
    }
    if (user.environmentId !== this.newestEnvironment) {
      touch(this.environments, user.environmentId, users);
      this.newestEnvironment = user.environmentId;
    }
  }

  private dropUser(user: UserRecord) {
    if (user === this.newestUser) this.newestUser = undefined;
    this.recent.delete(user);
    const users = this.environments.get(user.environmentId);
    users?.delete(user.id);
    if (users?.size === 0) this.dropEnvironment(user.environmentId);
  }

  private dropEnvironment(environmentId: string) {
    if (environmentId === this.newestEnvironment) this.newestEnvironment = undefined;
    if (this.newestUser?.environmentId === environmentId) this.newestUser = undefined;
    for (const user of this.environments.get(environmentId)?.values() ?? []) this.recent.delete(user);
    this.environments.delete(environmentId);
  }

  /** The device, if the store holds its user and it. */
  peekDevice(environmentId: string, userId: string, deviceId: string): DeviceRecord | undefined {
    return this.peekUser(environmentId, userId)?.devices.get(deviceId);
  }

  /** Remembers a browser for the user; the oldest is forgotten past MAX_REMEMBERED. */
  remember(user: UserRecord, cookie: string, browser: RememberedBrowser) {
    user.remembered.set(cookie, browser);
    if (user.remembered.size > MAX_REMEMBERED) user.remembered.delete(user.remembered.keys().next().value!);
  }

  keepAuth(auth: AuthRecord) {
    this.auths.set(auth.id, auth);
    if (this.auths.size > KEPT) this.auths.delete(this.auths.keys().next().value!);
  }
  auth(id: string): AuthRecord | undefined {
    return this.auths.get(id);
  }
  dropAuth(id: string) {
    this.auths.delete(id);
  }

  /** Records a passcode sent, for `lastOtp`. */
  sent(passcode: SentPasscode) {
    this.outbox.push(passcode);
    if (this.outbox.length > KEPT) this.outbox.shift();
  }

  /** The newest passcode sent that matches every field of `query` that is set. */
  lastOtp(query: OtpQuery): string | undefined {
    const wanted = Object.entries(query).filter(([, value]) => value !== undefined) as Array<[keyof OtpQuery, string]>;
    for (let i = this.outbox.length - 1; i >= 0; i--) {
      const sent = this.outbox[i]!;
      const matches = wanted.every(([key, value]) =>
        key === "to" ? sent.to !== undefined && comparable(sent.to) === comparable(value) : sent[key] === value,
      );
      if (matches) return sent.code;
    }
    return undefined;
  }

  /** How much the store holds, for tests of its bounds. */
  get sizes() {
    return {
      environments: this.environments.size,
      users: this.recent.size,
      authentications: this.auths.size,
      passcodes: this.outbox.length,
    };
  }

  clear() {
    this.environments.clear();
    this.recent.clear();
    this.newestUser = undefined;
    this.newestEnvironment = undefined;
    this.auths.clear();
    this.outbox.length = 0;
  }
}
