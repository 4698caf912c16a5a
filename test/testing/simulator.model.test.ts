// Model-based test of the simulator: fast-check command sequences (create, activate with the right
// or a wrong passcode, block, unblock, unlock, delete, reorder, authenticate, select, check the
// passcode) run through the typed client against the simulator and, side by side, against a small
// reference model of PingOne's rules, under each device selection mode. Every answer must be what
// the model predicts, and every answer must pass the spec's response schemas. The rules and their
// sources are the simulator's behaviour table (src/testing/simulation/behaviours.ts).
import fc from "fast-check";
import { afterAll, beforeAll, expect, it } from "vitest";
import { createMfaClient, type MfaClient, PingOneApiError } from "../../src/index.ts";
import { type MockServer, startMockServer } from "../../src/testing/index.ts";
import { figure } from "../support/figures.ts";

const env = "5e4d3c2b-1a09-4f8e-9d7c-6b5a49382716";
const policy = { id: "5a0a0950-8a81-4739-b12a-f4d6a11c7a82" };
const MAX_DEVICES = 5;
const ATTEMPTS = 3;
const RUNS = 200;

interface ModelDevice {
  status: "ACTIVE" | "ACTIVATION_REQUIRED";
  blocked: boolean;
  failures: number;
  locked: boolean;
}
type Selection = "DEFAULT_TO_FIRST" | "PROMPT_TO_SELECT" | "ALWAYS_DISPLAY_DEVICES";
interface Model {
  selection: Selection;
  devices: Map<string, ModelDevice>;
  order: string[];
  /** Wrong passcodes since the last right one or the last cool-down (policy `otp.failure.count`). */
  otpFailures: number;
  /** Blocked after too many wrong passcodes; the run sets a cool-down far longer than a sequence. */
  coolingDown: boolean;
  auth?: { id: string; status: string; candidates: string[]; selected?: string | undefined } | undefined;
}
interface Real {
  mfa: MfaClient;
  mock: MockServer;
  user: string;
}

let mock: MockServer;
let commandsRun = 0;
let mismatches = 0;

/** What a call ended with, in the terms the model predicts: a status, or an error's status and detail code. */
async function outcome(call: Promise<{ status?: string } | void>): Promise<string> {
  try {
    const value = await call;
    return `ok ${value && "status" in value ? value.status : ""}`.trim();
  } catch (error) {
    if (!(error instanceof PingOneApiError)) throw error;
    const detail = error.details[0];
    const remaining = (detail?.innerError as { attemptsRemaining?: number } | undefined)?.attemptsRemaining;
    return `${error.status} ${detail?.code ?? error.code}${remaining === undefined ? "" : ` ${remaining}`}`;
  }
}
function check(actual: string, expected: string, what: string) {
  commandsRun++;
  if (actual !== expected) mismatches++;
  expect(actual, what).toBe(expected);
}
const usable = (d: ModelDevice | undefined) => d !== undefined && d.status === "ACTIVE" && !d.blocked && !d.locked;
/** Devices under the cap: ACTIVE and blocked ones (Terraform provider's `pingone_mfa_settings`). */
const capped = (model: Model) => [...model.devices.values()].filter((d) => d.status === "ACTIVE" || d.blocked).length;
const pick = (model: Model, index: number) => [...model.devices.keys()][index % model.devices.size];
const wrong = (code: string) => code.slice(0, -1) + String((Number(code.at(-1)) + 1) % 10);

class CreateDevice implements fc.AsyncCommand<Model, Real> {
  constructor(
    readonly type: "SMS" | "EMAIL",
    readonly pending: boolean,
  ) {}
  check = () => true;
  async run(model: Model, real: Real) {
    const body =
      this.type === "SMS"
        ? { type: "SMS" as const, phone: "+15125201234", policy }
        : { type: "EMAIL" as const, email: "user@example.com", policy };
    let id = "";
    const got = await outcome(
      real.mfa.devices
        .create(real.user, { ...body, ...(this.pending ? { status: "ACTIVATION_REQUIRED" as const } : {}) })
        .then((d) => ((id = d.id), d)),
    );
    if (capped(model) >= MAX_DEVICES) return check(got, "400 LIMIT_EXCEEDED", this.toString());
    check(got, `ok ${this.pending ? "ACTIVATION_REQUIRED" : "ACTIVE"}`, this.toString());
    model.devices.set(id, {
      status: this.pending ? "ACTIVATION_REQUIRED" : "ACTIVE",
      blocked: false,
      failures: 0,
      locked: false,
    });
    if (!this.pending) model.order.push(id);
  }
  toString = () => `create ${this.type}${this.pending ? " pending" : ""}`;
}

