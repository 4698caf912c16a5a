// The shipped command's live mode against a hostile upstream on loopback: the simulator (which
// answers the walk as PingOne does: a token for clientCredentials, a test-mode SMS device with
// test.otp, activation, a device authentication and its OTP check, deletion) behind a relay that
// twists its answers. Compressed and pretty-printed answers pass; a redirect, an answer over the
// client's limit and an answer that breaks the spec fail the step they answer, each for that reason;
// and whatever the upstream echoes (the client secret, the bearer token, the passcodes, the phone,
// in its own `sl-violations` and in odd spellings) is in none of stdout, the JUnit and the JSON.
import { mkdtemp, readFile } from "node:fs/promises";
import { createServer, type IncomingHttpHeaders, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { gzipSync } from "node:zlib";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { main } from "../../src/contract/command.ts";
import { WALK_PHONE } from "../../src/contract/live-walk.ts";
import { type MockServer, startMockServer } from "../../src/testing/index.ts";
import { figure } from "../support/figures.ts";
import { anyOf, ENCODINGS, otpSeen, phoneSeen, tokenSeen } from "../support/spellings.ts";

const ENVIRONMENT = "4d5e6f7a-8b9c-4d0e-9f1a-2b3c4d5e6f7a";
const USER = "6c7d8e9f-0a1b-4c2d-8e3f-4a5b6c7d8e9f";
const CLIENT_ID = "hostile-ci";
// Characters the form encoding writes as `%7E %21 %27 %28 %29`: a secret with a spelling of its own on the wire.
const CLIENT_SECRET = "Zq9~s3cr!t'(x)-w0rker";
const MiB = 1024 * 1024;

/** The step of the walk a request is, from its method, path and media type. */
type Step = "token" | "create" | "activate" | "authenticate" | "select" | "check" | "delete" | "other";
function stepOf(method: string, path: string, contentType = ""): Step {
  if (method === "POST" && /\/as\/token$/.test(path)) return "token";
  if (method === "POST" && /\/users\/[^/]+\/devices$/.test(path)) return "create";
  if (method === "POST" && /\/users\/[^/]+\/devices\/[^/]+$/.test(path)) return "activate";
  if (method === "DELETE" && /\/devices\/[^/]+$/.test(path)) return "delete";
  if (method === "POST" && /\/deviceAuthentications$/.test(path)) return "authenticate";
  if (method === "POST" && /\/deviceAuthentications\/[^/]+$/.test(path))
    return contentType.includes("otp.check") ? "check" : "select";
  return "other";
}

/** What the relay received. */
interface Exchange {
  step: Step;
  method: string;
  path: string;
  headers: IncomingHttpHeaders;
  body: Buffer;
}
/** An answer to send: status, headers and bytes as they go on the wire. */
interface Answer {
  status: number;
  headers: Record<string, string>;
  body: Buffer;
}
/**
 * How the upstream answers one exchange: an Answer (`relay` gives the simulator's), or "sent" when
 * it wrote to the response itself.
 */
type Twist = (
  exchange: Exchange,
  relay: (body?: Buffer) => Promise<Answer>,
  response: ServerResponse,
) => Promise<Answer | "sent">;

const listen = async (server: Server) => {
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
};

let simulator: MockServer;
let upstream: Server;
let upstreamUrl: string;
let twist: Twist;
/** Another host, where a redirect points: it must receive nothing. */
let elsewhere: Server;
let elsewhereUrl: string;
const reachedElsewhere: string[] = [];
const steps: Step[] = [];

beforeAll(async () => {
  simulator = await startMockServer();
  upstream = createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on("data", (chunk: Buffer) => chunks.push(chunk));
    request.on("end", async () => {
      const exchange: Exchange = {
        step: stepOf(request.method!, request.url!, request.headers["content-type"]),
        method: request.method!,
        path: request.url!,
        headers: request.headers,
        body: Buffer.concat(chunks),
      };
      steps.push(exchange.step);
      const relay = async (body = exchange.body): Promise<Answer> => {
        const headers = Object.fromEntries(
          Object.entries(request.headers).filter(
            ([name]) => !["host", "content-length", "accept-encoding", "connection"].includes(name),
          ),
        ) as Record<string, string>;
        const answer = await fetch(new URL(request.url!, simulator.url), {
          method: request.method!,
          headers,
          ...(body.length ? { body: new Uint8Array(body) } : {}),
          redirect: "manual",
        });
        return {
          status: answer.status,
          headers: Object.fromEntries(
            [...answer.headers].filter(
              ([name]) =>
                !["content-length", "content-encoding", "transfer-encoding", "connection", "keep-alive"].includes(name),
            ),
          ),
          body: Buffer.from(await answer.arrayBuffer()),
        };
      };
      try {
        const answer = await twist(exchange, relay, response);
        if (answer === "sent") return;
        response.writeHead(answer.status, { ...answer.headers, "content-length": String(answer.body.length) });
        response.end(answer.body);
      } catch (error) {
        response.writeHead(599).end(String(error));
      }
    });
  });
  upstreamUrl = await listen(upstream);
  elsewhere = createServer((request, response) => {
    reachedElsewhere.push(`${request.method} ${request.url}`);
    response.writeHead(200, { "content-type": "application/json" }).end("{}");
  });
  elsewhereUrl = await listen(elsewhere);
});
afterAll(async () => {
  upstream.closeAllConnections();
  elsewhere.closeAllConnections();
  await new Promise((resolve) => upstream.close(resolve));
  await new Promise((resolve) => elsewhere.close(resolve));
  await simulator.close();
});
beforeEach(() => {
  simulator.reset();
  simulator.registerClient(CLIENT_ID, CLIENT_SECRET);
  steps.length = 0;
  reachedElsewhere.length = 0;
});

