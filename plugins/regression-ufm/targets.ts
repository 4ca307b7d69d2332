/**
 * Regression targets Y (n x M, one column per sample): synthetic with an exactly prescribed
 * sample covariance, or read from a CSV/.npy file (rows = samples, columns = target dims).
 */
import type { MatrixData, Rng } from '../../src-main/engine/plugin-api.ts';
import { orthonormalColumns, symmetricEigen } from '../../src-main/numerics/linalg.ts';
import { targetCovariance } from '../../src-main/numerics/nrc-metrics.ts';
import { MatrixFileError, readMatrixFile } from '../../src-main/data/matrix-file.ts';

export type CovarianceSpec =
  | { kind: 'eigen'; n: number; eigMax: number; eigMin: number; rotate: boolean }
  | { kind: 'equicorrelated'; n: number; variance: number; correlation: number };

/**
 * The prescribed covariance (n x n, column-major). 'eigen': eigenvalues geometrically spaced
 * from eigMax down to eigMin, eigenvectors the coordinate axes or (rotate) a random orthogonal
 * basis. 'equicorrelated': every target has the same variance and pairwise correlation, so the
 * eigenvalues are v(1 + (n−1)ρ) once and v(1 − ρ) n−1 times.
 */
export function prescribedCovariance(spec: CovarianceSpec, rng: Rng): MatrixData {
  const n = spec.n;
  const S = new Float64Array(n * n);
  if (spec.kind === 'equicorrelated') {
    for (let b = 0; b < n; b++) for (let a = 0; a < n; a++) S[a + b * n] = spec.variance * (a === b ? 1 : spec.correlation);
    return { rows: n, cols: n, data: S };
  }
  const lambdas = Array.from({ length: n }, (_, j) => (n === 1 ? spec.eigMax : spec.eigMax * (spec.eigMin / spec.eigMax) ** (j / (n - 1))));
  let V: Float64Array = new Float64Array(n * n);
  for (let j = 0; j < n; j++) V[j + j * n] = 1;
  if (spec.rotate && n > 1) {
    const g = { rows: n, cols: n, data: new Float64Array(n * n) };
    rng.fillNormal(g.data);
    V = orthonormalColumns(g).data;
  }
  for (let j = 0; j < n; j++) for (let b = 0; b < n; b++) for (let a = 0; a < n; a++) S[a + b * n] += V[a + j * n] * lambdas[j] * V[b + j * n];
  return { rows: n, cols: n, data: S };
}

/** A^{p} of a symmetric positive-definite matrix via its eigen-decomposition. */
function spdPower(A: MatrixData, p: number): Float64Array {
  const { values, vectors } = symmetricEigen(A);
  const n = A.rows;
  const out = new Float64Array(n * n);
  for (let j = 0; j < n; j++) {
    if (!(values[j] > 0)) throw new Error(`covariance is not positive definite (eigenvalue ${values[j]})`);
    const f = values[j] ** p;
    for (let b = 0; b < n; b++) for (let a = 0; a < n; a++) out[a + b * n] += vectors.data[a + j * n] * f * vectors.data[b + j * n];
  }
  return out;
}

/**
 * M samples whose SAMPLE covariance (divisor M) equals `sigma` exactly and whose mean is
 * `mean` in every dimension: Gaussian draws, centred, whitened by their own sample covariance
 * and coloured by sigma^{1/2}. Exactness matters because the closed forms (L*, regimes) depend
 * on the sample covariance, and a preset "c between λ_min and λ_max" must be so for the data.
 */
export function syntheticTargets(sigma: MatrixData, M: number, mean: number, rng: Rng): MatrixData {
  const n = sigma.rows;
  if (M <= n) throw new Error(`M must exceed the target dimension (${n}) for a full-rank sample covariance, got ${M}`);
  const Z = new Float64Array(n * M);
  rng.fillNormal(Z);
  const mu = new Float64Array(n);
  for (let i = 0; i < M; i++) for (let a = 0; a < n; a++) mu[a] += Z[i * n + a] / M;
  for (let i = 0; i < M; i++) for (let a = 0; a < n; a++) Z[i * n + a] -= mu[a];
  const whiten = spdPower(targetCovariance({ rows: n, cols: M, data: Z }), -0.5);
  const colour = spdPower(sigma, 0.5);
  const T = new Float64Array(n * n);
  for (let b = 0; b < n; b++) for (let q = 0; q < n; q++) for (let a = 0; a < n; a++) T[a + b * n] += colour[a + q * n] * whiten[q + b * n];
  const Y = new Float64Array(n * M);
  for (let i = 0; i < M; i++)
    for (let a = 0; a < n; a++) {
      let v = mean;
      for (let q = 0; q < n; q++) v += T[a + q * n] * Z[i * n + q];
      Y[i * n + a] = v;
    }
  return { rows: n, cols: M, data: Y };
}

/** Targets from a file: rows are samples, columns target dimensions; returned as n x M. */
export function targetsFromFile(file: string): MatrixData {
  const t = readMatrixFile(file);
  if (t.rows <= t.cols) throw new MatrixFileError(file, `needs more samples (rows) than target dimensions (columns) for a full-rank covariance, got ${t.rows} x ${t.cols}`);
  // Row-major samples x dims is exactly column-major dims x samples.
  return { rows: t.cols, cols: t.rows, data: t.data };
}
