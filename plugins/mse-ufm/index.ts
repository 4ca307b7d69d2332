/**
 * The MSE unconstrained features model (spec §1): full-batch gradient descent from a small
 * random initialisation, with NC metrics, Mixon's strong-collapse errors and the gap to the
 * closed-form optimum on a log-spaced schedule.
 */
import { definePlugin } from '../../src-main/engine/plugin-api.ts';
import type { CheckpointState, MatrixData, RunContext, TheoryValue } from '../../src-main/engine/plugin-api.ts';
import { logSchedule, ScheduleCursor } from '../../src-main/engine/schedule.ts';
import { bilinearObjective } from '../../src-main/numerics/bilinear-gd.ts';
import type { BilinearPoint, BilinearShape } from '../../src-main/numerics/bilinear-gd.ts';
import { createBilinearGd } from '../../src-main/numerics/bilinear-gd-select.ts';
import { singularValues } from '../../src-main/numerics/linalg.ts';
import { classMeans, ncMetrics } from '../../src-main/numerics/nc-metrics.ts';
import { manifest } from './manifest.ts';
import type { MseUfmConfig } from './manifest.ts';
import { closedForm, isMixon, mixonErrors, objectiveCoefs } from './theory.ts';

function theory(c: MseUfmConfig): TheoryValue[] {
  const cf = closedForm(c);
  const out: TheoryValue[] = [{ metric: 'loss', value: cf.fStar, label: 'closed-form optimum f*' }];
  if (cf.sWmax !== null && cf.sWmin !== null) {
    out.push({ metric: 'sWmax', value: cf.sWmax, label: 'σ_max(W*) at the optimum' });
    out.push({ metric: 'sWmin', value: cf.sWmin, label: 'σ_K(W*) at the optimum' });
  }
  if (cf.nc3 !== null && cf.nc2W !== null) {
    out.push({ metric: 'nc1', value: 0, label: 'within-class collapse at the optimum' });
    out.push({ metric: 'nc2', value: 0, label: 'centred class means form a simplex ETF' });
    out.push({ metric: 'nc3', value: cf.nc3, label: 'NC3 at the closed-form optimum' });
    out.push({ metric: 'nc2W', value: cf.nc2W, label: 'classifier NC2 at the closed-form optimum' });
  }
  if (isMixon(c)) {
    for (const metric of ['e1', 'e2', 'e3']) out.push({ metric, value: 0, label: 'strong neural collapse (ε → 0)' });
  }
  return out;
}

/** Mixon's initialisation: Gaussian W0 (K x d) and H0 (d x Kn), each rescaled to norm ε; b0 = 0. */
function initialPoint(c: MseUfmConfig, ctx: RunContext<MseUfmConfig>): BilinearPoint {
  const W = new Float64Array(c.K * c.d);
  const H = new Float64Array(c.d * c.K * c.n);
  ctx.rng.fillNormal(W);
  ctx.rng.fillNormal(H);
  for (const a of [W, H]) {
    let s = 0;
    for (let q = 0; q < a.length; q++) s += a[q] * a[q];
    const f = c.initScale / Math.sqrt(s);
    for (let q = 0; q < a.length; q++) a[q] *= f;
  }
  return { W, H, b: new Float64Array(c.K) };
}

function resumedPoint(c: MseUfmConfig, state: CheckpointState): BilinearPoint {
  const { W, H, b } = state;
  const expect = (name: string, v: unknown, length: number): Float64Array => {
    if (!(v instanceof Float64Array) || v.length !== length) throw new Error(`mse-ufm checkpoint: ${name} must be a Float64Array of ${length} values`);
    return v;
  };
  return { W: expect('W', W, c.K * c.d), H: expect('H', H, c.d * c.K * c.n), b: expect('b', b, c.K) };
}

/** Logging steps that also store the geometry artifacts: 0, powers of ten, and the last. */
function isArtifactStep(step: number, total: number): boolean {
  if (step === 0 || step === total) return true;
  const e = Math.round(Math.log10(step));
  return 10 ** e === step;
}

