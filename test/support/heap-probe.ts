// Run by test/errors/heap.test.ts in a child process started with --expose-gc: 10,000 calls, each
// with a token, a passcode or a phone number never seen before, answered by a loopback server that
// echoes all of them back (so every call builds a redacted error). Prints one JSON line: the heap
// after a warm-up and after the calls, each after full collections. Then the same measure around a
// deliberate leak (a RegExp kept per secret, as the old redaction cache did), proving the
// measurement can see one.
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { createMfaClient } from "../../src/index.node.ts";
import { redact } from "../../src/errors/redact.ts";
import { AUTHN, ENV, USER } from "./stub.ts";

const gc = (globalThis as { gc?: () => void }).gc;
if (!gc) throw new Error("run with --expose-gc");
const CALLS = Number(process.argv[2] ?? 10_000);
const WARM_UP = 1_000;

const server = createServer((req, res) => {
  let body = "";
  req.on("data", (chunk: Buffer) => (body += chunk));
  req.on("end", () => {
    const text = JSON.stringify({
      code: "INVALID_DATA",
      message: `rejected ${body} with ${req.headers.authorization}`,
      details: [{ code: "X", target: "t", message: body, innerError: { echoed: body } }],
    });
    res.writeHead(400, { "content-type": "application/json", "content-length": Buffer.byteLength(text) });
    res.end(text);
  });
});
await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;

const tokenOf = (i: number) =>
  `eyJhbGciOiJSUzI1NiJ9.${Buffer.from(`{"jti":"${i}-${Math.random()}"}`).toString("base64url")}.c2lnbmF0dXJl${i}`;
const otpOf = (i: number) => String(20_000_000 + i);
const phoneOf = (i: number) => `+1 512 ${300 + Math.floor(i / 10_000)} ${String(i % 10_000).padStart(4, "0")}`;

let n = 0;
const mfa = createMfaClient({
  environmentId: ENV,
  // A token never seen before on every call.
  accessToken: () => tokenOf(n),
  apiBaseUrl: `${url}/v1`,
  authBaseUrl: url,
  retry: false,
});
async function calls(count: number) {
  for (let end = n + count; n < end; n++) {
    const call =
      n % 2
        ? mfa.deviceAuthentications.checkOtp(AUTHN, otpOf(n))
        : mfa.devices.create(USER, { type: "SMS", phone: phoneOf(n) });
    const error = await call.then(
      () => undefined,
      (e: unknown) => e as Error,
    );
    if (!error || !error.message.includes("[redacted]"))
      throw new Error(`call ${n} was not refused with a masked echo`);
  }
}
async function heap(): Promise<number> {
  for (let i = 0; i < 4; i++) {
    gc!();
    await new Promise((resolve) => setImmediate(resolve));
  }
  return process.memoryUsage().heapUsed;
}

await calls(WARM_UP);
const before = await heap();
await calls(CALLS);
const after = await heap();

// The control: the same number of distinct secrets, each kept as a RegExp in a Map.
const kept = new Map<string, RegExp>();
const controlBefore = await heap();
for (let i = 0; i < CALLS; i++) {
  const secret = tokenOf(i);
  kept.set(secret, new RegExp(`(?<![A-Za-z0-9])${secret.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")}(?![A-Za-z0-9])`, "g"));
  redact(`echo ${secret}`, { tokens: [secret] }).replace(kept.get(secret)!, "");
}
const controlAfter = await heap();

server.close();
console.log(JSON.stringify({ calls: CALLS, before, after, controlBefore, controlAfter, kept: kept.size }));
