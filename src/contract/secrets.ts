// What the contract run has seen that must not reach a report: the client secret and access token
// from the settings, the tokens clientCredentials issued, every bearer token and cookie sent or
// answered, every passcode (`otp`, the test devices' `test.otp`) and phone number in a request or an
// answer. The report (stdout, JUnit, JSON) and every stderr line are masked with them by
// src/errors/redact.ts, the project's one redaction, which also masks token-shaped strings and
// phone-like numbers nobody named.
import type { AccessToken } from "../index.js";
import { redact, type Secrets } from "../errors/redact.js";
import { KNOWN_SECRETS } from "../tokens/token-source.js";

/** Most secrets of each kind kept: a hostile answer full of `otp` keys cannot make masking slow. */
const MOST = 64;
/** Deepest a JSON body is searched for passcodes and phones (PingOne's sit at depth 1 or 2). */
const DEPTH = 6;
/** Longest body read to find them: the proxy caps answers at the client's limit, this caps it again. */
const MAX_BODY = 1024 * 1024;

export class RunSecrets {
  private readonly tokens = new Set<string>();
  private readonly otps = new Set<string>();
  private readonly phones = new Set<string>();
  private source: AccessToken | undefined;

  private add(set: Set<string>, value: unknown): void {
    if (set.size >= MOST) return;
    if (typeof value === "number" && Number.isFinite(value)) value = String(value);
    if (typeof value === "string" && value.trim()) set.add(value);
  }

  token(value: unknown): void {
    this.add(this.tokens, value);
    // Also without the blanks around it: a variable set with a trailing newline is sent trimmed.
    if (typeof value === "string") this.add(this.tokens, value.trim());
  }

  otp(value: unknown): void {
    this.add(this.otps, value);
  }

  phone(value: unknown): void {
    this.add(this.phones, value);
  }

  /** The secrets of PINGONE_* variables, read raw: a setup line may quote a value put in the wrong variable. */
  fromEnv(env: NodeJS.ProcessEnv): void {
    this.token(env.PINGONE_CLIENT_SECRET);
    this.token(env.PINGONE_ACCESS_TOKEN);
  }

  /** The run's token: a fixed one, or clientCredentials', whose secrets (client secret and its spellings, issued tokens) are asked for when masking. */
  tokenSource(token: AccessToken): void {
    this.source = token;
    if (typeof token === "string") this.token(token);
  }

  /**
   * The cookies of a `Cookie` header (every `name=value` pair) or a `Set-Cookie` (its first pair;
   * the rest are attributes): each pair and each value. A value under 4 characters is no secret,
   * and masking it would blank every "1" or "/" of the report.
   */
  cookies(header: string | null, set = false): void {
    if (!header) return;
    for (const part of set ? header.split(";").slice(0, 1) : header.split(";")) {
      const equals = part.indexOf("=");
      const value = part.slice(equals + 1).trim();
      if (equals <= 0 || value.length < 4) continue;
      this.token(part.trim());
      this.token(value);
    }
  }

  /** Passcodes (`otp`, any depth) and phones (`phone`) in a JSON body. */
  body(text: string): void {
    let value: unknown;
    try {
      value = JSON.parse(text);
    } catch {
      return;
    }
    const stack: Array<{ node: unknown; depth: number }> = [{ node: value, depth: 0 }];
    while (stack.length > 0) {
      const { node, depth } = stack.pop()!;
      if (node === null || typeof node !== "object" || depth > DEPTH) continue;
      for (const [key, item] of Object.entries(node)) {
        if (key === "otp") this.otp(item);
        else if (key === "phone") this.phone(item);
        else stack.push({ node: item, depth: depth + 1 });
      }
    }
  }

  /** What a request carries: its bearer token, cookies, and the passcodes and phones of its body. */
  async request(request: Request): Promise<void> {
    const authorization = request.headers.get("authorization");
    if (authorization) this.token(authorization.replace(/^\s*bearer\s+/i, ""));
    this.cookies(request.headers.get("cookie"));
    if (request.body) this.body(await readAtMost(request.clone()));
  }

  /** What an answer carries: its cookies, and the passcodes and phones of its body (test.otp). */
  async response(response: Response): Promise<void> {
    for (const cookie of response.headers.getSetCookie()) this.cookies(cookie, true);
    if (response.body) this.body(await readAtMost(response.clone()));
  }

  /** Everything seen so far, in the form redaction takes. */
  secrets(): Secrets {
    const known = typeof this.source === "function" ? this.source[KNOWN_SECRETS]?.() : undefined;
    return {
      tokens: [...this.tokens, ...(known ?? [])],
      otps: [...this.otps],
      phones: [...this.phones],
    };
  }

  /** `text` masked with everything seen so far, and with every token-shaped string and phone-like number. */
  mask(text: string, max = Number.MAX_SAFE_INTEGER): string {
    return redact(text, this.secrets(), max);
  }
}

/** The body's text, or its first MAX_BODY bytes; never throws. */
async function readAtMost(message: Request | Response): Promise<string> {
  const reader = message.body?.getReader();
  if (!reader) return "";
  const chunks: Uint8Array[] = [];
  let size = 0;
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      chunks.push(value);
      size += value.length;
      if (size > MAX_BODY) {
        await reader.cancel();
        break;
      }
    }
  } catch {
    // An answer that cannot be read is the step's failure to report, not this one's.
  }
  return Buffer.concat(chunks).toString("utf8");
}