function gram(a: Float64Array, rows: number, cols: number): MatrixData {
  const out = new Float64Array(cols * cols);
  for (let j = 0; j < cols; j++)
    for (let i = 0; i <= j; i++) {
      let s = 0;
      for (let r = 0; r < rows; r++) s += a[r + i * rows] * a[r + j * rows];
      out[i + j * cols] = s;
      out[j + i * cols] = s;
    }
  return { rows: cols, cols, data: out };
}

function measure(ctx: RunContext<MseUfmConfig>, shape: BilinearShape, p: BilinearPoint, step: number, fStar: number): void {
  const c = ctx.config;
  const { K, d, N, labels } = shape;
  ctx.assertFinite(step, 'W', p.W);
  ctx.assertFinite(step, 'H', p.H);
  ctx.assertFinite(step, 'b', p.b);
  const coefs = objectiveCoefs(c);
  const loss = bilinearObjective(shape, coefs, p);
  const Hm = { rows: d, cols: N, data: p.H };
  const Wm = { rows: K, cols: d, data: p.W };
  const nc = ncMetrics(Hm, labels, K, Wm, c.bias ? p.b : undefined);
  const sv = singularValues(Wm);
  const metrics: Record<string, number | null> = {
    loss,
    nc1: nc.nc1,
    nc1Tilde: nc.nc1Tilde,
    nc2: nc.nc2,
    nc2W: nc.nc2W,
    nc3: nc.nc3,
    nc4: nc.nc4,
    sWmax: sv[0],
    sWmin: sv.length < K ? 0 : sv[K - 1],
  };
  if (fStar > 0) {
    metrics.gap = loss - fStar;
    metrics.gapRel = (loss - fStar) / fStar;
  }
  if (isMixon(c)) Object.assign(metrics, mixonErrors(K, c.n, d, p.W, p.H, p.b));
  ctx.log(step, metrics);

  if (isArtifactStep(step, c.steps)) {
    const { means, global } = classMeans(Hm, labels, K);
    const centred = new Float64Array(d * K);
    for (let k = 0; k < K; k++) for (let i = 0; i < d; i++) centred[i + k * d] = means.data[i + k * d] - global[i];
    const Wt = new Float64Array(d * K);
    for (let k = 0; k < K; k++) for (let i = 0; i < d; i++) Wt[i + k * d] = p.W[k + i * K];
    ctx.artifact('gramH', step, gram(centred, d, K));
    ctx.artifact('gramW', step, gram(Wt, d, K));
    const spectrum = new Float64Array(K);
    spectrum.set(sv.subarray(0, Math.min(K, sv.length)));
    ctx.artifact('singularValuesW', step, { rows: K, cols: 1, data: spectrum });
  }
}

export default definePlugin<MseUfmConfig>({
  manifest,
  theory,
  async run(ctx) {
    const c = ctx.config;
    const N = c.K * c.n;
    const labels = new Int32Array(N);
    for (let j = 0; j < N; j++) labels[j] = Math.floor(j / c.n);
    const shape: BilinearShape = { K: c.K, d: c.d, N, labels };
    const gd = await createBilinearGd(shape, objectiveCoefs(c));
    ctx.setBackend(gd.backend, gd.details);

    let step = 0;
    if (ctx.resumeFrom) {
      gd.setPoint(resumedPoint(c, ctx.resumeFrom.state));
      step = ctx.resumeFrom.step;
    } else {
      gd.setPoint(initialPoint(c, ctx));
    }
    const fStar = closedForm(c).fStar;
    const cursor = new ScheduleCursor(logSchedule(c.steps), step);
    // Created once: the step loop must not allocate for small models.
    const snapshot = (): CheckpointState => ({ ...gd.getPoint(), step });

    for (;;) {
      // tick before logging: a checkpoint at step s means "s not yet logged nor executed".
      if (ctx.tick(step, snapshot)) return;
      if (cursor.hit(step)) measure(ctx, shape, gd.getPoint(), step, fStar);
      if (step >= c.steps) break;
      gd.step(c.lr, 1);
      step++;
      ctx.progress(step, c.steps);
    }
  },
});
