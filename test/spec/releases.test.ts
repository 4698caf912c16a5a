// Spec releases (docs/releasing.md): the spec's version is the package's, the dereferenced variant
// is the bundle with its references inlined, the 3.0 variant lints and openapi-backend takes it, and
// the breaking-change check (`npm run
// check:breaking`: Optic plus the request media type rule) passes the current spec against the last
// released one, fails a copy with breaking changes naming each, and passes a copy with an additive one.
import { execFile } from "node:child_process";
import { readFileSync } from "node:fs";
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";
import OpenAPIBackend from "openapi-backend";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { checkBreaking, lastReleased, removedRequestMediaTypes } from "../../scripts/check-breaking.ts";
import { DEREF_NOTE, dereferenced } from "../../scripts/generate/deref-variant.ts";
import { OPENAPI30_NOTE } from "../../scripts/generate/openapi30-variant.ts";
import { withInfoVersion } from "../../scripts/generate/spec-version.ts";
import { figure } from "../support/figures.ts";

type Json = Record<string, any>;
const run = promisify(execFile);
const read = (file: string): Json => JSON.parse(readFileSync(new URL(`../../${file}`, import.meta.url), "utf8"));
const pkg = read("package.json");
// The build copies the spec files beside each other into dist/generated, which package.json ships.
const shippedByBuild = readFileSync(new URL("../../scripts/build/build.ts", import.meta.url), "utf8");
const bundled = read("generated/openapi.json");
const DEVICES = "/environments/{environmentId}/users/{userId}/devices";
const DEVICE = `${DEVICES}/{deviceId}`;
const AUTH = "/{environmentId}/deviceAuthentications/{deviceAuthenticationId}";
const BLOCK = "application/vnd.pingidentity.device.block+json";
// Optic takes about a minute of CPU on the whole spec (it expands every schema of every operation);
// on a loaded machine that is minutes. A hang guard, not a deadline.
const OPTIC_GUARD = 600_000;

describe("the spec's version is the package's", () => {
  it("info.version of the source, the bundle and every variant is package.json's version", () => {
    const source = readFileSync(new URL("../../openapi/openapi.yaml", import.meta.url), "utf8");
    expect(source).toMatch(
      new RegExp(`^info:\\n(?: {2}.*\\n)*? {2}version: ${pkg.version.replace(/\./g, "\\.")}\\n`, "m"),
    );
    for (const file of ["generated/openapi.json", "generated/openapi.sdk.json", "generated/openapi.deref.json"])
      expect(read(file).info.version, file).toBe(pkg.version);
  });

  it("the generator rewrites only the version line under info", () => {
    const source = "openapi: 3.1.0\ninfo:\n  title: T\n  version: 1.0.0\n  x:\n    version: 9\npaths: {}\n";
    expect(withInfoVersion(source, "0.2.0")).toBe(source.replace("version: 1.0.0", "version: 0.2.0"));
    expect(() => withInfoVersion("openapi: 3.1.0\npaths: {}\n", "0.2.0")).toThrow(/no `version:` line/);
  });
});

describe("the dereferenced variant", () => {
  const deref = read("generated/openapi.deref.json");

  it("has no $ref and no discriminator, says which file it is, and is shipped and exported", () => {
    const text = JSON.stringify(deref);
    expect(text).not.toContain('"$ref"');
    expect(text).not.toContain('"discriminator"');
    expect(deref.info.description.startsWith(DEREF_NOTE)).toBe(true);
    expect(pkg.exports["./openapi.deref.json"]).toBe("./dist/generated/openapi.deref.json");
    expect(shippedByBuild).toContain('"openapi.deref.json"');
  });

  it("holds what the bundle's references point at: an operation's request schema is the component", () => {
    const create = deref.paths[DEVICES].post.requestBody.content["application/json"].schema;
    const { discriminator, ...component } = bundled.components.schemas.DeviceCreate;
    expect(discriminator.propertyName).toBe("type");
    expect(create.oneOf).toHaveLength(component.oneOf.length);
    const sms = bundled.components.schemas.SmsDeviceCreate;
    expect(create.oneOf[0]).toMatchObject({
      title: sms.title,
      required: sms.required,
      properties: { type: sms.properties.type },
    });
    // A referenced schema inlined: PhoneNumber's pattern is in the branch.
    expect(create.oneOf[0].properties.phone.pattern).toBe(bundled.components.schemas.PhoneNumber.pattern);
  });

  it("passes Redocly's lint (recommended-strict)", async () => {
    const { stdout, stderr } = await run(join(process.cwd(), "node_modules/.bin/redocly"), [
      "lint",
      "generated/openapi.deref.json",
      "--format=stylish",
    ]);
    expect(`${stdout}${stderr}`).toContain("Your API description is valid");
  });

  it("stops on a recursive schema, naming the cycle, and on a constraining sibling of $ref", () => {
    const node = { $ref: "#/components/schemas/Node" };
    const cyclic = {
      info: {},
      paths: { "/a": { get: { responses: { 200: { content: { "application/json": { schema: node } } } } } } },
      components: { schemas: { Node: { type: "object", properties: { next: node } } } },
    };
    expect(() => dereferenced(cyclic)).toThrow(
      "recursive reference: #/components/schemas/Node → #/components/schemas/Node",
    );
    const sibling = structuredClone(cyclic);
    sibling.components.schemas.Node = { type: "string" } as never;
    (sibling.paths["/a"].get.responses[200].content["application/json"].schema as Json).maxLength = 3;
    expect(() => dereferenced(sibling)).toThrow("#/components/schemas/Node has maxLength beside it: not an annotation");
  });
});

