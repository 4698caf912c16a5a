// Leak tests: a token, an OTP and a phone number are planted, every error path is taken (server
// echoes, 4xx/5xx, HTML pages, bad bodies, dropped connections, timeouts, local refusals), and none
// of the three may appear in full in message, stack, JSON.stringify, util.inspect or the logger's
// lines. The redaction and input patterns are also checked for ReDoS.
import { inspect } from "node:util";
import { check } from "recheck";
import { afterAll, beforeAll, expect, it } from "vitest";
import { createMfaClient, type MfaClient } from "../../src/index.ts";
import { PHONE_PATTERNS } from "../../src/phone/phone.ts";
import { requestRules } from "../../generated/request-rules.ts";
import { PATTERNS } from "../../src/errors/redact.ts";
import { AUTHN, DEVICE, ENV, USER } from "../support/stub.ts";
import { startFaultServer, type Scenario } from "../support/fault-server.ts";
import { figure } from "../support/figures.ts";

const TOKEN = "eyJhbGciOiJSUzI1NiJ9.bGVhay10ZXN0LXRva2Vu.c2lnbmF0dXJlLXZhbHVl";
const OTP = "731946";
const PHONE = "+1 (512) 555-0187";
// What "in full" means for each secret: the token, the OTP, and the phone's digits in the spellings a server may use.
const SECRETS: Record<string, string[]> = {
  token: [TOKEN, TOKEN.split(".")[1]!],
  otp: [OTP],
  phone: ["5125550187", "512-555-0187", "512 555 0187", "555-0187", "(512) 555-0187", "512.555.0187"],
};
// The worst a server can do: repeat what it was sent (body and Authorization header), and name
// the user's phone in national spelling, as an error about their device might.
const echoOf = (req: { headers: Record<string, unknown> }, body: string) =>
  `received ${body} with ${String(req.headers.authorization)}; device phone 1-512-555-0187 (512) 555-0187`;

const answer =
  (status: number, message: (echo: string) => unknown): Scenario =>
  (req, res, _, body) => {
    res.writeHead(status, { "content-type": "application/json" });
    res.end(JSON.stringify(message(echoOf(req, body))));
  };
const pingOneEcho = (status: number) =>
  answer(status, (echo) => ({
    id: "e1",
    code: "INVALID_DATA",
    message: echo,
    details: [
      { code: "INVALID_VALUE", target: echo.slice(0, 40), message: echo, innerError: { allowedValues: [echo] } },
    ],
  }));

let server: Awaited<ReturnType<typeof startFaultServer>>;
const logLines: string[] = [];
let mfa: MfaClient;
// A generous deadline, so a loaded machine still takes each fault's own path; the never-ending
// response is ended by a short one (it cannot be missed: that answer never completes).
let patient: MfaClient;
let impatient: MfaClient;
beforeAll(async () => {
  server = await startFaultServer();
  const client = (timeoutMs: number) =>
    createMfaClient({
      environmentId: ENV,
      accessToken: async () => TOKEN,
      apiBaseUrl: `${server.url}/v1`,
      authBaseUrl: server.url,
      timeoutMs,
      retry: { maxRetries: 1, baseDelayMs: 1, maxDelayMs: 2 },
      logger: { debug: (line) => logLines.push(line) },
    });
  patient = client(60_000);
  impatient = client(150);
  mfa = patient;
});
afterAll(() => server.close());

const calls: Record<string, () => Promise<unknown>> = {
  "create SMS": () => mfa.devices.create(USER, { type: "SMS", phone: PHONE }),
  "create VOICE": () => mfa.devices.create(USER, { type: "VOICE", phone: PHONE, policy: { id: DEVICE } }),
  "one-time SMS": () =>
    mfa.deviceAuthentications.create({
      user: { id: USER },
      selectedDevice: { oneTime: { type: "SMS", phone: PHONE } },
    }),
  "check OTP": () => mfa.deviceAuthentications.checkOtp(AUTHN, OTP),
  activate: () => mfa.devices.activate(USER, DEVICE, { otp: OTP }),
};
const faults: Record<string, Scenario | "drop"> = {
  "400 echoing the secrets": pingOneEcho(400),
  "401": answer(401, (echo) => ({ code: "ACCESS_FAILED", message: echo })),
  "429 without Retry-After": answer(429, (echo) => ({ code: "REQUEST_LIMITED", message: echo })),
  "500 echoing": pingOneEcho(500),
  "HTML 502 page with the secrets": (req, res, _, body) => {
    res.writeHead(502, { "content-type": "text/html" });
    res.end(`<html>${echoOf(req, body)}</html>`);
  },
  "malformed 200": (req, res, _, body) => res.end(`{"echo": "${echoOf(req, body)}"`),
  "dropped connection": "drop",
  "never-ending response": (req, res, _, body) => {
    res.writeHead(200);
    res.write(echoOf(req, body));
  },
};

