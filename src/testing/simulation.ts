// The PingOne simulator behind startMockServer's default mode: users' devices and
// deviceAuthentications kept in memory per environment, OTPs checked, failures as PingOne's pages
// describe them, limits and faults on demand. Each behaviour says where it comes from in the
// README's simulator table ("PingOne's page" or "default chosen"). The HTTP layer has already
// routed the request to an action and validated it against the spec; answers are validated there
// too.
import { createHmac, randomBytes, randomInt, randomUUID } from "node:crypto";
import { errorBody } from "./violations.js";

type Json = Record<string, any>;

/** One request, routed: the client method it is (`devices.create`), its path parameters, query and body. */
export interface SimulatedRequest {
  action: string;
  params: Record<string, string>;
  query: Record<string, string>;
  body: any;
  headers: Record<string, string | undefined>;
  /** The mock's own origin, so `_links` point at it. */
  origin: string;
}

export interface SimulatedAnswer {
  status: number;
  body?: unknown;
  headers?: Record<string, string>;
}

/** Limits a test may lower (or raise). */
export interface SimulatorLimits {
  /** SMS and voice messages per user per day (PingOne: 50). */
  smsPerDay: number;
  /** Emails per user per day (PingOne: 50). */
  emailsPerDay: number;
  /** Devices per user (MFA settings `pairing.maxAllowedDevices`, default 5). */
  maxDevices: number;
  /** Wrong passcodes a device authentication accepts before it fails (policy `otp.failure.count`, default 3). */
  otpAttempts: number;
  /** Wrong activation passcodes before a device locks (default chosen: 3). */
  lockoutFailures: number;
  /** How long a lock lasts, in seconds (default chosen: 60). */
  lockoutSeconds: number;
  /** How long a passcode is good for, in seconds (PingOne's policy example: 30 minutes). */
  otpLifetimeSeconds: number;
  /** How long a device authentication lives, in seconds (default chosen: 30 minutes). */
  authenticationLifetimeSeconds: number;
  /** Lifetime of tokens from the token endpoint, in seconds (PingOne: 3600). */
  tokenLifetimeSeconds: number;
  /** `DEFAULT_TO_FIRST` (PingOne's default) or `PROMPT_TO_SELECT`. */
  deviceSelection: "DEFAULT_TO_FIRST" | "PROMPT_TO_SELECT";
}

export const DEFAULT_LIMITS: SimulatorLimits = {
  smsPerDay: 50,
  emailsPerDay: 50,
  maxDevices: 5,
  otpAttempts: 3,
  lockoutFailures: 3,
  lockoutSeconds: 60,
  otpLifetimeSeconds: 1800,
  authenticationLifetimeSeconds: 1800,
  tokenLifetimeSeconds: 3600,
  deviceSelection: "DEFAULT_TO_FIRST",
};

interface Passcode {
  code: string;
  expiresAt: number;
}

interface DeviceRecord {
  id: string;
  environmentId: string;
  userId: string;
  type: string;
  status: "ACTIVE" | "ACTIVATION_REQUIRED";
  fields: Json;
  blocked?: string;
  lockedUntil?: number;
  failures: number;
  pairing?: Passcode;
  /** A TOTP device's key: its passcodes are computed from it, as the user's app does. */
  totpKey?: Uint8Array;
  createdAt: string;
  updatedAt: string;
}

interface AuthRecord {
  id: string;
  environmentId: string;
  userId?: string;
  policyId: string;
  status: string;
  candidates: string[];
  blocked: string[];
  selected?: string;
  oneTime?: { type: string; phone?: string; email?: string };
  passcode?: Passcode;
  failures: number;
  error?: { code: string; message: string };
  authenticators?: string[];
  extra: Json;
  createdAt: string;
  updatedAt: string;
  expiresAt: number;
}

interface UserRecord {
  devices: Map<string, DeviceRecord>;
  /** Activated devices in order, default first; `undefined` once the order is removed. */
  order: string[] | undefined;
  sent: { day: string; sms: number; email: number };
  remembered: Map<string, { payload: string; sessionId?: string | undefined; deviceId: string; at: number }>;
}

/** A device a test adds directly (PingOne pairs MOBILE devices through its SDK, not this API). */
export interface SeedDevice {
  environmentId: string;
  userId: string;
  type: string;
  status?: "ACTIVE" | "ACTIVATION_REQUIRED";
  [field: string]: unknown;
}

/** How many deviceAuthentications and sent passcodes the simulator keeps (the newest). */
export const KEPT = 1000;
const POLICY = "5a0a0950-8a81-4739-b12a-f4d6a11c7a82";
const OTP_TYPES = new Set(["SMS", "VOICE", "EMAIL", "WHATSAPP", "TOTP", "OATH_TOKEN"]);
const DELIVERED = new Set(["SMS", "VOICE", "EMAIL", "WHATSAPP"]);
const INVALID_DATA = "The request could not be completed. One or more validation errors were in the request.";
const NOT_FOUND = "The request could not be completed. The requested resource was not found.";

const otp = () => String(randomInt(0, 1_000_000)).padStart(6, "0");
/** PingOne masks a phone as seven asterisks and its last two digits (`*******44`). */
const maskPhone = (phone: string) => `*******${phone.replace(/\D/g, "").slice(-2)}`;
/** PingOne keeps the first characters of an email's local part (`ab****@example.com`). */
const maskEmail = (email: string) => {
  const [local = "", domain = ""] = email.split("@");
  return `${local.length > 1 ? local.slice(0, Math.min(2, local.length - 1)) : ""}****@${domain}`;
};

