// The simulator's own checks (src/testing/spec-checks.ts): every example of the spec passes them,
// each kind of mistake is caught on a request and on an answer, the answers stay open to values
// PingOne adds, the requests the mock refuses today (test/testing/negative.test.ts) are found wrong,
// no message repeats a value, and importing the checks loads neither Prism nor ajv.
import { execFile } from "node:child_process";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import { describe, expect, it } from "vitest";
import { actionOperations, actions } from "../../generated/actions.ts";
import { exampleIds } from "../../src/contract/cases.ts";
import { deref, type Json, namedExamples, operations } from "../../src/contract/spec.ts";
import { FORMATS } from "../../src/testing/checks/formats.ts";
import { compiler, Findings } from "../../src/testing/checks/json-schema.ts";
import { type ActionName, checkAnswer, checkRequest } from "../../src/testing/spec-checks.ts";
import { invalidRequest, type Violation } from "../../src/testing/violations.ts";
import { sendsBody } from "../../src/validation/media-types.ts";

const ids = exampleIds();
const names = Object.keys(actions) as ActionName[];
const JSON_TYPE = { "content-type": "application/json" };

interface Example {
  name: string;
  action: ActionName;
  status?: number;
  mediaType: string;
  value: unknown;
}

/** Every request and answer example of the spec, with the action it belongs to. */
function examples(): { requests: Example[]; answers: Example[] } {
  const requests: Example[] = [];
  const answers: Example[] = [];
  for (const { method, path, op } of operations()) {
    const mine = names.filter((a) => actions[a].path === path && actions[a].httpMethod === method.toUpperCase());
    const byExample = new Map<string, ActionName>();
    for (const [mediaType, media] of Object.entries((deref(op.requestBody ?? {}).content ?? {}) as Json)) {
      for (const [name, value] of Object.entries(namedExamples(media))) {
        // Actions sharing a media type tell their bodies apart by the discriminator (devices.remember: BROWSER).
        const action = mine.find((a) => actions[a].mediaType === mediaType && sendsBody(a, value));
        if (!action) throw new Error(`${op.operationId} ${mediaType} ${name}: no action sends it`);
        byExample.set(name, action);
        requests.push({ name, action, mediaType, value });
      }
    }
    for (const [status, response] of Object.entries(op.responses as Json)) {
      for (const [mediaType, media] of Object.entries((deref(response).content ?? {}) as Json)) {
        for (const [name, value] of Object.entries(namedExamples(media))) {
          // The answer to the same-named request, else the action answering this status, else any (errors are shared).
          const action = byExample.get(name) ?? mine.find((a) => String(actions[a].status) === status) ?? mine[0]!;
          answers.push({ name, action, status: Number(status), mediaType, value });
        }
      }
    }
  }
  return { requests, answers };
}
const { requests, answers } = examples();
const paramsOf = (action: ActionName) =>
  Object.fromEntries(
    [...actions[action].path.matchAll(/\{(\w+)\}/g)].map(([, name]) => [name!, ids[name as keyof typeof ids]]),
  );
const request = (action: ActionName, body: unknown, more: { query?: Record<string, string> } = {}) =>
  checkRequest(action, { params: paramsOf(action), query: more.query ?? {}, body });
const answer = (action: ActionName, status: number, body: unknown, headers: Record<string, string> = JSON_TYPE) =>
  checkAnswer(action, { status, headers, body });
/** The request example `name` of `action`, a fresh copy to change. */
const requestExample = (action: ActionName, name: string) =>
  structuredClone(requests.find((e) => e.action === action && e.name === name)!.value) as Json;
const answerExample = (action: ActionName, name: string) =>
  structuredClone(answers.find((e) => e.action === action && e.name === name)!.value) as Json;
const codes = (found: Violation[]) => found.map((v) => `${v.location.join("/")} ${v.code}`);

