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