const BASE32 = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";
const base32 = (bytes: Uint8Array) => {
  let bits = "";
  for (const byte of bytes) bits += byte.toString(2).padStart(8, "0");
  return bits
    .match(/.{1,5}/g)!
    .map((chunk) => BASE32[parseInt(chunk.padEnd(5, "0"), 2)])
    .join("");
};
/** The RFC 6238 code (SHA-1, 6 digits, 30 s steps) of `key` at `time`, as authenticator apps compute it. */
function totpCode(key: Uint8Array, time: number): string {
  const counter = Buffer.alloc(8);
  counter.writeBigUInt64BE(BigInt(Math.floor(time / 30_000)));
  const mac = createHmac("sha1", key).update(counter).digest();
  const offset = mac[mac.length - 1]! & 0xf;
  return String((mac.readUInt32BE(offset) & 0x7fffffff) % 1_000_000).padStart(6, "0");
}
const digitsOf = (text: string) => (text.includes("@") ? text.toLowerCase() : text.replace(/\D/g, ""));

/** Raised by a handler: the PingOne error it answers with. */
class Refusal {
  constructor(readonly answer: SimulatedAnswer) {}
}
const refuse = (
  status: number,
  code: string,
  message: string,
  details: Json[] = [],
  headers?: Record<string, string>,
): never => {
  throw new Refusal({ status, body: errorBody(code, message, details as never), ...(headers ? { headers } : {}) });
};
const notFound = (): never => refuse(404, "NOT_FOUND", NOT_FOUND);

/** The calls each deviceAuthentication status allows (the spec's x-pingone-next), by status. */
export type NextCalls = Map<string, readonly string[]>;

