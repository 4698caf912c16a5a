// `pingone-mfa contract`: checks PingOne against the bundled spec. With no PINGONE_* variables,
// every documented example goes through the typed client to the embedded mock (the spec, the client
// and the mock agree). With them, the live walk runs through the validating proxy against that
// environment. A report on stdout, --junit and --json files for CI, exit 1 on any failure and 2 on
// a setup mistake, which is named in one line. Every line it writes, and both files, are masked
// with what the run has seen (secrets.ts).
import { constants } from "node:fs";
import { access, mkdir, stat, writeFile } from "node:fs/promises";
import { dirname } from "node:path";
import { parseArgs } from "node:util";
import { createMfaClient } from "../index.js";
import { startMockServer } from "../testing/index.js";
import { contractCases } from "./cases.js";
import { type CheckResult, checkExample } from "./examples.js";
import { liveWalk, WALK_PHONE } from "./live-walk.js";
import { jsonReport, junitReport, type Report, textReport } from "./report.js";
import { RunSecrets } from "./secrets.js";
import { ContractSetupError, type LiveSettings, liveSettings } from "./settings.js";

const USAGE = `Usage: pingone-mfa contract [--junit FILE] [--json FILE]

Without PINGONE_* variables: every documented example of the bundled spec, through the typed
client, against the embedded mock. With PINGONE_ENVIRONMENT_ID, PINGONE_USER_ID and a token
(PINGONE_CLIENT_ID + PINGONE_CLIENT_SECRET, or PINGONE_ACCESS_TOKEN; optional PINGONE_REGION,
PINGONE_POLICY_ID, PINGONE_WORKER_ENVIRONMENT_ID, PINGONE_API_BASE_URL, PINGONE_AUTH_BASE_URL): a
test-mode device is created, activated, used to authenticate and deleted, through a proxy that
checks every answer against the spec.

Exit status: 0 when every check passed, 1 when one failed, 2 for a usage or setup mistake.`;

/** The examples against the embedded mock (examples mode). */
async function mockChecks(): Promise<{ target: string; results: CheckResult[] }> {
  const mock = await startMockServer({ mode: "examples" });
  try {
    const results: CheckResult[] = [];
    for (const c of contractCases()) results.push(await checkExample(c, mock.url));
    return { target: `${results.length} documented examples through the typed client to the embedded mock`, results };
  } finally {
    await mock.close();
  }
}

/** The walk against an environment, through the validating proxy. */
async function liveChecks(live: LiveSettings, seen: RunSecrets): Promise<{ target: string; results: CheckResult[] }> {
  seen.tokenSource(live.token);
  seen.phone(WALK_PHONE);
  const proxy = await startMockServer({ upstream: live.hosts });
  const findings: string[] = [];
  try {
    const mfa = createMfaClient({
      environmentId: live.environmentId,
      accessToken: live.token,
      apiBaseUrl: proxy.apiBaseUrl,
      authBaseUrl: proxy.authBaseUrl,
      retry: { maxRetries: 2, baseDelayMs: 500, maxDelayMs: 5000 },
      fetch: async (request) => {
        // What goes out and comes back is remembered before the client sees it: a later answer
        // (or the proxy's findings about it) may echo it.
        await seen.request(request);
        const response = await fetch(request);
        await seen.response(response);
        const found = response.headers.get("sl-violations");
        if (found)
          findings.push(
            `${request.method} ${new URL(request.url).pathname.replace(/[0-9a-f]{8}(-[0-9a-f]{4}){3}-[0-9a-f]{12}/gi, ":id")}: ${found}`,
          );
        return response;
      },
    });
    const results = await liveWalk(mfa, {
      userId: live.userId,
      policyId: live.policyId,
      takeFindings: () => findings.splice(0),
    });
    return {
      target: `environment ${live.environmentId.slice(0, 8)}… at ${new URL(live.hosts.apiBaseUrl).host} through the validating proxy`,
      results,
    };
  } finally {
    await proxy.close();
  }
}

/** A report file that cannot be written is a setup mistake, found before the run. */
async function checkWritable(flag: string, file: string): Promise<void> {
  const found = await stat(file).catch(() => undefined);
  if (found?.isDirectory()) throw new ContractSetupError(`--${flag} ${file} is a directory; give a file name`);
  try {
    await mkdir(dirname(file), { recursive: true });
    await access(found ? file : dirname(file), constants.W_OK);
  } catch {
    throw new ContractSetupError(`--${flag} ${file} cannot be written`);
  }
}

async function write(file: string, text: string) {
  await mkdir(dirname(file), { recursive: true });
  await writeFile(file, text);
}

/** Where the command writes its lines: the process's stdout and stderr, unless the caller (a test) gives its own. */
export interface Output {
  out(text: string): void;
  err(text: string): void;
}
const consoleOutput: Output = { out: (text) => console.log(text), err: (text) => console.error(text) };

export async function main(argv: string[], env: NodeJS.ProcessEnv, raw: Output = consoleOutput): Promise<number> {
  // Every line goes out masked with what the run has seen so far: setup lines may quote a value
  // put in the wrong variable, a failed run's line what the upstream said.
  const seen = new RunSecrets();
  seen.fromEnv(env);
  const output: Output = { out: (text) => raw.out(seen.mask(text)), err: (text) => raw.err(seen.mask(text)) };
  let parsed: { values: { junit?: string; json?: string; help?: boolean }; positionals: string[] };
  try {
    parsed = parseArgs({
      args: argv,
      options: { junit: { type: "string" }, json: { type: "string" }, help: { type: "boolean", short: "h" } },
      allowPositionals: true,
      strict: true,
    });
  } catch (error) {
    output.err(`pingone-mfa: ${(error as Error).message}\n\n${USAGE}`);
    return 2;
  }
  const { values, positionals } = parsed;
  if (values.help) {
    output.out(USAGE);
    return 0;
  }
  if (positionals.length !== 1 || positionals[0] !== "contract") {
    output.err(
      `pingone-mfa: ${positionals.length ? `unknown command ${JSON.stringify(positionals.join(" "))}` : "no command given"}; the command is "contract"\n\n${USAGE}`,
    );
    return 2;
  }
  let live: LiveSettings | undefined;
  try {
    if (values.junit) await checkWritable("junit", values.junit);
    if (values.json) await checkWritable("json", values.json);
    live = liveSettings(env);
  } catch (error) {
    if (!(error instanceof ContractSetupError)) throw error;
    output.err(`pingone-mfa contract: ${error.message}`);
    return 2;
  }
  const startedAt = new Date();
  const started = performance.now();
  let run: { target: string; results: CheckResult[] };
  try {
    run = live ? await liveChecks(live, seen) : await mockChecks();
  } catch (error) {
    output.err(`pingone-mfa contract: ${(error as Error).message.split("\n")[0]}`);
    return 2;
  }
  const report: Report = {
    mode: live ? "live" : "mock",
    target: run.target,
    startedAt: startedAt.toISOString(),
    ms: performance.now() - started,
    results: run.results,
  };
  const secrets = seen.secrets();
  output.out(textReport(report, secrets));
  if (values.junit) await write(values.junit, junitReport(report, secrets));
  if (values.json) await write(values.json, jsonReport(report, secrets));
  return report.results.every((r) => r.passed) && report.results.length > 0 ? 0 : 1;
}
