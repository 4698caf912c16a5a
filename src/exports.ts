// Everything the entries (the default one, Node's and browsers') export besides createMfaClient and
// clientCredentials.
export type { ApiPaths, AuthPaths, MfaClient } from "./client.js";
export type { AccessToken } from "./auth.js";
export {
  type ClientErrorCode,
  PhoneNumberError,
  type PhoneNumberReason,
  PingOneApiError,
  PingOneError,
  type PingOneErrorBody,
  type PingOneErrorDetail,
  PingOneNetworkError,
  PingOneTimeoutError,
  PingOneTokenError,
  PingOneValidationError,
  type ValidationReason,
} from "./errors.js";
export type { CallOptions, MfaClientOptions } from "./options.js";
export type { ClientCredentialsOptions, TokenSource } from "./client-credentials.js";
export { type CountryCode, type NormalizePhoneOptions, normalizePhoneNumber } from "./phone.js";
export { REGIONS, type Region, regionHosts } from "./regions.js";
export type { Logger, RetryOptions } from "./transport/types.js";
export type * from "./types.js";
export { MEDIA_TYPES } from "./media-types.js";
export type { ActionName, BodyOf, Exclusive, ResultOf } from "./context.js";
export type { components, operations, paths } from "../generated/schema.js";
