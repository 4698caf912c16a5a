// The timers behind calls' deadlines. A new timer per call made Node build and drop a timer list on
// every call, for a deadline that almost never fires. A client keeps one timer and re-arms it
// (`refresh`) for its next call; calls running while that one is taken get a timer of their own.
// Only timers count time (no clock is read), so a caller's fake timers move deadlines as before.
type Timer = ReturnType<typeof setTimeout>;
type Reusable = Timer & { ref(): unknown; unref(): unknown; refresh(): unknown };

// Node's and Bun's timers can be re-armed, and kept without keeping the process alive; elsewhere
// (browsers, Deno) each call has its own timer.
const reusable = (timer: Timer): timer is Reusable =>
  typeof timer === "object" && typeof (timer as Partial<Reusable>).refresh === "function" && typeof (timer as Partial<Reusable>).unref === "function";

/** Starts a deadline `timeoutMs` from now that runs `expire`; returns the function that stops it. */
export function deadlines(timeoutMs: number): (expire: () => void) => () => void {
  let kept: Reusable | undefined;
  let keptBy: typeof setTimeout | undefined;
  let reusableHere = true;
  // The call the kept timer is armed for, if any.
  let holder: (() => void) | undefined;
  const own = (expire: () => void) => {
    const timer = setTimeout(expire, timeoutMs);
    return () => clearTimeout(timer);
  };
  return (expire) => {
    if (!reusableHere || holder !== undefined) return own(expire);
    if (kept && keptBy === setTimeout) {
      kept.ref();
      kept.refresh();
    } else {
      // First call, or the caller swapped the timer functions since (fake timers): a timer from the current ones.
      if (kept) clearTimeout(kept);
      const timer = setTimeout(() => holder?.(), timeoutMs);
      if (!reusable(timer)) {
        clearTimeout(timer);
        reusableHere = false;
        return own(expire);
      }
      kept = timer;
      keptBy = setTimeout;
    }
    holder = expire;
    const timer = kept;
    return () => {
      holder = undefined;
      timer.unref();
    };
  };
}