describe("the breaking-change check against the last released spec", () => {
  let dir: string;
  // The tool's verdicts are shown on a cut-down copy of the released spec (about 11 s of Optic's CPU
  // each, against a minute for the whole spec; what Optic says about a change does not depend on the
  // operations it does not touch): the devices operations, and the deviceAuthentication actions with
  // one bare answer (Optic spends most of its minute expanding the deviceAuthentication union).
  let cutDownBase: string;
  let lastReleasedName = "";
  const released = () => read(`openapi/released/${lastReleasedName}`);
  const write = async (name: string, spec: Json) => {
    const file = join(dir, name);
    await writeFile(file, JSON.stringify(spec, null, 2));
    return file;
  };
  const cutDown = (): Json => {
    const spec = structuredClone(released());
    for (const path of Object.keys(spec.paths)) if (!path.startsWith(DEVICES) && path !== AUTH) delete spec.paths[path];
    delete spec.paths[AUTH].get;
    spec.paths[AUTH].post.responses = { 200: { description: "The device authentication." } };
    return spec;
  };

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), "pingone-mfa-breaking-"));
    lastReleasedName = (await lastReleased()).split("/").pop()!;
    cutDownBase = await write("base.json", cutDown());
  });
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it("the last release is kept in openapi/released/ and is a bundled 3.1 spec", () => {
    expect(lastReleasedName).toMatch(/^openapi-\d+\.\d+\.\d+\.json$/);
    const spec = released();
    expect(spec.openapi).toBe("3.1.0");
    expect(lastReleasedName).toBe(`openapi-${spec.info.version}.json`);
  });

  it(
    "passes the current generated/openapi.json",
    async () => {
      const { ok, report } = await checkBreaking(await lastReleased(), join(process.cwd(), "generated/openapi.json"));
      expect(report).not.toMatch(/This is a breaking change/);
      expect(ok).toBe(true);
      figure(`spec releases: generated/openapi.json has no breaking change against ${lastReleasedName} (Optic)`);
    },
    OPTIC_GUARD,
  );

  it(
    "fails a removed request enum value, a newly required request property, a removed operation and a removed request media type, naming each",
    async () => {
      const spec = cutDown();
      const schemas = spec.components.schemas;
      const reason = schemas.AuthenticationCancel.properties.reason;
      reason.enum = reason.enum.filter((value: string) => value !== "SIGNOUT");
      schemas.DeviceSelection.required.push("compatibility");
      delete spec.paths[`${DEVICE}/logs`].put;
      delete spec.paths[DEVICE].post.requestBody.content[BLOCK];
      const { ok, report } = await checkBreaking(cutDownBase, await write("breaking.json", spec));
      expect(ok).toBe(false);
      expect(report).toContain(
        "cannot remove enum option 'SIGNOUT' from 'reason' property. This is a breaking change.",
      );
      expect(report).toMatch(
        /device\.select\+json: \n\s+- property \/schema\/properties\/compatibility: changed\s+x \[prevent changing request property to required\] cannot make a request property required/,
      );
      expect(report).toMatch(/PUT \S+\/logs: removed\s+x \[prevent operation removal\] cannot remove an operation/);
      expect(report).toContain(`x [request media type removed] POST ${DEVICE}: ${BLOCK}. This is a breaking change.`);
    },
    OPTIC_GUARD,
  );

  it(
    "fails a removed enum value inside a request union, naming the operation and the union rule",
    async () => {
      // Optic compares `oneOf` branches as a whole: it flags the operation, but its explanation
      // names branch differences rather than the removed value (Optic 1.0.9).
      const spec = cutDown();
      const status = spec.components.schemas.DeviceCreateStatus;
      status.enum = status.enum.filter((value: string) => value !== "ACTIVE");
      const { ok, report } = await checkBreaking(cutDownBase, await write("union.json", spec));
      expect(ok).toBe(false);
      expect(report).toMatch(
        /x POST \/environments\/\{environmentId\}\/users\/\{userId\}\/devices: [\s\S]*x \[prevent expanded in request union types\]/,
      );
    },
    OPTIC_GUARD,
  );

  it(
    "passes a new optional response property",
    async () => {
      const spec = cutDown();
      spec.components.schemas.Device.properties.addedLater = { type: "string", description: "A field added later." };
      const { ok, report } = await checkBreaking(cutDownBase, await write("additive.json", spec));
      expect(report).toContain("/schema/properties/addedLater: added");
      expect(report).not.toMatch(/This is a breaking change/);
      expect(ok).toBe(true);
    },
    OPTIC_GUARD,
  );

  it("the media type rule: a request media type gone from a kept operation, nothing for a removed operation", () => {
    const base = released();
    const head = structuredClone(base);
    delete head.paths[DEVICE].post.requestBody.content[BLOCK];
    delete head.paths[`${DEVICE}/logs`].put;
    expect(removedRequestMediaTypes(base, head)).toEqual([`POST ${DEVICE}: ${BLOCK}`]);
    expect(removedRequestMediaTypes(base, base)).toEqual([]);
  });
});

