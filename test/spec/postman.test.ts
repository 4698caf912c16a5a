// The shipped Postman collection (generated/pingone-mfa.postman_collection.json), run with newman
// against the stateful simulator. The stateful mode, not the examples mode: the examples mode answers
// every request with the example nearest its shape, so "answered as its example says" would hold of
// almost any request. The simulator answers only what PingOne would: a device activates with the
// passcode it was sent, an authentication completes with the passcode of the device selected, each
// request only with the token the token request obtained. So the requests run as a user would send
// them, one at a time and in a working order (token, create, activate, …, authenticate, select,
// check OTP…), passing ids, passcode and token on through the collection's own test scripts; the
// test sets only what a user would type in (environment, user, client) or do elsewhere (a mobile
// device paired through PingOne's SDK, the browser remembered earlier). Each request is then held to
// its first saved response, the example its body is taken from: the same status, an answer that
// conforms to the spec, and the same `status` field (the device's or the authentication's state).
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
    options: { collection: Json; folder: string; reporters: string[] },
    done: (error: Error | null, summary: Json) => void,
  ): { on(event: "script", listener: (error: Error | null, args: Json) => void): unknown };
}
const newman = createRequire(import.meta.url)("newman") as Newman;

const folders = collection.item.filter((i: Json) => Array.isArray(i.item)) as Json[];
const requests = new Map<string, Json>(folders.flatMap((f) => f.item.map((i: Json) => [i.name as string, i])));
const actionNames = Object.keys(actions) as ActionName[];

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
    // Shipped as it is (it is JSON, nothing to build) and exported.
    const file = "generated/pingone-mfa.postman_collection.json";
    expect(manifest.files).toContain(file);
    expect((manifest.exports as Record<string, unknown>)["./postman.json"]).toBe(`./${file}`);
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

  /** Runs the shipped request `name` alone with the current variables; returns what newman saw. */
  async function send(name: string, set: Record<string, string> = {}) {
    Object.assign(vars, set);
    const run = structuredClone(collection) as Json;
    for (const v of run.variable) if (v.key in vars) v.value = vars[v.key];
    let scope: Json | undefined;
    const summary = await new Promise<Json>((resolve, reject) => {
      newman
        .run({ collection: run, folder: name, reporters: [] }, (error, result) =>
          error ? reject(error) : resolve(result),
        )
        .on("script", (_, args) => {
          if (args.execution?.collectionVariables) scope = args.execution.collectionVariables;
        });
    });
    for (const v of scope?.values.all() ?? []) vars[v.key] = v.value;
    const [execution] = summary.run.executions as Json[];
    expect(summary.run.executions).toHaveLength(1);
    const text = execution!.response.stream.toString("utf8");
    const headers = Object.fromEntries(execution!.response.headers.all().map((h: Json) => [h.key, h.value]));
    return {
      code: execution!.response.code as number,
      body: text ? JSON.parse(text) : undefined,
      headers,
      contentType: execution!.request.headers.get("Content-Type") as string | undefined,
      failures: summary.run.failures.map((f: Json) => `${f.source?.name}: ${f.error.message}`) as string[],
    };
  }

  /** Sends `name` and holds its answer to its first saved response (the first time it is sent). */
  async function step(name: string, set: Record<string, string> = {}) {
    const answer = await send(name, set);
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
      const spec = checkAnswer(name as ActionName, { status: answer.code, headers: answer.headers, body: answer.body });
      findings.push(...spec.map((v) => `${v.location.join(".")}: ${v.message}`));
      if (documented?.status !== undefined && answer.body?.status !== documented.status)
        findings.push(`status field ${answer.body?.status}, the example ${documented.status}`);
      held.set(name, findings);
    }
    return answer;
  }

  it("walks every request in a working order, each answered as its example says", async () => {
    expect((await step("token")).code).toBe(200);
    expect(vars.accessToken).toMatch(/^mock\./);

    // A test-mode SMS device: its passcodes come back in test.otp, which the collection keeps in {{otp}}.
    await step("devices.create");
    const smsId = vars.deviceId!;
    expect(smsId).toMatch(/^[0-9a-f-]{36}$/);
    expect(vars.otp).toBe(mock.lastOtp({ deviceId: smsId }));
    await step("devices.resendPairingCode");
    expect(vars.otp).toBe(mock.lastOtp({ deviceId: smsId }));
    await step("devices.activate");
    await step("devices.get");
    await step("devices.list");
    await step("devices.setNickname");
    await step("devices.setOrder");
    await step("devices.removeOrder");
    await step("devices.block");
    await step("devices.unblock");
    await step("devices.unlock");

    // Authenticate with it: create, select, read, check the passcode the selection sent.
    await step("deviceAuthentications.create");
    expect(vars.deviceAuthenticationId).toMatch(/^[0-9a-f-]{36}$/);
    await step("deviceAuthentications.selectDevice");
    expect(vars.otp).toBe(mock.lastOtp({ deviceAuthenticationId: vars.deviceAuthenticationId! }));
    await step("deviceAuthentications.get");
    await step("deviceAuthentications.checkOtp");

    // Remember the browser; the check's example is the Signals SDK's payload (and session) of a
    // browser PingOne remembered earlier, whose cookie the user's browser holds.
    await step("devices.remember");
    expect(vars.cookie).toMatch(/^ST=/);
    const check = JSON.parse(requests.get("deviceAuthentications.checkRememberedDevice")!.request.body.raw);
    const cookie = mock.rememberBrowser({
      environmentId,
      userId,
      payload: check.payload.value,
      sessionId: check.deviceSession.id,
    });
    await step("deviceAuthentications.checkRememberedDevice", { cookie });

    // A mobile device (paired through PingOne's SDK, not this API) for logs and a push to cancel.
    const mobileId = mock.addDevice({ environmentId, userId, type: "MOBILE" });
    await step("devices.sendLogs", { deviceId: mobileId });
    // And a FIDO2 security key, offered with it when the next authentication starts.
    const keyId = mock.addDevice({ environmentId, userId, type: "FIDO2", rp: { id: "example.com", name: "Example" } });
    await step("deviceAuthentications.create");
    await step("deviceAuthentications.selectDevice");
    await step("deviceAuthentications.cancel");
    // Back at device selection: the security key, and its assertion.
    await step("deviceAuthentications.selectDevice", { deviceId: keyId });
    await step("deviceAuthentications.checkAssertion");

    await step("devices.delete", { deviceId: smsId });

    const passed = actionNames.filter((name) => held.get(name)?.length === 0);
    figure(
      `newman: the shipped collection against the simulator, ${passed.length} of ${actionNames.length} requests as their examples`,
    );
    expect(Object.fromEntries(held)).toEqual(Object.fromEntries(actionNames.map((name) => [name, []])));
    expect(mock.violations).toEqual([]);
  });
});
