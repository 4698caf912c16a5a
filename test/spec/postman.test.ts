// The shipped Postman collection (generated/pingone-mfa.postman_collection.json), run with newman
// against the stateful simulator. The stateful mode, not the examples mode: the examples mode answers
// every request with the example nearest its shape, so "answered as its example says" would hold of
// almost any request. The simulator answers only what PingOne would: a device activates with the
// passcode it was sent, an authentication completes with the passcode of the device selected, each
// request only with the token the token request obtained. So the requests run as a user would send
// them, in a working order (token, create, activate, …, authenticate, select, check OTP…), passing
// ids, passcode and token on through the collection's own test scripts; the test sets only what a
// user would type in (environment, user, client, which device) or do elsewhere (a mobile device
// paired through PingOne's SDK, the browser remembered earlier). Each request is then held to
// its first saved response, the example its body is taken from: the same status, an answer that
// conforms to the spec, and the same `status` field (the device's or the authentication's state).
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { actions } from "../../generated/actions.ts";
import collection from "../../generated/pingone-mfa.postman_collection.json" with { type: "json" };
import manifest from "../../package.json" with { type: "json" };
import { type MockServer, startMockServer } from "../../src/testing/index.ts";
import { type ActionName, checkAnswer } from "../../src/testing/spec-checks.ts";
import { figure } from "../support/figures.ts";

type Json = Record<string, any>;

/** The part of newman's Node API this test uses (newman ships no types). */
interface Newman {
  run(
    options: { collection: Json; reporters: string[] },
    done: (error: Error | null, summary: Json) => void,
  ): { on(event: "script", listener: (error: Error | null, args: Json) => void): unknown };
}
const newman = createRequire(import.meta.url)("newman") as Newman;

const folders = collection.item.filter((i: Json) => Array.isArray(i.item)) as Json[];
const requests = new Map<string, Json>(folders.flatMap((f) => f.item.map((i: Json) => [i.name as string, i])));
const actionNames = Object.keys(actions) as ActionName[];
/** Every request of the collection by name, the token request's too. */
const all = new Map<string, Json>([
  ...requests,
  ...collection.item.filter((i: Json) => !Array.isArray(i.item)).map((i: Json) => [i.id as string, i] as const),
]);

describe("the Postman collection", () => {
  it("has one request per action, with the action's method, host, path and media type", () => {
    expect([...requests.keys()].sort()).toEqual([...actionNames].sort());
    for (const name of actionNames) {
      const { request } = requests.get(name)!;
      const action = actions[name];
      expect(request.method, name).toBe(action.httpMethod);
      const path = action.path.replace(/\{(\w+)\}/g, "{{$1}}");
      expect(request.url.raw.split("?")[0], name).toBe(`{{${action.host}Base}}${path}`);
      const contentType = request.header.find((h: Json) => h.key === "Content-Type")?.value ?? null;
      expect(contentType, name).toBe(action.mediaType);
    }
  });

  it("saves a response per example, first the one the request's body comes from, and uses bearer auth", () => {
    for (const [name, item] of requests) {
      expect(item.response.length, name).toBeGreaterThan(0);
      const first = item.response[0];
      expect(first.code, name).toBe(actions[name as ActionName].status);
    }
    expect(collection.auth).toEqual({
      type: "bearer",
      bearer: [{ key: "token", value: "{{accessToken}}", type: "string" }],
    });
    const keys = collection.variable.map((v: Json) => v.key);
    for (const key of ["apiBase", "authBase", "environmentId", "userId", "deviceId", "deviceAuthenticationId"])
      expect(keys).toContain(key);
    for (const key of ["accessToken", "clientId", "clientSecret"]) expect(keys).toContain(key);
    // Shipped beside the spec files (the build copies it into dist/generated) and exported.
    const file = "pingone-mfa.postman_collection.json";
    expect(manifest.files).toContain("dist/generated");
    expect(readFileSync(new URL("../../scripts/build/build.ts", import.meta.url), "utf8")).toContain(`"${file}"`);
    expect((manifest.exports as Record<string, unknown>)["./postman.json"]).toBe(`./dist/generated/${file}`);
    // Nothing secret is shipped: every variable but the two hosts starts empty.
    for (const v of collection.variable as Json[])
      if (v.key !== "apiBase" && v.key !== "authBase") expect(v.value, v.key).toBe("");
  });
});