class Activate implements fc.AsyncCommand<Model, Real> {
  constructor(
    readonly index: number,
    readonly right: boolean,
  ) {}
  check = (model: Readonly<Model>) => model.devices.size > 0;
  async run(model: Model, real: Real) {
    const id = pick(model, this.index)!;
    const device = model.devices.get(id)!;
    const code = real.mock.lastOtp({ deviceId: id }) ?? "000000";
    const got = await outcome(real.mfa.devices.activate(real.user, id, { otp: this.right ? code : wrong(code) }));
    if (device.status === "ACTIVE") return check(got, "400 INVALID_VALUE", this.toString());
    if (device.locked) return check(got, "400 LIMIT_EXCEEDED", this.toString());
    if (this.right) {
      // The cap holds at activation too (default chosen: it counts ACTIVE devices).
      if (capped(model) >= MAX_DEVICES) return check(got, "400 LIMIT_EXCEEDED", this.toString());
      Object.assign(device, { status: "ACTIVE", failures: 0 });
      model.order.push(id);
      return check(got, "ok ACTIVE", this.toString());
    }
    device.failures++;
    if (device.failures >= ATTEMPTS) {
      device.locked = true;
      return check(got, "400 LIMIT_EXCEEDED", this.toString());
    }
    check(got, `400 INVALID_OTP ${ATTEMPTS - device.failures}`, this.toString());
  }
  toString = () => `activate #${this.index} ${this.right ? "right" : "wrong"}`;
}

class DeviceAction implements fc.AsyncCommand<Model, Real> {
  constructor(
    readonly action: "block" | "unblock" | "unlock" | "delete",
    readonly index: number,
  ) {}
  check = (model: Readonly<Model>) => model.devices.size > 0;
  async run(model: Model, real: Real) {
    const id = pick(model, this.index)!;
    const device = model.devices.get(id)!;
    const got = await outcome(real.mfa.devices[this.action](real.user, id));
    if (this.action === "delete") {
      model.devices.delete(id);
      model.order = model.order.filter((o) => o !== id);
    } else if (this.action === "unlock") Object.assign(device, { locked: false, failures: 0 });
    else device.blocked = this.action === "block";
    check(got, `ok ${this.action === "delete" ? "" : device.status}`.trim(), this.toString());
  }
  toString = () => `${this.action} #${this.index}`;
}

class Reorder implements fc.AsyncCommand<Model, Real> {
  constructor(readonly indexes: number[]) {}
  check = (model: Readonly<Model>) => model.devices.size > 0;
  async run(model: Model, real: Real) {
    const ids = [...new Set(this.indexes.map((i) => pick(model, i)!))];
    const got = await outcome(real.mfa.devices.setOrder(real.user, ids).then(() => undefined));
    if (ids.some((id) => model.devices.get(id)!.status !== "ACTIVE"))
      return check(got, "400 INVALID_VALUE", this.toString());
    const rest = [...model.devices].filter(([id, d]) => d.status === "ACTIVE" && !ids.includes(id)).map(([id]) => id);
    model.order = [...ids, ...rest];
    check(got, "ok", this.toString());
  }
  toString = () => `reorder ${this.indexes.join(",")}`;
}

class Authenticate implements fc.AsyncCommand<Model, Real> {
  check = () => true;
  async run(model: Model, real: Real) {
    let id = "";
    const got = await outcome(
      real.mfa.deviceAuthentications.create({ user: { id: real.user }, policy }).then((a) => ((id = a.id), a)),
    );
    const candidates = model.order.filter((d) => usable(model.devices.get(d)));
    if (candidates.length === 0) {
      model.auth = undefined;
      return check(got, "400 NO_USABLE_DEVICES", this.toString());
    }
    // Device authentication policy `authentication.deviceSelection` (Terraform provider docs; a public
    // program for PROMPT_TO_SELECT with one device and ALWAYS_DISPLAY_DEVICES).
    const atOnce =
      model.selection !== "ALWAYS_DISPLAY_DEVICES" &&
      (candidates.length === 1 || model.selection === "DEFAULT_TO_FIRST");
    const status = atOnce ? "OTP_REQUIRED" : "DEVICE_SELECTION_REQUIRED";
    model.auth = {
      id,
      status,
      candidates,
      selected: status === "OTP_REQUIRED" ? candidates[0] : undefined,
    };
    check(got, `ok ${status}`, this.toString());
  }
  toString = () => "authenticate";
}

class Select implements fc.AsyncCommand<Model, Real> {
  constructor(readonly index: number) {}
  check = (model: Readonly<Model>) => model.auth !== undefined && model.devices.size > 0;
  async run(model: Model, real: Real) {
    const auth = model.auth!;
    const id = pick(model, this.index)!;
    const got = await outcome(real.mfa.deviceAuthentications.selectDevice(auth.id, { device: { id } }));
    if (!["DEVICE_SELECTION_REQUIRED", "OTP_REQUIRED"].includes(auth.status))
      return check(got, "400 INVALID_VALUE", this.toString());
    if (!auth.candidates.includes(id) || !usable(model.devices.get(id)))
      return check(got, "400 INVALID_VALUE", this.toString());
    auth.status = "OTP_REQUIRED";
    auth.selected = id;
    check(got, "ok OTP_REQUIRED", this.toString());
  }
  toString = () => `select #${this.index}`;
}

