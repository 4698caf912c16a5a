// The token endpoint (client credentials at `POST /{environmentId}/as/token`, RFC 6749 §4.4) and
// the tokens the API accepts: any bearer token until the endpoint has issued one, then only live
// issued ones; and user tokens (`userToken`), whose requests act as that user, as a token from a
// user's own sign-in does on PingOne.
import { randomToken } from "../random.js";
import type { Clock } from "./clock.js";
import { oauthError, type SimulatedAnswer } from "./errors.js";
import type { Actor } from "./records.js";
import type { SimulatorSettings } from "./settings.js";
import { KEPT } from "./store.js";

/** Who a request acts as when no user token says otherwise (shared: nothing changes an actor). */
const ADMIN: Actor = Object.freeze({ kind: "admin" });

interface UserGrant {
  environmentId: string;
  userId: string;
  expiresAt: number;
}

/** Adds `key` to a map kept at KEPT entries (the oldest go first), after dropping expired ones when full. */
function keep<V extends { expiresAt: number } | number>(map: Map<string, V>, key: string, value: V, now: number) {
  if (map.size >= KEPT) for (const [k, v] of map) if ((typeof v === "number" ? v : v.expiresAt) <= now) map.delete(k);
  map.set(key, value);
  if (map.size > KEPT) map.delete(map.keys().next().value!);
}

export class Tokens {
  /** Client-credentials tokens and when they expire. */
  private readonly issued = new Map<string, number>();
  private readonly users = new Map<string, UserGrant>();
  private readonly clients = new Map<string, string>();

  constructor(
    private readonly clock: Clock,
    private readonly settings: () => SimulatorSettings,
  ) {}

  /** Answers a token request: Basic or form credentials, `grant_type=client_credentials`. */
  token(form: URLSearchParams, authorization: string | undefined): SimulatedAnswer {
    let clientId = form.get("client_id") ?? undefined;
    let clientSecret = form.get("client_secret") ?? undefined;
    // RFC 9110 §11.1: the scheme name is case-insensitive.
    if (authorization !== undefined && /^basic /i.test(authorization)) {
      try {
        // atob, not Buffer, so the simulator runs in a browser (MSW); it refuses what is not base64.
        const binary = atob(authorization.slice(6).trim());
        const decoded = new TextDecoder().decode(Uint8Array.from(binary, (c) => c.charCodeAt(0)));
        const colon = decoded.indexOf(":");
        if (colon < 0) throw new URIError("no colon");
        clientId = decodeURIComponent(decoded.slice(0, colon).replace(/\+/g, " "));
        clientSecret = decodeURIComponent(decoded.slice(colon + 1).replace(/\+/g, " "));
      } catch {
        return oauthError(401, "invalid_client", "Request denied: the Basic credentials cannot be read.");
      }
    }
    if (form.get("grant_type") !== "client_credentials")
      return oauthError(400, "unsupported_grant_type", "Only client_credentials is simulated.");
    if (!clientId || clientSecret === undefined)
      return oauthError(401, "invalid_client", "Request denied: client authentication is missing.");
    if (this.clients.size > 0 && this.clients.get(clientId) !== clientSecret)
      return oauthError(401, "invalid_client", "Request denied: Unsupported authentication method.");
    const lifetime = this.settings().accessTokenValiditySeconds;
    const accessToken = `mock.${randomToken(24)}`;
    keep(this.issued, accessToken, this.clock.now() + lifetime * 1000, this.clock.now());
    return {
      status: 200,
      body: { access_token: accessToken, token_type: "Bearer", expires_in: lifetime },
      headers: { "cache-control": "no-store" },
    };
  }

  /** A token whose requests act as the user (PingOne: a token from the user's own sign-in). */
  userToken(environmentId: string, userId: string): string {
    for (const [name, value] of [
      ["environmentId", environmentId],
      ["userId", userId],
    ] as const)
      if (typeof value !== "string" || value === "")
        throw new TypeError(`userToken: ${name} must be a non-empty string, not ${JSON.stringify(value)}`);
    const token = `mock-user.${randomToken(24)}`;
    const now = this.clock.now();
    keep(
      this.users,
      token,
      { environmentId, userId, expiresAt: now + this.settings().accessTokenValiditySeconds * 1000 },
      now,
    );
    return token;
  }

  /** Whether a bearer token may call the API. */
  accepts(token: string): boolean {
    const now = this.clock.now();
    const user = this.users.get(token);
    if (user) return user.expiresAt > now;
    if (this.issued.size === 0) return true;
    const expires = this.issued.get(token);
    return expires !== undefined && expires > now;
  }

  /** Who a request with this `Authorization` header acts as. */
  actorOf(authorization: string | undefined): Actor {
    // No user token issued: every caller is an admin (and the header need not be read).
    if (this.users.size === 0) return ADMIN;
    const bearer = /^Bearer\s+(\S+)$/i.exec(authorization ?? "")?.[1];
    const user = bearer ? this.users.get(bearer) : undefined;
    return user && user.expiresAt > this.clock.now()
      ? { kind: "user", environmentId: user.environmentId, userId: user.userId }
      : ADMIN;
  }

  registerClient(clientId: string, clientSecret: string) {
    if (typeof clientId !== "string" || clientId === "")
      throw new TypeError("registerClient: clientId must be a non-empty string");
    if (typeof clientSecret !== "string") throw new TypeError("registerClient: clientSecret must be a string");
    if (!this.clients.has(clientId) && this.clients.size >= KEPT)
      throw new RangeError(`registerClient: at most ${KEPT} clients can be registered`);
    this.clients.set(clientId, clientSecret);
  }

  /** Every token issued so far, user tokens included, stops working. */
  revoke() {
    for (const token of this.issued.keys()) this.issued.set(token, 0);
    for (const grant of this.users.values()) grant.expiresAt = 0;
  }

  clear() {
    this.issued.clear();
    this.users.clear();
    this.clients.clear();
  }
}
