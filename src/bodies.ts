// Run-time checks of request bodies, mirroring what the types enforce, for JavaScript callers and
// for values that escape the type system. The field rules come from the spec (generated/body-rules.ts).
// Phone fields are normalized to E.164 here, on a copy: the caller's object is never changed.
import { bodyRules } from "../generated/body-rules.ts";
import { PingOneValidationError } from "./errors.ts";
import { type CountryCode, normalizePhoneNumber } from "./phone.ts";

interface FieldRule {
  readonly required: readonly string[];
  readonly allowed: readonly string[];
  readonly phones: readonly string[];
}

const isRecord = (value: unknown): value is Record<string, unknown> =>
  typeof value === "object" && value !== null && !Array.isArray(value);

/** Throws unless `value` is a plain object; returns it typed as a record. */
export function checkObject(field: string, value: unknown): Record<string, unknown> {
  if (!isRecord(value)) {
    throw new PingOneValidationError(field, "INVALID_VALUE", `${field} must be an object`);
  }
  return value;
}

/** Throws unless `value` is a non-empty string. */
export function checkString(field: string, value: unknown): string {
  if (typeof value !== "string" || value.trim() === "") {
    throw new PingOneValidationError(field, "REQUIRED", `${field} must be a non-empty string`);
  }
  return value;
}

/** Throws unless `value` is a non-empty string that can travel in an HTTP header (no CR, LF or NUL). */
export function checkHeaderValue(field: string, value: unknown): string {
  const text = checkString(field, value);
  if (/[\r\n\0]/.test(text)) throw new PingOneValidationError(field, "INVALID_VALUE", `${field} must not contain line breaks or NUL`);
  return text;
}

function applyRule(
  field: string,
  body: Record<string, unknown>,
  rule: FieldRule,
  what: string,
  defaultCountry: CountryCode | undefined,
): { body: Record<string, unknown>; phones: string[] } {
  for (const key of Object.keys(body)) {
    if (body[key] !== undefined && !rule.allowed.includes(key)) {
      throw new PingOneValidationError(
        `${field}.${key}`,
        "FIELD_NOT_ALLOWED",
        `${field}.${key} is not allowed ${what}${field === "device" ? allowedElsewhere(key) : ""}`,
      );
    }
  }
  for (const key of rule.required) {
    if (body[key] === undefined || body[key] === null) {
      throw new PingOneValidationError(`${field}.${key}`, "REQUIRED", `${field}.${key} is required ${what}`);
    }
  }
  const copy = { ...body };
  const phones: string[] = [];
  for (const key of rule.phones) {
    if (copy[key] === undefined) continue;
    phones.push(String(copy[key]));
    copy[key] = normalizePhoneNumber(copy[key], { defaultCountry, field: `${field}.${key}` });
  }
  return { body: copy, phones };
}

/** " (only on EMAIL, SMS, VOICE devices)" for a field some device types accept. */
function allowedElsewhere(key: string): string {
  const types = Object.entries(bodyRules.deviceCreate)
    .filter(([, rule]) => (rule.allowed as readonly string[]).includes(key))
    .map(([type]) => type);
  return types.length > 0 ? ` (only on ${types.sort().join(", ")} devices)` : "";
}

function ruleFor<T extends Record<string, FieldRule>>(field: string, rules: T, type: unknown): FieldRule {
  if (typeof type !== "string" || !Object.hasOwn(rules, type)) {
    throw new PingOneValidationError(
      `${field}.type`,
      "UNKNOWN_DEVICE_TYPE",
      `${field}.type must be one of ${Object.keys(rules).join(", ")}, got ${JSON.stringify(type) ?? "undefined"}`,
    );
  }
  return rules[type] as FieldRule;
}

/** Checks a device-create body by its type and returns a copy with phones in E.164. */
export function checkDeviceCreate(device: unknown, defaultCountry: CountryCode | undefined) {
  const body = checkObject("device", device);
  const rule = ruleFor("device", bodyRules.deviceCreate, body.type);
  return applyRule("device", body, rule, `on ${String(body.type)} devices`, defaultCountry);
}

/** Checks a deviceAuthentication-create body and returns a copy with a one-time phone in E.164. */
export function checkDeviceAuthenticationCreate(input: unknown, defaultCountry: CountryCode | undefined) {
  const field = "deviceAuthentication";
  const top = applyRule(field, checkObject(field, input), bodyRules.deviceAuthenticationCreate, "", defaultCountry);
  if (top.body.selectedDevice === undefined) return top;
  const selected = checkObject(`${field}.selectedDevice`, top.body.selectedDevice);
  const oneTimeField = `${field}.selectedDevice.oneTime`;
  const oneTime = checkObject(oneTimeField, selected.oneTime);
  const rule = ruleFor(oneTimeField, bodyRules.oneTimeDevice, oneTime.type);
  const checked = applyRule(oneTimeField, oneTime, rule, `for one-time ${String(oneTime.type)}`, defaultCountry);
  return { body: { ...top.body, selectedDevice: { ...selected, oneTime: checked.body } }, phones: checked.phones };
}
