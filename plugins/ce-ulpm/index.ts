import { definePlugin } from '../../src-main/engine/plugin-api.ts';
import type { RunContext, TheoryValue } from '../../src-main/engine/plugin-api.ts';
import { logSchedule, ScheduleCursor } from '../../src-main/engine/schedule.ts';
import { ncMetrics } from '../../src-main/numerics/nc-metrics.ts';
import { manifest } from './manifest.ts';
import type { UlpmConfig } from './manifest.ts';
import { classifierMatrix, dot, lossAndGrad, minMargin, sumSquares } from './objective.ts';
import { createStepper } from './stepper.ts';
import type { UlpmShape } from './objective.ts';
import { EXAMPLE31_M, EXAMPLE31_M_NORM2, marginBound, sphereMinLoss } from './theory.ts';

/** ||W0||_F^2 + ||H0||_F^2 implied by the configuration (both inits fix it exactly). */
function initialNorm2(c: UlpmConfig): number {
  return c.init === 'example31' ? 2 * EXAMPLE31_M_NORM2 * c.initScale ** 2 : 2 * c.initScale ** 2;
}

function theory(c: UlpmConfig): TheoryValue[] {
  const out: TheoryValue[] = [];
  const scale = c.reduction === 'mean' ? 1 / (c.K * c.n) : 1;
  if (c.projectToSphere) {
    const R2 = initialNorm2(c);
    out.push({ metric: 'loss', value: sphereMinLoss(c.K, c.n, R2) * scale, label: 'L_min(R²): neural collapse on the sphere (Thm 3.3)' });
    out.push({ metric: 'qmin', value: marginBound(c.K, c.n, R2), label: 'margin of balanced collapse on the sphere (Lemma 3.1)' });
  }
  if (c.init === 'example31' && c.noise === 0) {
    out.push({ metric: 'angH', value: 4 / 9, label: 'Example 3.1: equiangularity stays 4/9' });
    out.push({ metric: 'beta', value: 1, label: 'Example 3.1: gradient parallel to the parameters' });
  }
  return out;
}

/** W (row-major K x d) and H (d x N by columns) at step 0. */
function initialise(c: UlpmConfig, ctx: RunContext<UlpmConfig>): { W: Float64Array; H: Float64Array } {
  const { K, n, d } = c;
  const W = new Float64Array(K * d);
  const H = new Float64Array(d * K * n);
  if (c.init === 'example31') {
    // M is symmetric, so W = C_s M stored row by row and H = C_s M stored column by column
    // hold the same numbers.
    for (let q = 0; q < 16; q++) W[q] = H[q] = c.initScale * EXAMPLE31_M[q];
    return { W, H };
  }
  ctx.rng.fillNormal(W);
  ctx.rng.fillNormal(H);
  const sw = c.initScale / Math.sqrt(sumSquares(W));
  const sh = c.initScale / Math.sqrt(sumSquares(H));
  for (let q = 0; q < W.length; q++) W[q] *= sw;
  for (let q = 0; q < H.length; q++) H[q] *= sh;
  return { W, H };
}

/** Everything logged at one step (the fused step never computes these). */
function measure(shape: UlpmShape, W: Float64Array, H: Float64Array, labels: Int32Array): Record<string, number | null> {
  const { K, n, d } = shape;
  const { loss, gW, gH } = lossAndGrad(shape, W, H);
  const norm2 = sumSquares(W) + sumSquares(H);
  const gnorm2 = sumSquares(gW) + sumSquares(gH);
  // β is undefined at a stationary point or at the origin (0/0).
  const beta = norm2 > 0 && gnorm2 > 0 ? -(dot(W, gW) + dot(H, gH)) / Math.sqrt(norm2 * gnorm2) : null;
  const qmin = minMargin(shape, W, H);
  const bound = marginBound(K, n, norm2);
  const nc = ncMetrics({ rows: d, cols: K * n, data: H }, labels, K, classifierMatrix(W, K, d));
  return {
    loss,
    qmin,
    qminBound: bound,
    marginRatio: bound > 0 ? qmin / bound : null,
    beta,
    norm: Math.sqrt(norm2),
    cvH: nc.cvH,
    cvW: nc.cvW,
    withinClass: nc.withinClass,
    angH: nc.angH,
    angW: nc.angW,
    selfDuality: nc.selfDuality,
    nc1: nc.nc1,
    nc2: nc.nc2,
    nc3: nc.nc3,
    nc4: nc.nc4,
  };
}

async function run(ctx: RunContext<UlpmConfig>): Promise<void> {
  const c = ctx.config;
  const shape: UlpmShape = { K: c.K, n: c.n, d: c.d, reduction: c.reduction };
  const N = c.K * c.n;
  const labels = new Int32Array(N);
  for (let i = 0; i < N; i++) labels[i] = (i / c.n) | 0;

  let W: Float64Array;
  let H: Float64Array;
  let start = 0;
  if (ctx.resumeFrom) {
    const s = ctx.resumeFrom.state;
    if (!(s.W instanceof Float64Array) || !(s.H instanceof Float64Array)) throw new Error('ce-ulpm: checkpoint lacks W and H');
    W = s.W.slice();
    H = s.H.slice();
    start = ctx.resumeFrom.step;
  } else {
    ({ W, H } = initialise(c, ctx));
  }
  const R = Math.sqrt(initialNorm2(c));
  const gd = createStepper(shape);
  ctx.setBackend(gd.backend, gd.details);
  gd.write(W, H);
  const cursor = new ScheduleCursor(logSchedule(c.steps), start);
  const state = () => {
    const p = gd.read();
    return { W: p.W.slice(), H: p.H.slice() };
  };

  // Invariant at the top of iteration t: (W, H) is the state after t steps and point t is not
  // logged yet, so a checkpoint taken here with nextStep = t resumes exactly.
  for (let t = start; ; t++) {
    if (ctx.tick(t, state)) return;
    if (cursor.hit(t)) {
      ({ W, H } = gd.read());
      ctx.assertFinite(t, 'W', W);
      ctx.assertFinite(t, 'H', H);
      ctx.log(t, measure(shape, W, H, labels));
    }
    if (t === c.steps) break;
    gd.step(c.lr, 1);
    if (c.noise === 0 && !c.projectToSphere) {
      ctx.progress(t + 1, c.steps);
      continue;
    }
    // Noise and projection act on the public layout, in the same order on every path.
    ({ W, H } = gd.read());
    if (c.noise > 0) {
      for (let q = 0; q < W.length; q++) W[q] += c.noise * ctx.rng.normal();
      for (let q = 0; q < H.length; q++) H[q] += c.noise * ctx.rng.normal();
    }
    if (c.projectToSphere) {
      const norm = Math.sqrt(sumSquares(W) + sumSquares(H));
      // A step that lands on the origin has no direction to project along.
      if (!(norm > 0)) throw new Error(`ce-ulpm: the iterate reached the origin at step ${t + 1}; cannot project to the sphere`);
      const f = R / norm;
      for (let q = 0; q < W.length; q++) W[q] *= f;
      for (let q = 0; q < H.length; q++) H[q] *= f;
    }
    gd.write(W, H);
    ctx.progress(t + 1, c.steps);
  }
  ({ W, H } = gd.read());
  ctx.artifact('features', c.steps, { rows: c.d, cols: N, data: H.slice(), labels });
  ctx.artifact('classifier', c.steps, classifierMatrix(W, c.K, c.d));
}

export default definePlugin<UlpmConfig>({ manifest, theory, run });
