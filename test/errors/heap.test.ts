// No secret stays in memory after its call: 10,000 calls, each with a token, a passcode or a phone
// number never seen before and a server echoing them (every call builds a redacted error), must not
// grow the heap by more than 5 MiB. Measured in a child process started with --expose-gc (vitest's
// workers run without it), after full collections; the same child measures a deliberate leak (a
// RegExp kept per secret, as the old redaction cache did) to show the measurement sees one.
import { spawn } from "node:child_process";
import { fileURLToPath } from "node:url";
import { expect, it } from "vitest";
import { figure } from "../support/figures.ts";

const ROOT = fileURLToPath(new URL("../../", import.meta.url));
const MiB = 1024 * 1024;

function probe(): Promise<{
  calls: number;
  before: number;
  after: number;
  controlBefore: number;
  controlAfter: number;
}> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ["--expose-gc", "--import", "tsx", "test/support/heap-probe.ts", "10000"], {
      cwd: ROOT,
      env: { ...process.env, NODE_OPTIONS: "" },
    });
    let out = "";
    let err = "";
    child.stdout.on("data", (chunk: Buffer) => (out += chunk));
    child.stderr.on("data", (chunk: Buffer) => (err += chunk));
    child.on("error", reject);
    child.on("close", (code) => {
      const line = out.trim().split("\n").pop() ?? "";
      if (code !== 0) return reject(new Error(`the heap probe exited ${code}:\n${err.slice(-2000)}`));
      resolve(JSON.parse(line));
    });
  });
}

it("keeps the heap flat across 10,000 calls with distinct tokens, passcodes and phones", async () => {
  const result = await probe();
  const growth = (result.after - result.before) / MiB;
  const control = (result.controlAfter - result.controlBefore) / MiB;
  figure(
    `heap: +${growth.toFixed(2)} MiB after ${result.calls} calls with distinct tokens, passcodes and phones (limit 5 MiB; a RegExp kept per secret: +${control.toFixed(1)} MiB)`,
  );
  expect(result.calls).toBe(10_000);
  // The measurement sees a leak of the old cache's kind...
  expect(control).toBeGreaterThan(5);
  // ...and there is none.
  expect(growth).toBeLessThanOrEqual(5);
});
