/**
 * Log-spaced logging schedules: long runs (10^5-10^6 steps) log densely early, where the
 * dynamics move fast, and sparsely later, so a history stays light. Every schedule contains
 * step 0 and the final step.
 */

/**
 * Steps 0..total (inclusive of `total`, the state after the last update) at about
 * `perDecade` points per decade, plus every step below `dense`.
 */
export function logSchedule(total: number, perDecade = 40, dense = 10): number[] {
  const steps = new Set<number>();
  for (let s = 0; s <= Math.min(dense, total); s++) steps.add(s);
  if (total > 0) {
    const decades = Math.log10(total);
    const count = Math.ceil(decades * perDecade);
    for (let i = 0; i <= count; i++) steps.add(Math.min(total, Math.round(10 ** ((i / perDecade)))));
  }
  steps.add(total);
  return [...steps].sort((a, b) => a - b);
}

/** A cursor over a sorted schedule that answers "is step t a logging step?" in O(1) amortised. */
export class ScheduleCursor {
  private readonly steps: number[];
  private index = 0;
  constructor(steps: number[], startAt = 0) {
    this.steps = steps;
    while (this.index < steps.length && steps[this.index] < startAt) this.index++;
  }
  /** True when `step` is the next scheduled step (advances the cursor). Call with increasing steps. */
  hit(step: number): boolean {
    while (this.index < this.steps.length && this.steps[this.index] < step) this.index++;
    if (this.index < this.steps.length && this.steps[this.index] === step) {
      this.index++;
      return true;
    }
    return false;
  }
}
