// Live mode settings, read from PINGONE_* variables. None set: the checks run on the mock. Set
// but incomplete or malformed: a ContractSetupError naming the variable (and never showing a
// secret's value).
import {
  type AccessToken,
  clientCredentials,
  PingOneValidationError,
  type Region,
  REGIONS,
  regionHosts,
} from "../index.js";
import { isBearerToken } from "../tokens/token-source.js";
import { checkBaseUrl } from "../client/regions.js";

export interface LiveSettings {
  environmentId: string;
  region: Region;
  userId: string;
  policyId: string | undefined;
  /** Where the proxy forwards to: the region's hosts, or PINGONE_API_BASE_URL / PINGONE_AUTH_BASE_URL. */
  hosts: { apiBaseUrl: string; authBaseUrl: string };
  /** PINGONE_ACCESS_TOKEN, or a clientCredentials source for PINGONE_CLIENT_ID and PINGONE_CLIENT_SECRET. */
  token: AccessToken;
}

/** A missing or malformed variable; the message says which and how to fix it. */
export class ContractSetupError extends Error {
  override name = "ContractSetupError";
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const VARIABLES = [
  "PINGONE_ENVIRONMENT_ID",
  "PINGONE_REGION",
  "PINGONE_USER_ID",
  "PINGONE_ACCESS_TOKEN",
  "PINGONE_CLIENT_ID",
  "PINGONE_CLIENT_SECRET",
  "PINGONE_WORKER_ENVIRONMENT_ID",
  "PINGONE_POLICY_ID",
  "PINGONE_API_BASE_URL",
  "PINGONE_AUTH_BASE_URL",
] as const;

const fail = (message: string): never => {
  throw new ContractSetupError(message);
};
const uuid = (env: NodeJS.ProcessEnv, name: string, why: string): string => {
  const value = env[name]?.trim();
  if (!value) return fail(`${name} is not set: ${why}`);
  if (!UUID.test(value))
    return fail(
      `${name} must be a PingOne id (a UUID such as 5a0a0950-8a81-4739-b12a-f4d6a11c7a82), got ${JSON.stringify(value.slice(0, 60))}`,
    );
  return value;
};
const url = (env: NodeJS.ProcessEnv, name: string): string | undefined => {
  const value = env[name]?.trim();
  if (!value) return undefined;
  try {
    return checkBaseUrl(name, value);
  } catch (error) {
    return fail(error instanceof PingOneValidationError ? error.message : `${name} is not a usable URL`);
  }
};

/** The live settings, or undefined when no PINGONE_* variable is set (the checks then run on the mock). */
export function liveSettings(env: NodeJS.ProcessEnv): LiveSettings | undefined {
  const set = VARIABLES.filter((name) => env[name]?.trim());
  if (set.length === 0) return undefined;
  if (!env.PINGONE_ENVIRONMENT_ID?.trim())
    fail(
      `PINGONE_ENVIRONMENT_ID is not set, but ${set.join(", ")} ${set.length > 1 ? "are" : "is"}: set it to the environment to check, or unset the others to check against the mock`,
    );
  const environmentId = uuid(env, "PINGONE_ENVIRONMENT_ID", "the environment to check");
  const region = (env.PINGONE_REGION?.trim() || "NA").toUpperCase() as Region;
  if (!Object.hasOwn(REGIONS, region))
    fail(
      `PINGONE_REGION must be one of ${Object.keys(REGIONS).join(", ")}, got ${JSON.stringify(env.PINGONE_REGION!.slice(0, 20))}`,
    );
  const userId = uuid(
    env,
    "PINGONE_USER_ID",
    "an existing user of the environment; the check creates a test device for it and deletes it",
  );
  const policyId = env.PINGONE_POLICY_ID?.trim() ? uuid(env, "PINGONE_POLICY_ID", "") : undefined;
  const regional = regionHosts(region);
  const hosts = {
    apiBaseUrl: url(env, "PINGONE_API_BASE_URL") ?? regional.apiBaseUrl,
    authBaseUrl: url(env, "PINGONE_AUTH_BASE_URL") ?? regional.authBaseUrl,
  };

  const fixed = env.PINGONE_ACCESS_TOKEN?.trim();
  const clientId = env.PINGONE_CLIENT_ID?.trim();
  const clientSecret = env.PINGONE_CLIENT_SECRET;
  if (fixed && (clientId || clientSecret))
    fail("Set PINGONE_ACCESS_TOKEN or PINGONE_CLIENT_ID with PINGONE_CLIENT_SECRET, not both");
  if (!fixed && !clientId)
    fail(
      "PINGONE_CLIENT_ID is not set: give a worker application's PINGONE_CLIENT_ID and PINGONE_CLIENT_SECRET, or a PINGONE_ACCESS_TOKEN",
    );
  if (!fixed && !clientSecret)
    fail("PINGONE_CLIENT_SECRET is not set: the worker application's client secret, for PINGONE_CLIENT_ID");
  if (fixed && !isBearerToken(fixed))
    fail("PINGONE_ACCESS_TOKEN must be a token of printable ASCII without spaces (its value is not shown)");
  let token: AccessToken;
  if (fixed) token = fixed;
  else {
    const workerEnvironment = env.PINGONE_WORKER_ENVIRONMENT_ID?.trim()
      ? uuid(env, "PINGONE_WORKER_ENVIRONMENT_ID", "")
      : environmentId;
    try {
      token = clientCredentials({
        clientId: clientId!,
        clientSecret: clientSecret!,
        environmentId: workerEnvironment,
        authBaseUrl: hosts.authBaseUrl,
      });
    } catch (error) {
      const field = error instanceof PingOneValidationError ? error.field : "";
      return fail(
        `PINGONE_${field.replace(/([A-Z])/g, "_$1").toUpperCase()} is not usable: ${error instanceof PingOneValidationError ? error.message : "invalid"}`,
      );
    }
  }
  return { environmentId, region, userId, policyId, hosts, token };
}
