import { definePlugin } from '../../src-main/engine/plugin-api.ts';
import type { RunContext, TheoryValue } from '../../src-main/engine/plugin-api.ts';
import { logSchedule, ScheduleCursor } from '../../src-main/engine/schedule.ts';
import { ncMetrics } from '../../src-main/numerics/nc-metrics.ts';
import { manifest } from './manifest.ts';
import type { VicinityConfig } from './manifest.ts';
import { centralPathDirection, firstOrderApproximation, gradient, objective, optimalH, optimalW } from './model.ts';
import type { VicinityProblem } from './model.ts';
import { SENSITIVITY_MAX_ENTRIES, sensitivitySummary, theorem42 } from './sensitivity.ts';
import { featuresFromArtifact, featuresFromFile, syntheticFeatures } from './inputs.ts';
import type { InputFeatures } from './inputs.ts';

function theory(c: VicinityConfig): TheoryValue[] {
  if (c.h0Source !== 'synthetic' || c.geometry !== 'tb-minimiser' || c.mode !== 'minimize') return [];
  const t = theorem42(c.lambdaH, c.lambdaW, c.beta);
  return [
    { metric: 'sigmaMaxIntra', value: t.sigmaMaxIntra, label: 'Theorem 4.2: σ_max(F_kk) = 1' },
    { metric: 'sigmaMinIntra', value: t.sigmaMinIntra, label: 'Theorem 4.2: 1 − β⁻¹√(λ_H/λ_W)' },
    { metric: 'sigmaMaxInter', value: t.sigmaMaxInter, label: 'Theorem 4.2: 2β⁻¹λ_H(1 − √(λ_Hλ_W))' },
    { metric: 'distanceFromInput', value: 0, label: 'Corollary 2.2: the minimiser is H0 itself' },
  ];
}

function loadInputs(c: VicinityConfig, ctx: RunContext<VicinityConfig>): InputFeatures {
  if (c.h0Source === 'file') return featuresFromFile(c.h0File, ctx.dataDir);
  if (c.h0Source === 'artifact') return featuresFromArtifact(ctx.inputs.h0Artifact, c.h0Artifact);
  return syntheticFeatures(c, ctx.rng);
}

function norm(x: Float64Array): number {
  let s = 0;
  for (let q = 0; q < x.length; q++) s += x[q] * x[q];
  return Math.sqrt(s);
}

function distance(x: Float64Array, y: Float64Array): number {
  let s = 0;
  for (let q = 0; q < x.length; q++) s += (x[q] - y[q]) ** 2;
  return Math.sqrt(s);
}

/** NC metrics of features H (d x N) of problem p. */
function collapse(p: VicinityProblem, H: Float64Array) {
  return ncMetrics({ rows: p.d, cols: p.N, data: H }, p.labels, p.K);
}

/** L(H) = f(W*(H), H) without the β term. */
function centralPathLoss(p: VicinityProblem, H: Float64Array): number {
  return objective({ ...p, beta: 0 }, optimalW(p, H), H);
}

async function run(ctx: RunContext<VicinityConfig>): Promise<void> {
  const c = ctx.config;
  ctx.setBackend('js-f64', { linalg: 'ml-matrix (Cholesky, inverse, SVD)' });
  let input: InputFeatures;
  let start = 0;
  const saved = ctx.resumeFrom?.state;
  if (saved) {
    if (!(saved.H0 instanceof Float64Array && saved.labels instanceof Int32Array && saved.H instanceof Float64Array)) throw new Error('perturbed-ufm: checkpoint lacks H0, labels or H');
    // H0 travels in the checkpoint: regenerating a synthetic one would consume the restored RNG.
    const K = Math.max(...saved.labels) + 1;
    input = { K, d: saved.H0.length / saved.labels.length, N: saved.labels.length, H0: saved.H0, labels: saved.labels, description: 'restored from checkpoint' };
    start = ctx.resumeFrom!.step;
  } else {
    input = loadInputs(c, ctx);
    ctx.info(`H0: ${input.description}`);
    const counts = new Int32Array(input.K);
    for (const k of input.labels) counts[k]++;
    if (Math.min(...counts) !== Math.max(...counts)) ctx.info(`unbalanced classes (sizes ${Array.from(counts).join(', ')}): every sample weighs 1/N and the closed forms use the mean class size N/K`);
  }
  const p: VicinityProblem = { K: input.K, d: input.d, N: input.N, labels: input.labels, H0: input.H0, lambdaW: c.lambdaW, lambdaH: c.lambdaH, beta: c.beta };
  const nc0 = collapse(p, p.H0);
  const inputMetrics = { nc1Input: nc0.nc1, nc1TildeInput: nc0.nc1Tilde };
  const cursor = new ScheduleCursor(logSchedule(c.steps), start);
  if (c.mode === 'central-path') return centralPath(ctx, p, start, cursor, inputMetrics);

  let H: Float64Array = saved ? (saved.H as Float64Array).slice() : p.H0.slice();
  let W: Float64Array = saved && saved.W instanceof Float64Array ? saved.W.slice() : optimalW(p, H);
  let converged = saved ? saved.converged === true : false;
  const state = () => ({ H0: p.H0, labels: p.labels, H: H.slice(), W: W.slice(), converged });
  const N = p.N;
  let last = c.steps;
  for (let t = start; ; t++) {
    if (ctx.tick(t, state)) return;
    const done = converged || t === c.steps;
    if (cursor.hit(t) || done) {
      ctx.assertFinite(t, 'W', W);
      ctx.assertFinite(t, 'H', H);
      const nc = collapse(p, H);
      const g = gradient(p, W, H);
      const point: Record<string, number | null> = {
        loss: objective(p, W, H),
        gradNorm: Math.sqrt(norm(g.gW) ** 2 + norm(g.gH) ** 2),
        nc1: nc.nc1,
        nc1Tilde: nc.nc1Tilde,
        nc2: nc.nc2,
        distanceFromInput: distance(H, p.H0) / norm(p.H0),
        ...inputMetrics,
      };
      if (done) Object.assign(point, finalMeasures(ctx, p, W, H, t, c.sensitivity));
      ctx.log(t, point);
    }
    if (done) {
      last = t;
      break;
    }
    let H1: Float64Array;
    let W1: Float64Array;
    if (c.solver === 'alternating') {
      // W = W*(H) holds at the top of every iteration (it starts as W*(H0)).
      H1 = optimalH(p, W);
      W1 = optimalW(p, H1);
    } else {
      // H's gradient carries 1/N and a curvature of about λ_H + β + ||W||²: its step is scaled
      // by N/(1 + λ_H + β) so one lr is stable for every β (a constant diagonal
      // preconditioner; the fixed points are unchanged).
      const g = gradient(p, W, H);
      const lrH = (c.lr * N) / (1 + p.lambdaH + p.beta);
      W1 = W.map((w, q) => w - c.lr * g.gW[q]);
      H1 = H.map((h, q) => h - lrH * g.gH[q]);
    }
    converged = distance(H1, H) <= c.tol * norm(H) && distance(W1, W) <= c.tol * norm(W);
    H = H1;
    W = W1;
    ctx.progress(t + 1, c.steps);
  }
  ctx.artifact('features', last, { rows: p.d, cols: p.N, data: H.slice(), labels: p.labels });
}