describe("newman runs the shipped collection against the simulator", () => {
  let mock: MockServer;
  const environmentId = crypto.randomUUID();
  const userId = crypto.randomUUID();
  const clientId = crypto.randomUUID();
  const clientSecret = "postman-test-secret";
  /** The collection variables, carried from one request to the next as Postman keeps them. */
  const vars: Record<string, string> = {};
  /** Each action's first run, held to its example; later runs only set the scene. */
  const held = new Map<string, string[]>();

  beforeAll(async () => {
    mock = await startMockServer();
    mock.registerClient(clientId, clientSecret);
    // A policy that lets the user choose the device (as the `user` example's answer shows).
    mock.setLimits({ authentication: { deviceSelection: "ALWAYS_DISPLAY_DEVICES" } });
    Object.assign(vars, { apiBase: mock.apiBaseUrl, authBase: mock.authBaseUrl, environmentId, userId });
    Object.assign(vars, { clientId, clientSecret });
  });
  afterAll(async () => {
    await mock?.close();
  });

  /**
   * Runs the shipped requests `names`, in this order, in one newman run with the current variables
   * (after `set`, what the user types in); returns what newman saw of each answer. One run per
   * stretch between two things the user does outside the collection: newman starts a sandbox per run.
   */
  async function send(names: string[], set: Record<string, string> = {}) {
    Object.assign(vars, set);
    // The shipped collection with the current variable values and only these requests.
    const variable = collection.variable.map((v: Json) => (v.key in vars ? { ...v, value: vars[v.key] } : v));
    const run = { ...collection, variable, item: names.map((name) => all.get(name)) };
    let scope: Json | undefined;
    const summary = await new Promise<Json>((resolve, reject) => {
      newman
        .run({ collection: run, reporters: [] }, (error, result) => (error ? reject(error) : resolve(result)))
        .on("script", (_, args) => {
          if (args.execution?.collectionVariables) scope = args.execution.collectionVariables;
        });
    });
    for (const v of scope?.values.all() ?? []) vars[v.key] = v.value;
    const executions = summary.run.executions as Json[];
    expect(executions.map((e) => e.item.name)).toEqual(names.map((name) => all.get(name)!.name));
    return executions.map((execution) => {
      const text = execution.response.stream.toString("utf8");
      return {
        code: execution.response.code as number,
        body: text ? JSON.parse(text) : undefined,
        headers: Object.fromEntries(execution.response.headers.all().map((h: Json) => [h.key, h.value])),
        contentType: execution.request.headers.get("Content-Type") as string | undefined,
        failures: (execution.assertions ?? [])
          .filter((a: Json) => a.error)
          .map((a: Json) => `${a.assertion}: ${a.error.message}`) as string[],
      };
    });
  }

  /** Sends `names` and holds each request's answer to its first saved response, the first time it is sent. */
  async function steps(names: string[], set: Record<string, string> = {}) {
    const answers = await send(names, set);
    for (const [i, name] of names.entries()) {
      const answer = answers[i]!;
      const findings: string[] = [...answer.failures];
      if (answer.code >= 400) findings.push(`answer: ${JSON.stringify(answer.body?.details ?? answer.body?.code)}`);
      // A request's first run is held to its example (findings kept for the end, so every request is
      // counted); a later run, only setting the scene, must pass the collection's own tests.
      if (name === "token" || held.has(name)) expect(findings, name).toEqual([]);
      else {
        const action = actions[name as ActionName];
        const example = requests.get(name)!.response[0];
        const documented = example.body ? JSON.parse(example.body) : undefined;
        if (answer.code !== example.code) findings.push(`status ${answer.code}, the example ${example.code}`);
        if ((answer.contentType ?? null) !== action.mediaType) findings.push(`sent Content-Type ${answer.contentType}`);
        const spec = checkAnswer(name as ActionName, {
          status: answer.code,
          headers: answer.headers,
          body: answer.body,
        });
        findings.push(...spec.map((v) => `${v.location.join(".")}: ${v.message}`));
        if (documented?.status !== undefined && answer.body?.status !== documented.status)
          findings.push(`status field ${answer.body?.status}, the example ${documented.status}`);
        held.set(name, findings);
      }
    }
    return answers;
  }

  it("walks every request in a working order, each answered as its example says", async () => {
    // A test-mode SMS device (its passcodes come back in test.otp, which the collection keeps in
    // {{otp}}): create, a new pairing code, activate, the other device calls; then authenticate with
    // it: create, select, read, check the passcode the selection sent. Then remember the browser.
    const [token, created, resent] = await steps([
      "token",
      "devices.create",
      "devices.resendPairingCode",
      "devices.activate",
      "devices.get",
      "devices.list",
      "devices.setNickname",
      "devices.setOrder",
      "devices.removeOrder",
      "devices.block",
      "devices.unblock",
      "devices.unlock",
      "deviceAuthentications.create",
      "deviceAuthentications.selectDevice",
      "deviceAuthentications.get",
      "deviceAuthentications.checkOtp",
      "devices.remember",
    ]);
    expect(token!.code).toBe(200);
    expect(vars.accessToken).toMatch(/^mock\./);
    const smsId = created!.body.id as string;
    // The activation used the resent code, read from test.otp: both were sent to the device.
    expect(created!.body.test.otp).not.toBe(resent!.body.test.otp);
    expect(mock.lastOtp({ deviceId: smsId })).not.toBe(created!.body.test.otp);
    expect(vars.deviceAuthenticationId).toMatch(/^[0-9a-f-]{36}$/);
    expect(vars.otp).toBe(mock.lastOtp({ deviceAuthenticationId: vars.deviceAuthenticationId! }));
    expect(vars.cookie).toMatch(/^ST=/);

    // The check's example is the Signals SDK's payload (and session) of a browser PingOne remembered
    // earlier, whose cookie the user's browser holds. A mobile device (paired through PingOne's SDK,
    // not this API) for logs and a push to cancel, and a FIDO2 security key offered with it.
    const check = JSON.parse(requests.get("deviceAuthentications.checkRememberedDevice")!.request.body.raw);
    const cookie = mock.rememberBrowser({
      environmentId,
      userId,
      payload: check.payload.value,
      sessionId: check.deviceSession.id,
    });
    const mobileId = mock.addDevice({ environmentId, userId, type: "MOBILE" });
    const keyId = mock.addDevice({ environmentId, userId, type: "FIDO2", rp: { id: "example.com", name: "Example" } });
    await steps(
      [
        "deviceAuthentications.checkRememberedDevice",
        "devices.sendLogs",
        "deviceAuthentications.create",
        "deviceAuthentications.selectDevice",
        "deviceAuthentications.cancel",
      ],
      { cookie, deviceId: mobileId },
    );
    // Back at device selection: the security key, and its assertion; last, delete the SMS device.
    await steps(["deviceAuthentications.selectDevice", "deviceAuthentications.checkAssertion"], { deviceId: keyId });
    await steps(["devices.delete"], { deviceId: smsId });

    const passed = actionNames.filter((name) => held.get(name)?.length === 0);
    figure(
      `newman: the shipped collection against the simulator, ${passed.length} of ${actionNames.length} requests as their examples`,
    );
    expect(Object.fromEntries(held)).toEqual(Object.fromEntries(actionNames.map((name) => [name, []])));
    expect(mock.violations).toEqual([]);
  });
});
