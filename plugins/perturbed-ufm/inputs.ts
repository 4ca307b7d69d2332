/**
 * Where the input features H0 (d x N, column-major, with labels) come from: a synthetic
 * generator, a matrix file, or the saved features of another run.
 */
import type { ArtifactData, Rng } from '../../src-main/engine/plugin-api.ts';
import { orthonormalColumns } from '../../src-main/numerics/linalg.ts';
import { simplexEtf } from '../../src-main/numerics/etf.ts';
import { featuresWithLabels, readMatrixFile, resolveDataPath } from '../../src-main/data/matrix-file.ts';

export type Geometry = 'tb-minimiser' | 'etf' | 'orthogonal' | 'random';

export type InputFeatures = { K: number; d: number; N: number; H0: Float64Array; labels: Int32Array; description: string };

/**
 * The TB UFM minimiser's class means in TB units (spec §1.2): with c = sqrt(λ_H λ_W) < 1,
 * Hbar = sqrt(ρ) R, ρ = (1 − c) sqrt(λ_W/λ_H), R with orthonormal columns (an orthogonal
 * frame whose centred version is a simplex ETF); W* = sqrt(λ_H/λ_W) Hbarᵀ.
 */
export function tbMinimiserMeans(d: number, K: number, lambdaH: number, lambdaW: number, rng: Rng): Float64Array {
  const c = Math.sqrt(lambdaH * lambdaW);
  if (!(c < 1)) throw new Error(`the TB minimiser is W = H = 0 when sqrt(λ_H λ_W) >= 1 (got ${c}); choose smaller λ_H, λ_W`);
  const rho = (1 - c) * Math.sqrt(lambdaW / lambdaH);
  const g = { rows: d, cols: K, data: new Float64Array(d * K) };
  rng.fillNormal(g.data);
  const R = orthonormalColumns(g).data;
  return R.map((v) => v * Math.sqrt(rho));
}

/**
 * Balanced synthetic H0, classes in order (class k = columns k n .. k n + n − 1): class means on
 * the chosen geometry plus i.i.d. N(0, withinStd²) noise per entry, so withinStd dials the
 * distance from collapse. 'etf' / 'orthogonal' / 'random' means have norm meanNorm (random:
 * Gaussian directions); 'tb-minimiser' uses the TB minimiser's means (meanNorm unused).
 */
export function syntheticFeatures(
  o: { K: number; n: number; d: number; geometry: Geometry; meanNorm: number; withinStd: number; lambdaH: number; lambdaW: number },
  rng: Rng,
): InputFeatures {
  const { K, n, d } = o;
  let means: Float64Array;
  if (o.geometry === 'tb-minimiser') means = tbMinimiserMeans(d, K, o.lambdaH, o.lambdaW, rng);
  else if (o.geometry === 'etf') means = simplexEtf(d, K, { scale: o.meanNorm, rng }).data;
  else {
    const g = { rows: d, cols: K, data: new Float64Array(d * K) };
    rng.fillNormal(g.data);
    means = o.geometry === 'orthogonal' ? orthonormalColumns(g).data.map((v) => v * o.meanNorm) : g.data;
    if (o.geometry === 'random')
      for (let k = 0; k < K; k++) {
        let s = 0;
        for (let j = 0; j < d; j++) s += means[j + k * d] ** 2;
        const f = o.meanNorm / Math.sqrt(s);
        for (let j = 0; j < d; j++) means[j + k * d] *= f;
      }
  }
  const N = K * n;
  const H0 = new Float64Array(d * N);
  const labels = new Int32Array(N);
  for (let i = 0; i < N; i++) {
    const k = (i / n) | 0;
    labels[i] = k;
    for (let j = 0; j < d; j++) H0[j + i * d] = means[j + k * d] + (o.withinStd > 0 ? o.withinStd * rng.normal() : 0);
  }
  return { K, d, N, H0, labels, description: `synthetic ${o.geometry} means, within-class std ${o.withinStd}` };
}

/** H0 from a CSV/.npy table whose last column is the integer label (see README). */
export function featuresFromFile(file: string, dataDir: string): InputFeatures {
  const path = resolveDataPath(file.trim(), dataDir);
  const f = featuresWithLabels(path, readMatrixFile(path));
  return { K: f.K, d: f.d, N: f.N, H0: f.H, labels: f.labels, description: `${file}: ${f.N} samples, d = ${f.d}, ${f.K} classes (labels ${f.classValues.join(', ')})` };
}

/** H0 from another run's saved features (d x N with labels). */
export function featuresFromArtifact(a: ArtifactData | undefined, ref: string): InputFeatures {
  if (!a) throw new Error(`h0Artifact: the run artifact "${ref}" was not resolved (no such run or artifact)`);
  if (!a.labels) throw new Error(`h0Artifact: "${ref}" has no class labels; choose a features artifact (kind 'features')`);
  if (a.labels.length !== a.cols) throw new Error(`h0Artifact: "${ref}" has ${a.cols} columns but ${a.labels.length} labels`);
  const classValues = [...new Set(a.labels)].sort((x, y) => x - y);
  if (classValues.length < 2) throw new Error(`h0Artifact: "${ref}" has fewer than 2 classes`);
  const index = new Map(classValues.map((v, k) => [v, k]));
  return {
    K: classValues.length,
    d: a.rows,
    N: a.cols,
    H0: a.data.slice(),
    labels: Int32Array.from(a.labels, (v) => index.get(v)!),
    description: `artifact ${ref}: ${a.cols} samples, d = ${a.rows}, ${classValues.length} classes`,
  };
}
