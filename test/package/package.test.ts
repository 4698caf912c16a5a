// The package as a user gets it: `npm pack`, installed into a new project, then used the ways the
// README promises: import, require (the CommonJS build), the testing entry, the spec files, a
// TypeScript consumer under nodenext, a browser bundle of the main entry, publint and
// arethetypeswrong, and one set of error classes across the package's copies.
import { execFile } from "node:child_process";
import { mkdir, mkdtemp, readFile, rename, rm, stat, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import pkg from "../../package.json" with { type: "json" };
import { figure } from "../support/figures.ts";
import { consumerProject, prismPeers } from "./consumer.ts";

const run = promisify(execFile);
const root = fileURLToPath(new URL("../..", import.meta.url));
const bin = (name: string) => join(root, "node_modules/.bin", name);
let project: string;
let tarball: string;

const node = (args: string[]) => run(process.execPath, args, { cwd: project }).then((r) => r.stdout.trim());

describe("the packed package", () => {
  beforeAll(async () => {
    project = await mkdtemp(join(tmpdir(), "pingone-mfa-consumer-"));
    tarball = inject("tarball");
    await consumerProject(project, { name: "consumer", packages: prismPeers() });
  });
  afterAll(() => rm(project, { recursive: true, force: true }));

  it("depends at run time on openapi-fetch and, for the simulator's TOTP, @noble/hashes (libphonenumber-js is bundled)", async () => {
    expect(Object.keys(pkg.dependencies).sort()).toEqual(["@noble/hashes", "openapi-fetch"]);
    // The client's own entries never load the simulator's dependency.
    for (const entry of [
      "index.js",
      "index.node.js",
      "index.browser.js",
      "index.cjs",
      "index.node.cjs",
      "index.browser.cjs",
    ])
      expect(await readFile(join(project, "node_modules/pingone-mfa/dist", entry), "utf8")).not.toContain("@noble/");
    const notices = await readFile(join(project, "node_modules/pingone-mfa/dist/THIRD-PARTY-NOTICES.md"), "utf8");
    expect(notices).toMatch(/libphonenumber-js \d+\.\d+\.\d+/);
    expect(notices).toContain("MIT");
  });

  it("gives Node the node:http entry and other runtimes the fetch entry", async () => {
    const node = await run(
      process.execPath,
      ["--input-type=module", "-e", `console.log(import.meta.resolve("pingone-mfa"))`],
      { cwd: project },
    );
    expect(node.stdout.trim()).toMatch(/dist\/index\.node\.js$/);
    const browser = await run(
      process.execPath,
      ["--conditions=browser", "--input-type=module", "-e", `console.log(import.meta.resolve("pingone-mfa"))`],
      { cwd: project },
    );
    expect(browser.stdout.trim()).toMatch(/dist\/index\.browser\.js$/);
    // Which entry a bundler's conditions pick: server-side workers keep clientCredentials; a web
    // worker (webpack and Parcel add "worker" and "browser") or a React Native app is as public as a page.
    const resolved = async (...conditions: string[]) =>
      (
        await run(
          process.execPath,
          [
            ...conditions.map((c) => `--conditions=${c}`),
            "--input-type=module",
            "-e",
            `console.log(import.meta.resolve("pingone-mfa"))`,
          ],
          { cwd: project },
        )
      ).stdout
        .trim()
        .split("/")
        .pop();
    expect(await resolved("workerd", "worker", "browser")).toBe("index.js");
    expect(await resolved("edge-light", "worker", "browser")).toBe("index.js");
    expect(await resolved("worker")).toBe("index.js");
    expect(await resolved("worker", "browser")).toBe("index.browser.js");
    expect(await resolved("react-native")).toBe("index.browser.js");
    // require gets the CommonJS twin of the same entry (Jest's jsdom environment adds "browser").
    const required = async (...conditions: string[]) =>
      (
        await run(
          process.execPath,
          [
            ...conditions.map((c) => `--conditions=${c}`),
            "-e",
            `console.log(["pingone-mfa", "pingone-mfa/testing", "pingone-mfa/msw"].map((s) => require.resolve(s).split("/dist/").pop()).join(" "))`,
          ],
          { cwd: project },
        )
      ).stdout
        .trim()
        .split(" ");
    expect(await required()).toEqual(["index.node.cjs", "src/testing/index.cjs", "src/testing/msw.cjs"]);
    expect((await required("browser"))[0]).toBe("index.browser.cjs");
    expect((await required("react-native"))[0]).toBe("index.browser.cjs");
    expect((await required("worker"))[0]).toBe("index.cjs");
  });

  it("refuses clientCredentials in the browser entry with a typed error, before any request, and keeps it elsewhere", async () => {
    const script = `import { clientCredentials, PingOneTokenError } from "pingone-mfa";
      globalThis.fetch = () => { throw new Error("nothing may be sent"); };
      try { clientCredentials({ clientId: "id", clientSecret: "the-secret", environmentId: "${"e".repeat(8)}" }); console.log("made a token source"); }
      catch (e) { console.log(JSON.stringify({ typed: e instanceof PingOneTokenError, code: e.code, leaked: String(e.stack).includes("the-secret") })); }`;
    const browser = await run(process.execPath, ["--conditions=browser", "--input-type=module", "-e", script], {
      cwd: project,
    });
    expect(JSON.parse(browser.stdout)).toEqual({ typed: true, code: "NOT_FOR_BROWSERS", leaked: false });
    const worker = await run(process.execPath, ["--conditions=worker", "--input-type=module", "-e", script], {
      cwd: project,
    });
    expect(worker.stdout.trim()).toBe("made a token source");
  });

  it("imports as ESM", async () => {
    const out = await node([
      "--input-type=module",
      "-e",
      `import { createMfaClient, normalizePhoneNumber, PingOneApiError } from "pingone-mfa";
       console.log(typeof createMfaClient, normalizePhoneNumber("+1 (512) 520-1234"), new PingOneApiError({ status: 500, code: "X", message: "m", request: { method: "GET", url: "u" } }).name);`,
    ]);
    expect(out).toBe("function +15125201234 PingOneApiError");
  });

  it("loads with require from the CommonJS build, without Node's require(esm)", async () => {
    // Jest's default mode has no require(esm): neither may the CommonJS build (openapi-fetch, loaded
    // by mfa.raw, has a CommonJS entry; @noble/hashes, ESM only, is inlined in the testing entry).
    const out = await node([
      "--no-experimental-require-module",
      "-e",
      `const m = require("pingone-mfa"); const { startMockServer } = require("pingone-mfa/testing");
       (async () => {
         const mock = await startMockServer();
         const environmentId = crypto.randomUUID();
         const mfa = m.createMfaClient({ environmentId, accessToken: "t", apiBaseUrl: mock.apiBaseUrl, authBaseUrl: mock.authBaseUrl });
         const listed = await mfa.raw.api.GET("/environments/{environmentId}/users/{userId}/devices", { params: { path: { environmentId, userId: crypto.randomUUID() } } });
         await mock.close();
         console.log(typeof m.createMfaClient, m.REGIONS.AU, listed.response.status, listed.data.size);
       })();`,
    ]);
    expect(out).toBe("function com.au 200 0");
  });

  it("loads the log and hook records and raw's calls on first use: files of their own in ESM, inlined in CommonJS", async () => {
    // An app's bundler makes dist/lazy/*.js chunks of their own: the entries only import() them.
    const dist = join(project, "node_modules/pingone-mfa/dist");
    for (const entry of ["index.js", "index.browser.js", "index.node.js"]) {
      const text = await readFile(join(dist, entry), "utf8");
      expect(text, entry).toContain('import("./lazy/observe.js")');
      expect(text, entry).toContain('import("./lazy/raw-calls.js")');
      expect(text, entry).not.toContain("retries spent");
      expect(text, entry).not.toContain("request could not be built");
    }
    for (const lazy of ["observe.js", "raw-calls.js"])
      expect(await readFile(join(dist, "lazy", lazy), "utf8"), lazy).not.toMatch(/^import |\bimport\(/m);
    // The same client in both builds: a logger with levels and a hook see the typed call and the raw one.
    const script = (load: string) => `${load}
       (async () => {
         const mock = await startMockServer();
         const environmentId = crypto.randomUUID();
         const seen = [];
         const logger = Object.fromEntries(["debug", "info", "warn", "error"].map((level) => [level, (record) => seen.push(level + " " + record.event)]));
         const hooks = { onResponse: (record) => seen.push("hook " + record.event + " " + record.status) };
         const mfa = m.createMfaClient({ environmentId, accessToken: "t", apiBaseUrl: mock.apiBaseUrl, authBaseUrl: mock.authBaseUrl, logger, hooks });
         const userId = crypto.randomUUID();
         const listed = await mfa.devices.list(userId);
         const raw = await mfa.raw.api.GET("/environments/{environmentId}/users/{userId}/devices", { params: { path: { environmentId, userId } } });
         const bad = await mfa.raw.api.GET("/environments/{environmentId}/users/{userId}/devices", { params: { path: { environmentId, userId: ".." } } }).catch((e) => e.name + " " + e.field);
         await mock.close();
         console.log(JSON.stringify({ listed: listed.size, raw: raw.response.status, bad, seen }));
       })();`;
    const esm = await node([
      "--input-type=module",
      "-e",
      script(`import * as m from "pingone-mfa"; import { startMockServer } from "pingone-mfa/testing";`),
    ]);
    const cjs = await node([
      "--no-experimental-require-module",
      "-e",
      script(`const m = require("pingone-mfa"); const { startMockServer } = require("pingone-mfa/testing");`),
    ]);
    for (const out of [esm, cjs])
      expect(JSON.parse(out)).toEqual({
        listed: 0,
        raw: 200,
        bad: "PingOneValidationError userId",
        seen: [
          "debug request",
          "debug response",
          "hook response 200",
          "debug request",
          "debug response",
          "hook response 200",
        ],
      });
  });

  it("keeps one set of error classes across the package's copies: import, require and the testing entry's", async () => {
    // Three copies of errors.ts load in one Node process: the ESM bundle (import), the CommonJS
    // bundle (require) and the testing entries' own (dist/src/errors/errors.js). An error made by
    // any copy is an instance of the same class, and of its base classes, from every copy.
    const out = await node([
      "--input-type=module",
      "-e",
      `import { createRequire } from "node:module";
       import * as esm from "pingone-mfa";
       const require = createRequire(import.meta.url);
       const copies = { esm, cjs: require("pingone-mfa"), testing: await import(new URL("node_modules/pingone-mfa/dist/src/errors/errors.js", "file://" + process.cwd() + "/").href) };
       const made = (m) => ({
         phone: (() => { try { m === copies.testing ? (() => { throw new m.PhoneNumberError("phone", "TOO_SHORT", "phone: too short"); })() : m.normalizePhoneNumber("+1 512"); } catch (e) { return e; } })(),
         api: new m.PingOneApiError({ status: 404, code: "NOT_FOUND", message: "m", request: { method: "GET", url: "u" } }),
       });
       const rows = [];
       for (const [from, m] of Object.entries(copies)) {
         const { phone, api } = made(m);
         class Own extends m.PingOneApiError {}
         for (const [to, c] of Object.entries(copies))
           rows.push([from, to, phone instanceof c.PhoneNumberError, phone instanceof c.PingOneValidationError, phone instanceof c.PingOneError, phone instanceof c.PingOneApiError,
             api instanceof c.PingOneApiError, api instanceof c.PingOneError, api instanceof c.PingOneValidationError, new Own({ status: 1, code: "X", message: "m", request: api }) instanceof c.PingOneApiError].join(" "));
         rows.push([from, "own subclass", api instanceof Own].join(" "));
       }
       console.log(JSON.stringify({ distinct: new Set(Object.values(copies).map((c) => c.PingOneApiError)).size, rows }));`,
    ]);
    const { distinct, rows } = JSON.parse(out) as { distinct: number; rows: string[] };
    expect(distinct).toBe(3);
    const copies = ["esm", "cjs", "testing"];
    expect(rows).toEqual(
      copies.flatMap((from) => [
        ...copies.map((to) => `${from} ${to} true true true false true true false true`),
        // A caller's own subclass keeps the ordinary check: the package's errors are not its instances.
        `${from} own subclass false`,
      ]),
    );
  });

  it("resolves the bundled spec files, all from dist/generated", async () => {
    const out = await node([
      "-e",
      `const fs = require("node:fs");
       const read = (name) => JSON.parse(fs.readFileSync(require.resolve("pingone-mfa/" + name), "utf8"));
       const yaml = fs.readFileSync(require.resolve("pingone-mfa/openapi.yaml"), "utf8");
       const files = ["openapi.json", "openapi.yaml", "openapi.sdk.json", "openapi.deref.json", "openapi.3.0.json", "postman.json"]
         .map((name) => require.resolve("pingone-mfa/" + name).split(/[\\/]/).slice(-3, -1).join("/"));
       console.log(read("openapi.json").openapi, yaml.startsWith("openapi: 3.1.0"), read("openapi.sdk.json").openapi,
         read("openapi.deref.json").openapi, read("openapi.3.0.json").openapi, read("postman.json").info.schema, [...new Set(files)].join(" "))`,
    ]);
    expect(out).toBe(
      "3.1.0 true 3.1.0 3.1.0 3.0.3 https://schema.getpostman.com/json/collection/v2.1.0/collection.json dist/generated",
    );
  });

  it("starts and stops a mock from the testing entry, and the client talks to it", async () => {
    const out = await node([
      "--input-type=module",
      "-e",
      `import { startMockServer } from "pingone-mfa/testing";
       import { createMfaClient } from "pingone-mfa";
       const mock = await startMockServer();
       const mfa = createMfaClient({ environmentId: "abfba8f6-49eb-49f5-a5d9-80ad5c98f9f6", accessToken: "t", apiBaseUrl: mock.apiBaseUrl, authBaseUrl: mock.authBaseUrl });
       const policy = { id: "5a0a0950-8a81-4739-b12a-f4d6a11c7a82" };
       const user = crypto.randomUUID();
       const device = await mfa.devices.create(user, { type: "EMAIL", email: "ada@example.com", status: "ACTIVATION_REQUIRED", policy });
       const active = await mfa.devices.activate(user, device.id, { otp: mock.lastOtp({ deviceId: device.id }) });
       const auth = await mfa.deviceAuthentications.create({ user: { id: user }, policy });
       const right = mock.lastOtp({ deviceAuthenticationId: auth.id });
       const wrong = await mfa.deviceAuthentications.checkOtp(auth.id, right === "000000" ? "000001" : "000000").catch((e) => e);
       await mock.close();
       console.log(device.status, active.status, auth.status, wrong.status, wrong.details[0].code, wrong.details[0].innerError.attemptsRemaining);`,
    ]);
    expect(out).toBe("ACTIVATION_REQUIRED ACTIVE OTP_REQUIRED 400 INVALID_OTP 2");
  });

  it("runs the pingone-mfa-mock bin with npx, which prints its base URLs and serves", async () => {
    const { spawn } = await import("node:child_process");
    // Its own process group: npx does not pass SIGTERM on to the bin, so the group is what is stopped.
    const child = spawn("npx", ["--no-install", "pingone-mfa-mock", "--port", "0"], {
      cwd: project,
      stdio: ["ignore", "pipe", "pipe"],
      detached: true,
    });
    let api = "";
    try {
      const printed = await new Promise<string>((resolve, reject) => {
        let text = "";
        child.stdout.on("data", (chunk: Buffer) => (text += chunk) && text.includes("authBaseUrl") && resolve(text));
        child.once("exit", (code) => reject(new Error(`exited ${code}: ${text}`)));
      });
      api = /apiBaseUrl:\s+(\S+)/.exec(printed)![1]!;
      const answer = await fetch(`${api}/environments/${crypto.randomUUID()}/users/${crypto.randomUUID()}/devices`, {
        headers: { authorization: "Bearer t" },
      });
      expect(answer.status).toBe(200);
      expect(await answer.json()).toMatchObject({ size: 0 });
    } finally {
      const exited = new Promise((resolve) =>
        child.exitCode === null ? child.once("exit", resolve) : resolve(undefined),
      );
      process.kill(-child.pid!, "SIGTERM");
      await exited;
    }
    // Nothing is left serving once the bin was told to stop.
    await new Promise((resolve) => setTimeout(resolve, 200));
    await expect(
      fetch(`${api}/environments/x/users/y/devices`, { signal: AbortSignal.timeout(2000) }),
    ).rejects.toThrow();
  });

  it("runs npx pingone-mfa contract --junit out.xml against the embedded mock; the XML parses and counts every case", async () => {
    const { contractCases } = await import("../../src/contract/cases.ts");
    const env = Object.fromEntries(Object.entries(process.env).filter(([key]) => !key.startsWith("PINGONE_")));
    const { stdout } = await run("npx", ["--no-install", "pingone-mfa", "contract", "--junit", "out.xml"], {
      cwd: project,
      env,
    });
    const total = contractCases().length;
    expect(stdout).toContain(`${total} of ${total} checks passed`);
    const xml = await readFile(join(project, "out.xml"), "utf8");
    // Well-formed enough for CI: one root, balanced suites, a testcase per documented example.
    expect(xml.startsWith('<?xml version="1.0" encoding="UTF-8"?>\n<testsuites ')).toBe(true);
    expect(xml.trim().endsWith("</testsuites>")).toBe(true);
    const attributes = /<testsuite name="([^"]+)" tests="(\d+)" failures="(\d+)"/.exec(xml)!;
    expect({ tests: Number(attributes[2]), failures: Number(attributes[3]) }).toEqual({ tests: total, failures: 0 });
    expect(xml.match(/<testcase classname="[^"]+" name="[^"]+" time="[\d.]+"\/>/g)).toHaveLength(total);
  });

  it("type-checks a TypeScript consumer under moduleResolution nodenext, narrowing included", async () => {
    await writeFile(
      join(project, "tsconfig.json"),
      JSON.stringify({
        compilerOptions: {
          module: "nodenext",
          moduleResolution: "nodenext",
          target: "es2022",
          strict: true,
          noEmit: true,
          lib: ["es2022", "dom"],
          types: [],
        },
        files: ["consumer.ts"],
      }),
    );
    await writeFile(
      join(project, "consumer.ts"),
      `import { createMfaClient, PhoneNumberError, type Device, type DeviceCreate } from "pingone-mfa";
import { startMockServer, type MockServer } from "pingone-mfa/testing";
const mfa = createMfaClient({ environmentId: "e", accessToken: () => "t", region: "EU" });
export async function enrol(userId: string): Promise<Device> {
  return mfa.devices.create(userId, { type: "SMS", phone: "+15125201234" });
}
export function phoneOf(device: DeviceCreate): string | undefined {
  return device.type === "SMS" || device.type === "VOICE" || device.type === "WHATSAPP" ? device.phone : undefined;
}
// @ts-expect-error an EMAIL device has no phone
void mfa.devices.create("u", { type: "EMAIL", email: "a@example.com", phone: "+15125201234", policy: { id: "p" } });
// @ts-expect-error FAX is not a device type
void mfa.devices.create("u", { type: "FAX" });
// @ts-expect-error unknown region
createMfaClient({ environmentId: "e", accessToken: "t", region: "MARS" });
export const started: Promise<MockServer> = startMockServer();
export const isPhoneError = (e: unknown) => e instanceof PhoneNumberError;
`,
    );
    const result = await run(process.execPath, [join(root, "node_modules/typescript/bin/tsc"), "-p", "tsconfig.json"], {
      cwd: project,
    }).then(
      () => "ok",
      (error: { stdout: string }) => error.stdout,
    );
    expect(result).toBe("ok");
  });

  it("compiles every TypeScript sample of the docs against the published types", async () => {
    const { spec } = await import("../../src/contract/spec.ts");
    const samples: Array<[string, string]> = [];
    for (const item of Object.values(spec.paths as Record<string, Record<string, any>>)) {
      for (const operation of Object.values(item)) {
        const typed = operation?.["x-codeSamples"]?.find((sample: { lang: string }) => sample.lang === "TypeScript");
        if (typed) samples.push([operation.operationId, typed.source]);
      }
    }
    expect(samples).toHaveLength(
      Object.values(spec.paths).flatMap((item: any) => Object.values(item).filter((o: any) => o?.operationId)).length,
    );
    await mkdir(join(project, "samples"), { recursive: true });
    for (const [id, source] of samples) await writeFile(join(project, "samples", `${id}.ts`), source);
    await writeFile(
      join(project, "tsconfig.samples.json"),
      JSON.stringify({
        compilerOptions: {
          module: "nodenext",
          moduleResolution: "nodenext",
          target: "es2022",
          strict: true,
          noEmit: true,
          skipLibCheck: false,
          lib: ["es2022", "dom"],
          types: [],
        },
        include: ["samples/*.ts"],
      }),
    );
    const result = await run(
      process.execPath,
      [join(root, "node_modules/typescript/bin/tsc"), "-p", "tsconfig.samples.json"],
      { cwd: project },
    ).then(
      () => "ok",
      (error: { stdout: string }) => error.stdout,
    );
    expect(result).toBe("ok");
  });

  it("bundles the main entry for browsers (no node: imports)", async () => {
    await writeFile(join(project, "browser.js"), `export { createMfaClient } from "pingone-mfa";`);
    const out = join(project, "browser.bundle.js");
    await run(bin("esbuild"), ["browser.js", "--bundle", "--platform=browser", "--format=esm", `--outfile=${out}`], {
      cwd: project,
    });
    expect((await stat(out)).size).toBeGreaterThan(1000);
  });

  it("runs the simulator without Prism, and says how to install it for the examples mode", async () => {
    const prism = join(project, "node_modules/@stoplight");
    await rename(prism, `${prism}-hidden`);
    try {
      const out = await node([
        "--input-type=module",
        "-e",
        `import { createMfaClient } from "pingone-mfa";
         import { startMockServer } from "pingone-mfa/testing";
         console.log(typeof createMfaClient);
         const simulator = await startMockServer();
         await simulator.close();
         console.log(simulator.mode);
         await startMockServer({ mode: "examples" }).catch((e) => console.log(e.message));`,
      ]);
      const peers = Object.entries(pkg.peerDependencies)
        .filter(([name]) => name.startsWith("@stoplight/"))
        .map(([name, range]) => `"${name}@${range}"`)
        .join(" ");
      expect(
        out.startsWith(`function\nstateful\npingone-mfa/testing needs Prism: npm install --save-dev ${peers} (`),
      ).toBe(true);
    } finally {
      await rename(`${prism}-hidden`, prism);
    }
  });

  it("passes publint and arethetypeswrong", async () => {
    const unpacked = join(project, "node_modules/pingone-mfa");
    const lint = await run(bin("publint"), [unpacked, "--strict"], { cwd: project });
    expect(lint.stdout).toContain("All good");
    // The YAML export is a data file, not a module.
    const attw = await run(
      bin("attw"),
      [tarball, "--profile", "node16", "--format", "table-flipped", "--exclude-entrypoints", "./openapi.yaml"],
      {
        cwd: project,
      },
    );
    console.log(
      `publint --strict: ${lint.stdout.trim()}\narethetypeswrong (node16 profile, waiver: ./openapi.yaml):\n${attw.stdout.trim()}`,
    );
    // attw exits non-zero on any problem not waived, so reaching here means none.
    const green = (attw.stdout.match(/🟢/g) ?? []).length;
    figure(
      `package checks: publint --strict ${lint.stdout.includes("All good") ? "all good" : "FINDINGS"}; arethetypeswrong no problems (node16 from CJS and ESM, bundler: ${green} green resolutions; waived: ./openapi.yaml; node10 not supported)`,
    );
  });

  it("ships LICENSE, CHANGELOG, the maps and the sources they point at, and no tests", async () => {
    const { stdout } = await run("npm", ["pack", "--dry-run", "--json", "--ignore-scripts"], { cwd: root });
    const { files, size, unpackedSize } = (
      JSON.parse(stdout) as Array<{ files: Array<{ path: string; size: number }>; size: number; unpackedSize: number }>
    )[0]!;
    const paths = files.map((f) => f.path);
    for (const required of [
      "LICENSE",
      "CHANGELOG.md",
      "README.md",
      "docs/ci.md",
      "dist/index.js.map",
      "dist/index.node.js.map",
      "dist/index.cjs",
      "dist/index.node.cjs",
      "dist/index.browser.cjs",
      "dist/src/index.d.ts.map",
      "dist/src/index.d.cts",
      "dist/src/testing/index.cjs",
      "dist/src/testing/msw.cjs",
      "dist/src/testing/mock-server.js.map",
      "src/index.ts",
      "generated/actions.ts",
    ]) {
      expect(paths, required).toContain(required);
    }
    expect(paths.filter((p) => p.startsWith("test/") || p.includes(".test."))).toEqual([]);
    // Every declaration map's sources are in the tarball.
    const maps = files.filter((f) => f.path.endsWith(".d.ts.map")).map((f) => f.path);
    const missing: string[] = [];
    for (const map of maps) {
      const { sources } = JSON.parse(await readFile(join(root, map), "utf8")) as { sources: string[] };
      for (const source of sources) {
        const target = join(map, "..", source).replace(/^\/?/, "");
        if (!paths.includes(target)) missing.push(`${map} → ${target}`);
      }
    }
    expect(missing).toEqual([]);
    // The CommonJS declarations import only CommonJS declarations, each in the tarball.
    const cts = paths.filter((p) => p.endsWith(".d.cts"));
    const unresolved: string[] = [];
    for (const file of cts) {
      const text = await readFile(join(root, file), "utf8");
      expect(text, file).not.toMatch(/["']\.\.?\/[^"']*\.js["']/);
      for (const [, specifier] of text.matchAll(/["'](\.\.?\/[^"']*)\.cjs["']/g)) {
        const target = join(file, "..", `${specifier}.d.cts`);
        if (!paths.includes(target)) unresolved.push(`${file} → ${target}`);
      }
    }
    expect(unresolved).toEqual([]);
    const bundleMaps = paths.filter((p) => /^dist\/(index\.[a-z.]+|src\/testing\/\w+\.cjs)\.map$/.test(p));
    console.log(
      `Tarball: ${files.length} files\n${files.map((f) => `  ${String(f.size).padStart(7)}  ${f.path}`).join("\n")}`,
    );
    figure(
      `package: ${files.length} files, ${(size / 1000).toFixed(1)} kB packed, ${(unpackedSize / 1e6).toFixed(2)} MB unpacked; LICENSE, CHANGELOG.md, ${maps.length} declaration maps with their sources, ${bundleMaps.length} bundle source maps, ${cts.length} CommonJS declarations (.d.cts)`,
    );
  });
});
