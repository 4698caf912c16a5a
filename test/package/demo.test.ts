// `npm start`, as a newcomer runs it: exits 0, walks every documented flow on the simulator for a
// made-up user, handles a wrong OTP, and prints no whole phone number or OTP.
import { execFile } from "node:child_process";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import { expect, it } from "vitest";

const root = fileURLToPath(new URL("../..", import.meta.url));

it("npm start runs the documented flows on the embedded simulator without printing secrets", async () => {
  const env = Object.fromEntries(Object.entries(process.env).filter(([key]) => !key.startsWith("PINGONE_")));
  const { stdout } = await promisify(execFile)("npm", ["start", "--silent"], { cwd: root, env });
  for (const step of [
    "Create an SMS device",
    "Create a WhatsApp device",
    "test-mode",
    "one-time SMS",
    "Check the OTP",
  ]) {
    expect(stdout).toContain(step);
  }
  expect(stdout).toContain("on the embedded simulator");
  expect(stdout).toContain("status=COMPLETED");
  expect(stdout).toMatch(
    /wrong OTP \(on purpose\)\n.*otp\.check\+json\] → 400\n\s+PingOneApiError 400 INVALID_DATA: INVALID_OTP on otp, 2 attempts left; handled/,
  );
  expect(stdout).toMatch(/Deleted the 3 devices/);
  expect(stdout).toMatch(/application\/vnd\.pingidentity\.otp\.check\+json\] → 200/);
  // The documentation's example numbers are public and shown as they are; passcodes never are.
  expect(stdout).toContain("+1 (512) 520-1234    → +15125201234");
  expect(stdout).toContain("phone=+14135550150");
  const codes = [...stdout.matchAll(/\b\d{6}\b/g)].map((m) => m[0]);
  expect(codes).toEqual([]);
});

it("npm start with a live variable missing says which, in one line, without a stack trace", async () => {
  const env = {
    ...Object.fromEntries(Object.entries(process.env).filter(([key]) => !key.startsWith("PINGONE_"))),
    PINGONE_ENVIRONMENT_ID: "1a2b3c4d-5e6f-4a7b-8c9d-0e1f2a3b4c5d",
  };
  const result = await promisify(execFile)("npm", ["start", "--silent"], { cwd: root, env }).then(
    () => ({ code: 0, stderr: "" }),
    (error: { code: number; stderr: string }) => error,
  );
  expect(result.code).toBe(2);
  expect(result.stderr.trim()).toMatch(/^npm start: PINGONE_USER_ID is not set: .*$/);
});
