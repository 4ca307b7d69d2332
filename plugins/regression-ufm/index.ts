import { definePlugin } from '../../src-main/engine/plugin-api.ts';
import type { MatrixData, RunContext, TheoryValue } from '../../src-main/engine/plugin-api.ts';
import { logSchedule, ScheduleCursor } from '../../src-main/engine/schedule.ts';
import { singularValues, symmetricEigen } from '../../src-main/numerics/linalg.ts';
import { nrcMetrics, targetCovariance } from '../../src-main/numerics/nrc-metrics.ts';
import { resolveDataPath } from '../../src-main/data/matrix-file.ts';
import { manifest } from './manifest.ts';
import type { RegressionConfig } from './manifest.ts';
import { lossAndGrad } from './objective.ts';
import { createStepper } from './stepper.ts';
import type { RegressionShape } from './objective.ts';
import { prescribedCovariance, syntheticTargets, targetsFromFile } from './targets.ts';
import type { CovarianceSpec } from './targets.ts';
import { optimalHeadGram, optimalLoss, optimalResidualCovariance, whiteness } from './theory.ts';
import type { SigmaEigen } from './theory.ts';

/** Targets have mean 1 in every dimension, so the bias has something to learn (b* = ȳ). */
const TARGET_MEAN = 1;

function lambdas(c: RegressionConfig): { lambdaH: number; lambdaW: number } {
  return { lambdaH: c.lambdaH, lambdaW: c.tied ? c.lambdaH : c.lambdaW };
}

function covarianceSpec(c: RegressionConfig): CovarianceSpec {
  return c.covariance === 'eigen'
    ? { kind: 'eigen', n: c.targetDim, eigMax: c.eigMax, eigMin: c.eigMin, rotate: c.rotate }
    : { kind: 'equicorrelated', n: c.targetDim, variance: c.variance, correlation: c.correlation };
}

/** Eigenvalues of the prescribed covariance, which the synthetic targets' sample covariance equals. */
function prescribedEigenvalues(c: RegressionConfig): Float64Array {
  const n = c.targetDim;
  if (c.covariance === 'eigen') return Float64Array.from({ length: n }, (_, j) => (n === 1 ? c.eigMax : c.eigMax * (c.eigMin / c.eigMax) ** (j / (n - 1))));
  const out = new Float64Array(n).fill(c.variance * (1 - c.correlation));
  out[0] = c.variance * (1 + (n - 1) * c.correlation);
  return out.sort().reverse();
}

function theory(c: RegressionConfig): TheoryValue[] {
  if (c.targets !== 'synthetic') return [];
  const { lambdaH, lambdaW } = lambdas(c);
  const gamma = lambdaH * lambdaW;
  const n = c.targetDim;
  const values = prescribedEigenvalues(c);
  // Eigenvectors do not change L* or the whiteness measure: use the axes.
  const axes: SigmaEigen = { values, vectors: { rows: n, cols: n, data: Float64Array.from({ length: n * n }, (_, q) => (q % (n + 1) === 0 ? 1 : 0)) } };
  const out: TheoryValue[] = [{ metric: 'loss', value: optimalLoss(axes, gamma), label: 'L* (Theorem 4.1)' }];
  const white = whiteness(optimalResidualCovariance(axes, gamma), n, gamma);
  if (white !== null) out.push({ metric: 'residualWhiteness', value: white, label: 'optimum: (1/M)EEᵀ = V diag(min(λ_j, c)) Vᵀ' });
  const lmin = values[n - 1];
  if (gamma > 0 && gamma < lmin) {
    out.push({ metric: 'nrc1', value: 0, label: 'full collapse' }, { metric: 'nrc2', value: 0, label: 'full collapse' }, { metric: 'nrc3', value: 0, label: 'full collapse' });
  }
  return out;
}

/** Y (n x M, one column per sample) for this run. */
function loadTargets(c: RegressionConfig, ctx: RunContext<RegressionConfig>): MatrixData {
  if (c.targets === 'file') return targetsFromFile(resolveDataPath(c.targetsFile.trim(), ctx.dataDir));
  return syntheticTargets(prescribedCovariance(covarianceSpec(c), ctx.rng), c.M, TARGET_MEAN, ctx.rng);
}

/** Row-major n x d W as column-major MatrixData. */
function headMatrix(W: Float64Array, n: number, d: number): MatrixData {
  const data = new Float64Array(n * d);
  for (let a = 0; a < n; a++) for (let j = 0; j < d; j++) data[a + j * n] = W[a * d + j];
  return { rows: n, cols: d, data };
}

