// devices.*: a user's MFA devices, on the api host. Each method names its action; the action's
// path, media type, body and result come from the spec (generated/actions.ts).
// Methods `return await` their call: the result settles in one microtask, where handing back the
// call's promise takes three.
import { actions } from "../../generated/actions.js";
import { checkArray } from "../validation/checks.js";
import type { BodyOf, Context, QueryOf } from "./context.js";
import type { CallOptions } from "./options.js";

/** The `devices` methods of a client (see README, Methods). */
export function devicesApi(ctx: Context) {
  return {
    /** Lists the user's devices, default first when the user has an order (`filter`, `limit`, `expand`). */
    async list(userId: string, query?: QueryOf<"devices.list">, call?: CallOptions) {
      return await ctx.call("devices.list", { path: { userId }, ...(query === undefined ? {} : { query }) }, call);
    },

    /**
     * Creates a device (201). Phones (SMS, VOICE, WHATSAPP) are sent as E.164; `testMode` is
     * accepted on EMAIL, SMS and VOICE only.
     * @throws {PhoneNumberError | PingOneValidationError} before any request, for a bad body.
     */
    async create(userId: string, device: BodyOf<"devices.create">, call?: CallOptions) {
      return await ctx.call("devices.create", { path: { userId }, body: device }, call);
    },

    /** Sets the order of the user's devices; the first becomes the default. */
    async setOrder(userId: string, deviceIds: readonly string[], call?: CallOptions) {
      const order = checkArray("deviceIds", deviceIds).map((id) => ({ id }) as { id: string });
      return await ctx.call("devices.setOrder", { path: { userId }, body: { order } }, call);
    },

    /** Removes the user's device order (204), leaving no default device. */
    async removeOrder(userId: string, call?: CallOptions) {
      return await ctx.call("devices.removeOrder", { path: { userId } }, call);
    },

    /** Reads one device. */
    async get(userId: string, deviceId: string, call?: CallOptions) {
      return await ctx.call("devices.get", { path: { userId, deviceId } }, call);
    },

    /** Activates a device with an OTP (`{ otp }`, `oathResync` for OATH tokens) or an attestation. */
    async activate(userId: string, deviceId: string, activation: BodyOf<"devices.activate">, call?: CallOptions) {
      return await ctx.call("devices.activate", { path: { userId, deviceId }, body: activation }, call);
    },

    /** Blocks a device: it cannot be used until unblocked. */
    async block(userId: string, deviceId: string, call?: CallOptions) {
      return await ctx.call("devices.block", { path: { userId, deviceId } }, call);
    },

    /** Unblocks a device. */
    async unblock(userId: string, deviceId: string, call?: CallOptions) {
      return await ctx.call("devices.unblock", { path: { userId, deviceId } }, call);
    },

    /** Unlocks a device locked after too many failed attempts, and resets its failure count. */
    async unlock(userId: string, deviceId: string, call?: CallOptions) {
      return await ctx.call("devices.unlock", { path: { userId, deviceId } }, call);
    },

    /** Sends the device's pairing code again. */
    async resendPairingCode(userId: string, deviceId: string, call?: CallOptions) {
      return await ctx.call("devices.resendPairingCode", { path: { userId, deviceId } }, call);
    },

    /** Deletes a device (204). The next device in the order becomes the default. */
    async delete(userId: string, deviceId: string, call?: CallOptions) {
      return await ctx.call("devices.delete", { path: { userId, deviceId } }, call);
    },

    /** Renames a device; the nickname is the only field that can change after creation. */
    async setNickname(userId: string, deviceId: string, nickname: string, call?: CallOptions) {
      return await ctx.call("devices.setNickname", { path: { userId, deviceId }, body: { nickname } }, call);
    },

    /** Asks a MOBILE device to upload its logs. */
    async sendLogs(userId: string, deviceId: string, call?: CallOptions) {
      return await ctx.call("devices.sendLogs", { path: { userId, deviceId }, body: actions["devices.sendLogs"].fixed }, call);
    },
  };
}
