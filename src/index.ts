// pingone-mfa: a typed client for PingOne MFA devices and deviceAuthentications.
export { type ApiPaths, type AuthPaths, createMfaClient, type MfaClient } from "./client.js";
export type { AccessToken } from "./auth.js";
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
} from "./errors.js";
export type { CallOptions, MfaClientOptions } from "./options.js";
export { type CountryCode, type NormalizePhoneOptions, normalizePhoneNumber } from "./phone.js";
export { REGIONS, type Region, regionHosts } from "./regions.js";
export type { Logger, RetryOptions } from "./transport.js";
export type * from "./types.js";
export { MEDIA_TYPES } from "./media-types.js";
export type { ActionName, BodyOf, Exclusive, ResultOf } from "./context.js";
export type { components, operations, paths } from "../generated/schema.js";
