// The live walk: a test-mode SMS device (PingOne returns its OTPs in test.otp instead of texting
// them) is created, activated, used for a device authentication whose OTP is checked, and deleted.
// It runs against a real environment in live mode, and against a local fake in CI.
import type { MfaClient } from "../src/index.ts";

export interface WalkStep {
  step: string;
  status: string;
}

/** Runs the walk; always deletes the device it created. Returns the steps taken. */
export async function liveWalk(mfa: MfaClient, userId: string, policyId?: string): Promise<WalkStep[]> {
  const steps: WalkStep[] = [];
  const device = await mfa.devices.create(userId, {
    type: "SMS",
    phone: "+1 (413) 555-0150",
    testMode: true,
    status: "ACTIVATION_REQUIRED",
    nickname: "pingone-mfa contract test",
    ...(policyId ? { policy: { id: policyId } } : {}),
  });
  steps.push({ step: "create test-mode SMS device", status: device.status });
  try {
    const pairingOtp = device.test?.otp;
    if (!pairingOtp) throw new Error("PingOne returned no test.otp for the test-mode device");
    const active = await mfa.devices.activate(userId, device.id, { otp: pairingOtp });
    steps.push({ step: "activate with test.otp", status: active.status });

    let auth = await mfa.deviceAuthentications.create({ user: { id: userId }, ...(policyId ? { policy: { id: policyId } } : {}) });
    steps.push({ step: "start device authentication", status: auth.status });
    if (auth.status === "DEVICE_SELECTION_REQUIRED") {
      auth = await mfa.deviceAuthentications.selectDevice(auth.id, { device: { id: device.id } });
      steps.push({ step: "select the test device", status: auth.status });
    }
    const otp = auth.test?.otp;
    if (auth.status !== "OTP_REQUIRED" || !otp) throw new Error(`Expected OTP_REQUIRED with test.otp, got ${auth.status}`);
    const done = await mfa.deviceAuthentications.checkOtp(auth.id, otp);
    steps.push({ step: "check the OTP", status: done.status });
  } finally {
    await mfa.devices.delete(userId, device.id);
    steps.push({ step: "delete the device", status: "deleted" });
  }
  return steps;
}
