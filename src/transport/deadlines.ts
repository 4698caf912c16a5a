// The timers behind calls' deadlines. A new timer per call made Node build and drop a timer list on
// every call, for a deadline that almost never fires. A client keeps one timer and re-arms it
// (`refresh`) for its next call; calls running while that one is taken get a timer of their own.
// Only timers count time (no clock is read), so a caller's fake timers move deadlines too.
type Timer = ReturnType<typeof setTimeout>;
type Reusable = Timer & { ref(): unknown; unref(): unknown; refresh(): unknown };

// Node's and Bun's timers can be re-armed, and kept without keeping the process alive; elsewhere
// (browsers, Deno) each call has its own timer.
const reusable = (timer: Timer): timer is Reusable =>
  typeof timer === "object" &&
  typeof (timer as Partial<Reusable>).refresh === "function" &&
  typeof (timer as Partial<Reusable>).unref === "function";

/**
 * Deadlines `timeoutMs` long: each start runs `expire` when its call's time is up and returns the
 * function that ends the call. The kept timer is made here, when the client is made, so that it
 * belongs to no call (on Node it would keep that call's async context alive).
 */
export function deadlines(timeoutMs: number): (expire: () => void) => () => void {
  // The call the kept timer is armed for, if any.
  let holder: (() => void) | undefined;
  // Undefined where timers cannot be re-armed.
  let kept: { timer: Reusable; set: typeof setTimeout; clear: typeof clearTimeout } | undefined;
  const keep = () => {
    const set = setTimeout;
    const clear = clearTimeout;
    const timer: Timer = set(() => {
      if (kept?.timer === timer) holder?.();
    }, timeoutMs);
    if (!reusable(timer)) return void clear(timer);
    timer.unref();
    kept = { timer, set, clear };
  };
  const own = (expire: () => void) => {
    const timer = setTimeout(expire, timeoutMs);
    return () => clearTimeout(timer);
  };
  keep();
  return (expire) => {
    if (!kept || holder !== undefined) return own(expire);
    // The caller swapped the timer functions since (fake timers): the kept timer is made again
    // from the current ones, and the old one cleared by the functions that made it.
    if (kept.set !== setTimeout) {
      kept.clear(kept.timer);
      kept = undefined;
      keep();
      if (!kept) return own(expire);
    }
    const { timer } = kept;
    timer.ref();
    timer.refresh();
    holder = expire;
    return () => {
      holder = undefined;
      timer.unref();
    };
  };
}
