// `npm start`: the documented flows through the typed client, printed step by step. By default on
// the embedded simulator, for a user id made up on the spot (any id works: the simulator keeps
// devices per user); with PINGONE_ENVIRONMENT_ID (and the other PINGONE_* variables, see README)
// against that environment. Either way it deletes what it created. Wrong passcodes are tried on
// purpose, to show how the error reads. Phone numbers and OTPs are masked in everything printed.
import { randomUUID } from "node:crypto";
import { ContractSetupError, liveSettings } from "../src/contract/settings.ts";
import {
  clientCredentials,
  createMfaClient,
  normalizePhoneNumber,
  PingOneApiError,
  PingOneError,
  type Device,
} from "../src/index.ts";
import { startMockServer } from "../src/testing/index.ts";
import { spec } from "../src/contract/spec.ts";

const POLICY = "5a0a0950-8a81-4739-b12a-f4d6a11c7a82";

/** Keeps a number's shape and last two digits: "+1 (512) 520-1234" → "+• (•••) •••-••34". */
// The documentation's own example numbers are public and shown as they are; any other number
// (a real user's, in live mode) keeps only its shape and last two digits.
const documented = new Set(
  [...JSON.stringify(spec).matchAll(/"(?:phone|value)":"(\+[\d ().-]{8,})"/g)].map((m) => m[1]!.replace(/\D/g, "")),
);
const showPhone = (text: string) => {
  const digits = text.replace(/\D/g, "");
  return digits.length >= 10 && [...documented].some((example) => example.endsWith(digits)) ? text : maskDigits(text);
};
const maskDigits = (text: string) => {
  const keepFrom = text.replace(/\D/g, "").length - 2;
  let seen = 0;
  return text.replace(/\d/g, (d) => (seen++ < keepFrom ? "•" : d));
};
const short = (id: string | undefined) => (id ? `${id.slice(0, 8)}…` : "-");

let live: ReturnType<typeof liveSettings>;
try {
  live = liveSettings(process.env);
} catch (error) {
  if (!(error instanceof ContractSetupError)) throw error;
  console.error(`npm start: ${error.message}`);
  process.exit(2);
}
const mock = live ? undefined : await startMockServer();
const environmentId = live?.environmentId ?? randomUUID();
// On the simulator too, the token comes from clientCredentials and the token endpoint.
mock?.registerClient("demo-worker", "demo-worker-secret");
const exchanges: string[] = [];
const mfa = createMfaClient({
  environmentId,
  accessToken: live
    ? live.token
    : clientCredentials({
        clientId: "demo-worker",
        clientSecret: "demo-worker-secret",
        environmentId,
        authBaseUrl: mock!.authBaseUrl,
      }),
  ...(live ? live.hosts : { apiBaseUrl: mock!.apiBaseUrl, authBaseUrl: mock!.authBaseUrl }),
  fetch: async (request) => {
    const response = await fetch(request);
    const url = new URL(request.url);
    const path = url.pathname.replace(/[0-9a-f]{8}(-[0-9a-f]{4}){3}-[0-9a-f]{12}/g, (id) => short(id));
    exchanges.push(
      `${request.method} ${url.host}${path}  [${request.headers.get("content-type") ?? "no body"}] → ${response.status}`,
    );
    return response;
  },
});
const userId = live?.userId ?? randomUUID();
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
/** Runs a call expected to fail and shows the typed error the way calling code would read it. */
async function showFailure(title: string, call: () => Promise<unknown>) {
  console.log(`\n${++step}. ${title}`);
  exchanges.length = 0;
  const error = await call().then(
    () => undefined,
    (e: unknown) => e,
  );
  for (const line of exchanges) console.log(`   ${line}`);
  if (!(error instanceof PingOneApiError)) throw error ?? new Error(`${title}: the call succeeded`);
  const detail = error.details[0];
  const left = (detail?.innerError as { attemptsRemaining?: number } | undefined)?.attemptsRemaining;
  console.log(
    `   PingOneApiError ${error.status} ${error.code}: ${detail?.code} on ${detail?.target}${left === undefined ? "" : `, ${left} attempts left`}; handled`,
  );
}
const deviceLine = (d: Device) =>
  `id=${short(d.id)} type=${d.type} status=${d.status}${d.phone ? ` phone=${showPhone(d.phone)}` : ""}${d.test?.otp ? " test.otp=(received, hidden)" : ""}`;

console.log(
  live
    ? `pingone-mfa demo against environment ${short(live.environmentId)} (${live.region})`
    : `pingone-mfa demo on the embedded simulator at ${mock!.url}, for a new user ${short(userId)}`,
);