describe("every example of the spec passes", () => {
  it("has examples of every action's body and every declared answer with content", () => {
    for (const action of names)
      if (actions[action].mediaType !== null && !actionOperations[action].bodyless)
        expect(
          requests.some((e) => e.action === action),
          `a request example of ${action}`,
        ).toBe(true);
    for (const { op } of operations())
      for (const [status, response] of Object.entries(op.responses as Json))
        for (const [mediaType, media] of Object.entries((deref(response).content ?? {}) as Json))
          expect(Object.keys(namedExamples(media)).length, `${op.operationId} ${status} ${mediaType}`).toBeGreaterThan(
            0,
          );
    expect(requests.length).toBeGreaterThan(30);
    expect(answers.length).toBeGreaterThan(100);
  });

  it.each(requests.map((e) => [`${e.action} ${e.mediaType} ${e.name}`, e] as const))("request %s", (_, example) => {
    expect(request(example.action, example.value)).toEqual([]);
  });

  it.each(answers.map((e) => [`${e.action} ${e.status} ${e.name}`, e] as const))("answer %s", (_, example) => {
    const found = answer(example.action, example.status!, example.value, { "Content-Type": example.mediaType });
    expect(found).toEqual([]);
  });
});

describe("each kind of mistake is caught, on a request and on an answer", () => {
  it("a missing required field", () => {
    const body = requestExample("devices.create", "sms");
    delete body.phone;
    expect(codes(request("devices.create", body))).toEqual(["request/body required"]);
    const device = answerExample("devices.get", "smsTestDevice");
    delete device.type;
    const found = answer("devices.get", 200, device);
    expect(codes(found)).toEqual(["response/body required"]);
    expect(found[0]!.message).toBe("body must have required property 'type'");
  });

  it("a wrong type", () => {
    expect(codes(request("deviceAuthentications.checkOtp", { otp: 123456 }))).toEqual(["request/body/otp type"]);
    const device = answerExample("devices.get", "smsTestDevice");
    device.testMode = "yes";
    expect(codes(answer("devices.get", 200, device))).toEqual(["response/body/testMode type"]);
  });

  it("a value outside an enum (a closed one: one-time targets are SMS, VOICE or EMAIL)", () => {
    const body = requestExample("devices.create", "sms");
    body.status = "PAUSED";
    expect(codes(request("devices.create", body))).toEqual(["request/body/status enum"]);
    const auth = answerExample("deviceAuthentications.create", "oneTimeSms");
    auth.selectedDevice.oneTime.type = "FAX";
    const found = answer("deviceAuthentications.create", 201, auth);
    // Of the statuses' forms, the one the answer names explains what is wrong: nothing from the others.
    expect(codes(found)).toEqual(["response/body/selectedDevice/oneTime/type enum"]);
    expect(found[0]!.message).toBe(
      "body.selectedDevice.oneTime.type must be equal to one of the allowed values: SMS, VOICE, EMAIL",
    );
  });

  it("an extra property where additionalProperties is false", () => {
    const body = requestExample("devices.create", "whatsapp");
    body.testMode = true;
    expect(codes(request("devices.create", body))).toEqual(["request/body additionalProperties"]);
    // The spec's answers are all open (PingOne adds fields), so an answer shows it on a closed schema.
    const closed = compiler({})({
      type: "object",
      properties: { id: { type: "string" } },
      additionalProperties: false,
    });
    const findings = new Findings("response");
    findings.check(closed, { id: "x", extra: 1 }, ["body"]);
    expect(findings.list).toEqual([
      {
        location: ["response", "body"],
        code: "additionalProperties",
        message: "body must NOT have additional properties; found 'extra'",
        severity: "Error",
      },
    ]);
    const device = answerExample("devices.get", "smsTestDevice");
    device.addedByPingOneLater = { any: "thing" };
    expect(answer("devices.get", 200, device)).toEqual([]);
  });

  it("a wrong status: one the operation does not declare, or another action's success", () => {
    const order = answerExample("devices.setOrder", "setOrder");
    expect(codes(answer("devices.setOrder", 418, order))).toEqual(["response/status status"]);
    expect(answer("devices.setOrder", 418, order)[0]!.message).toBe(
      "status 418 is not one the spec declares for devices.setOrder (200, 201, 204, 400, 401, 403, 404, 409, 415, 429, 500)",
    );
    // 201 is the operation's (devices.create), not setOrder's; the body is not a device either.
    expect(codes(answer("devices.setOrder", 201, order))).toEqual([
      "response/status status",
      "response/body required",
      "response/body required",
      "response/body required",
    ]);
    expect(codes(answer("devices.delete", 204, undefined, {}))).toEqual([]);
    expect(codes(answer("devices.delete", 200, undefined, {}))).toEqual(["response/status status"]);
    // The request side of a wrong status is the request's own action: a body of another action is refused.
    const sms = requestExample("devices.create", "sms");
    expect(codes(request("devices.setOrder", sms))).toEqual([
      "request/body required",
      ...Object.keys(sms).map(() => "request/body additionalProperties"),
    ]);
  });

  it("a wrong content type, a body where none is declared, none where one is", () => {
    const device = answerExample("devices.get", "smsTestDevice");
    expect(codes(answer("devices.get", 200, device, { "content-type": "text/plain" }))).toEqual([
      "response/header/content-type content-type",
    ]);
    expect(codes(answer("devices.get", 200, device, {}))).toEqual(["response/header/content-type required"]);
    expect(answer("devices.get", 200, device, { "Content-Type": "Application/JSON; charset=utf-8" })).toEqual([]);
    expect(codes(answer("devices.delete", 204, {}, JSON_TYPE))).toEqual(["response/body content"]);
    expect(codes(answer("devices.get", 200, undefined, {}))).toEqual(["response/body required"]);
    // On a request the media type picks the action: a body sent as another one's is checked as that one's.
    expect(codes(request("devices.activate", requestExample("deviceAuthentications.checkOtp", "checkOtp")))).toEqual(
      [],
    );
    expect(codes(request("deviceAuthentications.cancel", { otp: "123456" }))).toEqual([
      "request/body required",
      "request/body additionalProperties",
    ]);
  });

  it("a declared answer header with a wrong value", () => {
    const error = answerExample("devices.list", "requestLimited");
    expect(answer("devices.list", 429, error, { ...JSON_TYPE, "Retry-After": "3" })).toEqual([]);
    expect(codes(answer("devices.list", 429, error, { ...JSON_TYPE, "Retry-After": "-1" }))).toEqual([
      "response/header/retry-after minimum",
    ]);
    expect(
      codes(
        answer("devices.remember", 201, answerExample("devices.remember", "rememberBrowser"), {
          ...JSON_TYPE,
          "set-cookie": "",
        }),
      ),
    ).toEqual(["response/header/set-cookie minLength"]);
  });

  it("path, query and header parameters, read from text as the server gets them", () => {
    expect(request("devices.list", undefined, { query: { limit: "10", expand: "order", other: "x" } })).toEqual([]);
    expect(codes(request("devices.list", undefined, { query: { limit: "0", expand: "all" } }))).toEqual([
      "request/query/limit minimum",
      "request/query/expand enum",
    ]);
    expect(codes(request("devices.list", undefined, { query: { limit: "ten" } }))).toEqual([
      "request/query/limit type",
    ]);
    expect(
      codes(checkRequest("devices.get", { params: { environmentId: "not-a-uuid" }, query: {}, body: undefined })),
    ).toEqual(["request/path/environmentId format", "request/path required", "request/path required"]);
    const headers = { "X-Ping-External-Transaction-ID": "t".repeat(101), Cookie: "ST=1" };
    expect(
      codes(checkRequest("devices.get", { params: paramsOf("devices.get"), query: {}, body: undefined, headers })),
    ).toEqual(["request/header/x-ping-external-transaction-id maxLength"]);
  });

  it("a body left out: refused where the action sends one, allowed where the media type alone is the action", () => {
    expect(codes(request("devices.create", undefined))).toEqual(["request/body required"]);
    expect(request("devices.block", undefined)).toEqual([]);
    expect(request("devices.block", {})).toEqual([]);
    expect(codes(request("devices.block", { reason: "x" }))).toEqual(["request/body maxProperties"]);
  });

  it("an unknown device type on create, and a create without its type", () => {
    const found = request("devices.create", { type: "SMART_WATCH" });
    expect(codes(found)).toEqual(["request/body/type enum"]);
    expect(found[0]!.message).toBe(
      "body.type must be equal to one of the allowed values: SMS, VOICE, EMAIL, WHATSAPP, TOTP, FIDO2, OATH_TOKEN, PINGID_DESKTOP_GEN2",
    );
    expect(codes(request("devices.create", { phone: "+15125201234" }))).toEqual(["request/body required"]);
    expect(codes(request("devices.remember", { type: "SMS", phone: "+15125201234" }))).toEqual([
      "request/body/type enum",
    ]);
  });

  it("throws on a name that is not an action (a mistake in the caller, not in the request)", () => {
    expect(() => checkRequest("devices.creat" as ActionName, { params: {}, query: {}, body: {} })).toThrow(TypeError);
    expect(() => checkAnswer("toString" as ActionName, { status: 200, headers: {}, body: {} })).toThrow(TypeError);
  });
});

