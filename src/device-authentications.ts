// deviceAuthentications.*: MFA authentications, on the auth host. POST on an authentication carries
// four actions (select, OTP check, assertion check, cancel), each with its own media type. None is
// ever retried after a failure: a repeated OTP check spends one of the user's attempts.
import { checkDeviceAuthenticationCreate, checkHeaderValue, checkObject, checkString } from "./bodies.ts";
import type { Context } from "./client.ts";
import { checkId } from "./ids.ts";
import { DEVICE_AUTHENTICATION_MEDIA as MEDIA } from "./media-types.ts";
import type { paths } from "../generated/schema.js";
import type { CallOptions } from "./options.ts";
import type { Secrets } from "./redact.ts";
import type {
  AssertionCheck,
  CancelReason,
  DeviceAuthentication,
  DeviceAuthenticationCreate,
  DeviceSelection,
  RememberedDeviceCheck,
} from "./types.ts";

const COLLECTION = "/{environmentId}/deviceAuthentications";
const ONE = "/{environmentId}/deviceAuthentications/{deviceAuthenticationId}";

/** The `deviceAuthentications` methods of a client (see README, Methods). */
export function deviceAuthenticationsApi(ctx: Context) {
  const one = (id: string, call: CallOptions | undefined, mediaType?: string) => {
    const { environmentId, init } = ctx.prepare(call, mediaType);
    return { init, path: { environmentId, deviceAuthenticationId: checkId("deviceAuthenticationId", id) } };
  };

  // The four actions share one URL; the media type picks the action.
  type Content = NonNullable<paths[typeof ONE]["post"]["requestBody"]>["content"];
  type ActionBody = Content[keyof Content];
  const act = (id: string, call: CallOptions | undefined, mediaType: string, body: ActionBody, secrets?: Secrets) => {
    const { init, path } = one(id, call, mediaType);
    return ctx.send<DeviceAuthentication>(ctx.auth.POST(ONE, { ...init, params: { path }, body }), secrets);
  };

  return {
    /**
     * Starts an authentication (201). One-time SMS and VOICE phones are sent as E.164.
     * @throws {PhoneNumberError | PingOneValidationError} before any request, for a bad body.
     */
    async create(body: DeviceAuthenticationCreate, call?: CallOptions): Promise<DeviceAuthentication> {
      const { environmentId, init } = ctx.prepare(call, MEDIA.create);
      const checked = checkDeviceAuthenticationCreate(body, ctx.defaultCountry);
      const sent = ctx.auth.POST(COLLECTION, {
        ...init,
        params: { path: { environmentId } },
        body: checked.body as DeviceAuthenticationCreate,
      });
      return ctx.send(sent, { phones: checked.phones });
    },

    /**
     * Checks whether the user's browser is one PingOne remembered (200): `COMPLETED` when it is,
     * `FAILED` otherwise. `cookie` is the `Set-Cookie` value PingOne returned when it remembered the
     * browser; it is sent as the `Cookie` header and, like `payload.value`, never appears in an error.
     */
    async checkRememberedDevice(body: RememberedDeviceCheck, cookie: string, call?: CallOptions): Promise<DeviceAuthentication> {
      const { environmentId, init } = ctx.prepare(call, MEDIA.checkRememberedDevice);
      const checked = checkObject("rememberedDeviceCheck", body) as RememberedDeviceCheck;
      init.headers.Cookie = checkHeaderValue("cookie", cookie);
      const payload = checkObject("rememberedDeviceCheck.payload", checked.payload);
      const secrets = [cookie, ...(typeof payload.value === "string" ? [payload.value] : [])];
      const sent = ctx.auth.POST(COLLECTION, { ...init, params: { path: { environmentId } }, body: checked });
      return ctx.send(sent, { values: secrets });
    },

    /** Reads an authentication; poll it while `status` is `PUSH_CONFIRMATION_REQUIRED`. */
    async get(id: string, call?: CallOptions): Promise<DeviceAuthentication> {
      const { init, path } = one(id, call);
      return ctx.send(ctx.auth.GET(ONE, { ...init, params: { path } }));
    },

    /** Chooses the device to authenticate with (`DEVICE_SELECTION_REQUIRED`). */
    async selectDevice(id: string, body: DeviceSelection, call?: CallOptions): Promise<DeviceAuthentication> {
      return act(id, call, MEDIA.selectDevice, checkObject("selection", body) as DeviceSelection);
    },

    /** Checks the passcode (`OTP_REQUIRED`). The OTP never appears in an error. */
    async checkOtp(id: string, otp: string, call?: CallOptions): Promise<DeviceAuthentication> {
      return act(id, call, MEDIA.checkOtp, { otp: checkString("otp", otp) }, { values: [otp] });
    },

    /** Checks a FIDO2 or PingID Desktop assertion (`ASSERTION_REQUIRED`). */
    async checkAssertion(id: string, body: AssertionCheck, call?: CallOptions): Promise<DeviceAuthentication> {
      return act(id, call, MEDIA.checkAssertion, checkObject("assertion", body) as AssertionCheck);
    },

    /** Cancels a push authentication and returns to device selection. */
    async cancel(id: string, reason: CancelReason, call?: CallOptions): Promise<DeviceAuthentication> {
      return act(id, call, MEDIA.cancel, { reason: checkString("reason", reason) as CancelReason });
    },
  };
}
