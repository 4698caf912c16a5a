// PingOne regions and their hosts. Devices live on the api host (with /v1), deviceAuthentications
// on the auth host (no /v1). An environment belongs to exactly one region.
import { PingOneValidationError } from "../errors/errors.js";

/** Region code → top-level domain of its hosts. `AP` (.asia) is legacy, for existing customers only. */
export const REGIONS = { NA: "com", CA: "ca", EU: "eu", AU: "com.au", SG: "sg", AP: "asia" } as const;

/** A PingOne region: North America, Canada, European Union, Australia, Singapore, Asia-Pacific. */
export type Region = keyof typeof REGIONS;

/** The two base URLs of a region. */
export interface Hosts {
  apiBaseUrl: string;
  authBaseUrl: string;
}

/** The region's default base URLs. */
export function regionHosts(region: Region): Hosts {
  const tld = REGIONS[region];
  return { apiBaseUrl: `https://api.pingone.${tld}/v1`, authBaseUrl: `https://auth.pingone.${tld}` };
}

/** True for a known region code. */
export function isRegion(value: unknown): value is Region {
  return typeof value === "string" && Object.hasOwn(REGIONS, value);
}

const LOOPBACK = /^(?:localhost|127(?:\.\d{1,3}){3}|\[::1\])$/i;

/**
 * Checks a base URL override and returns it without a trailing slash. Tokens travel in headers, so
 * only https is allowed, except http on loopback (a local mock).
 */
export function checkBaseUrl(option: string, value: unknown): string {
  if (typeof value !== "string")
    throw new PingOneValidationError(option, "INVALID_VALUE", `${option} must be a string`);
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    throw new PingOneValidationError(option, "INVALID_VALUE", `${option} must be an absolute URL`);
  }
  // Credentials in a URL end up in logs and errors; a query or fragment would corrupt every path.
  if (url.username || url.password || /[@?#]/.test(value.slice(url.protocol.length + 2))) {
    throw new PingOneValidationError(
      option,
      "INVALID_VALUE",
      `${option} must not carry credentials, a query or a fragment`,
    );
  }
  const loopbackHttp = url.protocol === "http:" && LOOPBACK.test(url.hostname);
  if (url.protocol !== "https:" && !loopbackHttp) {
    throw new PingOneValidationError(
      option,
      "INSECURE_URL",
      `${option} must use https (http is allowed only on localhost/loopback), got ${url.protocol}//${url.host}`,
    );
  }
  return url.href.replace(/\/+$/, "");
}