describe("answers stay open to what PingOne adds", () => {
  const auth = () => answerExample("deviceAuthentications.get", "otpRequired");

  it("accepts a deviceAuthentication status the spec does not list, with the fields every status has", () => {
    for (const status of ["PUSH_CONFIRMATION_REJECTED", "SOMETHING_NEW"]) {
      const unknown: Json = { ...auth(), status };
      delete unknown._links["otp.check"];
      expect(answer("deviceAuthentications.get", 200, unknown)).toEqual([]);
    }
    const embedded = {
      id: ids.deviceAuthenticationId,
      status: "PUSH_CONFIRMATION_REJECTED",
      _embedded: { devices: [{ id: ids.deviceId, type: "HOLOGRAM", status: "DORMANT" }] },
    };
    expect(answer("deviceAuthentications.get", 200, embedded)).toEqual([]);
  });

  it("accepts a new device type, device status and block status", () => {
    const device = { id: ids.deviceId, type: "SMART_WATCH", status: "DORMANT", block: { status: "QUARANTINED" } };
    expect(answer("devices.get", 200, device)).toEqual([]);
  });

  it("but still holds a known status to its form, and an unknown one to the common fields", () => {
    const known = auth();
    delete known._links["otp.check"];
    const found = answer("deviceAuthentications.get", 200, known);
    expect(codes(found)).toEqual(["response/body/_links required"]);
    expect(found[0]!.message).toBe("body._links must have required property 'otp.check'");
    expect(codes(answer("deviceAuthentications.get", 200, { status: "SOMETHING_NEW" }))).toEqual([
      "response/body required",
    ]);
    expect(codes(answer("deviceAuthentications.get", 200, { id: ids.deviceAuthenticationId, status: 7 }))).toEqual(
      expect.arrayContaining(["response/body/status type"]),
    );
  });
});

