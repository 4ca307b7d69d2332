/**
 * The OS progress bar (taskbar / dock) while runs go: the mean completed fraction of the
 * running runs, indeterminate when none of them knows its total, hidden when none runs.
 */
export interface RunProgress {
  step: number;
  total: number | null;
}

/** Electron's setProgressBar value: -1 hides, 0..1 shows, 2 is indeterminate. */
export function taskbarProgress(running: Iterable<RunProgress>): number {
  let sum = 0;
  let n = 0;
  let any = false;
  for (const r of running) {
    any = true;
    if (r.total && r.total > 0) {
      sum += Math.min(1, Math.max(0, r.step / r.total));
      n++;
    }
  }
  if (!any) return -1;
  return n === 0 ? 2 : sum / n;
}
