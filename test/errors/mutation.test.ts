// Proof that the hostile suites bite: the sources are copied to a temporary directory, one
// protection is broken there by a string replace (the redirect check never fires; redact returns
// its input unmasked; and one mutant per rule of issue 23: no decoded views, passcodes only in their
// own case, numbers past 2^53 sent as they are, …), and the relevant hostile suite is run on the
// copy with vitest. Each mutant
// must make that run fail with failing tests, while the same run on an unmutated copy passes, so
// the failure is the mutation's doing. (One run on the unmutated copy covers every mutant's suite
// and filter at once: a vitest start-up less per mutant.)
import { spawn } from "node:child_process";
import { cp, mkdtemp, readFile, rm, symlink, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join, relative } from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, expect, it } from "vitest";
import { figure } from "../support/figures.ts";

const ROOT = fileURLToPath(new URL("../../", import.meta.url));

interface Mutant {
  name: string;
  file: string;
  mutate: (source: string) => string;
  /** The suite (and the part of it, a vitest -t pattern) that must catch the mutant. */
  test: string;
  filter: string;
}
/** A mutant replacing `from` (which must be in the file) with `to`. */
const swap = (from: string, to: string) => (source: string) => source.replace(from, to);
const SPELLINGS = "test/errors/spellings.test.ts";
const WORKER = "test/tokens/client-credentials.spellings.test.ts";
const INPUT = "test/client/input.hostile.test.ts";
const MUTANTS: Mutant[] = [
  {
    name: "the redirect check in src/transport/core.ts never fires",
    file: "src/transport/core.ts",
    mutate: (source) => source.replace("answer.redirected || (answer.status >= 300 && answer.status < 400)", "false"),
    test: "test/transport/hostile-server.test.ts",
    filter: "redirect",
  },
  {
    name: "redact in src/errors/redact.ts returns its input unmasked",
    file: "src/errors/redact.ts",
    mutate: (source) => source.replace(/(export function redact\([^\n]*\{)/, "$1\n  return text; // mutant"),
    test: "test/errors/redaction.test.ts",
    filter: "(OTP|phone|access token).* echoed in the server message",
  },
  // One per rule of issue 23: each breaks one rule and names the cases that must catch it.
  {
    name: "no decoded views: the text is searched only as it is",
    file: "src/errors/views.ts",
    mutate: swap(
      "export function viewsOf(text: string): View[] {",
      "export function viewsOf(text: string): View[] {\n  return [{ text }];",
    ),
    test: SPELLINGS,
    filter: "percent-encoded: string token, every byte %XX",
  },
  {
    name: "digits of other scripts are not folded",
    file: "src/errors/views.ts",
    mutate: swap("if (DECIMAL_DIGIT.test(char)) {", "if (false) {"),
    test: SPELLINGS,
    filter: "with Arabic-Indic digits",
  },
  {
    name: "passcodes match only without separators",
    file: "src/errors/redact.ts",
    mutate: swap("const OTP_GAP = 3;", "const OTP_GAP = 0;"),
    test: SPELLINGS,
    filter: "passcodes in any case, with separators: 731946 with commas",
  },
  {
    name: "passcodes match only in their own letter case",
    file: "src/errors/redact.ts",
    mutate: (source) =>
      source
        .replace(
          "if (!sameChar(text.charCodeAt(at), first, true)) continue;",
          "if (!sameChar(text.charCodeAt(at), first, false)) continue;",
        )
        .replace(
          "const end = sequenceEnd(text, at, chars, gap, true);",
          "const end = sequenceEnd(text, at, chars, gap, false);",
        ),
    test: SPELLINGS,
    filter: "passcodes in any case, with separators: Ab3dE9K2 with (upper|lower) case",
  },
  {
    name: "tokens match only in their own letter case",
    file: "src/errors/redact.ts",
    mutate: (source) =>
      source
        .replace(
          "if (spelling.length >= GLUED) tokens.add(lowerCase(spelling));",
          "if (spelling.length >= GLUED) tokens.add(spelling);",
        )
        .replace(
          "const lower = known.tokens.length > 0 ? lowerCase(view.text) : view.text;",
          "const lower = view.text;",
        ),
    test: SPELLINGS,
    filter: "tokens in any case, with separators: (string token|cookie value) with upper case",
  },
  {
    name: "tokens are not looked for spelled apart",
    file: "src/errors/redact.ts",
    mutate: swap("findSpaced(lower, known.spaced, found);", ""),
    test: SPELLINGS,
    filter: "tokens in any case, with separators: .* with (spaces|hyphens)",
  },
  {
    name: "the call's phone matches only with its digits together",
    file: "src/errors/redact.ts",
    mutate: swap("const PHONE_GAP = 16;", "const PHONE_GAP = 0;"),
    test: SPELLINGS,
    filter: "the call's phones in any spelling: .* with (commas|vertical bars)",
  },
  {
    name: "phone-like numbers allow only spaces, parentheses, dots and hyphens between digits",
    file: "src/errors/redact.ts",
    mutate: swap('const PHONE_SEPARATOR = "[\\\\s().\\\\-_/\\\\p{Pd}]";', 'const PHONE_SEPARATOR = "[\\\\s().\\\\-]";'),
    test: SPELLINGS,
    filter: "phones the client never sent: .* with (underscores|en dashes)",
  },
  {
    name: "JSON numbers are kept as they are",
    file: "src/errors/redact.ts",
    mutate: swap("return masked === text ? node : masked;", "return node;"),
    test: SPELLINGS,
    filter: "JSON numbers: passcode 731946 echoed as a number in an innerError value",
  },
  {
    name: "a secret spread over an array's items is not masked",
    file: "src/errors/redact.ts",
    mutate: swap("if (Array.isArray(target)) maskAcross(target, secrets);", ""),
    test: SPELLINGS,
    filter: "JSON numbers: .* spread over an array",
  },
  {
    name: "secrets glued to other text are not masked",
    file: "src/errors/redact.ts",
    mutate: swap("const GLUED = 6;", "const GLUED = 1000;"),
    test: SPELLINGS,
    filter: "passcodes in any case, with separators: 731946 with glued to letters",
  },
  {
    name: "text is cut before it is masked",
    file: "src/errors/redact.ts",
    mutate: swap(
      "const known = compiledOf(secrets);",
      "const known = compiledOf(secrets);\n  if (text.length > max) return `${mask(text.slice(0, max), known)}…`;",
    ),
    test: SPELLINGS,
    filter: "glued to other text and cut at the cap",
  },
  {
    name: "tokens nobody told the client about are not looked for",
    file: "src/errors/redact.ts",
    mutate: swap("findUnknownTokens(view.text, found);", ""),
    test: SPELLINGS,
    filter: "tokens the client never saw: a token function's error naming an RS256 JWT in its message",
  },
  {
    name: "a token has no spelling but its own (a cookie value unquoted or decoded is missed)",
    file: "src/errors/redact.ts",
    mutate: swap(
      "export function spellingsOf(token: string): string[] {",
      "export function spellingsOf(token: string): string[] {\n  return [token];",
    ),
    test: SPELLINGS,
    // A short value: a longer one is also found spelled apart, its quotes being separators.
    filter: "cookie values: .*q-7e6d.* echoed as each value, (plain|percent-encoded)",
  },
  {
    name: "a token's base64 is not one of its spellings",
    file: "src/errors/redact.ts",
    mutate: swap("for (const spelling of encoded) out.add(spelling);", ""),
    test: SPELLINGS,
    filter: "base64: a short string token, base64, place 0",
  },
  {
    name: "clientCredentials keeps any short OAuth error code",
    file: "src/tokens/client-credentials.ts",
    mutate: swap("OAUTH_ERRORS.has(body.error)", "/^[\\w.~!'()*+%=-]{1,64}$/.test(body.error)"),
    test: WORKER,
    filter: "the OAuth error code: the secret itself",
  },
  {
    name: "clientCredentials takes an answer a redirect led to",
    file: "src/tokens/client-credentials.ts",
    mutate: swap("if (!fromEndpoint(response)) {", "if (false) {"),
    test: WORKER,
    filter: "a caller's fetch answering with a URL on another host",
  },
  {
    name: "calls do not learn the secrets behind their token source",
    file: "src/transport/core.ts",
    mutate: swap("const tokens: string[] = token.known ? [...token.known()] : [];", "const tokens: string[] = [];"),
    test: WORKER,
    filter: "the API echoes .* as it is",
  },
  {
    name: "call headers are used as given instead of as checked",
    file: "src/client/options.ts",
    mutate: swap(
      "snapshot.headers = Object.fromEntries(pairs);",
      "snapshot.headers = headers as Record<string, string>;",
    ),
    test: INPUT,
    filter: "a Proxy listing x-a, then Host",
  },
  {
    name: "hop-by-hop headers are not reserved",
    file: "src/client/options.ts",
    mutate: swap('  "upgrade",\n', ""),
    test: INPUT,
    filter: "upgrade is refused by name",
  },
  {
    name: "numbers past 2^53 are sent as they are",
    file: "src/client/call.ts",
    mutate: swap(
      "function checkExact(field: string, value: unknown): void {",
      "function checkExact(field: string, value: unknown): void {\n  return;",
    ),
    test: INPUT,
    filter: "refused, naming the field: 1e21 in",
  },
  {
    name: "raw hands any status to Response, and lets its RangeError out",
    file: "src/client/raw-calls.ts",
    mutate: (source) =>
      source
        .replace("if (answer.status < 200 || answer.status > 599)", "if (false)")
        .replace(
          '} catch {\n      throw unexpectedResponse(answer.status, answer.request, "headers a Response cannot hold");',
          "} catch (error) {\n      throw error;",
        ),
    test: INPUT,
    filter: "raw failures are PingOneErrors: an answer with status 999",
  },
  {
    name: "raw lets openapi-fetch's own errors out",
    file: "src/client/raw-calls.ts",
    mutate: swap("throw rawFailure(error, trace, init.signal);", "throw error;"),
    test: INPUT,
    filter: "raw failures are PingOneErrors: a 200 body",
  },
];

interface Run {
  code: number;
  passed: number;
  failed: number;
  /** Passed tests per test file (its path in the copy). */
  passedIn: Record<string, number>;
  output: string;
}
const dirs: string[] = [];
afterAll(async () => {
  await Promise.all(dirs.map((dir) => rm(dir, { recursive: true, force: true })));
});

/** A copy of the sources (src, test, generated, package.json, tsconfig.json) with node_modules linked, and a minimal vitest config. */
async function copy(label: string): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), `pingone-mutation-${label}-`));
  dirs.push(dir);
  await Promise.all([
    cp(join(ROOT, "src"), join(dir, "src"), { recursive: true }),
    cp(join(ROOT, "test"), join(dir, "test"), { recursive: true, filter: (path) => !path.includes("node_modules") }),
    cp(join(ROOT, "generated"), join(dir, "generated"), { recursive: true }),
    cp(join(ROOT, "package.json"), join(dir, "package.json")),
    cp(join(ROOT, "tsconfig.json"), join(dir, "tsconfig.json")),
    symlink(join(ROOT, "node_modules"), join(dir, "node_modules"), "dir"),
  ]);
  await writeFile(
    join(dir, "vitest.mutation.config.mjs"),
    // The same hang guards as the repository's config: a loaded machine is slow, not wrong.
    `export default { cacheDir: ${JSON.stringify(join(dir, ".vite"))}, test: { include: ${JSON.stringify([...new Set(MUTANTS.map((m) => m.test))])}, maxWorkers: 1, testTimeout: 120_000, hookTimeout: 120_000 } };\n`,
  );
  return dir;
}

