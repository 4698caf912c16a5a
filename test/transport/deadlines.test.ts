// The deadline timers (src/transport/deadlines.ts): one kept timer per client, re-armed per call,
// and timers of their own for calls running at the same time. Each deadline fires for its own call,
// at its own time, and nothing keeps the process alive once no call is running.
import { AsyncLocalStorage } from "node:async_hooks";
import { spawnSync } from "node:child_process";
import { afterEach, describe, expect, it, vi } from "vitest";
import { deadlines } from "../../src/transport/deadlines.ts";

afterEach(() => {
  vi.useRealTimers();
  vi.unstubAllGlobals();
});

describe("deadlines", () => {
  it("fires for the call that holds the kept timer, timeoutMs after it started, and re-arms for the next call", async () => {
    vi.useFakeTimers();
    const start = deadlines(1000);
    const expired: string[] = [];
    const stopA = start(() => expired.push("a"));
    await vi.advanceTimersByTimeAsync(600);
    stopA();
    const stopB = start(() => expired.push("b"));
    // B started at 600: the kept timer was re-armed, so A's old deadline (1000) does not end B.
    await vi.advanceTimersByTimeAsync(999);
    expect(expired).toEqual([]);
    await vi.advanceTimersByTimeAsync(1);
    expect(expired).toEqual(["b"]);
    stopB();
    await vi.advanceTimersByTimeAsync(5000);
    expect(expired).toEqual(["b"]);
  });

  it("gives calls running at the same time timers of their own, each firing at its time", async () => {
    vi.useFakeTimers();
    const start = deadlines(1000);
    const expired: string[] = [];
    start(() => expired.push("a"));
    await vi.advanceTimersByTimeAsync(100);
    const stopB = start(() => expired.push("b"));
    await vi.advanceTimersByTimeAsync(100);
    start(() => expired.push("c"));
    stopB();
    await vi.advanceTimersByTimeAsync(800);
    expect(expired).toEqual(["a"]);
    await vi.advanceTimersByTimeAsync(200);
    expect(expired).toEqual(["a", "c"]);
  });

  it("fires again after an idle while, the kept timer re-armed", async () => {
    const start = deadlines(50);
    start(() => {})();
    await new Promise((resolve) => setTimeout(resolve, 80));
    let stop = () => {};
    const waited = await new Promise<number>((resolve) => {
      const at = performance.now();
      stop = start(() => resolve(performance.now() - at));
    });
    stop();
    expect(waited).toBeGreaterThanOrEqual(45);
  });

  it("does not keep a process alive once its calls are done (a one-hour deadline, the process ends on its own)", async () => {
    const script = `
      const { deadlines } = await import(${JSON.stringify(new URL("../../src/transport/deadlines.ts", import.meta.url).href)});
      const start = deadlines(3_600_000);
      const stopA = start(() => {}); const stopB = start(() => {});
      stopA(); stopB();
      start(() => {})();`;
    // A timer left armed would keep the process for an hour: it is killed long before (the limit is
    // a hang guard, far above a loaded machine's start-up time), and a killed process has no status.
    const { status, signal } = spawnSync(process.execPath, ["--import", "tsx", "--input-type=module", "-e", script], {
      encoding: "utf8",
      timeout: 100_000,
    });
    expect(signal).toBeNull();
    expect(status).toBe(0);
  });

  it("follows timer functions the caller swapped in after the client was made (fake timers), and the old timer ends nothing", async () => {
    const realSetTimeout = globalThis.setTimeout;
    const realWait = (ms: number) => new Promise((resolve) => realSetTimeout(resolve, ms));
    const start = deadlines(50);
    start(() => {})();
    vi.useFakeTimers();
    const expired: string[] = [];
    start(() => expired.push("fake"));
    // The kept timer made by the real functions is cleared: real time passing does not end the call.
    await realWait(120);
    expect(expired).toEqual([]);
    await vi.advanceTimersByTimeAsync(50);
    expect(expired).toEqual(["fake"]);
  });

  it("keeps its timer out of the first call's async context (it is made with the client)", async () => {
    const als = new AsyncLocalStorage<{ request: number }>();
    const start = deadlines(20);
    const seen = await new Promise((resolve) =>
      als.run({ request: 1 }, () => void start(() => resolve(als.getStore() ?? "no store"))),
    );
    expect(seen).toBe("no store");
  });

  it("uses a timer per call where timers cannot be re-armed (browsers, Deno)", () => {
    let next = 1;
    const armed = new Map<number, () => void>();
    vi.stubGlobal("setTimeout", (callback: () => void) => (armed.set(next, callback), next++));
    vi.stubGlobal("clearTimeout", (id: number) => armed.delete(id));
    const start = deadlines(1000);
    const expired: string[] = [];
    const stopA = start(() => expired.push("a"));
    const stopB = start(() => expired.push("b"));
    expect(armed.size).toBe(2);
    stopA();
    expect(armed.size).toBe(1);
    for (const callback of armed.values()) callback();
    expect(expired).toEqual(["b"]);
    stopB();
    expect(armed.size).toBe(0);
  });
});
