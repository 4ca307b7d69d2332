/**
 * Axis transforms. ECharts has linear and log axes; the layer-peeled model's Figure 2 needs
 * x = log(log t), so that scale is drawn on a linear axis over transformed values, with labels
 * showing t again.
 */
export type XScale = 'lin' | 'log' | 'loglog';
export type YScale = 'lin' | 'log';

/** The plotted coordinate of x, or null when the scale cannot show it (t <= 0 on log, t <= 1 on log-log). */
export function toAxisX(t: number, scale: XScale): number | null {
  if (scale === 'lin') return t;
  if (scale === 'log') return t > 0 ? t : null;
  return t > 1 ? Math.log(Math.log(t)) : null;
}

/** Inverse of toAxisX (for zoom windows and tick labels). */
export function fromAxisX(v: number, scale: XScale): number {
  return scale === 'loglog' ? Math.exp(Math.exp(v)) : v;
}

export function toAxisY(v: number, scale: YScale): number | null {
  if (!Number.isFinite(v)) return null;
  return scale === 'log' && v <= 0 ? null : v;
}

/** Compact number for ticks and tables: 3 significant digits, exponent form outside [1e-3, 1e5). */
export function fmt(v: number | null | undefined, digits = 3): string {
  if (v === null || v === undefined || Number.isNaN(v)) return '—';
  if (v === 0) return '0';
  const a = Math.abs(v);
  if (a >= 1e5 || a < 1e-3) return v.toExponential(digits - 1).replace(/\.?0+e/, 'e').replace('e+', 'e');
  return Number(v.toPrecision(digits)).toString();
}

/**
 * Readable values of t for the ticks of a log(log t) axis over [lo, hi]: powers of ten, with their
 * 2× and 5× over a span of three decades or less, and 1…9 × 10^k when that still gives fewer than
 * two (the transformed axis has no "nice" numbers of its own: its ECharts ticks read e.g. 17.3).
 */
export function loglogTicks(lo: number, hi: number): number[] {
  if (!(hi > 1) || !(hi >= lo)) return [];
  const from = Math.max(lo, 1 + 1e-9);
  const k0 = Math.floor(Math.log10(from));
  const k1 = Math.ceil(Math.log10(hi));
  const pick = (mult: number[]) => {
    const out: number[] = [];
    for (let k = k0; k <= k1; k++) for (const m of mult) {
      const t = m * 10 ** k;
      if (t >= from && t <= hi) out.push(t);
    }
    return out;
  };
  const decades = pick([1]);
  if (decades.length >= 2 && k1 - k0 > 3) return decades;
  const coarse = pick([1, 2, 5]);
  return coarse.length >= 2 ? coarse : pick([1, 2, 3, 4, 5, 6, 7, 8, 9]);
}