/** Runs `jobs` at most `width` at a time: on two cores more vitest processes at once only wait on each other. */
async function inTurn<T>(jobs: Array<() => Promise<T>>, width: number): Promise<T[]> {
  const results: T[] = new Array(jobs.length);
  let next = 0;
  await Promise.all(
    Array.from({ length: Math.min(width, jobs.length) }, async () => {
      while (next < jobs.length) {
        const i = next++;
        results[i] = await jobs[i]!();
      }
    }),
  );
  return results;
}

/** Runs vitest on `dir` for the `tests` files, only the tests matching `filter`. */
function vitest(dir: string, tests: string[], filter: string): Promise<Run> {
  const report = join(dir, `report-${Math.random().toString(36).slice(2)}.json`);
  const env: NodeJS.ProcessEnv = { ...process.env, NO_COLOR: "1" };
  for (const key of Object.keys(env)) if (key.startsWith("VITEST") || key === "FORCE_COLOR") delete env[key];
  const args = [
    "run",
    "--config",
    join(dir, "vitest.mutation.config.mjs"),
    "--root",
    dir,
    "--reporter=json",
    `--outputFile=${report}`,
    "-t",
    filter,
    ...tests,
  ];
  return new Promise((resolve, reject) => {
    const child = spawn(join(ROOT, "node_modules/.bin/vitest"), args, { cwd: dir, env });
    let output = "";
    child.stdout.on("data", (chunk: Buffer) => (output += chunk));
    child.stderr.on("data", (chunk: Buffer) => (output += chunk));
    child.on("error", reject);
    child.on("close", async (code) => {
      const json = await readFile(report, "utf8").then(JSON.parse, () => undefined);
      const passedIn: Record<string, number> = {};
      for (const file of json?.testResults ?? []) {
        passedIn[relative(dir, file.name)] = file.assertionResults.filter(
          (r: { status: string }) => r.status === "passed",
        ).length;
      }
      resolve({
        code: code ?? 1,
        passed: json?.numPassedTests ?? 0,
        failed: json?.numFailedTests ?? 0,
        passedIn,
        output: output.slice(-3000),
      });
    });
  });
}

