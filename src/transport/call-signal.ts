// The cancellation of one call: aborted by its deadline or by the caller's signal. A plain object
// rather than an AbortController (which costs a few microseconds per call on Node); the fetch
// transport, which needs a real AbortSignal, gets one made on demand.

/** Aborts once; runs its callbacks then, or at once for those registered later. */
export class CallSignal {
  aborted = false;
  reason: unknown = undefined;
  #callbacks: Array<() => void> = [];
  #signal: AbortSignal | undefined;

  abort(reason: unknown): void {
    if (this.aborted) return;
    this.aborted = true;
    this.reason = reason;
    for (const callback of this.#callbacks.splice(0)) callback();
  }

  /** Runs `callback` on abort; returns a function that stops listening. */
  onAbort(callback: () => void): () => void {
    if (this.aborted) {
      callback();
      return () => {};
    }
    this.#callbacks.push(callback);
    return () => {
      const index = this.#callbacks.indexOf(callback);
      if (index >= 0) this.#callbacks.splice(index, 1);
    };
  }

  /** A standard AbortSignal that follows this one (made once, when first asked for). */
  get signal(): AbortSignal {
    if (!this.#signal) {
      const controller = new AbortController();
      this.#signal = controller.signal;
      this.onAbort(() => controller.abort(this.reason));
    }
    return this.#signal;
  }
}