/** The command as cli.ts runs it, in this process, against the hostile upstream: exit status, stdout, stderr, JUnit, JSON. */
async function contract() {
  const dir = await mkdtemp(join(tmpdir(), "pingone-mfa.hostile."));
  const junit = join(dir, "junit.xml");
  const json = join(dir, "report.json");
  let stdout = "";
  let stderr = "";
  const code = await main(
    ["contract", "--junit", junit, "--json", json],
    {
      PINGONE_ENVIRONMENT_ID: ENVIRONMENT,
      PINGONE_USER_ID: USER,
      PINGONE_CLIENT_ID: CLIENT_ID,
      PINGONE_CLIENT_SECRET: CLIENT_SECRET,
      PINGONE_API_BASE_URL: `${upstreamUrl}/v1`,
      PINGONE_AUTH_BASE_URL: upstreamUrl,
    },
    { out: (text) => (stdout += `${text}\n`), err: (text) => (stderr += `${text}\n`) },
  );
  const report = JSON.parse(await readFile(json, "utf8")) as {
    passed: number;
    failed: number;
    results: Array<{ name: string; passed: boolean; problems: string[] }>;
  };
  return { code, stdout, stderr, junit: await readFile(junit, "utf8"), json: await readFile(json, "utf8"), report };
}

/** The report's steps as `[name, passed, problems joined]`. */
const outcome = (report: { results: Array<{ name: string; passed: boolean; problems: string[] }> }) =>
  report.results.map((r) => [r.name, r.passed, r.problems.join(" | ")] as const);

