// The simulator's settings, named as PingOne names them: the environment's MFA settings
// (`pairing.maxAllowedDevices`, `lockout.*`), the device authentication policy (`otp.failure.*`,
// `otp.lifeTime`, `pushLimit.*`, `authentication.deviceSelection`), the notification policy's
// per-user quotas, and the resource's access token lifetime. A change is checked whole before it
// is applied: a value the simulator cannot represent is refused with a RangeError or TypeError
// naming the setting, and nothing changes.

/** A PingOne duration: a number of time units (`{ duration: 2, timeUnit: "MINUTES" }`). */
export interface Duration {
  duration: number;
  timeUnit: "SECONDS" | "MINUTES" | "HOURS";
}

/** How a deviceAuthentication picks the device (device authentication policy `authentication.deviceSelection`). */
export type DeviceSelectionMode = "DEFAULT_TO_FIRST" | "PROMPT_TO_SELECT" | "ALWAYS_DISPLAY_DEVICES";

/** Every setting, resolved. Sources and defaults in the README's simulator section. */
export interface SimulatorSettings {
  /** MFA settings `pairing`: the device cap (5 by default, 1 to 15; ACTIVE and BLOCKED devices count). */
  pairing: { maxAllowedDevices: number };
  /** MFA settings `lockout`: wrong activation passcodes before a device locks, and for how long. */
  lockout: { failureCount: number; durationSeconds: number };
  /**
   * Device authentication policy `otp` (PingOne sets it per method, `sms.otp`, `email.otp`…; one
   * for all here): wrong passcodes before the user is blocked (1 to 7, default 3), the cool-down
   * (default 2 minutes), and how long a passcode is good for (default 30 minutes).
   */
  otp: { failure: { count: number; coolDown: Duration }; lifeTime: Duration };
  /**
   * Device authentication policy `mobile.applications[].pushLimit`: pushes ignored or denied within
   * `timePeriod` (default 10 minutes) before pushes are blocked (1 to 50, default 5), for `lockDuration`
   * (default 30 minutes).
   */
  pushLimit: { count: number; lockDuration: Duration; timePeriod: Duration };
  /** Device authentication policy `authentication.deviceSelection` (default `DEFAULT_TO_FIRST`). */
  authentication: { deviceSelection: DeviceSelectionMode };
  /**
   * Notification policy quotas of type USER, per day: SMS and voice together, and email (PingOne's
   * platform limits: 50 each).
   */
  quotas: { smsVoice: { total: number }; email: { total: number } };
  /** The resource's `accessTokenValiditySeconds`: lifetime of tokens from the token endpoint (3600). */
  accessTokenValiditySeconds: number;
  /** How long a deviceAuthentication lives, in seconds (not a PingOne setting; default chosen: 1800). */
  authenticationLifetimeSeconds: number;
}

/** The old flat names, still accepted. */
export interface DeprecatedLimits {
  /** @deprecated use `quotas.smsVoice.total` */
  smsPerDay: number;
  /** @deprecated use `quotas.email.total` */
  emailsPerDay: number;
  /** @deprecated use `pairing.maxAllowedDevices` */
  maxDevices: number;
  /** @deprecated use `otp.failure.count` */
  otpAttempts: number;
  /** @deprecated use `lockout.failureCount` */
  lockoutFailures: number;
  /** @deprecated use `lockout.durationSeconds` */
  lockoutSeconds: number;
  /** @deprecated use `otp.lifeTime` */
  otpLifetimeSeconds: number;
  /** @deprecated use `accessTokenValiditySeconds` */
  tokenLifetimeSeconds: number;
  /** @deprecated use `authentication.deviceSelection` */
  deviceSelection: DeviceSelectionMode;
}

/** Any part of `T`; a duration is given whole (`{ duration, timeUnit }`). */
type DeepPartial<T> = {
  [K in keyof T]?: T[K] extends Duration ? Duration : T[K] extends object ? DeepPartial<T[K]> : T[K];
};

/** What `setLimits` (and `startMockServer({ limits })`) takes: any part of the settings. */
export type SimulatorLimits = DeepPartial<SimulatorSettings> & Partial<DeprecatedLimits>;

const minutes = (duration: number): Duration => ({ duration, timeUnit: "MINUTES" });