/** A fresh simulator; `clock` lets a test move time. */
export function createSimulator(nextCalls: NextCalls, options: { limits?: Partial<SimulatorLimits> } = {}) {
  let limits: SimulatorLimits = { ...DEFAULT_LIMITS, ...options.limits };
  let offset = 0;
  const now = () => Date.now() + offset;
  const iso = () => new Date(now()).toISOString();
  const environments = new Map<string, Map<string, UserRecord>>();
  const auths = new Map<string, AuthRecord>();
  const tokens = new Map<string, number>();
  const clients = new Map<string, string>();
  /** The passcodes sent, newest last, for tests to read (never on the wire). */
  const outbox: Array<{
    userId?: string | undefined;
    deviceId?: string;
    deviceAuthenticationId?: string;
    to?: string | undefined;
    code: string;
  }> = [];
  const pushes = new Map<string, "APPROVE" | "DENY" | "TIMEOUT">();

  // A long-running shared mock keeps only the newest authentications and passcodes, so memory
  // stays flat however many tests use it.
  const remember = (sent: (typeof outbox)[number]) => {
    outbox.push(sent);
    if (outbox.length > KEPT) outbox.shift();
  };
  const keep = (auth: AuthRecord) => {
    auths.set(auth.id, auth);
    if (auths.size > KEPT) auths.delete(auths.keys().next().value!);
  };

  const userOf = (environmentId: string, userId: string): UserRecord => {
    let users = environments.get(environmentId);
    if (!users) environments.set(environmentId, (users = new Map()));
    let user = users.get(userId);
    if (!user)
      users.set(
        userId,
        (user = { devices: new Map(), order: [], sent: { day: "", sms: 0, email: 0 }, remembered: new Map() }),
      );
    return user;
  };
  // Reads do not create records: a test (or a fuzzer) asking about a million users costs nothing.
  const peekUser = (environmentId: string, userId: string): UserRecord | undefined =>
    environments.get(environmentId)?.get(userId);
  const deviceOf = (params: Record<string, string>) =>
    peekUser(params.environmentId!, params.userId!)?.devices.get(params.deviceId!) ?? notFound();
  const isLocked = (device: DeviceRecord) => device.lockedUntil !== undefined && device.lockedUntil > now();
  const usable = (device: DeviceRecord) => device.status === "ACTIVE" && !device.blocked && !isLocked(device);

  /** Counts one message against the user's daily quota (PingOne: 50 SMS and 50 emails a day); 429 past it. */
  function deliver(user: UserRecord, type: string) {
    if (!DELIVERED.has(type)) return;
    const day = iso().slice(0, 10);
    if (user.sent.day !== day) user.sent = { day, sms: 0, email: 0 };
    const kind = type === "EMAIL" ? "email" : "sms";
    const limit = kind === "email" ? limits.emailsPerDay : limits.smsPerDay;
    if (user.sent[kind] >= limit) {
      const midnight = Date.UTC(
        new Date(now()).getUTCFullYear(),
        new Date(now()).getUTCMonth(),
        new Date(now()).getUTCDate() + 1,
      );
      const reset = new Date(midnight).toISOString();
      refuse(
        429,
        "REQUEST_LIMITED",
        "The request could not be completed. You have exceeded your request limit.",
        [
          {
            code: "QUOTA_EXCEEDED",
            message: `The daily ${kind === "email" ? "email" : "SMS and voice"} limit of ${limit} for this user is reached.`,
            innerError: { quotaLimit: limit, quotaResetTime: reset },
          },
        ],
        { "retry-after": String(Math.ceil((midnight - now()) / 1000)) },
      );
    }
    user.sent[kind]++;
  }

  const links = (origin: string, device: DeviceRecord) => {
    const user = `${origin}/v1/environments/${device.environmentId}/users/${device.userId}`;
    const self = { href: `${user}/devices/${device.id}` };
    return {
      self,
      environment: { href: `${origin}/v1/environments/${device.environmentId}` },
      user: { href: user },
      ...(device.status === "ACTIVATION_REQUIRED" ? { "device.activate": self } : {}),
    };
  };

  /** A device as the api host answers it; `test.otp` and the TOTP secret only where PingOne returns them. */
  function renderDevice(origin: string, device: DeviceRecord, extra: Json = {}): Json {
    return {
      _links: links(origin, device),
      id: device.id,
      environment: { id: device.environmentId },
      user: { id: device.userId },
      type: device.type,
      status: device.status,
      ...device.fields,
      lock: isLocked(device)
        ? { status: "LOCKED", expiresAt: new Date(device.lockedUntil!).toISOString() }
        : { status: "UNLOCKED" },
      block: device.blocked ? { status: "BLOCKED", blockedAt: device.blocked } : { status: "UNBLOCKED" },
      createdAt: device.createdAt,
      updatedAt: device.updatedAt,
      ...extra,
    };
  }

  /** A device as a deviceAuthentication lists it: masked, with whether it can be used now. */
  function listed(device: DeviceRecord): Json {
    const { phone, email, nickname } = device.fields;
    return {
      id: device.id,
      type: device.type,
      status: device.status,
      ...(nickname ? { nickname } : {}),
      ...(phone ? { phone: maskPhone(phone) } : {}),
      ...(email ? { email: maskEmail(email) } : {}),
      usableStatus: usable(device)
        ? { status: "ENABLED" }
        : { status: "DISABLED", reason: device.blocked ? "DEVICE_BLOCKED" : "DEVICE_LOCKED" },
    };
  }

  function renderAuth(origin: string, auth: AuthRecord): Json {
    const self = { href: `${origin}/${auth.environmentId}/deviceAuthentications/${auth.id}` };
    const user = auth.userId ? userOf(auth.environmentId, auth.userId) : undefined;
    const device = auth.selected && user ? user.devices.get(auth.selected) : undefined;
    const actionLinks: Record<string, string[]> = {
      DEVICE_SELECTION_REQUIRED: ["device.select"],
      OTP_REQUIRED: ["device.select", "otp.check"],
      ASSERTION_REQUIRED: ["assertion.check"],
      PUSH_CONFIRMATION_TIMED_OUT: ["device.select"],
    };
    const embedded =
      user && !auth.oneTime
        ? {
            devices: auth.candidates.flatMap((id) => (user.devices.has(id) ? [listed(user.devices.get(id)!)] : [])),
            blockedDevices: auth.blocked.flatMap((id) => (user.devices.has(id) ? [listed(user.devices.get(id)!)] : [])),
            ...auth.extra._embedded,
          }
        : auth.oneTime
          ? { devices: [{ type: auth.oneTime.type, ...maskedTarget(auth.oneTime) }] }
          : undefined;
    const { _embedded: _, ...extra } = auth.extra;
    return {
      _links: { self, ...Object.fromEntries((actionLinks[auth.status] ?? []).map((rel) => [rel, self])) },
      ...(embedded ? { _embedded: embedded } : {}),
      id: auth.id,
      environment: { id: auth.environmentId },
      status: auth.status,
      policy: { id: auth.policyId },
      ...(auth.oneTime
        ? { selectedDevice: { oneTime: { type: auth.oneTime.type, ...maskedTarget(auth.oneTime) } } }
        : auth.selected
          ? { selectedDevice: { id: auth.selected } }
          : {}),
      ...(auth.userId ? { user: { id: auth.userId } } : {}),
      ...(auth.status === "OTP_REQUIRED" && device?.fields.testMode && auth.passcode
        ? { test: { otp: auth.passcode.code } }
        : {}),
      ...(auth.status === "ASSERTION_REQUIRED" ? assertionOptions(auth, device) : {}),
      ...(auth.error ? { error: auth.error } : {}),
      ...(auth.authenticators ? { authenticators: auth.authenticators } : {}),
      ...extra,
      bypassAllowed: false,
      userBypassEnabled: false,
      createdAt: auth.createdAt,
      updatedAt: auth.updatedAt,
    };
  }
  const maskedTarget = (target: { phone?: string; email?: string }) =>
    target.phone ? { phone: maskPhone(target.phone) } : target.email ? { email: maskEmail(target.email) } : {};
  const assertionOptions = (auth: AuthRecord, device: DeviceRecord | undefined) => {
    const options = JSON.stringify({
      challenge: randomBytes(16).toString("base64url"),
      timeout: 120000,
      rpId: auth.extra.rp?.id ?? device?.fields.rp?.id ?? "example.com",
      userVerification: "preferred",
    });
    return device?.type === "PINGID_DESKTOP_GEN2"
      ? { publicKeyCredentialRequestOptions: options, pingIdDesktopCredentialRequestOptions: options }
      : { publicKeyCredentialRequestOptions: options };
  };

  /** The right passcode: the current TOTP code (one step either side) for an app, otherwise the one sent. */
  function passcodeOk(device: DeviceRecord | undefined, sent: Passcode | undefined, code: unknown): boolean {
    if (device?.totpKey) return [-30_000, 0, 30_000].some((skew) => totpCode(device.totpKey!, now() + skew) === code);
    return sent !== undefined && sent.expiresAt > now() && code === sent.code;
  }

  /** Moves an authentication onto `device`: a passcode sent, an assertion asked for, or a push. */
  function challenge(auth: AuthRecord, user: UserRecord, device: DeviceRecord) {
    auth.selected = device.id;
    if (device.totpKey) {
      // The app computes the code; nothing is sent.
      delete auth.passcode;
      auth.status = "OTP_REQUIRED";
    } else if (OTP_TYPES.has(device.type)) {
      deliver(user, device.type);
      auth.passcode = { code: otp(), expiresAt: now() + limits.otpLifetimeSeconds * 1000 };
      remember({
        userId: device.userId,
        deviceId: device.id,
        deviceAuthenticationId: auth.id,
        code: auth.passcode.code,
      });
      auth.status = "OTP_REQUIRED";
    } else if (device.type === "MOBILE") {
      auth.status = "PUSH_CONFIRMATION_REQUIRED";
    } else {
      auth.status = "ASSERTION_REQUIRED";
    }
  }

  const touch = (record: { updatedAt: string }) => {
    record.updatedAt = iso();
  };

  /** The authentication, or 404 once it is gone or expired. */
  function authOf(params: Record<string, string>): AuthRecord {
    const auth = auths.get(params.deviceAuthenticationId!);
    if (!auth || auth.environmentId !== params.environmentId) return notFound();
    if (auth.expiresAt <= now()) {
      auths.delete(auth.id);
      return notFound();
    }
    const push = pushes.get(auth.id);
    if (push && auth.status === "PUSH_CONFIRMATION_REQUIRED") {
      pushes.delete(auth.id);
      const device =
        auth.userId && auth.selected
          ? peekUser(auth.environmentId, auth.userId)?.devices.get(auth.selected)
          : undefined;
      if (!device || !usable(device))
        Object.assign(auth, {
          status: "FAILED",
          error: {
            code: "DEVICE_NOT_USABLE",
            message: "The device was deleted, blocked or locked before the push was answered.",
          },
        });
      else if (push === "APPROVE") Object.assign(auth, { status: "COMPLETED", authenticators: ["mfa", "mobile"] });
      else if (push === "DENY")
        Object.assign(auth, {
          status: "FAILED",
          error: { code: "PUSH_DENIED", message: "The user denied the push notification." },
        });
      else auth.status = "PUSH_CONFIRMATION_TIMED_OUT";
      touch(auth);
    }
    return auth;
  }

  /** Refuses an action the authentication's status does not allow (the spec's x-pingone-next). */
  function allow(auth: AuthRecord, action: string) {
    const allowed = nextCalls.get(auth.status) ?? [];
    if (!allowed.includes(action)) {
      refuse(
        400,
        "INVALID_REQUEST",
        "The request could not be completed. The action is not allowed in the current state.",
        [
          {
            code: "INVALID_VALUE",
            target: "status",
            message: `${action.split(".")[1]} is not allowed when the status is ${auth.status}; allowed: ${allowed.map((a) => a.split(".")[1]).join(", ")}`,
          },
        ],
      );
    }
  }

  const wrongOtp = (remaining: number): never =>
    refuse(400, "INVALID_DATA", INVALID_DATA, [
      {
        code: "INVALID_OTP",
        target: "otp",
        message: "The one-time passcode is not valid.",
        innerError: { attemptsRemaining: remaining },
      },
    ]);

  const handlers: Record<string, (request: SimulatedRequest) => SimulatedAnswer> = {
    "devices.create"({ params, body, origin }) {
      const user = userOf(params.environmentId!, params.userId!);
      if (user.devices.size >= limits.maxDevices) {
        refuse(
          400,
          "REQUEST_FAILED",
          "The request could not be completed. There was an issue processing the request.",
          [
            {
              code: "LIMIT_EXCEEDED",
              message: "Maximum allowed devices has been reached",
              innerError: { maximumAllowed: limits.maxDevices },
            },
          ],
        );
      }
      const { type, status: asked, notification: _, ...fields } = body;
      // PingOne: an administrator's device is ACTIVE unless asked otherwise; types activated by a
      // credential (FIDO2, PingID Desktop, TOTP, OATH) start ACTIVATION_REQUIRED (default chosen).
      const needsCredential = ["FIDO2", "PINGID_DESKTOP_GEN2", "TOTP", "OATH_TOKEN"].includes(type);
      const status = asked ?? (needsCredential ? "ACTIVATION_REQUIRED" : "ACTIVE");
      const device: DeviceRecord = {
        id: randomUUID(),
        environmentId: params.environmentId!,
        userId: params.userId!,
        type,
        status,
        fields,
        failures: 0,
        createdAt: iso(),
        updatedAt: iso(),
      };
      const extra: Json = {};
      if (status === "ACTIVATION_REQUIRED" && OTP_TYPES.has(type) && type !== "TOTP") {
        if (DELIVERED.has(type)) deliver(user, type);
        device.pairing = { code: otp(), expiresAt: now() + limits.otpLifetimeSeconds * 1000 };
        remember({ userId: device.userId, deviceId: device.id, code: device.pairing.code });
        if (fields.testMode) extra.test = { otp: device.pairing.code };
      }
      if (type === "TOTP") {
        device.totpKey = randomBytes(20);
        const secret = base32(device.totpKey);
        Object.assign(extra, {
          secret,
          keyUri: `otpauth://totp/PingOne:${device.userId}?secret=${secret}&issuer=PingOne`,
        });
      }
      if (type === "FIDO2")
        extra.publicKeyCredentialCreationOptions = JSON.stringify({
          rp: fields.rp,
          challenge: randomBytes(16).toString("base64url"),
          pubKeyCredParams: [{ type: "public-key", alg: -7 }],
        });
      if (type === "PINGID_DESKTOP_GEN2")
        extra.pingIdDesktopCredentialCreationOptions = `${randomBytes(12).toString("base64url")}.${randomBytes(24).toString("base64url")}.${randomBytes(16).toString("base64url")}`;
      user.devices.set(device.id, device);
      if (status === "ACTIVE" && user.order) user.order.push(device.id);
      return { status: 201, body: renderDevice(origin, device, extra) };
    },

    "devices.remember"({ params, body, origin }) {
      // PingOne's page: the answer sets a cookie that the remembered-device check sends back. The
      // cookie's name and attributes, and keeping the browser out of the device list: default chosen.
      const device: DeviceRecord = {
        id: randomUUID(),
        environmentId: params.environmentId!,
        userId: params.userId!,
        type: "BROWSER",
        status: "ACTIVE",
        fields: {},
        failures: 0,
        createdAt: iso(),
        updatedAt: iso(),
      };
      const cookie = `ST=${randomBytes(18).toString("base64url")}`;
      userOf(device.environmentId, device.userId).remembered.set(cookie, {
        payload: body.payload,
        sessionId: body.session?.id,
        deviceId: device.id,
        at: now(),
      });
      return {
        status: 201,
        body: renderDevice(origin, device),
        headers: { "set-cookie": `${cookie}; Path=/; Secure; HttpOnly` },
      };
    },

    "devices.list"({ params, query, origin }) {
      const user = peekUser(params.environmentId!, params.userId!) ?? {
        devices: new Map<string, DeviceRecord>(),
        order: [] as string[] | undefined,
      };
      const conditions = (query.filter ?? "")
        .split(/\s+and\s+/i)
        .filter(Boolean)
        .map((term) => {
          const match = /^(status|type)\s+eq\s+"([A-Z0-9_]+)"$/i.exec(term.trim());
          if (!match)
            return refuse(400, "INVALID_DATA", INVALID_DATA, [
              {
                code: "INVALID_FILTER",
                target: "filter",
                message: "Only status eq and type eq, joined by and, can be filtered on.",
              },
            ]);
          return [match[1]!.toLowerCase(), match[2]!] as const;
        });
      const ordered = [...(user.order ?? []), ...[...user.devices.keys()].filter((id) => !user.order?.includes(id))];
      const devices = ordered
        .map((id) => user.devices.get(id)!)
        .filter((d) => conditions.every(([field, value]) => (field === "status" ? d.status : d.type) === value))
        .slice(0, query.limit ? Number(query.limit) : undefined);
      const href = `${origin}/v1/environments/${params.environmentId}/users/${params.userId}/devices`;
      return {
        status: 200,
        body: {
          _links: { self: { href }, "devices.reorder": { href } },
          _embedded: {
            devices: devices.map((d) => renderDevice(origin, d)),
            ...(query.expand === "order" ? { order: (user.order ?? []).map((id) => ({ id })) } : {}),
          },
          size: devices.length,
        },
      };
    },

    "devices.get": ({ params, origin }) => ({ status: 200, body: renderDevice(origin, deviceOf(params)) }),

    "devices.delete"({ params }) {
      deviceOf(params);
      const user = userOf(params.environmentId!, params.userId!);
      user.devices.delete(params.deviceId!);
      // PingOne: deleting the default device makes the next one the default.
      if (user.order) user.order = user.order.filter((id) => id !== params.deviceId);
      return { status: 204 };
    },

    "devices.activate"({ params, body, origin }) {
      const device = deviceOf(params);
      if (device.status === "ACTIVE")
        refuse(400, "REQUEST_FAILED", "The request could not be completed. The device is already active.", [
          {
            code: "INVALID_VALUE",
            target: "status",
            message: "Only a device in ACTIVATION_REQUIRED can be activated.",
          },
        ]);
      if (isLocked(device)) lockedOut(device);
      // A passcode device activates with its passcode, a FIDO2 or PingID Desktop device with an attestation.
      const proof = OTP_TYPES.has(device.type) ? "otp" : "attestation";
      if (!(proof in body))
        refuse(400, "INVALID_DATA", INVALID_DATA, [
          {
            code: "REQUIRED_VALUE",
            target: proof,
            message: `A ${device.type} device is activated with ${proof === "otp" ? "its passcode (otp)" : "an attestation"}.`,
          },
        ]);
      if (proof === "otp") {
        if (!passcodeOk(device, device.pairing, body.otp)) {
          device.failures++;
          touch(device);
          if (device.failures >= limits.lockoutFailures) {
            device.lockedUntil = now() + limits.lockoutSeconds * 1000;
            lockedOut(device);
          }
          wrongOtp(limits.lockoutFailures - device.failures);
        }
      }
      // FIDO2 and PingID Desktop attestations cannot be verified here: any one activates (default chosen).
      const user = userOf(device.environmentId, device.userId);
      Object.assign(device, { status: "ACTIVE", failures: 0, pairing: undefined });
      if (typeof body.nickname === "string") device.fields.nickname = body.nickname;
      if (user.order) user.order.push(device.id);
      touch(device);
      return { status: 200, body: renderDevice(origin, device) };
    },

    "devices.block"({ params, origin }) {
      const device = deviceOf(params);
      device.blocked ??= iso();
      touch(device);
      return { status: 200, body: renderDevice(origin, device) };
    },
    "devices.unblock"({ params, origin }) {
      const device = deviceOf(params);
      delete device.blocked;
      touch(device);
      return { status: 200, body: renderDevice(origin, device) };
    },
    "devices.unlock"({ params, origin }) {
      const device = deviceOf(params);
      // PingOne: unlocks before the lockout ends and resets the failure count.
      Object.assign(device, { lockedUntil: undefined, failures: 0 });
      touch(device);
      return { status: 200, body: renderDevice(origin, device) };
    },
    "devices.resendPairingCode"({ params, origin }) {
      const device = deviceOf(params);
      if (device.status !== "ACTIVATION_REQUIRED" || !OTP_TYPES.has(device.type)) {
        refuse(400, "REQUEST_FAILED", "The request could not be completed. The device has no pairing code to send.", [
          {
            code: "INVALID_VALUE",
            target: "status",
            message: "Only a device awaiting activation by passcode gets one.",
          },
        ]);
      }
      deliver(userOf(device.environmentId, device.userId), device.type);
      device.pairing = { code: otp(), expiresAt: now() + limits.otpLifetimeSeconds * 1000 };
      remember({ userId: device.userId, deviceId: device.id, code: device.pairing.code });
      touch(device);
      return {
        status: 200,
        body: renderDevice(origin, device, device.fields.testMode ? { test: { otp: device.pairing.code } } : {}),
      };
    },

    "devices.setOrder"({ params, body, origin }) {
      const user = userOf(params.environmentId!, params.userId!);
      const ids: string[] = body.order.map((o: { id: string }) => o.id);
      for (const [i, id] of ids.entries()) {
        if (user.devices.get(id)?.status !== "ACTIVE")
          refuse(400, "INVALID_DATA", INVALID_DATA, [
            {
              code: "INVALID_VALUE",
              target: `order[${i}].id`,
              message: "Only the user's active devices can be ordered.",
            },
          ]);
      }
      // PingOne: the listed devices come first; the user's other active devices follow.
      const rest = [...user.devices.values()]
        .filter((d) => d.status === "ACTIVE" && !ids.includes(d.id))
        .map((d) => d.id);
      user.order = [...ids, ...rest];
      const href = `${origin}/v1/environments/${params.environmentId}/users/${params.userId}/devices`;
      return { status: 200, body: { _links: { self: { href } }, order: user.order.map((id) => ({ id })) } };
    },
    "devices.removeOrder"({ params }) {
      userOf(params.environmentId!, params.userId!).order = undefined;
      return { status: 204 };
    },
    "devices.setNickname"({ params, body, origin }) {
      const device = deviceOf(params);
      device.fields.nickname = body.nickname;
      touch(device);
      const self = `${origin}/v1/environments/${params.environmentId}/users/${params.userId}/devices/${device.id}`;
      return {
        status: 200,
        body: { _links: { self: { href: `${self}/nickname` }, device: { href: self } }, nickname: body.nickname },
      };
    },
    "devices.sendLogs"({ params, origin }) {
      const device = deviceOf(params);
      if (device.type !== "MOBILE")
        refuse(400, "INVALID_REQUEST", "The request could not be completed. Only MOBILE devices can send logs.", [
          { code: "INVALID_VALUE", target: "type", message: "Only MOBILE devices upload logs." },
        ]);
      const self = `${origin}/v1/environments/${params.environmentId}/users/${params.userId}/devices/${device.id}`;
      return {
        status: 200,
        body: {
          _links: { self: { href: `${self}/logs` }, device: { href: self } },
          status: "PENDING",
          expiresAt: new Date(now() + 3_600_000).toISOString(),
        },
      };
    },

    "deviceAuthentications.create"({ params, body, origin }) {
      const auth: AuthRecord = {
        id: randomUUID(),
        environmentId: params.environmentId!,
        policyId: body.policy?.id ?? POLICY,
        status: "FAILED",
        candidates: [],
        blocked: [],
        failures: 0,
        extra: {},
        createdAt: iso(),
        updatedAt: iso(),
        expiresAt: now() + limits.authenticationLifetimeSeconds * 1000,
      };
      if (body.user) auth.userId = body.user.id;
      if (body.rp) auth.extra.rp = body.rp;
      const oneTime = body.selectedDevice?.oneTime;
      if (oneTime) {
        // PingOne: a one-time target gets its passcode at once.
        auth.oneTime = oneTime;
        if (auth.userId) deliver(userOf(auth.environmentId, auth.userId), oneTime.type);
        auth.passcode = { code: otp(), expiresAt: now() + limits.otpLifetimeSeconds * 1000 };
        remember({
          userId: auth.userId,
          deviceAuthenticationId: auth.id,
          to: oneTime.phone ?? oneTime.email,
          code: auth.passcode.code,
        });
        auth.status = "OTP_REQUIRED";
      } else if (!auth.userId) {
        // Usernameless FIDO2: an assertion for whoever holds a passkey.
        auth.status = "ASSERTION_REQUIRED";
      } else {
        const user = userOf(auth.environmentId, auth.userId);
        const active = [...user.devices.values()].filter((d) => d.status === "ACTIVE");
        const order = user.order ?? [];
        active.sort((a, b) => (order.indexOf(a.id) + 1 || Infinity) - (order.indexOf(b.id) + 1 || Infinity));
        auth.candidates = active.filter(usable).map((d) => d.id);
        auth.blocked = active.filter((d) => !usable(d)).map((d) => d.id);
        if (auth.candidates.length === 0) {
          // A public program receives 400 NO_USABLE_DEVICES here; the top-level code: default chosen.
          refuse(
            400,
            "REQUEST_FAILED",
            "The request could not be completed. There was an issue processing the request.",
            [{ code: "NO_USABLE_DEVICES", message: "The user has no device that can be used for authentication." }],
          );
        } else if (
          auth.candidates.length === 1 ||
          (limits.deviceSelection === "DEFAULT_TO_FIRST" && user.order && user.order.length > 0)
        ) {
          // PingOne: one device, or the default device (the first in the order), is used at once.
          challenge(auth, user, user.devices.get(auth.candidates[0]!)!);
        } else {
          auth.status = "DEVICE_SELECTION_REQUIRED";
        }
      }
      keep(auth);
      return { status: 201, body: renderAuth(origin, auth) };
    },

    "deviceAuthentications.checkRememberedDevice"({ params, body, headers, origin }) {
      const user = userOf(params.environmentId!, body.user.id);
      const cookie = (headers.cookie ?? "").split(";").map((pair) => pair.trim());
      const remembered = cookie.map((pair) => user.remembered.get(pair)).find(Boolean);
      const matches =
        remembered &&
        remembered.payload === body.payload.value &&
        (remembered.sessionId === undefined || remembered.sessionId === body.deviceSession?.id);
      const auth: AuthRecord = {
        id: randomUUID(),
        environmentId: params.environmentId!,
        userId: body.user.id,
        policyId: body.policy.id,
        status: matches ? "COMPLETED" : "FAILED",
        candidates: [],
        blocked: [],
        failures: 0,
        extra: {
          payload: { value: body.payload.value, type: "BROWSER" },
          ...(body.deviceSession ? { deviceSession: body.deviceSession } : {}),
        },
        createdAt: iso(),
        updatedAt: iso(),
        expiresAt: now() + limits.authenticationLifetimeSeconds * 1000,
      };
      if (matches) {
        auth.selected = remembered.deviceId;
        auth.authenticators = ["swk", "mfa", "rm"];
        auth.extra._embedded = {
          accessingDevices: [
            { id: remembered.deviceId, type: "BROWSER", status: "ACTIVE", lastRememberedAt: remembered.at },
          ],
        };
      } else {
        auth.error = { code: "DEVICE_NOT_REMEMBERED", message: "The accessing device is not a remembered device." };
        auth.extra._embedded = { accessingDevices: [{ type: "BROWSER" }] };
      }
      keep(auth);
      return { status: 200, body: renderAuth(origin, auth) };
    },

    "deviceAuthentications.get": ({ params, origin }) => ({ status: 200, body: renderAuth(origin, authOf(params)) }),

    "deviceAuthentications.selectDevice"({ params, body, origin }) {
      const auth = authOf(params);
      allow(auth, "deviceAuthentications.selectDevice");
      const user = userOf(auth.environmentId, auth.userId!);
      if (!auth.candidates.includes(body.device.id))
        refuse(400, "INVALID_DATA", INVALID_DATA, [
          {
            code: "INVALID_VALUE",
            target: "device.id",
            message: "The device is not one the user can authenticate with.",
          },
        ]);
      const device = user.devices.get(body.device.id);
      if (!device)
        refuse(400, "INVALID_DATA", INVALID_DATA, [
          {
            code: "INVALID_VALUE",
            target: "device.id",
            message: "The device is not one the user can authenticate with.",
          },
        ]);
      if (!usable(device!))
        refuse(400, "REQUEST_FAILED", "The request could not be completed. The device cannot be used now.", [
          { code: "INVALID_VALUE", target: "device.id", message: "The device is blocked or locked." },
        ]);
      challenge(auth, user, device!);
      touch(auth);
      return { status: 200, body: renderAuth(origin, auth) };
    },

    "deviceAuthentications.checkOtp"({ params, body, origin }) {
      const auth = authOf(params);
      allow(auth, "deviceAuthentications.checkOtp");
      const device =
        auth.selected && auth.userId
          ? peekUser(auth.environmentId, auth.userId)?.devices.get(auth.selected)
          : undefined;
      // Default chosen: a device deleted, blocked or locked since it was selected cannot complete it.
      if (!auth.oneTime && (!device || !usable(device))) {
        refuse(400, "REQUEST_FAILED", "The request could not be completed. The selected device cannot be used now.", [
          {
            code: "INVALID_VALUE",
            target: "selectedDevice.id",
            message: "The selected device was deleted, blocked or locked; select another device.",
          },
        ]);
      }
      if (!passcodeOk(device, auth.passcode, body.otp)) {
        auth.failures++;
        touch(auth);
        const remaining = limits.otpAttempts - auth.failures;
        // Default chosen: the last allowed wrong passcode fails the authentication.
        if (remaining <= 0)
          Object.assign(auth, {
            status: "FAILED",
            passcode: undefined,
            error: { code: "OTP_ATTEMPTS_EXCEEDED", message: "Too many wrong passcodes." },
          });
        return wrongOtp(Math.max(0, remaining));
      }
      Object.assign(auth, {
        status: "COMPLETED",
        passcode: undefined,
        authenticators: ["mfa", (device?.type ?? auth.oneTime?.type ?? "otp").toLowerCase()],
      });
      touch(auth);
      return { status: 200, body: renderAuth(origin, auth) };
    },

    "deviceAuthentications.checkAssertion"({ params, origin }) {
      const auth = authOf(params);
      allow(auth, "deviceAuthentications.checkAssertion");
      // An assertion cannot be verified here: any one completes (default chosen).
      const device = auth.selected ? userOf(auth.environmentId, auth.userId!).devices.get(auth.selected) : undefined;
      Object.assign(auth, {
        status: "COMPLETED",
        authenticators: device?.type === "PINGID_DESKTOP_GEN2" ? ["desktop", "mfa", "user"] : ["mfa", "fido2"],
      });
      touch(auth);
      return { status: 200, body: renderAuth(origin, auth) };
    },

    "deviceAuthentications.cancel"({ params, origin }) {
      const auth = authOf(params);
      allow(auth, "deviceAuthentications.cancel");
      // PingOne: a cancelled push goes back to device selection.
      auth.status = "DEVICE_SELECTION_REQUIRED";
      touch(auth);
      return { status: 200, body: renderAuth(origin, auth) };
    },
  };

  function lockedOut(device: DeviceRecord): never {
    return refuse(400, "REQUEST_FAILED", "The request could not be completed. The device is locked.", [
      {
        code: "LIMIT_EXCEEDED",
        target: "otp",
        message: "Too many wrong passcodes: the device is locked.",
        innerError: { lockExpiresAt: new Date(device.lockedUntil!).toISOString() },
      },
    ]);
  }

  return {
    /** Answers one routed, validated request. */
    handle(request: SimulatedRequest): SimulatedAnswer {
      const handler = handlers[request.action];
      if (!handler)
        return {
          status: 501,
          body: errorBody("MOCK_NOT_SIMULATED", `pingone-mfa mock: ${request.action} is not simulated`),
        };
      try {
        return handler(request);
      } catch (error) {
        if (error instanceof Refusal) return error.answer;
        throw error;
      }
    },

    /** Client credentials at `POST /{environmentId}/as/token` (RFC 6749 §4.4, Basic or form). */
    token(form: URLSearchParams, authorization: string | undefined): SimulatedAnswer {
      let clientId = form.get("client_id") ?? undefined;
      let clientSecret = form.get("client_secret") ?? undefined;
      const oauth = (status: number, error: string, description: string): SimulatedAnswer => ({
        status,
        body: { error, error_description: description },
        headers: { "cache-control": "no-store" },
      });
      if (authorization?.startsWith("Basic ")) {
        const decoded = Buffer.from(authorization.slice(6), "base64").toString();
        const colon = decoded.indexOf(":");
        try {
          if (colon < 0) throw new URIError("no colon");
          clientId = decodeURIComponent(decoded.slice(0, colon).replace(/\+/g, " "));
          clientSecret = decodeURIComponent(decoded.slice(colon + 1).replace(/\+/g, " "));
        } catch {
          return oauth(401, "invalid_client", "Request denied: the Basic credentials cannot be read.");
        }
      }
      if (form.get("grant_type") !== "client_credentials")
        return oauth(400, "unsupported_grant_type", "Only client_credentials is simulated.");
      if (!clientId || clientSecret === undefined)
        return oauth(401, "invalid_client", "Request denied: client authentication is missing.");
      if (clients.size > 0 && clients.get(clientId) !== clientSecret)
        return oauth(401, "invalid_client", "Request denied: Unsupported authentication method.");
      const accessToken = `mock.${randomBytes(24).toString("base64url")}`;
      for (const [issued, expires] of tokens) if (expires <= now()) tokens.delete(issued);
      tokens.set(accessToken, now() + limits.tokenLifetimeSeconds * 1000);
      if (tokens.size > KEPT) tokens.delete(tokens.keys().next().value!);
      return {
        status: 200,
        body: { access_token: accessToken, token_type: "Bearer", expires_in: limits.tokenLifetimeSeconds },
        headers: { "cache-control": "no-store" },
      };
    },

    /** Whether a bearer token may call the API: any, until the token endpoint has issued one; then only live issued ones. */
    acceptsToken(token: string): boolean {
      if (tokens.size === 0) return true;
      const expires = tokens.get(token);
      return expires !== undefined && expires > now();
    },

    // What a test drives through the mock object.
    reset() {
      environments.clear();
      auths.clear();
      tokens.clear();
      clients.clear();
      outbox.length = 0;
      pushes.clear();
      offset = 0;
      limits = { ...DEFAULT_LIMITS, ...options.limits };
    },
    lastOtp(query: {
      userId?: string;
      deviceId?: string;
      deviceAuthenticationId?: string;
      to?: string;
    }): string | undefined {
      for (let i = outbox.length - 1; i >= 0; i--) {
        const sent = outbox[i]!;
        const same = (key: string, value: string) =>
          key === "to"
            ? sent.to !== undefined && digitsOf(sent.to) === digitsOf(value)
            : sent[key as keyof typeof sent] === value;
        if (Object.entries(query).every(([key, value]) => value === undefined || same(key, value))) return sent.code;
      }
      return undefined;
    },
    setLimits(changes: Partial<SimulatorLimits>) {
      limits = { ...limits, ...changes };
    },
    advanceTime(ms: number) {
      offset += ms;
    },
    answerPush(deviceAuthenticationId: string, answer: "APPROVE" | "DENY" | "TIMEOUT") {
      pushes.set(deviceAuthenticationId, answer);
    },
    addDevice(seed: SeedDevice): string {
      const { environmentId, userId, type, status = "ACTIVE", ...fields } = seed;
      const user = userOf(environmentId, userId);
      const device: DeviceRecord = {
        id: randomUUID(),
        environmentId,
        userId,
        type,
        status,
        fields,
        failures: 0,
        createdAt: iso(),
        updatedAt: iso(),
      };
      user.devices.set(device.id, device);
      if (status === "ACTIVE" && user.order) user.order.push(device.id);
      return device.id;
    },
    rememberBrowser(input: { environmentId: string; userId: string; payload: string; sessionId?: string }): string {
      const cookie = `ST=${randomBytes(18).toString("base64url")}`;
      userOf(input.environmentId, input.userId).remembered.set(cookie, {
        payload: input.payload,
        sessionId: input.sessionId,
        deviceId: randomUUID(),
        at: now(),
      });
      return cookie;
    },
    registerClient(clientId: string, clientSecret: string) {
      clients.set(clientId, clientSecret);
    },
    revokeTokens() {
      for (const token of tokens.keys()) tokens.set(token, 0);
    },
  };
}

/** The simulator's object, as startMockServer's caller drives it. */
export type Simulator = ReturnType<typeof createSimulator>;
