// How the simulator's records look on the wire: devices as the api host answers them,
// deviceAuthentications as the auth host does, the devices an authentication lists (masked), and
// `_links` pointing at the mock as the client reached it.
import { randomToken } from "../random.js";
import { isLocked, usableStatus } from "./passcodes.js";
import type { AuthRecord, DeviceRecord, OneTimeTarget, UserRecord } from "./records.js";

type Json = Record<string, unknown>;

/** PingOne masks a phone as seven asterisks and its last two digits (`*******44`). */
export const maskPhone = (phone: string) => `*******${phone.replace(/\D/g, "").slice(-2)}`;
/** PingOne keeps the first characters of an email's local part (`ab****@example.com`). */
export function maskEmail(email: string): string {
  const [local = "", domain = ""] = email.split("@");
  return `${local.length > 1 ? local.slice(0, Math.min(2, local.length - 1)) : ""}****@${domain}`;
}
const maskedTarget = (target: { phone?: string | undefined; email?: string | undefined }) =>
  target.phone ? { phone: maskPhone(target.phone) } : target.email ? { email: maskEmail(target.email) } : {};

/** `…/environments/{env}/users/{user}` on the api host of `origin`. */
export const userHref = (origin: string, environmentId: string, userId: string) =>
  `${origin}/v1/environments/${environmentId}/users/${userId}`;
export const deviceHref = (origin: string, device: DeviceRecord) =>
  `${userHref(origin, device.environmentId, device.userId)}/devices/${device.id}`;
export const devicesHref = (origin: string, environmentId: string, userId: string) =>
  `${userHref(origin, environmentId, userId)}/devices`;

function deviceLinks(origin: string, device: DeviceRecord) {
  const self = { href: deviceHref(origin, device) };
  return {
    self,
    environment: { href: `${origin}/v1/environments/${device.environmentId}` },
    user: { href: userHref(origin, device.environmentId, device.userId) },
    ...(device.status === "ACTIVATION_REQUIRED" ? { "device.activate": self } : {}),
  };
}

/** A device as the api host answers it; `extra` adds what only some answers carry (secrets, `test.otp`). */
export function renderDevice(origin: string, device: DeviceRecord, now: number, extra: Json = {}): Json {
  return {
    _links: deviceLinks(origin, device),
    id: device.id,
    environment: { id: device.environmentId },
    user: { id: device.userId },
    type: device.type,
    status: device.status,
    ...device.fields,
    lock: isLocked(device, now)
      ? { status: "LOCKED", expiresAt: new Date(device.lockedUntil!).toISOString() }
      : { status: "UNLOCKED" },
    block: device.blockedAt ? { status: "BLOCKED", blockedAt: device.blockedAt } : { status: "UNBLOCKED" },
    createdAt: device.createdAt,
    updatedAt: device.updatedAt,
    ...extra,
  };
}

/** A device as a deviceAuthentication lists it: masked, with whether it can be used now. */
export function listedDevice(device: DeviceRecord, user: UserRecord | undefined, now: number): Json {
  const { phone, email, nickname } = device.fields;
  const usable = usableStatus(device, user, now);
  return {
    id: device.id,
    type: device.type,
    status: device.status,
    ...(nickname ? { nickname } : {}),
    ...maskedTarget({ phone, email }),
    usableStatus: usable,
    ...(device.type === "MOBILE" ? { pushStatus: usable } : {}),
  };
}

/** The action links each status offers (the auth host's `_links`, all pointing at the authentication). */
const ACTION_LINKS: Record<string, readonly string[]> = {
  DEVICE_SELECTION_REQUIRED: ["device.select"],
  OTP_REQUIRED: ["device.select", "otp.check"],
  ASSERTION_REQUIRED: ["assertion.check"],
  PUSH_CONFIRMATION_TIMED_OUT: ["device.select"],
};

/** FIDO2 and PingID Desktop request options (values: default chosen; nothing verifies them). */
function assertionOptions(auth: AuthRecord, device: DeviceRecord | undefined): Json {
  const rp = (auth.extra.rp as { id?: string } | undefined)?.id ?? device?.fields.rp?.id ?? "example.com";
  const options = JSON.stringify({
    challenge: randomToken(16),
    timeout: 120000,
    rpId: rp,
    userVerification: "preferred",
  });
  return device?.type === "PINGID_DESKTOP_GEN2"
    ? { publicKeyCredentialRequestOptions: options, pingIdDesktopCredentialRequestOptions: options }
    : { publicKeyCredentialRequestOptions: options };
}

/** A deviceAuthentication as the auth host answers it. */
export function renderAuthentication(
  origin: string,
  auth: AuthRecord,
  user: UserRecord | undefined,
  now: number,
): Json {
  const self = { href: `${origin}/${auth.environmentId}/deviceAuthentications/${auth.id}` };
  const device = auth.selected ? user?.devices.get(auth.selected) : undefined;
  const listed = (ids: string[]) =>
    ids.flatMap((id) => {
      const d = user?.devices.get(id);
      return d ? [listedDevice(d, user, now)] : [];
    });
  const { _embedded: extraEmbedded, ...extra } = auth.extra;
  const embedded = auth.oneTime
    ? { devices: [{ type: auth.oneTime.type, ...maskedTarget(auth.oneTime) }] }
    : user
      ? { devices: listed(auth.candidates), blockedDevices: listed(auth.blocked), ...(extraEmbedded as Json) }
      : (extraEmbedded as Json | undefined);
  const oneTime = (target: OneTimeTarget) => ({ oneTime: { type: target.type, ...maskedTarget(target) } });
  return {
    _links: { self, ...Object.fromEntries((ACTION_LINKS[auth.status] ?? []).map((rel) => [rel, self])) },
    ...(embedded ? { _embedded: embedded } : {}),
    id: auth.id,
    environment: { id: auth.environmentId },
    status: auth.status,
    policy: { id: auth.policyId },
    ...(auth.oneTime
      ? { selectedDevice: oneTime(auth.oneTime) }
      : auth.selected
        ? { selectedDevice: { id: auth.selected } }
        : {}),
    ...(auth.userId ? { user: { id: auth.userId } } : {}),
    // PingOne returns the passcode of a test-mode device ("Create MFA User Device for testing").
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