const seen: string[] = [];
let paths = 0;
const inspectError = (where: string, error: unknown) => {
  paths++;
  const views = [
    String((error as Error)?.message),
    String((error as Error)?.stack),
    JSON.stringify(error),
    inspect(error, { depth: Infinity, showHidden: true }),
  ];
  for (const [name, spellings] of Object.entries(SECRETS)) {
    if (views.some((view) => spellings.some((s) => view.includes(s)))) seen.push(`${name} in ${where}`);
  }
};

it("shows no secret in any error of any call on any fault", async () => {
  try {
    for (const [fault, scenario] of Object.entries(faults)) {
      await server.use(scenario === "drop" ? () => undefined : scenario, scenario === "drop");
      mfa = fault === "never-ending response" ? impatient : patient;
      for (const [name, call] of Object.entries(calls)) {
        const error = await call().then(
          () => new Error("resolved"),
          (e: unknown) => e,
        );
        inspectError(`${name} / ${fault}`, error);
      }
    }
  } finally {
    mfa = patient;
  }
  expect(seen).toEqual([]);
});

it("shows no secret in local refusals", async () => {
  const refusals: Array<() => Promise<unknown>> = [
    () => mfa.devices.create(USER, { type: "SMS", phone: `${PHONE} ext. 12` }),
    () => mfa.devices.create(USER, { type: "SMS", phone: "5125550187" }),
    () => mfa.devices.create(USER, { type: "WHATSAPP", phone: PHONE, testMode: true } as never),
    () =>
      mfa.deviceAuthentications.create({
        user: { id: USER },
        selectedDevice: { oneTime: { type: "VOICE", phone: "+1 512 555" } },
      }),
    () => mfa.devices.get(USER, OTP + "/" + TOKEN),
    async () => createMfaClient({ environmentId: ENV, accessToken: `${TOKEN} ${OTP}` }).devices.get(USER, DEVICE),
  ];
  for (const [i, refuse] of refusals.entries()) inspectError(`refusal ${i}`, await refuse().catch((e: unknown) => e));
  expect(seen).toEqual([]);
});

it("masks each call's own token when a token function rotates between concurrent calls", async () => {
  await server.use((req, res) => {
    res.writeHead(401, { "content-type": "application/json" });
    res.end(JSON.stringify({ code: "ACCESS_FAILED", message: `bad ${String(req.headers.authorization)}` }));
  });
  let n = 0;
  const rotating = createMfaClient({
    environmentId: ENV,
    accessToken: async () => `${TOKEN}${++n}`,
    apiBaseUrl: `${server.url}/v1`,
    authBaseUrl: server.url,
  });
  const errors = await Promise.all(
    [1, 2, 3].map(() => rotating.devices.get(USER, DEVICE).catch((e: unknown) => e as Error)),
  );
  for (const [i, error] of errors.entries()) inspectError(`rotating token ${i}`, error);
  expect(errors.map((e) => (e as Error).message).join(" ")).not.toContain(TOKEN);
  expect(seen).toEqual([]);
});

it("keeps a query string (a filter may hold a phone) out of errors and log lines", async () => {
  await server.use(pingOneEcho(400));
  const error = await mfa.devices.list(USER, { filter: `phone eq "${PHONE}"` }).catch((e: unknown) => e);
  inspectError("list with a phone filter", error);
  expect((error as { url: string }).url).toMatch(/\/devices\?…$/);
  expect(seen).toEqual([]);
});

it("writes no secret to the logger", () => {
  expect(logLines.length).toBeGreaterThan(20);
  const leaked = Object.entries(SECRETS).filter(([, spellings]) =>
    logLines.some((l) => spellings.some((s) => l.includes(s))),
  );
  figure(
    `leaks: ${seen.length + leaked.length} of 3 secrets seen in ${paths} error paths and ${logLines.length} log lines`,
  );
  expect(leaked).toEqual([]);
});

it("uses no regular expression open to ReDoS on untrusted text", async () => {
  // Redaction's patterns (all fixed: no pattern is built from a secret), the phone parser's, and
  // those the spec gives request fields.
  const specPatterns = [...JSON.stringify(requestRules).matchAll(/"pattern":"((?:[^"\\]|\\.)*)"/g)].map(
    (m) => new RegExp(JSON.parse(`"${m[1]}"`), "u"),
  );
  const patterns = [...new Set([...PATTERNS, ...PHONE_PATTERNS, ...specPatterns])];
  const results = await Promise.all(patterns.map((p) => check(p.source, p.flags)));
  const unsafe = results.map((r, i) => `${patterns[i]}: ${r.status}`).filter((line) => !line.endsWith(": safe"));
  figure(`redos: ${patterns.length} patterns checked by recheck, ${unsafe.length} unsafe`);
  expect(unsafe).toEqual([]);
  // The checker itself does flag a known-bad pattern.
  expect((await check("(a+)+$", "")).status).toBe("vulnerable");
});
