// The simulator's core without HTTP: its memory bounds, the checks of its control calls, its
// handler table and PingOne's error catalogue. Requests go straight to `handle`, as the HTTP layer
// passes them after routing and validation.
import { readFileSync } from "node:fs";
import { afterEach, describe, expect, it, vi } from "vitest";
import type { ActionTypes } from "../../generated/actions.ts";
import {
  createSimulator,
  DEFAULT_SETTINGS,
  KEPT,
  type ActionName,
  type NextCalls,
  PINGONE_ERRORS,
  type SimulatedRequest,
} from "../../src/testing/simulation/index.ts";

const spec = JSON.parse(readFileSync(new URL("../../generated/openapi.json", import.meta.url), "utf8"));
/** The calls each status allows, from the spec's x-pingone-next (as the HTTP layer reads them). */
const nextCalls: NextCalls = new Map(
  Object.values(spec.components.schemas as Record<string, any>).flatMap((schema) => {
    const status = schema.allOf?.find((part: any) => part.properties?.status?.const)?.properties.status.const;
    return status && Array.isArray(schema["x-pingone-next"]) ? [[status, schema["x-pingone-next"]]] : [];
  }),
);

const env = "4c3b2a19-0f8e-4d7c-9b6a-5f4e3d2c1b0a";
const origin = "http://127.0.0.1:4010";
const uid = (n: number) => `00000000-0000-4000-8000-${String(n).padStart(12, "0")}`;
const request = (
  action: string,
  params: Record<string, string>,
  body?: unknown,
  extra: Partial<SimulatedRequest> = {},
): SimulatedRequest => ({
  action,
  params: { environmentId: env, ...params },
  query: {},
  body,
  headers: {},
  origin,
  ...extra,
});
const sms = { type: "SMS", phone: "+15125201234" };

afterEach(() => {
  vi.useRealTimers();
});