describe("the requests the mock refuses with 400 (test/testing/negative.test.ts) are found wrong", () => {
  const policy = { id: "5a0a0950-8a81-4739-b12a-f4d6a11c7a82" };
  /** The details of the 400 the mock answers with these findings. */
  const details = (found: Violation[]) => invalidRequest(found).details ?? [];

  it("select without device.id", () => {
    const found = request("deviceAuthentications.selectDevice", { device: {} });
    expect(details(found)).toContainEqual(expect.objectContaining({ code: "REQUIRED_VALUE", target: "device.id" }));
  });

  it("VOICE without phone", () => {
    const found = request("devices.create", { type: "VOICE", policy });
    expect(details(found)).toContainEqual(expect.objectContaining({ code: "REQUIRED_VALUE", target: "phone" }));
  });

  it("status PAUSED", () => {
    const found = request("devices.create", { type: "SMS", phone: "+15125201234", status: "PAUSED" });
    expect(details(found)).toContainEqual(expect.objectContaining({ code: "INVALID_VALUE", target: "status" }));
  });

  it("testMode on WHATSAPP: exactly one detail, naming testMode", () => {
    const found = request("devices.create", { type: "WHATSAPP", phone: "+15125201234", policy, testMode: true });
    expect(details(found)).toEqual([expect.objectContaining({ code: "INVALID_VALUE", target: "testMode" })]);
    expect(JSON.stringify(found)).toContain("testMode");
  });

  it("a device body sent as a reorder names order, type and phone", () => {
    const found = request("devices.setOrder", { type: "SMS", phone: "+15125201234" });
    expect(details(found).map((d) => d.target)).toEqual(expect.arrayContaining(["order", "type", "phone"]));
  });

  it("a reorder body sent as a device create", () => {
    expect(request("devices.create", { order: [{ id: ids.deviceId }] }).length).toBeGreaterThan(0);
  });

  it("while the getting-started create without policy, and a valid reorder, pass", () => {
    expect(request("devices.create", { type: "VOICE", phone: "+15125201234" })).toEqual([]);
    expect(request("devices.setOrder", { order: [{ id: ids.deviceId }] })).toEqual([]);
  });
});

