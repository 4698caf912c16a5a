// `npm start`: the documented flows through the typed client, printed step by step. By default
// against the embedded mock (Prism on the bundled spec); with PINGONE_ENVIRONMENT_ID (and the other
// PINGONE_* variables, see README) against that environment, cleaning up what it creates.
// Phone numbers and OTPs are masked in everything printed.
import { liveSettings } from "../contract-tests/live-settings.ts";
import { createMfaClient, normalizePhoneNumber, PingOneError, type Device } from "../src/index.ts";
import { startMockServer } from "../src/testing/index.ts";

const POLICY = "5a0a0950-8a81-4739-b12a-f4d6a11c7a82";
const EXAMPLE_USER = "b30ac647-e33e-464f-a6ea-0275082d4c26";
const EXAMPLE_ENV = "abfba8f6-49eb-49f5-a5d9-80ad5c98f9f6";

/** Keeps a number's shape and last two digits: "+1 (512) 520-1234" → "+• (•••) •••-••34". */
const maskDigits = (text: string) => {
  const keepFrom = text.replace(/\D/g, "").length - 2;
  let seen = 0;
  return text.replace(/\d/g, (d) => (seen++ < keepFrom ? "•" : d));
};
const short = (id: string | undefined) => (id ? `${id.slice(0, 8)}…` : "-");

const live = liveSettings(process.env);
const mock = live ? undefined : await startMockServer();
const exchanges: string[] = [];
const mfa = createMfaClient({
  environmentId: live?.environmentId ?? EXAMPLE_ENV,
  accessToken: live ? live.token : "demo-token",
  ...(live ? { region: live.region } : { apiBaseUrl: mock!.apiBaseUrl, authBaseUrl: mock!.authBaseUrl }),
  fetch: async (request) => {
    const response = await fetch(request);
    const url = new URL(request.url);
    const path = url.pathname.replace(/[0-9a-f]{8}(-[0-9a-f]{4}){3}-[0-9a-f]{12}/g, (id) => short(id));
    exchanges.push(`${request.method} ${url.host}${path}  [${request.headers.get("content-type") ?? "no body"}] → ${response.status}`);
    return response;
  },
});
const userId = live?.userId ?? EXAMPLE_USER;
const policy = live?.policyId ? { policy: { id: live.policyId } } : live ? {} : { policy: { id: POLICY } };

let step = 0;
async function show<T>(title: string, call: () => Promise<T>, describe: (result: T) => string): Promise<T> {
  console.log(`\n${++step}. ${title}`);
  exchanges.length = 0;
  const result = await call();
  for (const line of exchanges) console.log(`   ${line}`);
  console.log(`   ${describe(result)}`);
  return result;
}
const deviceLine = (d: Device) =>
  `id=${short(d.id)} type=${d.type} status=${d.status}${d.phone ? ` phone=${maskDigits(d.phone)}` : ""}${d.test?.otp ? " test.otp=(received, hidden)" : ""}`;

console.log(live ? `pingone-mfa demo against environment ${short(live.environmentId)} (${live.region})` : `pingone-mfa demo against the embedded mock at ${mock!.url}`);

console.log(`\n${++step}. Phone numbers: every documented spelling goes out as E.164`);
for (const spelling of ["+1.5125201234", "+15125201234", "+1.512.520.1234", "+1 (512) 520-1234"]) {
  console.log(`   ${maskDigits(spelling).padEnd(20)} → ${maskDigits(normalizePhoneNumber(spelling))}`);
}
try {
  await mfa.devices.create(userId, { type: "SMS", phone: "5125201234" });
} catch (error) {
  const e = error as PingOneError & { reason?: string };
  console.log(`   ${maskDigits("5125201234").padEnd(20)} → ${e.name} ${e.reason}, nothing sent (${exchanges.length} requests)`);
}

const created: string[] = [];
try {
  const sms = await show("Create an SMS device", () => mfa.devices.create(userId, { type: "SMS", phone: "+1.5125201234", ...policy }), deviceLine);
  created.push(sms.id);
  const whatsapp = await show("Create a WhatsApp device", () => mfa.devices.create(userId, { type: "WHATSAPP", phone: "+1.5125551234", ...(policy as { policy: { id: string } }) }), deviceLine);
  created.push(whatsapp.id);
  const testDevice = await show(
    "Create a test-mode SMS device (PingOne returns its OTPs instead of texting them)",
    () => mfa.devices.create(userId, { type: "SMS", phone: "+14135550150", testMode: true, status: "ACTIVATION_REQUIRED", ...policy }),
    deviceLine,
  );
  created.push(testDevice.id);
  await show("Activate it with test.otp", () => mfa.devices.activate(userId, testDevice.id, { otp: testDevice.test?.otp ?? "" }), deviceLine);

  // On the mock, a one-time SMS; live, the test-mode device (a one-time SMS would text a real phone).
  let auth = live
    ? await show("Start a device authentication", () => mfa.deviceAuthentications.create({ user: { id: userId } }), (a) => `id=${short(a.id)} status=${a.status}`)
    : await show(
        "Start a one-time SMS authentication",
        () => mfa.deviceAuthentications.create({ user: { id: "991776fd-145b-499e-8237-2c62aef35b2c" }, selectedDevice: { oneTime: { type: "SMS", phone: "+14135550150" } } }),
        (a) => `id=${short(a.id)} status=${a.status} sent to ${a.selectedDevice?.oneTime?.phone} (masked by PingOne)`,
      );
  if (auth.status === "DEVICE_SELECTION_REQUIRED") {
    auth = await show("Select the test-mode device", () => mfa.deviceAuthentications.selectDevice(auth.id, { device: { id: testDevice.id } }), (a) => `status=${a.status}`);
  }
  const otp = auth.test?.otp ?? "604219";
  await show("Check the OTP", () => mfa.deviceAuthentications.checkOtp(auth.id, otp), (a) => `status=${a.status}`);
} finally {
  if (live) for (const id of created) await mfa.devices.delete(userId, id).catch(() => undefined);
  await mock?.close();
}
console.log("\nDone.");