/** Closed-form error and (when small enough) the Theorem 4.2 sensitivity spectra. */
function finalMeasures(ctx: RunContext<VicinityConfig>, p: VicinityProblem, W: Float64Array, H: Float64Array, step: number, sensitivity: boolean): Record<string, number | null> {
  const approx = firstOrderApproximation(p);
  const err = distance(H, approx);
  const move = distance(H, p.H0);
  const out: Record<string, number | null> = { approxError: err, approxErrorRel: move > 0 ? err / move : null };
  if (!sensitivity) return out;
  if (p.d * p.N > SENSITIVITY_MAX_ENTRIES) {
    ctx.info(`sensitivity spectra skipped: d·N = ${p.d * p.N} > ${SENSITIVITY_MAX_ENTRIES} (the dense (dN)² matrix would take too long)`);
    return out;
  }
  const s = sensitivitySummary(p, W, H);
  ctx.artifact('sensitivity-intra', step, { rows: s.intra0.length, cols: 1, data: s.intra0 });
  ctx.artifact('sensitivity-inter', step, { rows: s.inter01.length, cols: 1, data: s.inter01 });
  return { ...out, sigmaMaxIntra: s.sigmaMaxIntra, sigmaMinIntra: s.sigmaMinIntra, sigmaMaxInter: s.sigmaMaxInter, sigma2Inter: s.sigma2Inter };
}

/** Explicit Euler on dH/dt = −N ∇L(H) from H0, logging Theorem 3.1's three monotone quantities. */
function centralPath(ctx: RunContext<VicinityConfig>, p: VicinityProblem, start: number, cursor: ScheduleCursor, inputMetrics: Record<string, number | null>): void {
  const c = ctx.config;
  const dt = c.pathTime / c.steps;
  let H = ctx.resumeFrom ? (ctx.resumeFrom.state.H as Float64Array).slice() : p.H0.slice();
  const state = () => ({ H0: p.H0, labels: p.labels, H: H.slice() });
  for (let t = start; ; t++) {
    if (ctx.tick(t, state)) return;
    if (cursor.hit(t)) {
      ctx.assertFinite(t, 'H', H);
      const time = t * dt;
      const nc = collapse(p, H);
      const grow = Math.exp(2 * p.lambdaH * time);
      ctx.log(t, {
        loss: centralPathLoss(p, H),
        nc1: nc.nc1,
        nc1Tilde: nc.nc1Tilde,
        nc2: nc.nc2,
        trSigmaW: nc.trSigmaW,
        trSigmaB: nc.trSigmaB,
        expTrSigmaW: nc.trSigmaW === null ? null : grow * nc.trSigmaW,
        expTrSigmaB: nc.trSigmaB === null ? null : grow * nc.trSigmaB,
        flowTime: time,
        distanceFromInput: distance(H, p.H0) / norm(p.H0),
        ...inputMetrics,
      });
    }
    if (t === c.steps) break;
    const G = centralPathDirection(p, H);
    for (let q = 0; q < H.length; q++) H[q] -= dt * G[q];
    ctx.progress(t + 1, c.steps);
  }
  ctx.artifact('features', c.steps, { rows: p.d, cols: p.N, data: H.slice(), labels: p.labels });
}

export default definePlugin<VicinityConfig>({ manifest, theory, run });
