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
  for (const step of ["Create an SMS device", "Create a WhatsApp device", "test-mode", "one-time SMS", "Check the OTP"]) {
    expect(stdout).toContain(step);
  }
  expect(stdout).toContain("on the embedded simulator");
  expect(stdout).toContain("status=COMPLETED");
  expect(stdout).toMatch(/wrong OTP \(on purpose\)\n.*otp\.check\+json\] → 400\n\s+PingOneApiError 400 INVALID_DATA: INVALID_OTP on otp, 2 attempts left; handled/);
  expect(stdout).toMatch(/Deleted the 3 devices/);
  expect(stdout).toMatch(/application\/vnd\.pingidentity\.otp\.check\+json\] → 200/);
  const secrets = ["5125201234", "5125551234", "4135550150", "512.520", "520-1234", "288161", "604219"];
  expect(secrets.filter((secret) => stdout.includes(secret))).toEqual([]);
}, 60_000);