describe("the OpenAPI 3.0 variant, for openapi-backend", () => {
  const v30 = read("generated/openapi.3.0.json");
  const DEVICES_OF =
    "/environments/0783541c-a172-4d40-8f1e-2c9b7a6d5e4f/users/0783541c-a172-4d40-8f1e-2c9b7a6d5e4f/devices";
  // Ajv's `logger: false`: openapi-backend's Ajv knows no `uuid` format and says so per schema.
  const backend = (definition: Json) =>
    new OpenAPIBackend({ definition: definition as never, ajvOpts: { logger: false } });

  it("is OpenAPI 3.0.3 with the package's version, says which file it is, and is shipped and exported", () => {
    expect(v30.openapi).toBe("3.0.3");
    expect(v30.info.version).toBe(pkg.version);
    expect(v30.info.description.startsWith(OPENAPI30_NOTE)).toBe(true);
    expect(v30.info.license).toEqual({ name: "MIT", url: "https://spdx.org/licenses/MIT.html" });
    expect(JSON.stringify(v30)).not.toMatch(/"const"|"summary":"Typed description/);
    expect(pkg.exports["./openapi.3.0.json"]).toBe("./dist/generated/openapi.3.0.json");
    expect(shippedByBuild).toContain('"openapi.3.0.json"');
  });

  it("passes Redocly's lint (recommended-strict, as a 3.0 document)", async () => {
    const { stdout, stderr } = await run(join(process.cwd(), "node_modules/.bin/redocly"), [
      "lint",
      "generated/openapi.3.0.json",
      "--format=stylish",
    ]);
    expect(`${stdout}${stderr}`).toContain("Your API description is valid");
  });

  it("openapi-backend cannot use the 3.1 file in its default mode, and takes this one, validating requests", async () => {
    // Default mode: the document check fails (against the 3.0 schema), openapi-backend warns, keeps
    // no operation, and every request is an unknown operation.
    const warn = vi.spyOn(console, "warn").mockImplementation(() => {});
    try {
      const on31 = backend(bundled);
      await on31.init();
      expect(String(warn.mock.calls[0]?.[0])).toMatch(/^Error: Document is not valid OpenAPI\. \d+ validation errors/);
      expect(() =>
        on31.validateRequest({
          method: "post",
          path: DEVICES_OF,
          headers: { "content-type": "application/json" },
          body: {},
        }),
      ).toThrow("Unknown operation");
      warn.mockClear();
      const api = backend(v30);
      await api.init();
      const create = (body: Json) =>
        api.validateRequest({
          method: "post",
          path: DEVICES_OF,
          headers: { "content-type": "application/json" },
          body,
        });
      expect(create({ type: "SMS", phone: "+15125201234" }).valid).toBe(true);
      // `extension` belongs to VOICE devices: the closed SMS branch refuses it.
      expect(create({ type: "SMS", phone: "+15125201234", extension: "12" }).valid).toBe(false);
      expect(create({ type: "PIGEON", phone: "+15125201234" }).valid).toBe(false);
      expect(warn).not.toHaveBeenCalled();
    } finally {
      warn.mockRestore();
    }
  });
});
