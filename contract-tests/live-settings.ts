// Live mode settings, read from the environment: PINGONE_ENVIRONMENT_ID, PINGONE_REGION,
// PINGONE_USER_ID, and PINGONE_ACCESS_TOKEN or PINGONE_CLIENT_ID + PINGONE_CLIENT_SECRET.
import { type Region, regionHosts, REGIONS } from "../src/regions.ts";

export interface LiveSettings {
  environmentId: string;
  region: Region;
  userId: string;
  policyId: string | undefined;
  hosts: { apiBaseUrl: string; authBaseUrl: string };
  /** Returns an access token: the given one, or one from client credentials. */
  token: () => Promise<string>;
}

export function liveSettings(env: NodeJS.ProcessEnv): LiveSettings | undefined {
  const environmentId = env.PINGONE_ENVIRONMENT_ID;
  if (!environmentId) return undefined;
  const region = (env.PINGONE_REGION ?? "NA") as Region;
  if (!Object.hasOwn(REGIONS, region)) throw new Error(`PINGONE_REGION must be one of ${Object.keys(REGIONS).join(", ")}`);
  const userId = env.PINGONE_USER_ID;
  if (!userId) throw new Error("PINGONE_USER_ID is required in live mode: the user the test devices are created for");
  const hosts = regionHosts(region);
  const fixed = env.PINGONE_ACCESS_TOKEN;
  const clientId = env.PINGONE_CLIENT_ID;
  const clientSecret = env.PINGONE_CLIENT_SECRET;
  if (!fixed && !(clientId && clientSecret)) {
    throw new Error("Live mode needs PINGONE_ACCESS_TOKEN, or PINGONE_CLIENT_ID and PINGONE_CLIENT_SECRET");
  }
  let cached: Promise<string> | undefined;
  const token = () =>
    fixed
      ? Promise.resolve(fixed)
      : (cached ??= clientCredentials(`${hosts.authBaseUrl}/${environmentId}/as/token`, clientId!, clientSecret!));
  return { environmentId, region, userId, policyId: env.PINGONE_POLICY_ID, hosts, token };
}

async function clientCredentials(url: string, clientId: string, clientSecret: string): Promise<string> {
  const response = await fetch(url, {
    method: "POST",
    headers: {
      "Content-Type": "application/x-www-form-urlencoded",
      Authorization: `Basic ${Buffer.from(`${clientId}:${clientSecret}`).toString("base64")}`,
    },
    body: "grant_type=client_credentials",
  });
  if (!response.ok) throw new Error(`Token request failed with ${response.status}`);
  const { access_token: token } = (await response.json()) as { access_token?: string };
  if (!token) throw new Error("Token response had no access_token");
  return token;
}