describe("[bounded] the store", () => {
  it("[bounded] reads of ids it does not hold store nothing", () => {
    const sim = createSimulator(nextCalls);
    const user = { userId: uid(1) };
    const answers = [
      sim.handle(request("devices.list", user)),
      sim.handle(request("devices.list", user, undefined, { query: { expand: "order" } })),
      sim.handle(request("devices.get", { ...user, deviceId: uid(2) })),
      sim.handle(request("devices.removeOrder", user)),
      sim.handle(request("devices.setOrder", user, { order: [{ id: uid(3) }] })),
      sim.handle(request("devices.delete", { ...user, deviceId: uid(2) })),
      sim.handle(request("deviceAuthentications.create", {}, { user: { id: uid(1) } })),
      sim.handle(request("deviceAuthentications.get", { deviceAuthenticationId: uid(4) })),
      sim.handle(
        request(
          "deviceAuthentications.checkRememberedDevice",
          {},
          { user: { id: uid(1) }, policy: { id: uid(5) }, payload: { type: "BROWSER", value: "p" } },
          { headers: { cookie: "ST=unknown" } },
        ),
      ),
    ];
    expect(answers.map((a) => a.status)).toEqual([200, 200, 404, 204, 400, 404, 400, 404, 200]);
    expect(answers[6]!.body).toMatchObject({ details: [{ code: "NO_USABLE_DEVICES" }] });
    expect(answers[8]!.body).toMatchObject({ status: "FAILED" });
    // The FAILED check is an authentication PingOne answers with an id; no user or environment is kept.
    expect(sim.sizes()).toMatchObject({ environments: 0, users: 0 });
  });

  it(`[bounded] keeps the ${KEPT} most recently used users, forgetting the least recently used first`, () => {
    const sim = createSimulator(nextCalls);
    const first = sim.handle(request("devices.create", { userId: uid(0) }, sms));
    const firstId = (first.body as { id: string }).id;
    for (let i = 1; i <= KEPT + 10; i++) {
      sim.handle(request("devices.create", { userId: uid(i) }, sms));
      // User 0 is read now and then, so it stays among the recently used.
      if (i % 100 === 0)
        expect(sim.handle(request("devices.get", { userId: uid(0), deviceId: firstId })).status).toBe(200);
    }
    expect(sim.sizes().users).toBe(KEPT);
    expect(sim.handle(request("devices.get", { userId: uid(0), deviceId: firstId })).status).toBe(200);
    // User 1 was never read again: forgotten.
    const list = sim.handle(request("devices.list", { userId: uid(1) }));
    expect((list.body as { size: number }).size).toBe(0);
  });

  it("[bounded] forgets the least recently used environment first", () => {
    const sim = createSimulator(nextCalls);
    const environment = (i: number) => uid(20_000 + i);
    const kept = sim.handle(request("devices.create", { environmentId: environment(0), userId: uid(1) }, sms));
    const deviceId = (kept.body as { id: string }).id;
    for (let i = 1; i <= KEPT + 10; i++) {
      // Two requests in a row in one environment, then environment 0 read now and then.
      sim.handle(request("devices.create", { environmentId: environment(i), userId: uid(1) }, sms));
      sim.handle(request("devices.list", { environmentId: environment(i), userId: uid(1) }));
      if (i % 100 === 0) {
        const read = sim.handle(request("devices.get", { environmentId: environment(0), userId: uid(1), deviceId }));
        expect(read.status).toBe(200);
      }
    }
    expect(sim.sizes().environments).toBe(KEPT);
    const again = sim.handle(request("devices.get", { environmentId: environment(0), userId: uid(1), deviceId }));
    expect(again.status).toBe(200);
    // Environment 1 was never used again: forgotten.
    const list = sim.handle(request("devices.list", { environmentId: environment(1), userId: uid(1) }));
    expect((list.body as { size: number }).size).toBe(0);
  });

  it(`[bounded] keeps at most ${KEPT} environments, authentications and passcodes`, () => {
    const sim = createSimulator(nextCalls);
    for (let i = 0; i < KEPT + 5; i++) {
      const environmentId = uid(10_000 + i);
      sim.handle(request("devices.create", { environmentId, userId: uid(1) }, sms));
      sim.handle(request("deviceAuthentications.create", { environmentId }, { user: { id: uid(1) } }));
    }
    expect(sim.sizes()).toEqual({ environments: KEPT, users: KEPT, authentications: KEPT, passcodes: KEPT });
  });

  it("[bounded] a user keeps at most 100 devices whatever their status", () => {
    const sim = createSimulator(nextCalls, { limits: { quotas: { smsVoice: { total: 1000 } } } });
    const pending = { ...sms, status: "ACTIVATION_REQUIRED" };
    for (let i = 0; i < 100; i++) sim.handle(request("devices.create", { userId: uid(1) }, pending));
    const refused = sim.handle(request("devices.create", { userId: uid(1) }, pending));
    expect(refused).toMatchObject({ status: 400, body: { details: [{ code: "LIMIT_EXCEEDED" }] } });
    expect(() => sim.addDevice({ environmentId: env, userId: uid(1), type: "MOBILE" })).toThrow(RangeError);
  });
});

