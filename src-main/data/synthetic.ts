/**
 * Synthetic datasets, so the trainer works with no files at all. Both generators take their
 * own data seed (not the run's seed): runs that differ only in the run seed (initialisation and
 * shuffling) then see the same data, and a resumed run regenerates exactly the same set.
 */
import { EigenvalueDecomposition, Matrix } from 'ml-matrix';
import { Xoshiro128 } from '../engine/rng.ts';
import type { ClassificationSet, RegressionSet } from './dataset.ts';

export type MixtureOptions = {
  classes: number;
  perClass: number;
  dim: number;
  /** Norm of every class mean; the within-class noise has unit variance per coordinate. */
  separation: number;
  /** Samples per class of a test set drawn from the same mixture (0: none). */
  testPerClass: number;
  seed: number;
};

/**
 * A Gaussian mixture: class means `separation · u_k` with `u_k` random unit vectors, samples
 * `mu_k + N(0, I)`, ordered class by class (the order the NC formulas are written in).
 */
export function gaussianMixture(o: MixtureOptions): { train: ClassificationSet; test: ClassificationSet | null } {
  const rng = new Xoshiro128(o.seed);
  const means = new Float64Array(o.classes * o.dim);
  for (let k = 0; k < o.classes; k++) {
    const u = means.subarray(k * o.dim, (k + 1) * o.dim);
    rng.fillNormal(u);
    const norm = Math.hypot(...u);
    for (let j = 0; j < o.dim; j++) u[j] *= o.separation / norm;
  }
  const draw = (perClass: number, split: string): ClassificationSet => {
    const count = o.classes * perClass;
    const x = new Float32Array(count * o.dim);
    const labels = new Int32Array(count);
    for (let k = 0, i = 0; k < o.classes; k++) {
      for (let s = 0; s < perClass; s++, i++) {
        labels[i] = k;
        for (let j = 0; j < o.dim; j++) x[i * o.dim + j] = means[k * o.dim + j] + rng.normal();
      }
    }
    return {
      kind: 'classification',
      source: `Gaussian mixture ${split}: K=${o.classes}, ${perClass} per class, dim ${o.dim}, separation ${o.separation}, data seed ${o.seed}`,
      x,
      shape: [o.dim],
      count,
      labels,
      classes: o.classes,
    };
  };
  const train = draw(o.perClass, 'train');
  return { train, test: o.testPerClass > 0 ? draw(o.testPerClass, 'test') : null };
}

/**
 * Parses a covariance written row by row, entries separated by commas and rows by semicolons
 * ("1,-0.25;-0.25,1"), and checks that it is a symmetric positive-definite matrix.
 * `field` names the parameter in error messages.
 */
export function parseCovariance(text: string, field: string): Matrix {
  const rows = text
    .split(';')
    .map((r) => r.trim())
    .filter((r) => r !== '')
    .map((r) => r.split(',').map((v) => Number(v.trim())));
  const n = rows.length;
  if (n === 0) throw new Error(`${field}: empty; write the matrix row by row, e.g. "1,-0.25;-0.25,1"`);
  rows.forEach((r, i) => {
    if (r.length !== n) throw new Error(`${field}: row ${i + 1} has ${r.length} entries, a ${n}x${n} matrix needs ${n}`);
    r.forEach((v, j) => {
      if (!Number.isFinite(v)) throw new Error(`${field}: entry (${i + 1}, ${j + 1}) is not a number`);
    });
  });
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < i; j++) {
      if (Math.abs(rows[i][j] - rows[j][i]) > 1e-12 * (1 + Math.abs(rows[i][j]))) throw new Error(`${field}: not symmetric (entries (${i + 1}, ${j + 1}) and (${j + 1}, ${i + 1}) differ)`);
    }
  }
  const m = new Matrix(rows);
  const minEig = Math.min(...new EigenvalueDecomposition(m, { assumeSymmetric: true }).realEigenvalues);
  if (!(minEig > 0)) throw new Error(`${field}: not positive definite (smallest eigenvalue ${minEig.toPrecision(6)})`);
  return m;
}

/** S^p for a symmetric positive-definite S, through its eigendecomposition. */
function symmetricPower(s: Matrix, p: number): Matrix {
  const e = new EigenvalueDecomposition(s, { assumeSymmetric: true });
  const v = e.eigenvectorMatrix;
  const d = Matrix.diag(e.realEigenvalues.map((l) => l ** p));
  return v.mmul(d).mmul(v.transpose());
}

export type RegressionOptions = {
  samples: number;
  inputDim: number;
  /** Target covariance (n x n, SPD); the generated targets have exactly this covariance (1/M). */
  covariance: Matrix;
  /** Samples of a test set from the same map (0: none); it is coloured with the training set's transform. */
  testSamples: number;
  seed: number;
};

/**
 * A regression set with a chosen target covariance, standing in for the MuJoCo data of the
 * neural-regression-collapse paper: inputs `x ~ N(0, I)`, a fixed random smooth map
 * `z = V tanh(A x / sqrt(p))` (32 hidden units), then exact whitening of z and colouring with
 * `Sigma^{1/2}`, so the sample covariance of the targets (divisor M) equals `Sigma` to rounding.
 * That makes `lambda_min(Sigma)`, which NRC3's gamma and the collapse threshold depend on, known.
 */
export function regressionSet(o: RegressionOptions): { train: RegressionSet; test: RegressionSet | null } {
  const rng = new Xoshiro128(o.seed);
  const p = o.inputDim;
  const n = o.covariance.rows;
  const hidden = 32;
  const a = new Float64Array(hidden * p);
  const v = new Float64Array(n * hidden);
  rng.fillNormal(a);
  rng.fillNormal(v);
  const sample = (count: number) => {
    const x = new Float32Array(count * p);
    const z = new Matrix(n, count);
    const tmp = new Float64Array(hidden);
    for (let i = 0; i < count; i++) {
      for (let j = 0; j < p; j++) x[i * p + j] = rng.normal();
      for (let h = 0; h < hidden; h++) {
        let s = 0;
        for (let j = 0; j < p; j++) s += a[h * p + j] * x[i * p + j];
        tmp[h] = Math.tanh(s / Math.sqrt(p));
      }
      for (let t = 0; t < n; t++) {
        let s = 0;
        for (let h = 0; h < hidden; h++) s += v[t * hidden + h] * tmp[h];
        z.set(t, i, s);
      }
    }
    return { x, z };
  };
  const train = sample(o.samples);
  const test = o.testSamples > 0 ? sample(o.testSamples) : null;
  const mean = train.z.mean('row');
  const centred = train.z.clone().subColumnVector(mean);
  const c = centred.mmul(centred.transpose()).div(o.samples);
  const colour = symmetricPower(o.covariance, 0.5).mmul(symmetricPower(c, -0.5));
  const finish = (s: { x: Float32Array; z: Matrix }, count: number, split: string): RegressionSet => {
    const y = colour.mmul(s.z.clone().subColumnVector(mean));
    const targets = new Float32Array(count * n);
    for (let i = 0; i < count; i++) for (let t = 0; t < n; t++) targets[i * n + t] = y.get(t, i);
    return {
      kind: 'regression',
      source: `synthetic regression ${split}: ${count} samples, input dim ${p}, target covariance ${JSON.stringify(o.covariance.to2DArray())}, data seed ${o.seed}`,
      x: s.x,
      shape: [p],
      count,
      targets,
      targetDim: n,
    };
  };
  return { train: finish(train, o.samples, 'train'), test: test ? finish(test, o.testSamples, 'test') : null };
}
