// devices.*: a user's MFA devices, on the api host. POST on the collection and on a device carries
// several actions; each method sends its own media type (media-types.ts).
import { checkDeviceCreate, checkObject, checkString } from "./bodies.ts";
import type { Context } from "./client.ts";
import { PingOneValidationError } from "./errors.ts";
import { checkId } from "./ids.ts";
import { DEVICE_ACTION_MEDIA, DEVICES_MEDIA } from "./media-types.ts";
import type { CallOptions } from "./options.ts";
import type {
  Device,
  DeviceActivation,
  DeviceCollection,
  DeviceCreate,
  DeviceListQuery,
  DeviceLogs,
  DeviceNickname,
  DeviceOrder,
} from "./types.ts";

const COLLECTION = "/environments/{environmentId}/users/{userId}/devices";
const DEVICE = "/environments/{environmentId}/users/{userId}/devices/{deviceId}";
const NICKNAME = "/environments/{environmentId}/users/{userId}/devices/{deviceId}/nickname";
const LOGS = "/environments/{environmentId}/users/{userId}/devices/{deviceId}/logs";
const LIST_QUERY_KEYS = ["filter", "limit", "expand"];

type DeviceAction = Exclude<keyof typeof DEVICE_ACTION_MEDIA, "activate">;

/** The `devices` methods of a client (see README, Methods). */
export function devicesApi(ctx: Context) {
  const collection = (userId: string, call: CallOptions | undefined, mediaType?: string) => {
    const { environmentId, init } = ctx.prepare(call, mediaType);
    return { init, path: { environmentId, userId: checkId("userId", userId) } };
  };
  const device = (userId: string, deviceId: string, call: CallOptions | undefined, mediaType?: string) => {
    const { init, path } = collection(userId, call, mediaType);
    return { init, path: { ...path, deviceId: checkId("deviceId", deviceId) } };
  };
  // Block, unblock, unlock and resend send no body: the media type is the whole request.
  const action = (name: DeviceAction) => (userId: string, deviceId: string, call?: CallOptions) => {
    const { init, path } = device(userId, deviceId, call, DEVICE_ACTION_MEDIA[name]);
    return ctx.send<Device>(ctx.api.POST(DEVICE, { ...init, params: { path } }));
  };

  return {
    /**
     * Creates a device (201). Phones (SMS, VOICE, WHATSAPP) are sent as E.164; `testMode` is
     * accepted on EMAIL, SMS and VOICE only.
     * @throws {PhoneNumberError | PingOneValidationError} before any request, for a bad body.
     */
    async create(userId: string, body: DeviceCreate, call?: CallOptions): Promise<Device> {
      const { init, path } = collection(userId, call, DEVICES_MEDIA.create);
      const checked = checkDeviceCreate(body, ctx.defaultCountry);
      const sent = ctx.api.POST(COLLECTION, { ...init, params: { path }, body: checked.body as DeviceCreate });
      return ctx.send<Device>(sent, { phones: checked.phones });
    },

    /** Lists the user's devices, default first when the user has an order. */
    async list(userId: string, query?: DeviceListQuery, call?: CallOptions): Promise<DeviceCollection> {
      const { init, path } = collection(userId, call);
      if (query !== undefined) {
        for (const key of Object.keys(checkObject("query", query))) {
          if (!LIST_QUERY_KEYS.includes(key)) {
            throw new PingOneValidationError(`query.${key}`, "UNKNOWN_OPTION", `Unknown query parameter ${key}`);
          }
        }
      }
      return ctx.send(ctx.api.GET(COLLECTION, { ...init, params: { path, query: query ?? {} } }));
    },

    /** Reads one device. */
    async get(userId: string, deviceId: string, call?: CallOptions): Promise<Device> {
      const { init, path } = device(userId, deviceId, call);
      return ctx.send(ctx.api.GET(DEVICE, { ...init, params: { path } }));
    },

    /** Deletes a device (204). The next device in the order becomes the default. */
    async delete(userId: string, deviceId: string, call?: CallOptions): Promise<void> {
      const { init, path } = device(userId, deviceId, call);
      return ctx.send(ctx.api.DELETE(DEVICE, { ...init, params: { path } }), {}, false);
    },

    /** Activates a device with an OTP (`{ otp }`, `oathResync` for OATH tokens) or an attestation. */
    async activate(userId: string, deviceId: string, body: DeviceActivation, call?: CallOptions): Promise<Device> {
      const { init, path } = device(userId, deviceId, call, DEVICE_ACTION_MEDIA.activate);
      const checked = checkObject("activation", body);
      const otp = typeof checked.otp === "string" ? [checked.otp] : [];
      return ctx.send(ctx.api.POST(DEVICE, { ...init, params: { path }, body }), { values: otp });
    },

    /** Blocks a device: it cannot be used until unblocked. */
    block: action("block"),
    /** Unblocks a device. */
    unblock: action("unblock"),
    /** Unlocks a device locked after too many failed attempts, and resets its failure count. */
    unlock: action("unlock"),
    /** Sends the device's pairing code again. */
    resendPairingCode: action("resendPairingCode"),

    /** Sets the order of the user's devices; the first becomes the default. */
    async setOrder(userId: string, deviceIds: readonly string[], call?: CallOptions): Promise<DeviceOrder> {
      const { init, path } = collection(userId, call, DEVICES_MEDIA.setOrder);
      if (!Array.isArray(deviceIds) || deviceIds.length === 0) {
        throw new PingOneValidationError("deviceIds", "REQUIRED", "deviceIds must be a non-empty array of device IDs");
      }
      const order = deviceIds.map((id, i) => ({ id: checkId(`deviceIds[${i}]`, id) }));
      if (new Set(deviceIds).size !== deviceIds.length) {
        throw new PingOneValidationError("deviceIds", "INVALID_VALUE", "deviceIds must not repeat a device");
      }
      return ctx.send(ctx.api.POST(COLLECTION, { ...init, params: { path }, body: { order } }));
    },

    /** Removes the user's device order (204), leaving no default device. */
    async removeOrder(userId: string, call?: CallOptions): Promise<void> {
      const { init, path } = collection(userId, call, DEVICES_MEDIA.removeOrder);
      return ctx.send(ctx.api.POST(COLLECTION, { ...init, params: { path } }), {}, false);
    },

    /** Renames a device; the nickname is the only field that can change after creation. */
    async setNickname(userId: string, deviceId: string, nickname: string, call?: CallOptions): Promise<DeviceNickname> {
      const { init, path } = device(userId, deviceId, call, "application/json");
      const body = { nickname: checkString("nickname", nickname) };
      return ctx.send(ctx.api.PUT(NICKNAME, { ...init, params: { path }, body }));
    },

    /** Asks a MOBILE device to upload its logs. */
    async sendLogs(userId: string, deviceId: string, call?: CallOptions): Promise<DeviceLogs> {
      const { init, path } = device(userId, deviceId, call, "application/json");
      return ctx.send(ctx.api.PUT(LOGS, { ...init, params: { path }, body: { status: "PENDING" as const } }));
    },
  };
}