console.log(`\n${++step}. Phone numbers: every documented spelling goes out as E.164`);
for (const spelling of ["+1.5125201234", "+15125201234", "+1.512.520.1234", "+1 (512) 520-1234"]) {
  console.log(`   ${showPhone(spelling).padEnd(20)} → ${showPhone(normalizePhoneNumber(spelling))}`);
}
try {
  await mfa.devices.create(userId, { type: "SMS", phone: "5125201234" });
} catch (error) {
  const e = error as PingOneError & { reason?: string };
  console.log(
    `   ${showPhone("5125201234").padEnd(20)} → ${e.name} ${e.reason}, nothing sent (${exchanges.length} requests)`,
  );
}

const created: string[] = [];
try {
  const sms = await show(
    "Create an SMS device",
    () => mfa.devices.create(userId, { type: "SMS", phone: "+1.5125201234", ...policy }),
    deviceLine,
  );
  created.push(sms.id);
  const whatsapp = await show(
    "Create a WhatsApp device",
    () =>
      mfa.devices.create(userId, {
        type: "WHATSAPP",
        phone: "+1.5125551234",
        ...(policy as { policy: { id: string } }),
      }),
    deviceLine,
  );
  created.push(whatsapp.id);
  const testDevice = await show(
    "Create a test-mode SMS device (PingOne returns its OTPs instead of texting them)",
    () =>
      mfa.devices.create(userId, {
        type: "SMS",
        phone: "+14135550150",
        testMode: true,
        status: "ACTIVATION_REQUIRED",
        ...policy,
      }),
    deviceLine,
  );
  created.push(testDevice.id);
  const wrongCode = (code: string) => code.slice(0, -1) + String((Number(code.at(-1)) + 1) % 10);
  await showFailure("Activate it with a wrong passcode (on purpose)", () =>
    mfa.devices.activate(userId, testDevice.id, { otp: wrongCode(testDevice.test?.otp ?? "000000") }),
  );
  await show(
    "Activate it with test.otp",
    () => mfa.devices.activate(userId, testDevice.id, { otp: testDevice.test?.otp ?? "" }),
    deviceLine,
  );

  let auth = await show(
    "Start a device authentication for the user",
    () => mfa.deviceAuthentications.create({ user: { id: userId }, ...policy }),
    (a) => `id=${short(a.id)} status=${a.status}`,
  );
  if (
    auth.status === "DEVICE_SELECTION_REQUIRED" ||
    (auth.status === "OTP_REQUIRED" && auth.selectedDevice?.id !== testDevice.id)
  ) {
    auth = await show(
      "Select the test-mode device",
      () => mfa.deviceAuthentications.selectDevice(auth.id, { device: { id: testDevice.id } }),
      (a) => `status=${a.status}`,
    );
  }
  const otp = auth.test?.otp;
  if (auth.status !== "OTP_REQUIRED" || !otp)
    throw new Error(`expected OTP_REQUIRED with test.otp, got ${auth.status}`);
  await showFailure("Check a wrong OTP (on purpose)", () =>
    mfa.deviceAuthentications.checkOtp(auth.id, wrongCode(otp)),
  );
  await show(
    "Check the OTP",
    () => mfa.deviceAuthentications.checkOtp(auth.id, otp),
    (a) => `status=${a.status}`,
  );

  // A one-time SMS texts a real phone, so only on the simulator, which keeps the code for tests.
  if (mock) {
    const oneTime = await show(
      "Start a one-time SMS authentication (no device stored)",
      () =>
        mfa.deviceAuthentications.create({
          user: { id: userId },
          ...policy,
          selectedDevice: { oneTime: { type: "SMS", phone: "+14135550150" } },
        }),
      (a) => `id=${short(a.id)} status=${a.status} sent to ${a.selectedDevice?.oneTime?.phone} (masked by PingOne)`,
    );
    const sent = mock.lastOtp({ deviceAuthenticationId: oneTime.id }) ?? "";
    await show(
      "Check the OTP a test reads with mock.lastOtp() (never on the wire)",
      () => mfa.deviceAuthentications.checkOtp(oneTime.id, sent),
      (a) => `status=${a.status}`,
    );
  }
} finally {
  for (const id of created) await mfa.devices.delete(userId, id).catch(() => undefined);
  if (created.length) console.log(`\n${++step}. Deleted the ${created.length} devices the demo created`);
  await mock?.close();
}
console.log("\nDone.");
