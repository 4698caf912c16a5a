// pingone-mfa: a typed client for PingOne MFA devices and deviceAuthentications.
export { type ApiPaths, type AuthPaths, createMfaClient, type MfaClient } from "./client.ts";
export type { AccessToken } from "./auth.ts";
export {
  PhoneNumberError,
  type PhoneNumberReason,
  PingOneApiError,
  PingOneError,
  type PingOneErrorBody,
  type PingOneErrorDetail,
  PingOneNetworkError,
  PingOneTimeoutError,
  PingOneValidationError,
  type ValidationReason,
} from "./errors.ts";
export type { CallOptions, MfaClientOptions } from "./options.ts";
export { type CountryCode, type NormalizePhoneOptions, normalizePhoneNumber } from "./phone.ts";
export { REGIONS, type Region, regionHosts } from "./regions.ts";
export type { Logger, RetryOptions } from "./transport.ts";
export type * from "./types.ts";
export { DEVICE_ACTION_MEDIA, DEVICE_AUTHENTICATION_MEDIA, DEVICES_MEDIA } from "./media-types.ts";
export type { components, operations, paths } from "../generated/schema.js";
