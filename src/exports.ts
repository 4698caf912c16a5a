// Everything the entries (the default one, Node's and browsers') export besides createMfaClient and
// clientCredentials.
export type { ApiPaths, AuthPaths, MfaClient } from "./client/client.js";
export type { AccessToken } from "./tokens/token-source.js";
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
} from "./errors/errors.js";
export type { CallOptions, MfaClientOptions } from "./client/options.js";
export type { CallerFetch, FetchInit, FetchResponse } from "./transport/fetch.js";
export type { ClientCredentialsOptions, TokenSource } from "./tokens/client-credentials.js";
export { type CountryCode, type NormalizePhoneOptions, normalizePhoneNumber } from "./phone/phone.js";
export { REGIONS, type Region, regionHosts } from "./client/regions.js";
export type {
  AttemptFailure,
  GiveUpRecord,
  HookErrorRecord,
  Hooks,
  LineLogger,
  LogEvent,
  Logger,
  LogLevel,
  LogRecord,
  RecordBase,
  RecordLogger,
  RequestRecord,
  ResponseRecord,
  RetryOptions,
  RetryRecord,
} from "./transport/types.js";
export type * from "./client/types.js";
export { MEDIA_TYPES } from "./validation/media-types.js";
export type { ActionName, BodyOf, Exclusive, ResultOf } from "./client/context.js";
export type { components, operations, paths } from "../generated/schema.js";
