// `pingone-mfa contract`: the report, the JUnit and JSON files, the exit status, and one clear line
// for a missing or malformed variable, never a stack trace. Twice as a user runs it
// (src/contract/cli.ts through tsx, as the repo's `npm run contract` does, a process of its own:
// the exit status and the two streams get through); the other cases call the same `main` that
// cli.ts calls, in this process, with its lines captured (a process per case cost a tsx start-up
// and a Prism load each).
import { execFile } from "node:child_process";
import { mkdtemp, readFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { contractCases } from "../../src/contract/cases.ts";
import { main } from "../../src/contract/command.ts";
import { jsonReport, junitReport, type Report, textReport } from "../../src/contract/report.ts";
import { RunSecrets } from "../../src/contract/secrets.ts";
import { type MockServer, startMockServer } from "../../src/testing/index.ts";
import { anyOf, ENCODINGS, otpSeen, phoneSeen, tokenSeen } from "../support/spellings.ts";

const root = fileURLToPath(new URL("../..", import.meta.url));
const cli = join(root, "src/contract/cli.ts");
const tsx = join(root, "node_modules/.bin/tsx");
const clean = Object.fromEntries(
  Object.entries(process.env).filter(([key]) => !key.startsWith("PINGONE_") && key !== "VITEST"),
);

/** The command as a user runs it: the bin's source through tsx, in a process of its own. */
async function spawned(args: string[], env: Record<string, string> = {}) {
  return promisify(execFile)(tsx, [cli, ...args], { env: { ...clean, ...env }, cwd: root }).then(
    ({ stdout, stderr }) => ({ code: 0, stdout, stderr }),
    (error: { code: number; stdout: string; stderr: string }) => ({
      code: error.code,
      stdout: error.stdout,
      stderr: error.stderr,
    }),
  );
}

/** The command's `main`, as cli.ts calls it, in this process: its exit status and what it wrote. */
async function contract(args: string[], env: Record<string, string> = {}) {
  let stdout = "";
  let stderr = "";
  const code = await main(args, env, {
    out: (text) => (stdout += `${text}\n`),
    err: (text) => (stderr += `${text}\n`),
  });
  return { code, stdout, stderr };
}

describe("pingone-mfa contract", () => {
  it("without PINGONE_* variables: every documented example against the embedded mock, JUnit and JSON written, exit 0", async () => {
    const dir = await mkdtemp(join(tmpdir(), "pingone-mfa-contract-"));
    const result = await contract([
      "contract",
      "--junit",
      join(dir, "out/junit.xml"),
      "--json",
      join(dir, "out/report.json"),
    ]);
    const total = contractCases().length;
    expect(result.code).toBe(0);
    expect(result.stdout).toContain(`${total} of ${total} checks passed`);
    expect(result.stdout).toMatch(/✓ devices\.create\s+application\/json sms → 201/);
    const xml = await readFile(join(dir, "out/junit.xml"), "utf8");
    expect(xml).toMatch(new RegExp(`<testsuites name="pingone-mfa contract" tests="${total}" failures="0"`));
    expect(xml.match(/<testcase /g)).toHaveLength(total);
    const json = JSON.parse(await readFile(join(dir, "out/report.json"), "utf8"));
    expect(json).toMatchObject({ mode: "mock", passed: total, failed: 0, total });
  });

  it("in a process of its own: --help is the usage on stdout and exit 0; a setup mistake one line on stderr, exit 2, no stack trace", async () => {
    const help = await spawned(["--help"]);
    expect(help.code).toBe(0);
    expect(help.stdout).toContain("Usage: pingone-mfa contract");
    expect(help.stderr).toBe("");
    const result = await spawned(["contract"], {
      PINGONE_ENVIRONMENT_ID: "my-env",
      PINGONE_USER_ID: "7f1a2b3c-4d5e-4f60-8a9b-0c1d2e3f4a5b",
      PINGONE_ACCESS_TOKEN: "t",
    });
    expect(result.code).toBe(2);
    expect(result.stdout).toBe("");
    expect(result.stderr.trim().split("\n")).toHaveLength(1);
    expect(result.stderr).toMatch(/PINGONE_ENVIRONMENT_ID must be a PingOne id/);
    expect(result.stderr).not.toMatch(/\n\s+at /);
  });

  it.each([
    [
      "PINGONE_USER_ID set without PINGONE_ENVIRONMENT_ID",
      { PINGONE_USER_ID: "7f1a2b3c-4d5e-4f60-8a9b-0c1d2e3f4a5b" },
      /PINGONE_ENVIRONMENT_ID is not set, but PINGONE_USER_ID is/,
    ],
    [
      "a missing PINGONE_USER_ID",
      { PINGONE_ENVIRONMENT_ID: "1a2b3c4d-5e6f-4a7b-8c9d-0e1f2a3b4c5d", PINGONE_ACCESS_TOKEN: "t" },
      /PINGONE_USER_ID is not set/,
    ],
    [
      "a malformed PINGONE_ENVIRONMENT_ID",
      {
        PINGONE_ENVIRONMENT_ID: "my-env",
        PINGONE_USER_ID: "7f1a2b3c-4d5e-4f60-8a9b-0c1d2e3f4a5b",
        PINGONE_ACCESS_TOKEN: "t",
      },
      /PINGONE_ENVIRONMENT_ID must be a PingOne id/,
    ],
    [
      "an unknown PINGONE_REGION",
      {
        PINGONE_ENVIRONMENT_ID: "1a2b3c4d-5e6f-4a7b-8c9d-0e1f2a3b4c5d",
        PINGONE_USER_ID: "7f1a2b3c-4d5e-4f60-8a9b-0c1d2e3f4a5b",
        PINGONE_ACCESS_TOKEN: "t",
        PINGONE_REGION: "MARS",
      },
      /PINGONE_REGION must be one of NA, CA, EU, AU, SG, AP/,
    ],
    [
      "a client id without its secret",
      {
        PINGONE_ENVIRONMENT_ID: "1a2b3c4d-5e6f-4a7b-8c9d-0e1f2a3b4c5d",
        PINGONE_USER_ID: "7f1a2b3c-4d5e-4f60-8a9b-0c1d2e3f4a5b",
        PINGONE_CLIENT_ID: "w",
      },
      /PINGONE_CLIENT_SECRET is not set/,
    ],
    [
      "no token at all",
      {
        PINGONE_ENVIRONMENT_ID: "1a2b3c4d-5e6f-4a7b-8c9d-0e1f2a3b4c5d",
        PINGONE_USER_ID: "7f1a2b3c-4d5e-4f60-8a9b-0c1d2e3f4a5b",
      },
      /PINGONE_CLIENT_ID is not set/,
    ],
    [
      "an http base URL off loopback",
      {
        PINGONE_ENVIRONMENT_ID: "1a2b3c4d-5e6f-4a7b-8c9d-0e1f2a3b4c5d",
        PINGONE_USER_ID: "7f1a2b3c-4d5e-4f60-8a9b-0c1d2e3f4a5b",
        PINGONE_ACCESS_TOKEN: "t",
        PINGONE_API_BASE_URL: "http://api.example.com/v1",
      },
      /PINGONE_API_BASE_URL must use https/,
    ],
  ])("%s: one line naming the variable, exit 2, no stack trace", async (_, env, message) => {
    const result = await contract(["contract"], env);
    expect(result.code).toBe(2);
    expect(result.stdout).toBe("");
    expect(result.stderr.trim().split("\n")).toHaveLength(1);
    expect(result.stderr).toMatch(message);
    expect(result.stderr).not.toMatch(/\n\s+at /);
  });

  it("a usage mistake is exit 2 with the usage", async () => {
    const unknown = await contract(["contarct"]);
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toContain('unknown command "contarct"');
    expect((await contract(["contract", "--junitt", "x"])).code).toBe(2);
    expect((await contract(["--help"])).stdout).toContain("Usage: pingone-mfa contract");
  });

  it("a report file that cannot be written is a setup mistake: one line, exit 2, before the run", async () => {
    // Dots in the name: a long mixed run of letters and digits (mkdtemp's suffix glued to a
    // hyphenated prefix) is token-shaped, and every line the command writes masks those.
    const dir = await mkdtemp(join(tmpdir(), "pingone-mfa.contract."));
    const directory = await contract(["contract", "--junit", dir]);
    expect(directory.code).toBe(2);
    expect(directory.stderr.trim().split("\n")).toEqual([
      `pingone-mfa contract: --junit ${dir} is a directory; give a file name`,
    ]);
    expect(directory.stdout).toBe("");
    const { writeFile: write } = await import("node:fs/promises");
    await write(join(dir, "file"), "");
    const underFile = await contract(["contract", "--json", join(dir, "file", "report.json")]);
    expect(underFile.code).toBe(2);
    expect(underFile.stderr).toContain("cannot be written");
    expect(underFile.stderr).not.toMatch(/\n\s+at /);
  });

  describe("live mode against the simulator", () => {
    let simulator: MockServer;
    const env = "3c4d5e6f-7a8b-4c9d-8e0f-1a2b3c4d5e6f";
    beforeAll(async () => {
      simulator = await startMockServer();
    });
    afterAll(() => simulator.close());
    const vars = () => ({
      PINGONE_ENVIRONMENT_ID: env,
      PINGONE_USER_ID: "5b6c7d8e-9f0a-4b1c-8d2e-3f4a5b6c7d8e",
      PINGONE_CLIENT_ID: "ci",
      PINGONE_CLIENT_SECRET: "ci-secret",
      PINGONE_API_BASE_URL: simulator.apiBaseUrl,
      PINGONE_AUTH_BASE_URL: simulator.authBaseUrl,
    });

    it("a wrong client secret fails the first step with PingOneTokenError, exit 1, the secret not shown", async () => {
      simulator.reset();
      simulator.registerClient("ci", "the-real-secret");
      const result = await contract(["contract"], vars());
      expect(result.code).toBe(1);
      expect(result.stdout).toMatch(/✗ live walk\s+create a test-mode SMS device\n\s+PingOneTokenError/);
      expect(result.stdout + result.stderr).not.toContain("ci-secret");
    });

    it("an answer that breaks the spec is a failed step and exit 1", async () => {
      simulator.reset();
      simulator.registerClient("ci", "ci-secret");
      simulator.failNext({ status: 201, body: { id: "x" }, action: "deviceAuthentications.create" });
      const result = await contract(["contract"], vars());
      expect(result.code).toBe(1);
      expect(result.stdout).toMatch(/✗ live walk\s+start a device authentication/);
      expect(result.stdout).toMatch(/✓ live walk\s+delete the device/);
    });
  });
});

describe("the JUnit report", () => {
  it("escapes what XML cannot carry and counts failures", () => {
    const xml = junitReport(
      {
        mode: "mock",
        target: "t",
        startedAt: "2026-12-01T00:00:00.000Z",
        ms: 5,
        results: [
          { group: "a<b", name: `"q" & 'a'`, passed: true, problems: [], ms: 1 },
          { group: "g", name: "n", passed: false, problems: ["bad \u0001 char </failure>"], ms: 1 },
        ],
      },
      {},
    );
    expect(xml).toContain('classname="a&lt;b" name="&quot;q&quot; &amp; &apos;a&apos;"');
    expect(xml).toContain('failures="1"');
    expect(xml).toContain("bad \ufffd char &lt;/failure&gt;");
  });
});

describe("what the command writes is masked", () => {
  const secret = "Zq9~s3cr!t'(x)-w0rker";
  const token = "mock.Q2xpZW50VG9rZW4tZm9yLXRlc3Rz";
  const passcode = "k7q2m9x4";
  const phone = "+1 (413) 555-0150";
  // A JWT nobody told the command about (a token the upstream made up).
  const jwt = "eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiJ3b3JrZXIiLCJleHAiOjE4MDAwMDAwMDB9.c2lnbmF0dXJlLWJ5dGVzLWhlcmU";
  const leaked = anyOf(tokenSeen(secret), tokenSeen(token), tokenSeen(jwt), otpSeen(passcode), phoneSeen(phone));
  const report: Report = {
    mode: "live",
    target: `environment 3c4d5e6f… at 127.0.0.1:443 (token ${token})`,
    startedAt: "2026-12-01T00:00:00.000Z",
    ms: 1234.5,
    results: [
      { group: "live walk", name: "create a test-mode SMS device", passed: true, problems: [], ms: 1 },
      {
        group: "live walk",
        name: "check the OTP",
        passed: false,
        problems: [
          ...Object.entries(ENCODINGS).map(([how, encode]) => `PingOneApiError (${how}): secret ${encode(secret)}`),
          ...Object.entries(ENCODINGS).map(([how, encode]) => `token (${how}) ${encode(token)}`),
          `the answer breaks the spec: POST /:id/deviceAuthentications/:id: passcode ${passcode.toUpperCase()}, K7Q,2M9,X4, phone 14135550150 or ${ENCODINGS["every byte %XX"]!(phone)}`,
          `an unknown token ${jwt}`,
        ],
        ms: 1,
      },
    ],
  };
  const secrets = { tokens: [secret, token], otps: [passcode], phones: [phone] };

  it.each([
    ["the text report", () => textReport(report, secrets)],
    ["the JUnit report", () => junitReport(report, secrets)],
    ["the JSON report", () => jsonReport(report, secrets)],
  ])("%s holds none of the run's secrets in any spelling, nor a token nobody named", (_, render) => {
    const text = render();
    expect(leaked([text])).toEqual([]);
    // What failed and why is still readable.
    expect(text).toContain("check the OTP");
    expect(text).toContain("the answer breaks the spec: POST /:id/deviceAuthentications/:id: passcode [redacted]");
    // The check is not vacuous: the same report unmasked shows every secret.
    expect(leaked([JSON.stringify(report)])).toHaveLength(5);
  });

  it("a setup line quoting a value that is also the run's token is masked", async () => {
    // A token pasted into the environment's variable too: the line names the variable, not the value.
    const pasted = "pasted-token-ab12";
    const result = await contract(["contract"], {
      PINGONE_ENVIRONMENT_ID: pasted,
      PINGONE_USER_ID: "7f1a2b3c-4d5e-4f60-8a9b-0c1d2e3f4a5b",
      PINGONE_ACCESS_TOKEN: pasted,
    });
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(
      /^pingone-mfa contract: PINGONE_ENVIRONMENT_ID must be a PingOne id .*, got "\[redacted\]"\n$/,
    );
    expect(result.stderr).not.toContain(pasted);
  });

  it("the secrets of a run: PINGONE_* values, the bearer token and cookies sent, passcodes and phones of bodies", async () => {
    const seen = new RunSecrets();
    seen.fromEnv({ PINGONE_CLIENT_SECRET: `${secret}\n`, PINGONE_ACCESS_TOKEN: undefined });
    await seen.request(
      new Request("http://127.0.0.1/v1/x", {
        method: "POST",
        headers: { authorization: `Bearer ${token}`, cookie: "ST=cookie-value-1; short=v2" },
        body: JSON.stringify({ otp: passcode }),
      }),
    );
    await seen.response(
      new Response(
        JSON.stringify({ id: "d", phone, test: { otp: "012345" }, _embedded: { items: [{ otp: 98765 }] } }),
        {
          headers: [["set-cookie", "remember=set-cookie-value; Path=/"]],
        },
      ),
    );
    expect(seen.secrets()).toEqual({
      tokens: [
        `${secret}\n`,
        secret,
        token,
        "ST=cookie-value-1",
        "cookie-value-1",
        "remember=set-cookie-value",
        "set-cookie-value",
      ],
      otps: [passcode, "98765", "012345"],
      phones: [phone],
    });
    expect(seen.mask(`echo ${secret} ${token} 12345 set-cookie-value`)).toBe(
      "echo [redacted] [redacted] [redacted] [redacted]",
    );
  });
});
