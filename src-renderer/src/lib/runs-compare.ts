/** Comparing runs: grouping, config differences against a baseline, metric deltas. */
import type { Run } from '../../../src-main/service/contract.ts';

export type GroupMode = { kind: 'none' } | { kind: 'all-but-seed' } | { kind: 'params'; keys: string[] };
type Value = number | boolean | string;

/** The key runs are grouped by: runs with equal keys share a mean line and a spread band. */
export function groupKey(run: Run, mode: GroupMode): string {
  if (mode.kind === 'none') return `run:${run.id}`;
  const keys = mode.kind === 'params' ? mode.keys : Object.keys(run.config).filter((k) => k !== 'seed').sort();
  return `${run.plugin}|${keys.map((k) => `${k}=${JSON.stringify(run.config[k] ?? null)}`).join(',')}`;
}

/** Readable group label: the grouping parameters and their values. */
export function groupLabel(run: Run, mode: GroupMode): string {
  if (mode.kind === 'none') return run.name || `run ${run.id}`;
  if (mode.kind === 'all-but-seed') return `${run.name || run.plugin} (all seeds)`;
  return `${run.plugin}: ${mode.keys.map((k) => `${k}=${run.config[k] ?? '—'}`).join(', ')}`;
}

export function groupRuns(runs: Run[], mode: GroupMode): { key: string; label: string; runs: Run[] }[] {
  const groups = new Map<string, { key: string; label: string; runs: Run[] }>();
  for (const run of runs) {
    const key = groupKey(run, mode);
    let g = groups.get(key);
    if (!g) groups.set(key, (g = { key, label: groupLabel(run, mode), runs: [] }));
    g.runs.push(run);
  }
  return [...groups.values()];
}

export interface DiffRow {
  key: string;
  /** One value per run, in the order given; undefined where the run's plugin has no such parameter. */
  values: (Value | undefined)[];
  /** True when some run differs from the baseline. */
  differs: boolean;
}

/**
 * Config differences against the baseline: plugin and every parameter of any run, seed included
 * (a config parameter of every plugin; `run.seed` stands in for configs that predate it).
 * Rows where all runs agree are marked so the view can hide them.
 */
export function configDiff(runs: Run[], baselineId: number): DiffRow[] {
  const base = runs.find((r) => r.id === baselineId) ?? runs[0];
  const keys = new Set<string>(['seed']);
  for (const r of runs) for (const k of Object.keys(r.config)) keys.add(k);
  const rows: DiffRow[] = [
    { key: 'plugin', values: runs.map((r) => r.plugin), differs: false },
    ...[...keys].sort().map((key) => ({ key, values: runs.map((r) => (key === 'seed' ? (r.config.seed ?? r.seed) : r.config[key])), differs: false })),
  ];
  const bi = runs.indexOf(base);
  for (const row of rows) row.differs = row.values.some((v) => v !== row.values[bi]);
  return rows;
}

export interface MetricDelta {
  runId: number;
  metric: string;
  final: number | null;
  baseline: number | null;
  /** final - baseline */
  delta: number | null;
  /** final / baseline */
  ratio: number | null;
}

export function metricDeltas(runs: Run[], baselineId: number, metrics: string[]): MetricDelta[] {
  const base = runs.find((r) => r.id === baselineId);
  const out: MetricDelta[] = [];
  if (!base) return out;
  for (const metric of metrics) {
    const b = base.final[metric] ?? null;
    for (const r of runs) {
      if (r.id === base.id) continue;
      const f = r.final[metric] ?? null;
      out.push({
        runId: r.id,
        metric,
        final: f,
        baseline: b,
        delta: f !== null && b !== null ? f - b : null,
        ratio: f !== null && b !== null && b !== 0 ? f / b : null,
      });
    }
  }
  return out;
}
