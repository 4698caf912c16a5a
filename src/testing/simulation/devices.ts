// The handlers of the devices resource (api host), one per action of the spec. Each behaviour's
// source is in the behaviour table (behaviours.ts); the ids in comments name its rows.
import { randomBytes, randomToken, randomUuid } from "../random.js";
import type { Clock } from "./clock.js";
import { refusals } from "./errors.js";
import type { Context, DeviceActionName, HandlerTable } from "./handler.js";
import {
  base32,
  countDelivery,
  countWrongActivation,
  DELIVERED,
  newPasscode,
  OTP_TYPES,
  passcodeOk,
  refuseWhileLocked,
} from "./passcodes.js";
import type { DeviceFields, DeviceRecord, DeviceRecordStatus, UserRecord } from "./records.js";
import { deviceHref, devicesHref, renderDevice } from "./render.js";
import { MAX_DEVICE_RECORDS } from "./store.js";

/** Types activated by a credential rather than a sent passcode: they start ACTIVATION_REQUIRED (default chosen). */
const CREDENTIAL_TYPES: ReadonlySet<string> = new Set(["FIDO2", "PINGID_DESKTOP_GEN2", "TOTP", "OATH_TOKEN"]);

/** Devices under the cap (`pairing.maxAllowedDevices`): "all devices that are Active or Blocked". */
export const cappedDevices = (user: UserRecord | undefined) =>
  [...(user?.devices.values() ?? [])].filter((d) => d.status === "ACTIVE" || d.blockedAt !== undefined).length;

/** A new device's record: a fresh id, no failures, created and updated now. */
export const deviceRecord = (
  clock: Clock,
  device: Pick<DeviceRecord, "environmentId" | "userId" | "type" | "status" | "fields">,
): DeviceRecord => {
  const now = clock.iso();
  const { environmentId, userId, type, status, fields } = device;
  return { id: randomUuid(), environmentId, userId, type, status, fields, failures: 0, createdAt: now, updatedAt: now };
};