describe("no message repeats a value", () => {
  it("names the field and what is wrong, never the passcode, phone, token or cookie", () => {
    const secrets = ["918273645!", "+1 (512) 520-99x9", "eyJhbGciOiJIUzI1NiJ9.c2VjcmV0", "ST=cookie-secret"];
    const found = [
      ...request("deviceAuthentications.checkOtp", { otp: secrets[0] }),
      ...request("devices.create", { type: "SMS", phone: secrets[1] }),
      ...request("devices.remember", { type: "BROWSER", policy: { id: secrets[2] }, payload: "" }),
      ...checkRequest("deviceAuthentications.checkRememberedDevice", {
        params: paramsOf("deviceAuthentications.checkRememberedDevice"),
        query: {},
        body: { payload: { type: "FINGERPRINT", value: secrets[3] }, extra: secrets[3] },
        headers: { cookie: "" },
      }),
      ...answer("devices.get", 200, { id: secrets[2], type: 1, status: "ACTIVE", test: { otp: 918273 } }),
    ];
    expect(found.length).toBeGreaterThanOrEqual(7);
    const text = JSON.stringify(found);
    for (const secret of [...secrets, "918273"]) expect(text).not.toContain(secret);
  });
});

describe("loading the checks", () => {
  const root = fileURLToPath(new URL("../..", import.meta.url));
  const run = promisify(execFile);
  // Lists every module a fresh process loads for `target`: ES modules as the resolve hook sees them
  // (the hook answers a flush message after the ones it posted, so none is missed), CommonJS ones
  // from require.cache.
  const hooks = `data:text/javascript,${encodeURIComponent(`
    let port;
    export function initialize(data) { port = data.port; port.on("message", () => port.postMessage({ flushed: true })); }
    export async function resolve(specifier, context, next) {
      const resolved = await next(specifier, context);
      port.postMessage({ url: resolved.url });
      return resolved;
    }`)}`;
  const loaded = async (target: string): Promise<string[]> => {
    const script = `
      import { createRequire, register } from "node:module";
      import { MessageChannel } from "node:worker_threads";
      const { port1, port2 } = new MessageChannel();
      const urls = [];
      register(${JSON.stringify(hooks)}, { parentURL: import.meta.url, data: { port: port2 }, transferList: [port2] });
      const flushed = new Promise((done) => port1.on("message", (m) => (m.url ? urls.push(m.url) : done())));
      await import(${JSON.stringify(target)});
      port1.postMessage("flush");
      await flushed;
      const cjs = Object.keys(createRequire(import.meta.url).cache);
      process.stdout.write(JSON.stringify([...urls, ...cjs]));
      process.exit(0);`;
    const { stdout } = await run(process.execPath, ["--import", "tsx", "--input-type=module", "-e", script], {
      cwd: root,
    });
    return JSON.parse(stdout) as string[];
  };
  const heavy = /node_modules[\\/](@stoplight|ajv|ajv-formats)[\\/]/;

  it("loads no module of Prism or ajv", async () => {
    const modules = await loaded(new URL("../../src/testing/spec-checks.ts", import.meta.url).href);
    expect(modules.some((m) => m.includes("src/testing/spec-checks.ts"))).toBe(true);
    expect(modules.some((m) => m.includes("generated/spec-checks.ts"))).toBe(true);
    expect(modules.filter((m) => heavy.test(m))).toEqual([]);
  });

  it("would see them if they were loaded (the listing is not blind to them)", async () => {
    const modules = await loaded("ajv");
    expect(modules.filter((m) => heavy.test(m)).length).toBeGreaterThan(1);
  });
});