describe("the contract command against a hostile upstream", () => {
  it("(a) answers gzip-compressed and pretty-printed: the walk passes every step", async () => {
    let compressed = 0;
    twist = async (_exchange, relay) => {
      const answer = await relay();
      if (answer.body.length === 0) return answer;
      const pretty = Buffer.from(`${JSON.stringify(JSON.parse(answer.body.toString("utf8")), null, 2)}\n`);
      compressed++;
      return { ...answer, headers: { ...answer.headers, "content-encoding": "gzip" }, body: gzipSync(pretty) };
    };
    const run = await contract();
    expect(outcome(run.report)).toEqual([
      ["create a test-mode SMS device", true, ""],
      ["activate it with test.otp", true, ""],
      ["start a device authentication", true, ""],
      ["check the OTP", true, ""],
      ["delete the device", true, ""],
    ]);
    expect(run.code).toBe(0);
    expect(run.stdout).toContain("5 of 5 checks passed");
    // Every answer with a body was compressed (the token's, the device's, the authentication's).
    expect(compressed).toBeGreaterThanOrEqual(5);
    expect(simulator.violations).toEqual([]);
  });

  it.each([
    ["the token request", "token", 307, [["create a test-mode SMS device", false]]],
    [
      "the activation (its passcode in the body)",
      "activate",
      307,
      [
        ["create a test-mode SMS device", true],
        ["activate it with test.otp", false],
        ["delete the device", true],
      ],
    ],
    [
      "the OTP check",
      "check",
      302,
      [
        ["create a test-mode SMS device", true],
        ["activate it with test.otp", true],
        ["start a device authentication", true],
        ["check the OTP", false],
        ["delete the device", true],
      ],
    ],
  ] as const)(
    "(b) %s answered %i to another host: that step fails with UNEXPECTED_REDIRECT, the other host receives nothing",
    async (_, redirected, status, expected) => {
      twist = async (exchange, relay) =>
        exchange.step === redirected
          ? { status, headers: { location: `${elsewhereUrl}${exchange.path}` }, body: Buffer.alloc(0) }
          : relay();
      const run = await contract();
      expect(outcome(run.report).map(([name, passed]) => [name, passed])).toEqual(expected);
      const failed = run.report.results.find((r) => !r.passed)!;
      expect(failed.problems[0]).toMatch(
        redirected === "token"
          ? /^PingOneTokenError UNEXPECTED_REDIRECT: The token endpoint answered 307; it does not redirect, so it was not followed/
          : new RegExp(
              `^PingOneApiError UNEXPECTED_REDIRECT: POST \\S+ answered ${status} to 127\\.0\\.0\\.1:\\d+; PingOne does not redirect, so it was not followed`,
            ),
      );
      expect(steps).toContain(redirected);
      expect(reachedElsewhere).toEqual([]);
      expect(run.code).toBe(1);
    },
  );

  it("(c) an upstream echoing the run's secrets in odd spellings: the walk fails where the answer breaks the spec, and no report holds a secret", async () => {
    // The upstream hands out passcodes of its own (the spec allows letters and digits), so the test
    // knows them and they are not numbers a report could hold by chance; it maps them back for the simulator.
    const devicePasscode = "k7q2m9x4";
    const authPasscode = "90817263";
    const jwt = "eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiJob3N0aWxlIiwiZXhwIjoxODAwMDAwMDAwfQ.c2lnbmVkLWJ5LXRoZS11cHN0cmVhbQ";
    let realPasscode = "";
    let token = "";
    let echoed = 0;
    // Its sl-violations: 4 secrets; its 400: the passcode twice, the phone, the token twice, the
    // secret twice, a passcode and the phone as numbers, the JWT.
    const echoSpellings = 4 + 10;
    const everyByte = ENCODINGS["every byte %XX"]!;
    twist = async (exchange, relay) => {
      const bearer = /^Bearer (.+)$/.exec(exchange.headers.authorization ?? "")?.[1];
      if (bearer) token = bearer;
      // Its own findings on every answer, the secrets in them: the proxy must not pass them on.
      const echo = {
        "sl-violations": JSON.stringify([
          { message: `secret ${CLIENT_SECRET}, ${token}, ${WALK_PHONE}, ${devicePasscode}`, severity: "Error" },
        ]),
        "x-echo": `${CLIENT_SECRET} ${token}`,
      };
      if (exchange.step === "check") {
        echoed++;
        const body = {
          id: "0c1d2e3f-4a5b-4c6d-8e7f-8a9b0c1d2e3f",
          code: "INVALID_DATA",
          message: `Passcode ${devicePasscode.toUpperCase()} (or K7Q,2M9,X4) refused for ${everyByte(WALK_PHONE)}; Bearer ${token}; client_secret=${ENCODINGS["form (URLSearchParams)"]!(CLIENT_SECRET)}`,
          details: [
            {
              code: "INVALID_OTP",
              target: "otp",
              message: `${encodeURIComponent(token)} ${everyByte(CLIENT_SECRET)} ${jwt}`,
              innerError: { attemptsRemaining: "two", otp: Number(authPasscode), phone: 14135550150 },
            },
          ],
        };
        return {
          status: 400,
          headers: { "content-type": "application/json", ...echo },
          body: Buffer.from(JSON.stringify(body, null, 2)),
        };
      }
      const sent =
        exchange.step === "activate"
          ? Buffer.from(exchange.body.toString("utf8").replace(devicePasscode, realPasscode))
          : exchange.body;
      const answer = await relay(sent);
      let text = answer.body.toString("utf8");
      if (exchange.step === "create") {
        realPasscode = JSON.parse(text).test.otp;
        text = text.replace(`"otp":"${realPasscode}"`, `"otp":"${devicePasscode}"`);
      }
      if (exchange.step === "authenticate" || exchange.step === "select")
        text = text.replace(/"otp":"[^"]*"/, `"otp":"${authPasscode}"`);
      return { ...answer, headers: { ...answer.headers, ...echo }, body: Buffer.from(text) };
    };
    const run = await contract();
    const results = outcome(run.report);
    expect(results.map(([name, passed]) => [name, passed])).toEqual([
      ["create a test-mode SMS device", true],
      ["activate it with test.otp", true],
      ["start a device authentication", true],
      ["check the OTP", false],
      ["delete the device", true],
    ]);
    // Why: the 400 breaks the spec (attemptsRemaining is a string), and the client says what it got.
    const check = run.report.results.find((r) => r.name === "check the OTP")!;
    expect(check.problems).toEqual([
      expect.stringMatching(/^PingOneApiError INVALID_DATA: /),
      expect.stringMatching(/^the answer breaks the spec: POST \/:id\/deviceAuthentications\/:id: .*attemptsRemaining/),
    ]);
    expect(run.code).toBe(1);
    expect(echoed).toBe(1);
    expect(realPasscode).toMatch(/^\d+$/);
    expect(token).not.toBe("");
    const leaked = anyOf(
      tokenSeen(CLIENT_SECRET),
      tokenSeen(token),
      tokenSeen(jwt),
      otpSeen(devicePasscode),
      otpSeen(authPasscode),
      otpSeen(realPasscode),
      phoneSeen(WALK_PHONE),
    );
    expect(leaked([run.stdout, run.stderr, run.junit, run.json])).toEqual([]);
    // What failed is still readable: the code, the detail, the masked phone's last digits.
    expect(run.stdout).toContain("refused for ***50; Bearer [redacted]; client_secret=[redacted] [INVALID_OTP otp]");
    figure(
      `contract, hostile upstream: the client secret, the bearer token, 3 passcodes, the phone and a JWT echoed in ${echoSpellings} spellings (its own sl-violations, error texts, percent- and form-encoded, upper case, JSON numbers); 0 in stdout, JUnit or JSON`,
    );
  });

  it("(d) the device's answer streamed past 1 MiB: the step fails for its size, and the proxy stops reading", async () => {
    const written: number[] = [];
    twist = async (exchange, relay, response) => {
      if (exchange.step !== "create") return relay();
      // `{"id":"aaaa…` for up to 1 GiB, written as fast as it is read, until the reader hangs up.
      response.writeHead(201, { "content-type": "application/json" });
      const chunk = Buffer.alloc(64 * 1024, "a");
      let sent = 0;
      response.write('{"id":"');
      while (sent < 1024 * MiB && !response.destroyed) {
        sent += chunk.length;
        if (!response.write(chunk))
          await new Promise<void>((resolve) => {
            const done = () => {
              response.off("drain", done);
              response.off("close", done);
              resolve();
            };
            response.on("drain", done);
            response.on("close", done);
          });
      }
      written.push(sent);
      response.end();
      return "sent";
    };
    const run = await contract();
    expect(outcome(run.report)).toEqual([
      [
        "create a test-mode SMS device",
        false,
        // (The limit, 1048576, is a 7-digit number: redaction masks it as it masks any phone-like number.)
        expect.stringMatching(
          /^PingOneApiError UNEXPECTED_ERROR: 502 .*: pingone-mfa mock: the upstream call failed: the answer is larger than 1024 KiB \(decoded\)$/,
        ),
      ],
    ]);
    expect(run.code).toBe(1);
    // Each time the upstream was asked, it was cut off long before its 1 GiB: what it managed to
    // write is the proxy's MiB plus what the sockets buffer.
    expect(written.length).toBeGreaterThan(0);
    for (const bytes of written) expect(bytes).toBeLessThan(64 * MiB);
    figure(
      `contract, hostile upstream: an endless answer cut off after ${(Math.max(...written) / MiB).toFixed(1)} MiB written (limit 1 MiB decoded)`,
    );
  });

  it("(d) a gzip answer that decodes to 512 MiB: the step fails for its size, and the process's peak memory stays far below it", async () => {
    // 512 gzip members of 1 MiB of spaces each, about 0.5 MiB on the wire.
    const member = gzipSync(Buffer.alloc(MiB, " "));
    const bomb = Buffer.concat(Array.from({ length: 512 }, () => member));
    twist = async (exchange, relay) =>
      exchange.step === "create"
        ? { status: 201, headers: { "content-type": "application/json", "content-encoding": "gzip" }, body: bomb }
        : relay();
    const peakBefore = process.resourceUsage().maxRSS * 1024;
    const run = await contract();
    const peakGrowth = process.resourceUsage().maxRSS * 1024 - peakBefore;
    expect(outcome(run.report)).toEqual([
      [
        "create a test-mode SMS device",
        false,
        // (The limit, 1048576, is a 7-digit number: redaction masks it as it masks any phone-like number.)
        expect.stringMatching(
          /^PingOneApiError UNEXPECTED_ERROR: 502 .*: pingone-mfa mock: the upstream call failed: the answer is larger than 1024 KiB \(decoded\)$/,
        ),
      ],
    ]);
    expect(run.code).toBe(1);
    expect(peakGrowth).toBeLessThan(128 * MiB);
    figure(
      `contract, hostile upstream: a ${(bomb.length / MiB).toFixed(1)} MiB gzip answer decoding to 512 MiB refused; the process's peak RSS rose ${(peakGrowth / MiB).toFixed(1)} MiB above its earlier peak`,
    );
  });
});
