// deviceAuthentications.*: MFA authentications, on the auth host. Each method names its action;
// the action's path, media type, body and result come from the spec (generated/actions.ts). None
// is ever resent after a failure: a repeated OTP check spends one of the user's attempts.
// Methods `return await` their call: the result settles in one microtask, where handing back the
// call's promise takes three.
import type { BodyOf, Context, HeadersOf } from "./context.js";
import type { CallOptions } from "./options.js";

/** The `deviceAuthentications` methods of a client (see README, Methods). */
export function deviceAuthenticationsApi(ctx: Context) {
  return {
    /**
     * Starts an authentication (201). One-time SMS and VOICE phones are sent as E.164.
     * @throws {PhoneNumberError | PingOneValidationError} before any request, for a bad body.
     */
    async create(deviceAuthentication: BodyOf<"deviceAuthentications.create">, call?: CallOptions) {
      return await ctx.call("deviceAuthentications.create", { path: {}, body: deviceAuthentication }, call);
    },

    /**
     * Checks whether the user's browser is one PingOne remembered (200): `COMPLETED` when it is,
     * `FAILED` otherwise. `cookie` is the `Set-Cookie` value PingOne returned when it remembered the
     * browser; it is sent as the `Cookie` header and, like `payload.value`, never appears in an error.
     */
    async checkRememberedDevice(
      check: BodyOf<"deviceAuthentications.checkRememberedDevice">,
      cookie: HeadersOf<"deviceAuthentications.checkRememberedDevice">["Cookie"] & string,
      call?: CallOptions,
    ) {
      return await ctx.call("deviceAuthentications.checkRememberedDevice", { path: {}, body: check, headers: { Cookie: cookie } }, call);
    },

    /** Reads an authentication; poll it while `status` is `PUSH_CONFIRMATION_REQUIRED`. */
    async get(deviceAuthenticationId: string, call?: CallOptions) {
      return await ctx.call("deviceAuthentications.get", { path: { deviceAuthenticationId } }, call);
    },

    /** Chooses the device to authenticate with (`DEVICE_SELECTION_REQUIRED`). */
    async selectDevice(deviceAuthenticationId: string, selection: BodyOf<"deviceAuthentications.selectDevice">, call?: CallOptions) {
      return await ctx.call("deviceAuthentications.selectDevice", { path: { deviceAuthenticationId }, body: selection }, call);
    },

    /** Checks the passcode (`OTP_REQUIRED`). The OTP never appears in an error. */
    async checkOtp(deviceAuthenticationId: string, otp: string, call?: CallOptions) {
      return await ctx.call("deviceAuthentications.checkOtp", { path: { deviceAuthenticationId }, body: { otp } }, call);
    },

    /** Checks a FIDO2 or PingID Desktop assertion (`ASSERTION_REQUIRED`). */
    async checkAssertion(deviceAuthenticationId: string, assertion: BodyOf<"deviceAuthentications.checkAssertion">, call?: CallOptions) {
      return await ctx.call("deviceAuthentications.checkAssertion", { path: { deviceAuthenticationId }, body: assertion }, call);
    },

    /** Cancels a push authentication and returns to device selection. */
    async cancel(deviceAuthenticationId: string, reason: BodyOf<"deviceAuthentications.cancel">["reason"], call?: CallOptions) {
      return await ctx.call("deviceAuthentications.cancel", { path: { deviceAuthenticationId }, body: { reason } }, call);
    },
  };
}
