/** Learning-rate schedules and the epoch lists used by parameters (milestones, feature epochs). */

/**
 * Parses "last", "none", "all" or a comma-separated list of epochs (which may contain "last")
 * into a set of epochs in 0..epochs; null when the text is malformed or out of range.
 */
export function parseEpochList(text: string, epochs: number): Set<number> | null {
  const t = text.trim().toLowerCase();
  if (t === 'none' || t === '') return new Set();
  if (t === 'all') return new Set(Array.from({ length: epochs + 1 }, (_, i) => i));
  const out = new Set<number>();
  for (const part of t.split(',').map((s) => s.trim())) {
    if (part === 'last') {
      out.add(epochs);
      continue;
    }
    if (!/^\d+$/.test(part)) return null;
    const e = Number(part);
    if (e > epochs) return null;
    out.add(e);
  }
  return out;
}

export type LrSchedule = {
  kind: 'constant' | 'step' | 'cosine';
  lr: number;
  epochs: number;
  decay: number;
  /** Epochs after which the rate is multiplied by `decay` (step schedule). */
  milestones: number[];
};

/** Milestones of a step schedule: the given list, or 1/3 and 2/3 of the run (Papyan et al.). */
export function stepMilestones(text: string, epochs: number): number[] {
  const given = text.trim() === '' ? null : parseEpochList(text, epochs);
  if (given) return [...given].sort((a, b) => a - b);
  return [Math.floor(epochs / 3), Math.floor((2 * epochs) / 3)].filter((e) => e > 0);
}

/** The learning rate used while training epoch `epoch` (1-based). */
export function learningRate(s: LrSchedule, epoch: number): number {
  switch (s.kind) {
    case 'constant':
      return s.lr;
    case 'step':
      return s.lr * s.decay ** s.milestones.filter((m) => epoch > m).length;
    case 'cosine':
      return 0.5 * s.lr * (1 + Math.cos((Math.PI * (epoch - 1)) / s.epochs));
  }
}