describe("[control-checks] the control calls", () => {
  const refusals: Array<[string, unknown, RegExp, ErrorConstructor]> = [
    ["NaN", { pairing: { maxAllowedDevices: Number.NaN } }, /pairing\.maxAllowedDevices/, RangeError],
    ["Infinity", { quotas: { email: { total: Number.POSITIVE_INFINITY } } }, /quotas\.email\.total/, RangeError],
    ["negative", { lockout: { durationSeconds: -1 } }, /lockout\.durationSeconds/, RangeError],
    ["not whole", { otp: { failure: { count: 2.5 } } }, /otp\.failure\.count/, RangeError],
    ["past PingOne's cap", { pairing: { maxAllowedDevices: 16 } }, /up to 15/, RangeError],
    ["past PingOne's range", { otp: { failure: { count: 8 } } }, /1 to 7/, RangeError],
    [
      "past 100 years",
      { otp: { lifeTime: { duration: 1e9, timeUnit: "HOURS" } } },
      /otp\.lifeTime\.duration/,
      RangeError,
    ],
    [
      "a fraction of a unit",
      { pushLimit: { lockDuration: { duration: 0.5, timeUnit: "MINUTES" } } },
      /lockDuration/,
      RangeError,
    ],
    ["an unknown unit", { otp: { failure: { coolDown: { duration: 2, timeUnit: "DAYS" } } } }, /timeUnit/, TypeError],
    ["a string", { accessTokenValiditySeconds: "3600" }, /accessTokenValiditySeconds must be a number/, TypeError],
    ["an unknown setting", { otp: { failure: { cnt: 3 } } }, /otp\.failure\.cnt is not a setting/, TypeError],
    ["an inherited name", { toString: 3 }, /toString is not a setting/, TypeError],
    ["an inherited unit", { otp: { lifeTime: { duration: 2, timeUnit: "constructor" } } }, /timeUnit/, TypeError],
    ["an unknown mode", { authentication: { deviceSelection: "FIRST" } }, /deviceSelection/, TypeError],
    ["a deprecated name out of range", { tokenLifetimeSeconds: 0 }, /tokenLifetimeSeconds/, RangeError],
    ["a number for a group", { otp: 5 }, /otp must be an object/, TypeError],
  ];
  it.each(refusals)(
    "[control-checks] setLimits refuses %s, naming the setting, and changes nothing",
    (_, limits, names, type) => {
      const sim = createSimulator(nextCalls);
      // A valid change in the same call is not applied either.
      const call = () => sim.setLimits({ authenticationLifetimeSeconds: 5, ...(limits as object) } as never);
      expect(call).toThrow(type);
      expect(call).toThrow(names);
      expect(sim.settings()).toEqual(DEFAULT_SETTINGS);
    },
  );

  it("[control-checks] setLimits takes PingOne's names and the deprecated flat ones", () => {
    const sim = createSimulator(nextCalls);
    sim.setLimits({
      otp: { failure: { count: 5, coolDown: { duration: 30, timeUnit: "SECONDS" } } },
      authentication: { deviceSelection: "ALWAYS_DISPLAY_DEVICES" },
      maxDevices: 15,
      otpLifetimeSeconds: 90,
      smsPerDay: 1e9,
    });
    expect(sim.settings()).toMatchObject({
      pairing: { maxAllowedDevices: 15 },
      otp: {
        failure: { count: 5, coolDown: { duration: 30, timeUnit: "SECONDS" } },
        lifeTime: { duration: 90, timeUnit: "SECONDS" },
      },
      authentication: { deviceSelection: "ALWAYS_DISPLAY_DEVICES" },
      quotas: { smsVoice: { total: 1e9 } },
    });
    sim.reset();
    expect(sim.settings()).toEqual(DEFAULT_SETTINGS);
    expect(() => sim.setLimits(5 as never)).toThrow(/setLimits: the limits must be an object/);
    expect(() => createSimulator(nextCalls, { limits: { pairing: { maxAllowedDevices: 0 } } })).toThrow(
      /createSimulator: limits: pairing\.maxAllowedDevices/,
    );
  });

  it.each([
    ["NaN", Number.NaN, RangeError],
    ["negative", -1, RangeError],
    ["Infinity", Number.POSITIVE_INFINITY, RangeError],
    ["past the dates JavaScript holds", 8.64e15, RangeError],
    ["a string", "60000", TypeError],
  ])("[control-checks] advanceTime refuses %s and the clock stays", (_, ms, type) => {
    const sim = createSimulator(nextCalls);
    sim.setLimits({ authenticationLifetimeSeconds: 60 });
    sim.handle(request("devices.create", { userId: uid(1) }, sms));
    const auth = sim.handle(request("deviceAuthentications.create", {}, { user: { id: uid(1) } }));
    const get = () =>
      sim.handle(request("deviceAuthentications.get", { deviceAuthenticationId: (auth.body as { id: string }).id }));
    expect(() => sim.advanceTime(ms as number)).toThrow(type);
    expect(get().status).toBe(200);
    sim.advanceTime(61_000);
    expect(get().status).toBe(404);
  });

  it("[control-checks] answerPush, addDevice, userToken, rememberBrowser refuse what they cannot hold", () => {
    const sim = createSimulator(nextCalls);
    expect(() => sim.answerPush(uid(9), "APPROVE")).toThrow(/no deviceAuthentication/);
    expect(() => sim.answerPush(uid(9), "MAYBE" as never)).toThrow(TypeError);
    expect(() => sim.addDevice({ environmentId: env, userId: "", type: "MOBILE" })).toThrow(/addDevice: userId/);
    expect(() =>
      sim.addDevice({ environmentId: env, userId: uid(1), type: "MOBILE", status: "LOST" as never }),
    ).toThrow(TypeError);
    expect(() => sim.userToken(env, "")).toThrow(/userToken: userId/);
    expect(() => sim.rememberBrowser({ environmentId: env, userId: uid(1), payload: 5 as never })).toThrow(TypeError);
    expect(sim.sizes()).toMatchObject({ users: 0 });
  });

  it("[control-checks] the simulator starts no timers", () => {
    vi.useFakeTimers();
    const sim = createSimulator(nextCalls);
    sim.setLimits({ otp: { failure: { count: 1 } } });
    sim.addDevice({ environmentId: env, userId: uid(1), type: "MOBILE" });
    sim.handle(request("devices.create", { userId: uid(1) }, { ...sms, status: "ACTIVATION_REQUIRED" }));
    const push = sim.handle(request("deviceAuthentications.create", {}, { user: { id: uid(1) } }));
    sim.answerPush((push.body as { id: string }).id, "DENY");
    sim.handle(request("deviceAuthentications.get", { deviceAuthenticationId: (push.body as { id: string }).id }));
    sim.token(new URLSearchParams("grant_type=client_credentials&client_id=a&client_secret=b"), undefined);
    sim.userToken(env, uid(1));
    sim.advanceTime(1000);
    expect(vi.getTimerCount()).toBe(0);
  });
});