/** PingOne's defaults (sources in the behaviour table), and the simulator's own where PingOne has none. */
export const DEFAULT_SETTINGS: SimulatorSettings = {
  pairing: { maxAllowedDevices: 5 },
  lockout: { failureCount: 3, durationSeconds: 60 },
  otp: { failure: { count: 3, coolDown: minutes(2) }, lifeTime: minutes(30) },
  pushLimit: { count: 5, lockDuration: minutes(30), timePeriod: minutes(10) },
  authentication: { deviceSelection: "DEFAULT_TO_FIRST" },
  quotas: { smsVoice: { total: 50 }, email: { total: 50 } },
  accessTokenValiditySeconds: 3600,
  authenticationLifetimeSeconds: 1800,
};

const UNIT_MS = { SECONDS: 1000, MINUTES: 60_000, HOURS: 3_600_000 } as const;
/** A duration in milliseconds. */
export const durationMs = (d: Duration) => d.duration * UNIT_MS[d.timeUnit];

/**
 * The longest duration the simulator holds: 100 years. With the clock kept at least that far from
 * the last date JavaScript can hold (see clock.ts), every expiry it computes is a valid date.
 */
export const MAX_DURATION_MS = 100 * 365.25 * 24 * 3_600_000;

type Rule =
  | { kind: "integer"; min: number; max: number; why?: string }
  | { kind: "duration"; maxMs: number }
  | { kind: "enum"; values: readonly string[] };

const integer = (min: number, max: number, why?: string): Rule => ({
  kind: "integer",
  min,
  max,
  ...(why ? { why } : {}),
});
const MAX_SECONDS = MAX_DURATION_MS / 1000;
const SELECTION_MODES: readonly DeviceSelectionMode[] = [
  "DEFAULT_TO_FIRST",
  "PROMPT_TO_SELECT",
  "ALWAYS_DISPLAY_DEVICES",
];

/** Each setting's path and what it accepts (PingOne's ranges where its pages give them). */
const RULES: Record<string, Rule> = {
  "pairing.maxAllowedDevices": integer(1, 15, "PingOne allows any number up to 15 (MFA settings page)"),
  "lockout.failureCount": integer(1, Number.MAX_SAFE_INTEGER),
  "lockout.durationSeconds": integer(0, MAX_SECONDS),
  "otp.failure.count": integer(1, 7, "PingOne allows 1 to 7 (device authentication policy)"),
  "otp.failure.coolDown": { kind: "duration", maxMs: MAX_DURATION_MS },
  "otp.lifeTime": { kind: "duration", maxMs: MAX_DURATION_MS },
  "pushLimit.count": integer(1, 50, "PingOne allows 1 to 50 (device authentication policy)"),
  "pushLimit.lockDuration": { kind: "duration", maxMs: MAX_DURATION_MS },
  "pushLimit.timePeriod": { kind: "duration", maxMs: MAX_DURATION_MS },
  "authentication.deviceSelection": { kind: "enum", values: SELECTION_MODES },
  "quotas.smsVoice.total": integer(0, Number.MAX_SAFE_INTEGER),
  "quotas.email.total": integer(0, Number.MAX_SAFE_INTEGER),
  accessTokenValiditySeconds: integer(1, MAX_SECONDS),
  authenticationLifetimeSeconds: integer(1, MAX_SECONDS),
};

/** The deprecated flat names and the setting each one sets (seconds become a duration). */
const ALIASES: Record<keyof DeprecatedLimits, string> = {
  smsPerDay: "quotas.smsVoice.total",
  emailsPerDay: "quotas.email.total",
  maxDevices: "pairing.maxAllowedDevices",
  otpAttempts: "otp.failure.count",
  lockoutFailures: "lockout.failureCount",
  lockoutSeconds: "lockout.durationSeconds",
  otpLifetimeSeconds: "otp.lifeTime",
  tokenLifetimeSeconds: "accessTokenValiditySeconds",
  deviceSelection: "authentication.deviceSelection",
};

const isObject = (value: unknown): value is Record<string, unknown> =>
  typeof value === "object" && value !== null && !Array.isArray(value);

