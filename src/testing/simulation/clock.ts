// The simulation's clock: the real time plus what the test moved it by. It never reaches a time
// past which an expiry (at most MAX_DURATION_MS later) would no longer be a valid date.
import { MAX_DURATION_MS } from "./settings.js";

/** The last time JavaScript's Date can hold (ECMA-262 §21.4.1.1), in ms since 1970. */
const LAST_DATE = 8.64e15;

export class Clock {
  private offset = 0;
  // The last time written out: a record's createdAt and updatedAt, and the requests of the same
  // millisecond, share it (toISOString was a few % of the mock's CPU under load).
  private lastAt = Number.NaN;
  private lastIso = "";

  now(): number {
    return Date.now() + this.offset;
  }
  iso(at = this.now()): string {
    if (at !== this.lastAt) {
      this.lastIso = new Date(at).toISOString();
      this.lastAt = at;
    }
    return this.lastIso;
  }

  /** Moves the clock forward; refuses what would make a date unrepresentable, before moving. */
  advance(ms: unknown): void {
    if (typeof ms !== "number") throw new TypeError(`advanceTime: ms must be a number, not ${typeof ms}`);
    if (!Number.isFinite(ms) || ms < 0)
      throw new RangeError(
        `advanceTime: ms must be a finite number of milliseconds, 0 or more (time only moves forward), not ${ms}`,
      );
    if (this.now() + ms > LAST_DATE - MAX_DURATION_MS)
      throw new RangeError(`advanceTime: ms ${ms} would move the clock past the dates JavaScript can hold`);
    this.offset += ms;
  }

  reset(): void {
    this.offset = 0;
  }
}