export function deviceHandlers(ctx: Context): HandlerTable<DeviceActionName> {
  const { store, clock } = ctx;
  const deviceOf = (params: { environmentId: string; userId: string; deviceId: string }) =>
    store.peekDevice(params.environmentId, params.userId, params.deviceId) ?? refusals.notFound();
  const touch = (device: DeviceRecord) => {
    device.updatedAt = clock.iso();
  };
  /** Refuses a device past the cap [create.cap]. */
  const checkCap = (user: UserRecord | undefined) => {
    const max = ctx.settings().pairing.maxAllowedDevices;
    if (cappedDevices(user) >= max) refusals.deviceLimit(max);
  };
  const newDevice = (
    environmentId: string,
    userId: string,
    type: string,
    status: DeviceRecordStatus,
    fields: DeviceFields,
  ) => deviceRecord(clock, { environmentId, userId, type, status, fields });

  return {
    "devices.create"({ params, body, origin, actor }) {
      const { type, status: asked } = body;
      // The device keeps what was sent but its type, its status and a custom pairing notification
      // (which only shapes the message PingOne sends). A loop: rest patterns cost a runtime call each.
      const sent: Record<string, unknown> = {};
      for (const key of Object.keys(body))
        if (key !== "type" && key !== "status" && key !== "notification")
          sent[key] = (body as Record<string, unknown>)[key];
      // [create.actor] PingOne's create pages: when the actor is the user, the status "can only be
      // ACTIVATION_REQUIRED (default, if not provided)".
      const self = actor.kind === "user";
      if (self && asked === "ACTIVE") refusals.userCreatesActive();
      const existing = store.peekUser(params.environmentId, params.userId);
      checkCap(existing);
      if ((existing?.devices.size ?? 0) >= MAX_DEVICE_RECORDS) refusals.tooManyDeviceRecords(MAX_DEVICE_RECORDS);
      // [create.status] An administrator's device is ACTIVE unless asked otherwise; credential types
      // start ACTIVATION_REQUIRED.
      const status: DeviceRecordStatus =
        asked ?? (self || CREDENTIAL_TYPES.has(type) ? "ACTIVATION_REQUIRED" : "ACTIVE");
      const user = store.user(params.environmentId, params.userId);
      const device = newDevice(params.environmentId, params.userId, type, status, sent as DeviceFields);
      const extra: Record<string, unknown> = {};
      if (status === "ACTIVATION_REQUIRED" && OTP_TYPES.has(type) && type !== "TOTP") {
        // [create.test-mode] A pairing passcode, delivered (or shown as test.otp in test mode).
        countDelivery(user, type, ctx.settings(), clock.now());
        device.pairing = newPasscode(ctx.settings(), clock.now());
        store.sent({ userId: device.userId, deviceId: device.id, code: device.pairing.code });
        if (device.fields.testMode) extra.test = { otp: device.pairing.code };
      }
      // [create.credentials]
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
          rp: device.fields.rp,
          challenge: randomToken(16),
          pubKeyCredParams: [{ type: "public-key", alg: -7 }],
        });
      if (type === "PINGID_DESKTOP_GEN2")
        extra.pingIdDesktopCredentialCreationOptions = [12, 24, 16].map((n) => randomToken(n)).join(".");
      user.devices.set(device.id, device);
      if (status === "ACTIVE" && user.order) user.order.push(device.id);
      return { status: 201, body: renderDevice(origin, device, clock.now(), extra) };
    },

    "devices.remember"({ params, body, origin }) {
      // [remember] PingOne's page: the answer sets a cookie that the remembered-device check sends
      // back. The cookie's name and attributes, and keeping the browser out of the device list and
      // the cap: default chosen.
      const device = newDevice(params.environmentId, params.userId, "BROWSER", "ACTIVE", {});
      const cookie = `ST=${randomToken(18)}`;
      store.remember(store.user(params.environmentId, params.userId), cookie, {
        payload: body.payload,
        sessionId: body.session?.id,
        deviceId: device.id,
        at: clock.now(),
      });
      return {
        status: 201,
        body: renderDevice(origin, device, clock.now()),
        headers: { "set-cookie": `${cookie}; Path=/; Secure; HttpOnly` },
      };
    },

    "devices.list"({ params, query, origin }) {
      // [list] A user the store does not hold has no devices; nothing is stored for them.
      const user = store.peekUser(params.environmentId, params.userId);
      const conditions = (query.filter ?? "")
        .split(/\s+and\s+/i)
        .filter(Boolean)
        .map((term) => {
          const match = /^(status|type)\s+eq\s+"([A-Z0-9_]+)"$/i.exec(term.trim());
          return match ? ([match[1]!.toLowerCase(), match[2]!] as const) : refusals.invalidFilter();
        });
      const order = user?.order ?? [];
      const ids = [...order, ...[...(user?.devices.keys() ?? [])].filter((id) => !order.includes(id))];
      const devices = ids
        .map((id) => user!.devices.get(id)!)
        .filter((d) => conditions.every(([field, value]) => (field === "status" ? d.status : d.type) === value))
        .slice(0, query.limit ? Number(query.limit) : undefined);
      const href = devicesHref(origin, params.environmentId, params.userId);
      return {
        status: 200,
        body: {
          _links: { self: { href }, "devices.reorder": { href } },
          _embedded: {
            devices: devices.map((d) => renderDevice(origin, d, clock.now())),
            ...(query.expand === "order" ? { order: order.map((id) => ({ id })) } : {}),
          },
          size: devices.length,
        },
      };
    },

    "devices.get": ({ params, origin }) => ({ status: 200, body: renderDevice(origin, deviceOf(params), clock.now()) }),

    "devices.delete"({ params }) {
      deviceOf(params);
      const user = store.user(params.environmentId, params.userId);
      user.devices.delete(params.deviceId);
      // [delete] PingOne: deleting the default device makes the next one the default.
      if (user.order) user.order = user.order.filter((id) => id !== params.deviceId);
      return { status: 204 };
    },

    "devices.activate"({ params, body, origin }) {
      const device = deviceOf(params);
      const now = clock.now();
      if (device.status === "ACTIVE") refusals.alreadyActive();
      refuseWhileLocked(device, now);
      // [activate] A passcode device activates with its passcode, a FIDO2 or PingID Desktop device
      // with an attestation.
      const proof = OTP_TYPES.has(device.type) ? "otp" : "attestation";
      if (!(proof in body)) refusals.activationProofMissing(device.type, proof);
      if (proof === "otp" && !passcodeOk(device, device.pairing, (body as { otp: string }).otp, now)) {
        touch(device);
        refusals.wrongOtp(countWrongActivation(device, ctx.settings(), now));
      }
      // [activate.cap] Becoming ACTIVE must keep the user within the cap (default chosen: the cap
      // counts ACTIVE devices, so activation is where it applies to a device created pending).
      const user = store.user(device.environmentId, device.userId);
      checkCap(user);
      // FIDO2 and PingID Desktop attestations cannot be verified here: any one activates (default chosen).
      Object.assign(device, { status: "ACTIVE", failures: 0, pairing: undefined });
      if ("nickname" in body && typeof body.nickname === "string") device.fields.nickname = body.nickname;
      if (user.order) user.order.push(device.id);
      touch(device);
      return { status: 200, body: renderDevice(origin, device, clock.now()) };
    },

    "devices.block"({ params, origin }) {
      const device = deviceOf(params);
      device.blockedAt ??= clock.iso();
      touch(device);
      return { status: 200, body: renderDevice(origin, device, clock.now()) };
    },
    "devices.unblock"({ params, origin }) {
      const device = deviceOf(params);
      device.blockedAt = undefined;
      touch(device);
      return { status: 200, body: renderDevice(origin, device, clock.now()) };
    },
    "devices.unlock"({ params, origin }) {
      const device = deviceOf(params);
      // [activate] PingOne: unlocks before the lockout ends and resets the failure count.
      Object.assign(device, { lockedUntil: undefined, failures: 0 });
      touch(device);
      return { status: 200, body: renderDevice(origin, device, clock.now()) };
    },
    "devices.resendPairingCode"({ params, origin }) {
      const device = deviceOf(params);
      // [other-device-calls] Only a device awaiting a delivered passcode gets a new one.
      if (device.status !== "ACTIVATION_REQUIRED" || !DELIVERED.has(device.type)) refusals.noPairingCodeToSend();
      countDelivery(store.user(device.environmentId, device.userId), device.type, ctx.settings(), clock.now());
      device.pairing = newPasscode(ctx.settings(), clock.now());
      store.sent({ userId: device.userId, deviceId: device.id, code: device.pairing.code });
      touch(device);
      const test = device.fields.testMode ? { test: { otp: device.pairing.code } } : {};
      return { status: 200, body: renderDevice(origin, device, clock.now(), test) };
    },

    "devices.setOrder"({ params, body, origin }) {
      const user = store.peekUser(params.environmentId, params.userId);
      const ids = body.order.map((o) => o.id);
      for (const [i, id] of ids.entries()) if (user?.devices.get(id)?.status !== "ACTIVE") refusals.notOrderable(i);
      // [order] PingOne: the listed devices come first; the user's other active devices follow.
      const rest = [...(user?.devices.values() ?? [])]
        .filter((d) => d.status === "ACTIVE" && !ids.includes(d.id))
        .map((d) => d.id);
      const order = [...ids, ...rest];
      if (user) user.order = order;
      const href = devicesHref(origin, params.environmentId, params.userId);
      return { status: 200, body: { _links: { self: { href } }, order: order.map((id) => ({ id })) } };
    },
    "devices.removeOrder"({ params }) {
      // A user the store does not hold has no order to remove; nothing is stored for them.
      const user = store.peekUser(params.environmentId, params.userId);
      if (user) user.order = undefined;
      return { status: 204 };
    },
    "devices.setNickname"({ params, body, origin }) {
      const device = deviceOf(params);
      device.fields.nickname = body.nickname;
      touch(device);
      const self = deviceHref(origin, device);
      return {
        status: 200,
        body: { _links: { self: { href: `${self}/nickname` }, device: { href: self } }, nickname: body.nickname },
      };
    },
    "devices.sendLogs"({ params, origin }) {
      const device = deviceOf(params);
      if (device.type !== "MOBILE") refusals.logsFromMobileOnly();
      const self = deviceHref(origin, device);
      return {
        status: 200,
        body: {
          _links: { self: { href: `${self}/logs` }, device: { href: self } },
          status: "PENDING",
          expiresAt: clock.iso(clock.now() + 3_600_000),
        },
      };
    },
  };
}
