// Tests of the spec itself: coverage of PingOne's documented operations, servers, schema rules,
// examples (each valid, each answerable by the mock), the seeds verbatim, and that lint catches a
// broken example.
import { execFile } from "node:child_process";
import { readFileSync } from "node:fs";
import { cp, mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import { Ajv2020 } from "ajv/dist/2020.js";
import ajvFormats from "ajv-formats";
import { describe, expect, it } from "vitest";
import { SDK_NOTE } from "../../scripts/generate/sdk-variant.ts";
import published from "../fixtures/published.json" with { type: "json" };
import seeds from "../fixtures/seeds.json" with { type: "json" };
import { deref, type Json, namedExamples, operations, spec, validateAt } from "../support/spec.ts";

const DEVICES = "/environments/{environmentId}/users/{userId}/devices";
const DEVICE = `${DEVICES}/{deviceId}`;
const AUTHS = "/{environmentId}/deviceAuthentications";
const AUTH = `${AUTHS}/{deviceAuthenticationId}`;
const vnd = (name: string) => `application/vnd.pingidentity.${name}+json`;
const TLDS = ["com", "ca", "eu", "com.au", "sg", "asia"];

// PingOne's documented operations (reference §2 and §3): method, path, media type, success status.
const DOCUMENTED: Array<[string, string, string | null, number]> = [
  ["post", DEVICES, "application/json", 201],
  ["post", DEVICES, vnd("devices.reorder"), 200],
  ["post", DEVICES, vnd("devices.order.remove"), 204],
  ["get", DEVICES, null, 200],
  ["get", DEVICE, null, 200],
  ["delete", DEVICE, null, 204],
  ["post", DEVICE, vnd("device.activate"), 200],
  ["post", DEVICE, vnd("device.block"), 200],
  ["post", DEVICE, vnd("device.unblock"), 200],
  ["post", DEVICE, vnd("device.unlock"), 200],
  ["post", DEVICE, vnd("device.sendActivationCode"), 200],
  ["put", `${DEVICE}/nickname`, "application/json", 200],
  ["put", `${DEVICE}/logs`, "application/json", 200],
  ["post", AUTHS, "application/json", 201],
  ["post", AUTHS, vnd("payload.check"), 200],
  ["get", AUTH, null, 200],
  ["post", AUTH, vnd("device.select"), 200],
  ["post", AUTH, vnd("otp.check"), 200],
  ["post", AUTH, vnd("assertion.check"), 200],
  ["post", AUTH, vnd("cancel.push.authentication"), 200],
];

const ops = operations();
const find = (method: string, path: string) => ops.find((o) => o.method === method && o.path === path);

describe("coverage of PingOne's documented operations", () => {
  it.each(DOCUMENTED)("%s %s %s → %i", (method, path, mediaType, status) => {
    const operation = find(method, path);
    expect(operation, `${method} ${path}`).toBeDefined();
    const content = deref(operation!.op.requestBody ?? {}).content ?? {};
    if (mediaType) expect(Object.keys(content)).toContain(mediaType);
    else expect(operation!.op.requestBody).toBeUndefined();
    expect(Object.keys(operation!.op.responses)).toContain(String(status));
  });

  it("has no operation beyond the documented ones", () => {
    const documented = new Set(DOCUMENTED.map(([m, p]) => `${m} ${p}`));
    expect(ops.map((o) => `${o.method} ${o.path}`).filter((k) => !documented.has(k))).toEqual([]);
  });

  it("creates every documented device type, with an example of each", () => {
    const create = deref(spec.components.schemas.DeviceCreate);
    const types = create.oneOf.map((s: Json) => deref(s).properties.type.const);
    expect(types.sort()).toEqual(
      ["BROWSER", "EMAIL", "FIDO2", "OATH_TOKEN", "PINGID_DESKTOP_GEN2", "SMS", "TOTP", "VOICE", "WHATSAPP"].sort(),
    );
    const examples = namedExamples(deref(find("post", DEVICES)!.op.requestBody).content["application/json"]);
    expect(new Set(Object.values(examples).map((e) => (e as Json).type))).toEqual(new Set(types));
    expect(Object.values(examples).some((e) => (e as Json).testMode === true)).toBe(true);
  });

  it("documents each deviceAuthentications variant: user, one-time SMS/VOICE/EMAIL, notification, usernameless", () => {
    const examples = Object.values(
      namedExamples(deref(find("post", AUTHS)!.op.requestBody).content["application/json"]),
    ) as Json[];
    const oneTimeTypes = examples.map((e) => e.selectedDevice?.oneTime?.type).filter(Boolean);
    expect(oneTimeTypes.sort()).toEqual(["EMAIL", "SMS", "VOICE"]);
    expect(examples.some((e) => e.notification && e.user)).toBe(true);
    expect(examples.some((e) => !e.user && e.rp)).toBe(true);
    expect(examples.some((e) => Object.keys(e).join() === "user")).toBe(true);
  });

  it("documents activation by OTP, OATH resync, FIDO2 and PingID Desktop", () => {
    const content = deref(find("post", DEVICE)!.op.requestBody).content[vnd("device.activate")];
    const bodies = Object.values(namedExamples(content)) as Json[];
    expect(new Set(bodies.map((b) => Object.keys(b).sort().join("+")))).toEqual(
      new Set(["attestation", "attestation+origin", "oathResync+otp", "otp"]),
    );
  });

  it("lists devices with filter, limit and expand", () => {
    const names = find("get", DEVICES)!.op.parameters.map((p: Json) => deref(p).name);
    expect(names).toEqual(expect.arrayContaining(["filter", "limit", "expand"]));
  });
});

describe("servers", () => {
  it("serves devices from https://api.pingone.{tld}/v1 in all six regions", () => {
    expect(spec.servers).toHaveLength(1);
    expect(spec.servers[0].url).toBe("https://api.pingone.{tld}/v1");
    expect(spec.servers[0].variables.tld.enum).toEqual(TLDS);
    expect(spec.servers[0].variables.tld.default).toBe("com");
    for (const path of [DEVICES, DEVICE]) expect(spec.paths[path].servers).toBeUndefined();
  });

  it("serves deviceAuthentications from https://auth.pingone.{tld} (path-level, no /v1)", () => {
    for (const path of [AUTHS, AUTH]) {
      const servers = spec.paths[path].servers;
      expect(servers).toHaveLength(1);
      expect(servers[0].url).toBe("https://auth.pingone.{tld}");
      expect(servers[0].variables.tld.enum).toEqual(TLDS);
    }
  });
});

describe("schemas", () => {
  const create = (body: Json) => validateAt("/components/schemas/DeviceCreate", body);
  const policy = { id: "5a0a0950-8a81-4739-b12a-f4d6a11c7a82" };

  it("gives every device-create branch a single-value type and a discriminator mapping to it", () => {
    const schema = deref(spec.components.schemas.DeviceCreate);
    expect(schema.discriminator.propertyName).toBe("type");
    for (const branch of schema.oneOf) {
      const resolved = deref(branch);
      expect(resolved.required).toContain("type");
      expect(typeof resolved.properties.type.const).toBe("string");
      expect(schema.discriminator.mapping[resolved.properties.type.const]).toBe(branch.$ref);
    }
  });

  it.each(["SMS", "VOICE", "EMAIL"])("accepts testMode on %s", (type) => {
    const target = type === "EMAIL" ? { email: "a@example.com" } : { phone: "+15125201234" };
    expect(create({ type, ...target, policy, testMode: true }).valid).toBe(true);
  });

  it.each(["WHATSAPP", "TOTP", "FIDO2"])("refuses testMode on %s", (type) => {
    const base: Json = { WHATSAPP: { phone: "+15125201234" }, TOTP: {}, FIDO2: { rp: { id: "a.com", name: "A" } } };
    expect(create({ type, ...base[type], policy }).valid).toBe(true);
    expect(create({ type, ...base[type], policy, testMode: true }).valid).toBe(false);
  });

  it.each([
    ["EMAIL", { email: "a@example.com" }],
    ["SMS", { phone: "+15125201234" }],
    ["VOICE", { phone: "+15125201234" }],
    ["WHATSAPP", { phone: "+15125201234" }],
    ["TOTP", {}],
    ["FIDO2", { rp: { id: "a.com", name: "A" } }],
  ])("accepts a %s create without policy, as PingOne's getting-started pages and programs send it", (type, target) => {
    expect(create({ type, ...target }).valid).toBe(true);
    expect(
      deref(spec.components.schemas.DeviceCreate)
        .oneOf.map(deref)
        .find((b: Json) => b.properties.type.const === type).required,
    ).not.toContain("policy");
  });

  it("refuses an unknown device type, an email device with a phone, and an SMS device without one", () => {
    expect(create({ type: "FAX", phone: "+15125201234" }).valid).toBe(false);
    expect(create({ type: "EMAIL", email: "a@example.com", phone: "+15125201234", policy }).valid).toBe(false);
    expect(create({ type: "SMS" }).valid).toBe(false);
  });

  it("documents the request phone as international and accepts each documented spelling", () => {
    for (const phone of ["+1.5125201234", "+15125201234", "+1.512.520.1234", "+1 (512) 520-1234"]) {
      expect(validateAt("/components/schemas/PhoneNumber", phone).valid).toBe(true);
    }
    expect(validateAt("/components/schemas/PhoneNumber", "5125201234").valid).toBe(false);
  });

  it("keeps response phones plain strings (echoed or masked)", () => {
    expect(spec.components.schemas.Device.properties.phone).toEqual({
      type: "string",
      description: expect.any(String),
    });
    expect(
      validateAt("/components/schemas/DeviceAuthenticationDevice", { type: "SMS", phone: "*******44" }).valid,
    ).toBe(true);
  });

  it("marks server-set fields readOnly and notification writeOnly", () => {
    const device = spec.components.schemas.Device.properties;
    for (const field of ["id", "createdAt", "updatedAt"]) expect(device[field].readOnly).toBe(true);
    expect(deref(device._links).readOnly).toBe(true);
    expect(deref(device.test).readOnly).toBe(true);
    expect(spec.components.schemas.Notification.writeOnly).toBe(true);
    expect(spec.components.schemas.Device.properties.notification).toBeUndefined();
  });

  it("gives each vendor media type its own schema", () => {
    for (const { op } of ops) {
      const content = deref(op.requestBody ?? {}).content ?? {};
      for (const [mediaType, media] of Object.entries(content as Json)) {
        expect(media.schema?.$ref, mediaType).toMatch(/^#\/components\/schemas\//);
      }
    }
  });

  it("types the device and deviceAuthentication status enums", () => {
    expect(spec.components.schemas.KnownDeviceStatus.enum).toEqual(["ACTIVE", "ACTIVATION_REQUIRED"]);
    expect(spec.components.schemas.KnownDeviceAuthenticationStatus.enum).toEqual(
      expect.arrayContaining([
        "OTP_REQUIRED",
        "DEVICE_SELECTION_REQUIRED",
        "ASSERTION_REQUIRED",
        "COMPLETED",
        "FAILED",
      ]),
    );
  });
});

describe("errors", () => {
  const common = ["400", "401", "403", "404", "429", "500"];
  it.each(ops.map((o) => [o.op.operationId, o] as const))("%s answers PingOne's error body", (_, { op }) => {
    const statuses = op.requestBody ? [...common, "409", "415"] : common;
    for (const status of statuses) {
      const response = deref(op.responses[status] ?? {});
      expect(response.content?.["application/json"]?.schema?.$ref, status).toBe("#/components/schemas/PingOneError");
    }
    expect(deref(op.responses["429"]).headers?.["Retry-After"]).toBeDefined();
  });
});

describe("examples", () => {
  interface Case {
    where: string;
    pointer: string;
    value: unknown;
  }
  const cases: Case[] = [];
  for (const { op } of ops) {
    const collect = (content: Json | undefined, base: string) => {
      for (const [mediaType, media] of Object.entries((content ?? {}) as Json)) {
        for (const [name, value] of Object.entries(namedExamples(media))) {
          cases.push({
            where: `${op.operationId} ${base} ${mediaType} ${name}`,
            pointer: media.schema.$ref.slice(1),
            value,
          });
        }
      }
    };
    collect(deref(op.requestBody ?? {}).content, "request");
    for (const [status, response] of Object.entries(op.responses as Json)) collect(deref(response).content, status);
    for (const parameter of op.parameters ?? []) {
      const p = deref(parameter);
      if (p.example !== undefined) cases.push({ where: `${op.operationId} ${p.name}`, pointer: "", value: p.example });
    }
  }

  it("has examples to check", () => expect(cases.length).toBeGreaterThan(60));

  it.each(cases.filter((c) => c.pointer))("$where validates against its schema", ({ pointer, value }) => {
    const { valid, errors } = validateAt(pointer, value);
    expect(errors).toEqual([]);
    expect(valid).toBe(true);
  });

  it.each(ops.filter((o) => o.op.requestBody).map((o) => [o.op.operationId, o] as const))(
    "%s: every request example has a same-named response example (its success, or the error PingOne documents for it)",
    (_, { op }) => {
      const responseNames = new Set(
        Object.values(op.responses as Json).flatMap((r) =>
          Object.keys(deref(r).content?.["application/json"]?.examples ?? {}),
        ),
      );
      const noContent = "204" in op.responses;
      for (const [mediaType, media] of Object.entries(deref(op.requestBody).content as Json)) {
        for (const name of Object.keys(media.examples ?? {})) {
          // Only a 204 action (remove order) has nothing to answer with.
          if (noContent && mediaType === vnd("devices.order.remove")) continue;
          expect(responseNames, `${mediaType} ${name}`).toContain(name);
        }
      }
    },
  );
});

describe("the five seed exchanges stand verbatim", () => {
  const fill = (value: unknown): unknown =>
    JSON.parse(
      Object.entries(seeds.placeholders).reduce((text, [from, to]) => text.split(from).join(to), JSON.stringify(value)),
    );
  const specPath = (seedPath: string) =>
    seedPath.replace("{{envID}}", "{environmentId}").replace(/\{\{(userID|sharedUserID)\}\}/, "{userId}");

  it.each(seeds.seeds.map((s) => [s.title, s] as const))("%s", (_, seed) => {
    const operation = find(seed.method.toLowerCase(), specPath(seed.path));
    expect(operation).toBeDefined();
    const host = operation!.servers[0]?.url;
    expect(host).toBe(seed.host === "authPath" ? "https://auth.pingone.{tld}" : "https://api.pingone.{tld}/v1");
    const requests = namedExamples(deref(operation!.op.requestBody).content["application/json"]);
    const match = Object.entries(requests).find(
      ([, value]) => JSON.stringify(value) === JSON.stringify(fill(seed.request)),
    );
    expect(match, "request example equal to the seed, key order included").toBeDefined();
    const responses = namedExamples(deref(operation!.op.responses[String(seed.status)]).content["application/json"]);
    expect(JSON.stringify(responses[match![0]])).toBe(JSON.stringify(fill(seed.response)));
  });
});

describe("lint catches a broken example", () => {
  const root = fileURLToPath(new URL("../..", import.meta.url));
  it("exits non-zero and names the example when it breaks its schema", async () => {
    const dir = await mkdtemp(join(tmpdir(), "pingone-mfa-lint-"));
    try {
      await cp(join(root, "openapi"), join(dir, "openapi"), { recursive: true });
      await cp(join(root, "redocly.yaml"), join(dir, "redocly.yaml"));
      const file = join(dir, "openapi/components/examples/DeviceCreateWhatsAppRequest.yaml");
      await writeFile(
        file,
        (await readFile(file, "utf8")).replace("type: WHATSAPP", "type: WHATSAPP\n  testMode: true"),
      );
      const lint = promisify(execFile)(join(root, "node_modules/.bin/redocly"), ["lint"], { cwd: dir });
      const failure = await lint.then(
        () => undefined,
        (error: { code: number; stdout: string; stderr: string }) => error,
      );
      expect(failure?.code).toBe(1);
      expect(`${failure?.stdout}${failure?.stderr}`).toMatch(/DeviceCreateWhatsAppRequest\.yaml[\s\S]*testMode/);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});

describe("Create Remember Me Device", () => {
  const post = () => find("post", DEVICES)!.op;
  const media = () => deref(post().requestBody).content["application/json"];

  it("is a BROWSER create on the devices URL, with PingOne's request as a named example", () => {
    const example = deref(media().examples.rememberBrowser);
    expect(example["x-pingone-source"]).toMatchObject({ page: "Create Remember Me Device", part: "request" });
    expect(validateAt("/components/schemas/DeviceCreate", example.value).valid).toBe(true);
    expect(example.value).toMatchObject({
      type: "BROWSER",
      policy: { id: expect.any(String) },
      payload: expect.any(String),
      session: { id: expect.any(String) },
    });
    const browser = deref(spec.components.schemas.BrowserDeviceCreate);
    expect(browser.required).toEqual(["type", "policy", "payload"]);
    expect(browser.properties.payload["x-pingone-secret"]).toBe(true);
    expect(deref(post().responses["201"]).content["application/json"].examples).toHaveProperty("rememberBrowser");
  });

  it("declares the Set-Cookie PingOne answers with, as a secret, and a method that hands it back", () => {
    const header = deref(deref(post().responses["201"]).headers["Set-Cookie"]);
    expect(header["x-pingone-secret"]).toBe(true);
    expect(header.schema.type).toBe("string");
    const methods = media()["x-pingone-method"];
    expect(methods.map((m: Json) => m.name)).toEqual(["devices.create", "devices.remember"]);
    expect(methods[1]).toMatchObject({ branch: "BROWSER", returns: ["device=body", "cookie=header.Set-Cookie"] });
  });

  it("shows a docs sample that prints the device, not the cookie", () => {
    const sample = post()["x-codeSamples"].find((s: Json) => s.lang === "TypeScript").source as string;
    expect(sample).toMatch(/console\.log\(\(await mfa\.devices\.remember\([\s\S]*?\)\)\.device\);/);
  });
});

describe("error answers, as PingOne and public programs send them", () => {
  const detail = (innerError: Json) =>
    validateAt("/components/schemas/PingOneErrorDetail", { code: "INVALID_OTP", message: "m", innerError });
  const inner = deref(spec.components.schemas.PingOneErrorDetail).properties.innerError.properties;

  it("names the tries left attemptsRemaining, as two programs read it, and no longer remainingAttempts", () => {
    expect(inner.attemptsRemaining.type).toBe("integer");
    expect(inner).not.toHaveProperty("remainingAttempts");
    expect(inner.attemptsRemaining.description).toMatch(/public programs only/);
    expect(detail({ attemptsRemaining: 2 }).valid).toBe(true);
    expect(detail({ attemptsRemaining: "2" }).valid).toBe(false);
  });

  it("types coolDownExpiresAt as the number programs compare with 0, and says its unit is not known", () => {
    expect(inner.coolDownExpiresAt.type).toBe("number");
    expect(inner.coolDownExpiresAt.description).toMatch(/unit/);
    expect(detail({ coolDownExpiresAt: 1739269120000 }).valid).toBe(true);
    expect(detail({ coolDownExpiresAt: "2025-02-11T10:18:40Z" }).valid).toBe(false);
  });

  it("types lockExpiresAt and says the choice is its own", () => {
    expect(inner.lockExpiresAt.type).toBe("string");
    expect(inner.lockExpiresAt.description).toMatch(/Default chosen/);
  });

  it("documents QUOTA_EXCEEDED on a passcode check and NO_USABLE_DEVICES on a start as 400s", () => {
    expect(spec.components.schemas.KnownErrorDetailCode.enum).toEqual(
      expect.arrayContaining(["QUOTA_EXCEEDED", "NO_USABLE_DEVICES", "INVALID_OTP"]),
    );
    const examplesOf = (method: string, path: string) =>
      deref(deref(find(method, path)!.op.responses["400"]).content["application/json"]).examples;
    const codeOf = (example: Json) => deref(example).value.details[0].code;
    const action = examplesOf("post", AUTH);
    expect(codeOf(action.checkOtpWrong)).toBe("INVALID_OTP");
    expect(deref(action.checkOtpWrong).value.details[0].innerError.attemptsRemaining).toBe(2);
    expect(codeOf(action.checkOtpCoolDown)).toBe("QUOTA_EXCEEDED");
    expect(typeof deref(action.checkOtpCoolDown).value.details[0].innerError.coolDownExpiresAt).toBe("number");
    expect(codeOf(examplesOf("post", AUTHS).noUsableDevices)).toBe("NO_USABLE_DEVICES");
    // Each is answered to a request example of its name, so the contract suite sends it.
    const otpRequests = deref(find("post", AUTH)!.op.requestBody).content[vnd("otp.check")].examples;
    expect(Object.keys(otpRequests)).toEqual(expect.arrayContaining(["checkOtpWrong", "checkOtpCoolDown"]));
    expect(Object.keys(deref(find("post", AUTHS)!.op.requestBody).content["application/json"].examples)).toContain(
      "noUsableDevices",
    );
  });
});

describe("deviceAuthentications by status", () => {
  const branches = deref(spec.components.schemas.DeviceAuthentication).oneOf.map((b: Json) => deref(b));
  const statusOf = (branch: Json) => deref(branch.allOf.at(-1)).properties.status.const as string | undefined;

  it("has one branch per known status, and one for any other", () => {
    const known = spec.components.schemas.KnownDeviceAuthenticationStatus.enum;
    expect(branches.map(statusOf).filter(Boolean).sort()).toEqual([...known].sort());
    expect(branches.filter((b: Json) => b["x-pingone-unknown"])).toHaveLength(1);
  });

  it("names real client methods as the next calls of each status", async () => {
    const { createMfaClient } = await import("../../src/index.ts");
    const mfa = createMfaClient({ environmentId: "e", accessToken: "t" }) as unknown as Record<
      string,
      Record<string, unknown>
    >;
    for (const branch of branches) {
      expect(branch["x-pingone-next"].length).toBeGreaterThan(0);
      for (const name of branch["x-pingone-next"] as string[]) {
        const [resource, method] = name.split(".");
        expect(typeof mfa[resource!]?.[method!], name).toBe("function");
      }
    }
  });

  it("keeps ids lenient: PingOne's ids are not RFC 4122 versioned", () => {
    for (const id of ["0783541c-a172-8d40-8f1e-2c9b7a6d5e4f", "9761c24a-208d-0499-1bf6-39905184a4e1"]) {
      expect(validateAt("/components/schemas/IdReference", { id }).valid).toBe(true);
    }
    expect(validateAt("/components/schemas/IdReference", { id: "not-a-uuid" }).valid).toBe(false);
  });
});

describe("examples that stand for a published PingOne exchange", () => {
  const fill = (value: unknown, placeholders: Record<string, string> = {}) =>
    JSON.parse(
      Object.entries(placeholders).reduce((text, [from, to]) => text.split(from).join(to), JSON.stringify(value)),
    );
  const examples = Object.entries(spec.components.examples as Json);
  const sourced = examples.filter(([, example]) => example["x-pingone-source"]?.page);

  it("has them", () => expect(sourced.length).toBeGreaterThanOrEqual(published.pages.length));

  it.each(sourced)("%s equals the published JSON, key order included, placeholders aside", (_, example) => {
    const source = example["x-pingone-source"];
    const page = published.pages.find((p) => p.title === source.page);
    expect(page, source.page).toBeDefined();
    const part = (page as Json)[source.part];
    expect(part).not.toBeNull();
    expect(JSON.stringify(example.value)).toBe(JSON.stringify(fill(part, source.placeholders)));
  });

  it("uses every published exchange", () => {
    const used = new Set(sourced.map(([, e]) => `${e["x-pingone-source"].page} ${e["x-pingone-source"].part}`));
    for (const page of published.pages) {
      if (page.request) expect(used, `${page.title} request`).toContain(`${page.title} request`);
      if (page.response) expect(used, `${page.title} response`).toContain(`${page.title} response`);
    }
  });

  it("says where every example comes from: a published exchange, a seed, or composed from named sources", () => {
    for (const [name, example] of examples) {
      const source = example["x-pingone-source"];
      expect(source, name).toBeDefined();
      const kinds = ["page", "seed", "composed"].filter((key) => source[key] !== undefined);
      expect(kinds, name).toHaveLength(1);
      if (source.composed !== undefined) expect(source.composed, name).toMatch(/\S{3}/);
    }
  });

  it.each(examples.filter(([, e]) => e["x-pingone-source"]?.seed))(
    "%s equals its seed, placeholders aside",
    (_, example) => {
      const source = example["x-pingone-source"];
      const seed = seeds.seeds.find((s) => s.title === source.seed);
      expect(seed, source.seed).toBeDefined();
      expect(example.value).toEqual(fill((seed as Json)[source.part], seeds.placeholders));
    },
  );

  it("claims PingOne's wording only where it is PingOne's (a seed or a published exchange)", () => {
    const claims = examples.filter(([, e]) =>
      /verbatim|PingOne's (documented )?example|^(after|from) PingOne's/i.test(`${e.description ?? ""}`),
    );
    for (const [name, example] of claims) {
      const isSeed = seeds.seeds.some(
        (s) =>
          JSON.stringify(fill(s.request, seeds.placeholders)) === JSON.stringify(example.value) ||
          JSON.stringify(fill(s.response, seeds.placeholders)) === JSON.stringify(example.value),
      );
      expect(isSeed || example["x-pingone-source"] !== undefined, name).toBe(true);
    }
  });
});

// Shapes other tools can use (issue 21): what generators and validators other than ours read.
describe("shapes other tools can use", () => {
  const sdk: Json = JSON.parse(readFileSync(new URL("../../generated/openapi.sdk.json", import.meta.url), "utf8"));
  /** Every object node of `root` with its JSON pointer. */
  const nodes = (root: Json): Array<[string, Json]> => {
    const found: Array<[string, Json]> = [];
    const walk = (node: unknown, pointer: string) => {
      if (Array.isArray(node)) node.forEach((item, i) => walk(item, `${pointer}/${i}`));
      else if (node && typeof node === "object") {
        found.push([pointer, node as Json]);
        for (const [key, value] of Object.entries(node)) walk(value, `${pointer}/${key}`);
      }
    };
    walk(root, "");
    return found;
  };
  // Schemas only: examples are values, not schemas, and may hold any key.
  const schemaNodes = (root: Json) =>
    nodes(root).filter(([pointer]) => !/\/(examples?|x-codeSamples)(\/|$)/.test(pointer));

  it("writes a one-value enum beside each const (generators that ignore const keep the literal)", () => {
    const consts = schemaNodes(spec).filter(([, node]) => "const" in node);
    expect(consts.length).toBeGreaterThanOrEqual(21);
    for (const [pointer, node] of consts) expect(node.enum, pointer).toEqual([node.const]);
  });

  it("writes no required beside a $ref; an allOf restates what the branch guarantees, as the shared schema has it", () => {
    for (const [pointer, node] of schemaNodes(spec)) expect("$ref" in node && "required" in node, pointer).toBe(false);
    // A property that is a shared schema plus fields the branch guarantees (not a branch itself).
    const guarantees = schemaNodes(spec).filter(
      ([pointer, node]) => /\/properties\/[^/]+$/.test(pointer) && node.allOf?.[0].$ref && node.allOf[1]?.required,
    );
    const fields = guarantees.map(
      ([, node]) => `${node.allOf[0].$ref.split("/").pop()}.${node.allOf[1].required.join(",")}`,
    );
    expect(fields).toEqual(expect.arrayContaining(["DeviceAuthenticationEmbedded.devices", "Links.otp.check"]));
    // The restated field is the shared schema's, its description aside (that one is not repeated).
    const shape = ({ description: _, ...rest }: Json = {}) => rest;
    for (const [pointer, node] of guarantees) {
      const [shared, own] = node.allOf as [Json, Json];
      for (const field of own.required as string[])
        expect(shape(own.properties?.[field]), `${pointer} ${field}`).toEqual(shape(deref(shared).properties[field]));
    }
  });

  it("writes no description on a server variable (swagger-parser 13.0 and orval refuse it); the server's says what tld means", () => {
    const servers = [spec.servers, ...Object.values(spec.paths as Json).map((path) => path.servers)]
      .filter(Boolean)
      .flat();
    expect(servers).toHaveLength(3);
    for (const server of servers) {
      for (const [name, variable] of Object.entries(server.variables as Json)) {
        expect(variable.description, `${server.url} ${name}`).toBeUndefined();
        for (const value of variable.enum)
          expect(server.description, `${server.url} ${value}`).toContain(`\`${value}\``);
      }
    }
  });

  describe("the status union: open in openapi.json, closed in openapi.sdk.json for generators", () => {
    const ajv = new Ajv2020({ strict: false });
    ajvFormats.default(ajv);
    ajv.addSchema({ ...sdk, $id: "https://pingone-mfa.invalid/openapi.sdk.json" });
    const validateSdk = ajv.getSchema(
      "https://pingone-mfa.invalid/openapi.sdk.json#/components/schemas/DeviceAuthentication",
    )!;
    const answer = { id: "0783541c-a172-8d40-8f1e-2c9b7a6d5e4f", status: "A_STATUS_PINGONE_ADDS_LATER" };
    const otp = {
      ...answer,
      status: "OTP_REQUIRED",
      _links: { "otp.check": { href: "https://auth.pingone.com/e/deviceAuthentications/a" } },
    };
    const branchNames = (doc: Json) =>
      doc.components.schemas.DeviceAuthentication.oneOf.map((b: Json) => b.$ref.split("/").pop());

    it("openapi.json passes a status PingOne adds later; openapi.sdk.json refuses it", () => {
      expect(validateAt("/components/schemas/DeviceAuthentication", answer).valid).toBe(true);
      expect(validateSdk(answer)).toBe(false);
      expect(validateAt("/components/schemas/DeviceAuthentication", otp).valid).toBe(true);
      expect(validateSdk(otp)).toBe(true);
    });

    it("openapi.sdk.json lists one branch per known status, each with its const status, and no catch-all", () => {
      const known = sdk.components.schemas.KnownDeviceAuthenticationStatus.enum as string[];
      const statuses = branchNames(sdk).map(
        (name: string) => sdk.components.schemas[name].allOf.at(-1).properties.status.const,
      );
      expect([...statuses].sort()).toEqual([...known].sort());
      expect(nodes(sdk).filter(([, node]) => node["x-pingone-unknown"])).toEqual([]);
    });

    it("openapi.sdk.json is openapi.json without the catch-all branch, and says which file it is", () => {
      const unknown = branchNames(spec).filter((name: string) => spec.components.schemas[name]["x-pingone-unknown"]);
      expect(unknown).toEqual(["DeviceAuthenticationUnknownStatus"]);
      const expected = structuredClone(spec);
      expected.components.schemas.DeviceAuthentication.oneOf =
        expected.components.schemas.DeviceAuthentication.oneOf.filter(
          (b: Json) => !unknown.includes(b.$ref.split("/").pop()),
        );
      for (const name of unknown) delete expected.components.schemas[name];
      const { description: sdkDescription, ...sdkInfo } = sdk.info;
      const { description, ...info } = expected.info;
      expect({ ...sdk, info: sdkInfo }).toEqual({ ...expected, info });
      expect(sdkDescription).toBe(`${SDK_NOTE}\n\n${description}`);
      expect(SDK_NOTE).toMatch(/openapi\.sdk\.json.*generators/);
    });
  });
});
