// The live walk: a test-mode SMS device (PingOne returns its OTPs in test.otp instead of texting
// them) is created, activated, used for a device authentication whose OTP is checked, and deleted.
// It runs through the validating proxy, so every answer is checked against the spec; each step is a
// check of its own. What it created is deleted even when a step fails.
import type { MfaClient } from "../index.js";
import type { CheckResult } from "./examples.js";

export interface WalkOptions {
  userId: string;
  policyId?: string | undefined;
  /** Findings the proxy reported since the last call (its `sl-violations`), emptied by each read. */
  takeFindings: () => string[];
}

/** The test device's phone: a 555-01xx number, fictional by the North American numbering plan. */
export const WALK_PHONE = "+1 (413) 555-0150";

/** Runs the walk and returns one result per step; never throws for a step that fails. */
export async function liveWalk(mfa: MfaClient, options: WalkOptions): Promise<CheckResult[]> {
  const { userId, policyId, takeFindings } = options;
  const policy = policyId ? { policy: { id: policyId } } : {};
  const results: CheckResult[] = [];
  // Runs one step; a failure ends the walk (but not the clean-up).
  async function step<T>(
    name: string,
    run: () => Promise<T>,
    check: (value: T) => string | undefined = () => undefined,
  ): Promise<T> {
    const started = performance.now();
    const problems: string[] = [];
    try {
      const value = await run();
      const wrong = check(value);
      if (wrong) problems.push(wrong);
      return value;
    } catch (error) {
      problems.push(describe(error));
      throw new StepFailed();
    } finally {
      problems.push(...takeFindings().map((finding) => `the answer breaks the spec: ${finding}`));
      results.push({
        group: "live walk",
        name,
        passed: problems.length === 0,
        problems,
        ms: performance.now() - started,
      });
    }
  }

  let deviceId: string | undefined;
  try {
    const device = await step(
      "create a test-mode SMS device",
      () =>
        mfa.devices.create(userId, {
          type: "SMS",
          phone: WALK_PHONE,
          testMode: true,
          status: "ACTIVATION_REQUIRED",
          nickname: "pingone-mfa contract check",
          ...policy,
        }),
      (d) =>
        d.status !== "ACTIVATION_REQUIRED"
          ? `status ${d.status}, expected ACTIVATION_REQUIRED`
          : !d.test?.otp
            ? "no test.otp in the answer"
            : undefined,
    );
    deviceId = device.id;
    await step(
      "activate it with test.otp",
      () => mfa.devices.activate(userId, device.id, { otp: device.test!.otp! }),
      (d) => (d.status === "ACTIVE" ? undefined : `status ${d.status}, expected ACTIVE`),
    );
    let auth = await step("start a device authentication", () =>
      mfa.deviceAuthentications.create({ user: { id: userId }, ...policy }),
    );
    if (
      auth.status === "DEVICE_SELECTION_REQUIRED" ||
      (auth.status === "OTP_REQUIRED" && auth.selectedDevice?.id !== device.id)
    ) {
      auth = await step("select the test device", () =>
        mfa.deviceAuthentications.selectDevice(auth.id, { device: { id: device.id } }),
      );
    }
    const otp = auth.status === "OTP_REQUIRED" ? auth.test?.otp : undefined;
    await step(
      "check the OTP",
      async () => {
        if (!otp) throw new Error(`expected OTP_REQUIRED with test.otp, got ${auth.status}`);
        return mfa.deviceAuthentications.checkOtp(auth.id, otp);
      },
      (done) => (done.status === "COMPLETED" ? undefined : `status ${done.status}, expected COMPLETED`),
    );
  } catch (error) {
    if (!(error instanceof StepFailed)) throw error;
  } finally {
    const created = deviceId;
    if (created) await step("delete the device", () => mfa.devices.delete(userId, created)).catch(() => undefined);
  }
  return results;
}

class StepFailed extends Error {}

/** A step's error in one line: its name, its code (`UNEXPECTED_REDIRECT`, `INVALID_DATA`) and message. */
function describe(error: unknown): string {
  if (!(error instanceof Error)) return String(error);
  const code = (error as { code?: unknown }).code;
  return `${error.name}${typeof code === "string" && code ? ` ${code}` : ""}: ${error.message}`;
}