function checkValue(where: string, path: string, rule: Rule, value: unknown): unknown {
  const name = `${where}: ${path}`;
  switch (rule.kind) {
    case "integer": {
      if (typeof value !== "number") throw new TypeError(`${name} must be a number, not ${typeof value}`);
      if (!Number.isInteger(value) || value < rule.min || value > rule.max)
        throw new RangeError(
          `${name} must be a whole number from ${rule.min} to ${rule.max}${rule.why ? ` (${rule.why})` : ""}, not ${value}`,
        );
      return value;
    }
    case "enum": {
      if (typeof value !== "string" || !rule.values.includes(value))
        throw new TypeError(`${name} must be one of ${rule.values.join(", ")}, not ${JSON.stringify(value)}`);
      return value;
    }
    case "duration": {
      if (!isObject(value)) throw new TypeError(`${name} must be { duration, timeUnit }, not ${JSON.stringify(value)}`);
      for (const key of Object.keys(value))
        if (key !== "duration" && key !== "timeUnit") throw new TypeError(`${name}.${key} is not a setting`);
      const { duration, timeUnit } = value;
      if (typeof timeUnit !== "string" || !Object.hasOwn(UNIT_MS, timeUnit))
        throw new TypeError(`${name}.timeUnit must be SECONDS, MINUTES or HOURS, not ${JSON.stringify(timeUnit)}`);
      if (typeof duration !== "number")
        throw new TypeError(`${name}.duration must be a number, not ${typeof duration}`);
      const d = { duration, timeUnit } as Duration;
      if (!Number.isInteger(duration) || duration < 0 || durationMs(d) > rule.maxMs)
        throw new RangeError(`${name}.duration must be a whole number from 0 to 100 years, not ${duration}`);
      return d;
    }
  }
}

/** Each leaf of `changes` with its dotted path (a duration is a leaf). */
function leaves(where: string, changes: unknown, prefix = ""): Array<[string, unknown]> {
  if (!isObject(changes)) throw new TypeError(`${where}: the limits must be an object, not ${JSON.stringify(changes)}`);
  return Object.entries(changes).flatMap(([key, value]): Array<[string, unknown]> => {
    const path = `${prefix}${key}`;
    if (value === undefined) return [];
    if (!prefix && Object.hasOwn(ALIASES, key)) return [[path, value]];
    if (Object.hasOwn(RULES, path)) return [[path, value]];
    if (Object.keys(RULES).some((known) => known.startsWith(`${path}.`))) {
      if (!isObject(value)) throw new TypeError(`${where}: ${path} must be an object, not ${JSON.stringify(value)}`);
      return leaves(where, value, `${path}.`);
    }
    throw new TypeError(`${where}: ${path} is not a setting (see SimulatorSettings)`);
  });
}

function setPath(target: Record<string, any>, path: string, value: unknown) {
  const keys = path.split(".");
  const last = keys.pop()!;
  let node = target;
  for (const key of keys) node = node[key];
  node[last] = value;
}

const clone = (settings: SimulatorSettings): SimulatorSettings => structuredClone(settings);

/**
 * `current` with `changes` applied, or a RangeError/TypeError naming the first setting that cannot
 * be applied. `current` is never modified.
 */
export function applyLimits(current: SimulatorSettings, changes: unknown, where = "setLimits"): SimulatorSettings {
  const next = clone(current);
  for (const [path, value] of leaves(where, changes)) {
    if (!path.includes(".") && Object.hasOwn(ALIASES, path)) {
      const target = ALIASES[path as keyof DeprecatedLimits];
      // The old seconds-valued alias of a duration.
      const asDuration =
        path === "otpLifetimeSeconds"
          ? { duration: checkValue(where, path, integer(0, MAX_SECONDS), value), timeUnit: "SECONDS" }
          : value;
      setPath(next, target, checkValue(where, path, RULES[target]!, asDuration));
    } else {
      setPath(next, path, checkValue(where, path, RULES[path]!, value));
    }
  }
  return next;
}

/** The defaults with `limits` applied (checked as {@link applyLimits} checks them). */
export const settingsWith = (limits: unknown, where: string) =>
  limits === undefined ? clone(DEFAULT_SETTINGS) : applyLimits(DEFAULT_SETTINGS, limits, where);
