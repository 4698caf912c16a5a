// A caller may share one AbortSignal among many calls. Each call listening to it directly would add
// a listener per call (Node warns past ten); instead each signal gets one listener that tells every
// call waiting on it.
const waiting = new WeakMap<AbortSignal, Set<() => void>>();

/** Runs `callback` when `signal` aborts (at once if it already has); returns a function that stops listening. */
export function onAbort(signal: AbortSignal, callback: () => void): () => void {
  if (signal.aborted) {
    callback();
    return () => {};
  }
  let callbacks = waiting.get(signal);
  if (!callbacks) {
    const set = new Set<() => void>();
    callbacks = set;
    waiting.set(signal, set);
    signal.addEventListener(
      "abort",
      () => {
        waiting.delete(signal);
        for (const run of set) run();
      },
      { once: true },
    );
  }
  callbacks.add(callback);
  return () => callbacks.delete(callback);
}