// A hang guard longer than the suite's: 26 vitest runs, three at a time, take minutes on a busy machine.
it("each mutant makes its hostile suite fail, and the unmutated copy passes", { timeout: 900_000 }, async () => {
  const baseline = await copy("baseline");
  const mutants = await Promise.all(
    MUTANTS.map(async (mutant, i) => {
      const dir = await copy(`mutant${i}`);
      const path = join(dir, mutant.file);
      const source = await readFile(path, "utf8");
      const mutated = mutant.mutate(source);
      // A replace that matched nothing would test nothing: the mutation must really be there.
      expect(mutated, `the mutation of ${mutant.file} must change it (has the code moved?)`).not.toBe(source);
      await writeFile(path, mutated);
      return dir;
    }),
  );
  // The unmutated copy runs every mutant's suite with all the filters: passing that, it passes each
  // mutant's suite with its own filter (a subset of those tests).
  const everyFilter = MUTANTS.map((mutant) => `(${mutant.filter})`).join("|");
  const [base, ...mutated] = await inTurn(
    [
      () => vitest(baseline, [...new Set(MUTANTS.map((mutant) => mutant.test))], everyFilter),
      ...MUTANTS.map((mutant, i) => () => vitest(mutants[i]!, [mutant.test], mutant.filter)),
    ],
    3,
  );
  let killed = 0;
  MUTANTS.forEach((mutant, i) => {
    const run = mutated[i]!;
    if (base!.code === 0 && (base!.passedIn[mutant.test] ?? 0) > 0 && run.code !== 0 && run.failed > 0) killed++;
    expect(
      base!.code,
      `unmutated ${MUTANTS.map((m) => m.test).join(" ")} -t "${everyFilter}" must pass:\n${base!.output}`,
    ).toBe(0);
    expect(base!.passedIn[mutant.test], `unmutated ${mutant.test} -t "${everyFilter}" ran no test`).toBeGreaterThan(0);
    expect(run.code, `${mutant.name}: ${mutant.test} must fail:\n${run.output}`).not.toBe(0);
    expect(run.failed, `${mutant.name}: no test failed (did vitest even run?):\n${run.output}`).toBeGreaterThan(0);
  });
  figure(
    `mutation: ${MUTANTS.length} mutants, ${killed} killed by the hostile suites (${mutated.reduce((sum, run) => sum + run.failed, 0)} tests failed in all, at least ${Math.min(...mutated.map((run) => run.failed))} per mutant; the unmutated copy passes)`,
  );
  expect(killed).toBe(MUTANTS.length);
});