describe("the formats' shortcuts judge as the long way does", () => {
  // uuid is checked by character codes and uri skips the URL parser for plain http(s) URLs: both
  // must agree with the regular expression and URL.canParse on every case of a grid of near misses.
  const uriLongWay = (v: string) => /^[a-z][a-z0-9+.-]*:\S*$/i.test(v) && URL.canParse(v);
  const uuidLongWay = (v: string) => /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(v);

  it("uri: schemes × hosts × ports × paths", () => {
    const schemes = ["http://", "https://", "HTTP://", "ftp://", "http:/", "http:"];
    const hosts = [
      ...["127.0.0.1", "256.0.0.1", "1.2.3", "01.2.3.4", "1.2.3.4.5", "0x7f.1", "localhost", "a..b", "-a.com"],
      ...["a-.com", "xn--a.com", "xn--nxasmq6b.com", "a.1", "1a.com", "a.b1", "", ".", "a.", "ex_ample.com"],
      ...["EXAMPLE.com", `${"a".repeat(64)}.com`, "a.b.c.d", "mock"],
    ];
    const ports = ["", ":0", ":80", ":65535", ":65536", ":99999", ":", ":08"];
    const paths = ["", "/", "/v1/x", "/./x", "/../x", "/a/..", "/a/.", "/%zz", "/a b", "/a'b", "/a@b:c"];
    paths.push("/.well-known", "//x", "/a\\b", "/a?b", "/a#b", "/{x}", "/a/.b/..c");
    const differ: string[] = [];
    let accepted = 0;
    for (const scheme of schemes)
      for (const host of hosts)
        for (const port of ports)
          for (const path of paths) {
            const v = scheme + host + port + path;
            if (FORMATS.uri!(v) !== uriLongWay(v)) differ.push(v);
            if (uriLongWay(v)) accepted++;
          }
    expect(differ).toEqual([]);
    // The grid holds both answers in numbers (it is not all one way).
    expect(accepted).toBeGreaterThan(1000);
    expect(accepted).toBeLessThan(schemes.length * hosts.length * ports.length * paths.length - 1000);
  });

  it("uuid: the right form in both cases, and each near miss", () => {
    const id = "6b0c2a1e-1f0e-4d7c-9b8a-123456789abc";
    const cases = [id, id.toUpperCase(), `${id}\n`, id.slice(1), `${id}0`, id.replace(/-/g, "0"), ""];
    for (let i = 0; i < id.length; i++)
      for (const c of ["g", "G", "-", "0", "/", ":", "@", "`", "é"]) cases.push(id.slice(0, i) + c + id.slice(i + 1));
    expect(cases.filter((v) => FORMATS.uuid!(v) !== uuidLongWay(v))).toEqual([]);
    expect(cases.filter((v) => uuidLongWay(v)).length).toBeGreaterThan(36);
  });
});