function measure(s: RegressionShape, W: Float64Array, H: Float64Array, b: Float64Array, Y: MatrixData, sigma: SigmaEigen, Lstar: number): Record<string, number | null> {
  const { n, M, d, lambdaH, lambdaW } = s;
  const gamma = lambdaH * lambdaW;
  const { loss, residual } = lossAndGrad(s, W, H, b, Y.data);
  const Wm = headMatrix(W, n, d);
  const nrc = nrcMetrics({ rows: d, cols: M, data: H }, Wm, Y, gamma);
  const R = targetCovariance({ rows: n, cols: M, data: residual });
  // targetCovariance centres; the residual mean is b − (ȳ − W h̄), which GD drives to 0 but is
  // not 0 along the way, so add it back: (1/M) E Eᵀ = Cov(E) + ē ēᵀ.
  const eMean = new Float64Array(n);
  for (let i = 0; i < M; i++) for (let a = 0; a < n; a++) eMean[a] += residual[i * n + a] / M;
  for (let q = 0; q < n; q++) for (let a = 0; a < n; a++) R.data[a + q * n] += eMean[a] * eMean[q];
  let headGramError: number | null = null;
  if (lambdaW > 0) {
    const target = optimalHeadGram(sigma, lambdaH, lambdaW);
    let e = 0;
    for (let q = 0; q < n; q++)
      for (let a = 0; a < n; a++) {
        let g = 0;
        for (let j = 0; j < d; j++) g += Wm.data[a + j * n] * Wm.data[q + j * n];
        e += (g - target[a + q * n]) ** 2;
      }
    headGramError = Math.sqrt(e);
  }
  let hh = 0;
  for (let q = 0; q < H.length; q++) hh += H[q] * H[q];
  const out: Record<string, number | null> = {
    loss,
    gap: loss - Lstar,
    nrc1: nrc.nrc1,
    nrc2: nrc.nrc2,
    nrc3: nrc.nrc3,
    nrc3Plus: nrc.nrc3Plus,
    gamma,
    residualWhiteness: whiteness(R.data, n, gamma),
    headGramError,
    featureNorm: hh / M,
  };
  for (let j = 0; j < 5; j++) out[`evr${j + 1}`] = j < nrc.evr.length ? nrc.evr[j] : null;
  return out;
}

async function run(ctx: RunContext<RegressionConfig>): Promise<void> {
  const c = ctx.config;
  const { lambdaH, lambdaW } = lambdas(c);

  let Y: MatrixData;
  let W: Float64Array;
  let H: Float64Array;
  let b: Float64Array;
  let start = 0;
  if (ctx.resumeFrom) {
    const st = ctx.resumeFrom.state;
    if (!(st.W instanceof Float64Array && st.H instanceof Float64Array && st.b instanceof Float64Array && st.Y instanceof Float64Array)) {
      throw new Error('regression-ufm: checkpoint lacks W, H, b or Y');
    }
    // The targets travel in the checkpoint: regenerating them would consume the restored RNG.
    const n = st.b.length;
    Y = { rows: n, cols: st.Y.length / n, data: st.Y.slice() };
    W = st.W.slice();
    H = st.H.slice();
    b = st.b.slice();
    start = ctx.resumeFrom.step;
  } else {
    Y = loadTargets(c, ctx);
    W = new Float64Array(Y.rows * c.d);
    H = new Float64Array(c.d * Y.cols);
    b = new Float64Array(Y.rows);
    ctx.rng.fillNormal(W, c.initScale);
    ctx.rng.fillNormal(H, c.initScale);
  }
  const shape: RegressionShape = { n: Y.rows, M: Y.cols, d: c.d, lambdaH, lambdaW };
  if (c.targets === 'file') ctx.info(`targets from ${c.targetsFile}: n = ${shape.n} dimensions, M = ${shape.M} samples`);
  const sigma = symmetricEigen(targetCovariance(Y));
  const Lstar = optimalLoss(sigma, lambdaH * lambdaW);
  ctx.info(`target covariance eigenvalues: ${Array.from(sigma.values, (v) => v.toPrecision(4)).join(', ')}; c = λ_W λ_H = ${lambdaH * lambdaW}; L* = ${Lstar}`);

  const gd = createStepper(shape, Y.data);
  ctx.setBackend(gd.backend, gd.details);
  gd.write({ W, H, b });
  const cursor = new ScheduleCursor(logSchedule(c.steps, c.logPerDecade), start);
  const state = () => {
    const p = gd.read();
    return { W: p.W.slice(), H: p.H.slice(), b: p.b.slice(), Y: Y.data.slice() };
  };
  for (let t = start; ; t++) {
    if (ctx.tick(t, state)) return;
    if (cursor.hit(t)) {
      ({ W, H, b } = gd.read());
      ctx.assertFinite(t, 'W', W);
      ctx.assertFinite(t, 'H', H);
      ctx.assertFinite(t, 'b', b);
      ctx.log(t, measure(shape, W, H, b, Y, sigma, Lstar));
    }
    if (t === c.steps) break;
    gd.step(c.lr, 1);
    ctx.progress(t + 1, c.steps);
  }
  ({ W, H, b } = gd.read());
  ctx.artifact('features', c.steps, { rows: c.d, cols: shape.M, data: H.slice() });
  ctx.artifact('head-spectrum', c.steps, { rows: Math.min(shape.n, c.d), cols: 1, data: singularValues(headMatrix(W, shape.n, c.d)).slice(0, Math.min(shape.n, c.d)) });
}

export default definePlugin<RegressionConfig>({ manifest, theory, run });