class CheckOtp implements fc.AsyncCommand<Model, Real> {
  constructor(readonly right: boolean) {}
  check = (model: Readonly<Model>) => model.auth !== undefined;
  async run(model: Model, real: Real) {
    const auth = model.auth!;
    const code = real.mock.lastOtp({ deviceAuthenticationId: auth.id }) ?? "000000";
    const got = await outcome(real.mfa.deviceAuthentications.checkOtp(auth.id, this.right ? code : wrong(code)));
    // While the user is blocked every passcode check is refused (policy `otp.failure.coolDown`;
    // 400 QUOTA_EXCEEDED: public programs).
    if (model.coolingDown) return check(got, "400 QUOTA_EXCEEDED", this.toString());
    if (auth.status !== "OTP_REQUIRED") return check(got, "400 INVALID_VALUE", this.toString());
    // A device deleted, blocked or locked since it was selected cannot complete the authentication.
    if (!usable(model.devices.get(auth.selected!))) return check(got, "400 INVALID_VALUE", this.toString());
    if (this.right) {
      auth.status = "COMPLETED";
      model.otpFailures = 0;
      return check(got, "ok COMPLETED", this.toString());
    }
    // Wrong passcodes count for the user, across authentications ("the maximum number of times that
    // the OTP entry can fail for a user, before they are blocked": Terraform provider docs); the last
    // one fails the authentication and blocks the user.
    model.otpFailures++;
    const left = Math.max(0, ATTEMPTS - model.otpFailures);
    if (left === 0) Object.assign(auth, { status: "FAILED" });
    if (left === 0) Object.assign(model, { coolingDown: true, otpFailures: 0 });
    check(got, `400 INVALID_OTP ${left}`, this.toString());
  }
  toString = () => `checkOtp ${this.right ? "right" : "wrong"}`;
}

const commands = [
  fc
    .tuple(fc.constantFrom("SMS" as const, "EMAIL" as const), fc.boolean())
    .map(([type, pending]) => new CreateDevice(type, pending)),
  fc.tuple(fc.nat(9), fc.boolean()).map(([i, right]) => new Activate(i, right)),
  fc
    .tuple(fc.constantFrom("block" as const, "unblock" as const, "unlock" as const, "delete" as const), fc.nat(9))
    .map(([a, i]) => new DeviceAction(a, i)),
  fc.array(fc.nat(9), { minLength: 1, maxLength: 3 }).map((i) => new Reorder(i)),
  fc.constant(new Authenticate()),
  fc.nat(9).map((i) => new Select(i)),
  fc.boolean().map((right) => new CheckOtp(right)),
];

beforeAll(async () => {
  mock = await startMockServer();
});
afterAll(() => mock.close());

it(`the simulator agrees with the reference model over ${RUNS} command sequences`, async () => {
  let sequences = 0;
  let user = 0;
  await fc.assert(
    fc.asyncProperty(
      fc.constantFrom<Selection>("DEFAULT_TO_FIRST", "PROMPT_TO_SELECT", "ALWAYS_DISPLAY_DEVICES"),
      fc.commands(commands, { maxCommands: 30, size: "max" }),
      async (selection, sequence) => {
        sequences++;
        mock.reset();
        mock.setLimits({
          authentication: { deviceSelection: selection },
          // A cool-down no sequence outlives, however slow the machine.
          otp: { failure: { coolDown: { duration: 1, timeUnit: "HOURS" } } },
        });
        const real: Real = {
          mock,
          user: `9a8b7c6d-${String(++user).padStart(4, "0")}-4e5f-8a9b-0c1d2e3f4a5b`,
          mfa: createMfaClient({
            environmentId: env,
            accessToken: "model",
            apiBaseUrl: mock.apiBaseUrl,
            authBaseUrl: mock.authBaseUrl,
            retry: false,
          }),
        };
        const model: Model = { selection, devices: new Map(), order: [], otpFailures: 0, coolingDown: false };
        await fc.asyncModelRun(() => ({ model, real }), sequence);
        // The device list, in the model's order (default first, then the others as created).
        const listed = (await real.mfa.devices.list(real.user))._embedded.devices.map((d) => d.id);
        const expected = [...model.order, ...[...model.devices.keys()].filter((id) => !model.order.includes(id))];
        check(listed.join(), expected.join(), "list");
        expect(mock.violations).toEqual([]);
      },
    ),
    { numRuns: RUNS },
  );
  figure(
    `simulator model-based: ${sequences} sequences, ${commandsRun} calls compared, ${mismatches} mismatches, ${mock.violations.length} response-schema findings`,
  );
  expect(sequences).toBeGreaterThanOrEqual(RUNS);
}, 240_000);
