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

/** An AbortSignal, or a signal with an onAbort of its own (the transport's CallSignal). */
type Abortable = AbortSignal | { readonly reason: unknown; onAbort(callback: () => void): () => void };

/** Settles like `promise`, or rejects with the signal's reason once it aborts (at once if it has). */
export function untilAborted<T>(promise: Promise<T>, signal: Abortable): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    const abort = () => reject(signal.reason);
    const stop = signal instanceof AbortSignal ? onAbort(signal, abort) : signal.onAbort(abort);
    promise.then(
      (value) => {
        stop();
        resolve(value);
      },
      (error: unknown) => {
        stop();
        reject(error);
      },
    );
  });
}