/** A valid body for every action: a mapped type over the actions, so a new action must be added here too. */
const bodies: { [A in ActionName]: ActionTypes[A]["body"] | undefined } = {
  "devices.list": undefined,
  "devices.create": { type: "SMS", phone: "+15125201234" },
  "devices.remember": { type: "BROWSER", policy: { id: uid(5) }, payload: "signals" },
  "devices.setOrder": { order: [] },
  "devices.removeOrder": undefined,
  "devices.get": undefined,
  "devices.activate": { otp: "123456" },
  "devices.block": undefined,
  "devices.unblock": undefined,
  "devices.unlock": undefined,
  "devices.resendPairingCode": undefined,
  "devices.delete": undefined,
  "devices.setNickname": { nickname: "Work" },
  "devices.sendLogs": { status: "PENDING" },
  "deviceAuthentications.create": { user: { id: uid(1) } },
  "deviceAuthentications.checkRememberedDevice": {
    user: { id: uid(1) },
    policy: { id: uid(5) },
    payload: { type: "BROWSER", value: "signals" },
  },
  "deviceAuthentications.get": undefined,
  "deviceAuthentications.selectDevice": { device: { id: uid(2) } },
  "deviceAuthentications.checkOtp": { otp: "123456" },
  "deviceAuthentications.checkAssertion": { origin: "https://example.com", assertion: "{}" },
  "deviceAuthentications.cancel": { reason: "CHANGE_DEVICE" },
};

describe("the handler table", () => {
  it("[not-found] answers every action of the spec (a missing handler would not compile), and an unknown one with the mock's 501", () => {
    const sim = createSimulator(nextCalls);
    for (const [action, body] of Object.entries(bodies)) {
      const answer = sim.handle(
        request(action, { userId: uid(1), deviceId: uid(2), deviceAuthenticationId: uid(3) }, body),
      );
      expect(answer.status, action).not.toBe(501);
      expect(answer.status, action).toBeLessThan(500);
    }
    const unknown = sim.handle(request("devices.fly", { userId: uid(1) }));
    expect(unknown).toMatchObject({ status: 501, body: { code: "MOCK_NOT_SIMULATED" } });
  });

  it("answers PingOne's errors from one catalogue", () => {
    const sim = createSimulator(nextCalls);
    const created = sim.handle(
      request("devices.create", { userId: uid(1) }, { ...sms, status: "ACTIVATION_REQUIRED" }),
    );
    const id = (created.body as { id: string }).id;
    const wrong = sim.handle(request("devices.activate", { userId: uid(1), deviceId: id }, { otp: "x" }));
    expect(wrong).toMatchObject({
      status: PINGONE_ERRORS.INVALID_DATA.status,
      body: { code: "INVALID_DATA", message: PINGONE_ERRORS.INVALID_DATA.message, id: expect.any(String) },
    });
    const missing = sim.handle(request("devices.get", { userId: uid(1), deviceId: uid(9) }));
    expect(missing).toMatchObject({ status: 404, body: { message: PINGONE_ERRORS.NOT_FOUND.message } });
    const noDevice = sim.handle(request("deviceAuthentications.create", {}, { user: { id: uid(7) } }));
    expect(noDevice.body).toMatchObject({ code: "REQUEST_FAILED", message: PINGONE_ERRORS.REQUEST_FAILED.message });
  });
});
