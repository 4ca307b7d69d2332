/**
 * Decompositions through ml-matrix, on our column-major `MatrixData`. A well-kept library does
 * these better than hand-written code; the wrappers only convert layouts and sort results.
 */
import { EigenvalueDecomposition, Matrix, QrDecomposition, SingularValueDecomposition, pseudoInverse } from 'ml-matrix';
import type { MatrixData } from '../engine/plugin-api.ts';

/** A zero matrix of the given shape. */
export function zeros(rows: number, cols: number): MatrixData {
  return { rows, cols, data: new Float64Array(rows * cols) };
}

/** Converts column-major `MatrixData` to an ml-matrix `Matrix`. */
export function toMlMatrix(a: MatrixData): Matrix {
  const m = new Matrix(a.rows, a.cols);
  for (let j = 0; j < a.cols; j++) for (let i = 0; i < a.rows; i++) m.set(i, j, a.data[i + j * a.rows]);
  return m;
}

/** Converts an ml-matrix `Matrix` to column-major `MatrixData`. */
export function fromMlMatrix(m: Matrix): MatrixData {
  const out = zeros(m.rows, m.columns);
  for (let j = 0; j < m.columns; j++) for (let i = 0; i < m.rows; i++) out.data[i + j * m.rows] = m.get(i, j);
  return out;
}

/**
 * Eigen-decomposition of a symmetric matrix: eigenvalues in descending order, eigenvectors as
 * the matching columns of `vectors`. The input is symmetrised first so that round-off
 * asymmetry of a computed Gram matrix cannot produce complex pairs.
 */
export function symmetricEigen(a: MatrixData): { values: Float64Array; vectors: MatrixData } {
  if (a.rows !== a.cols) throw new Error(`symmetricEigen: matrix must be square, got ${a.rows}x${a.cols}`);
  const n = a.rows;
  const m = new Matrix(n, n);
  for (let j = 0; j < n; j++) for (let i = 0; i < n; i++) m.set(i, j, 0.5 * (a.data[i + j * n] + a.data[j + i * n]));
  const evd = new EigenvalueDecomposition(m, { assumeSymmetric: true });
  const order = evd.realEigenvalues.map((v, i) => [v, i] as const).sort((x, y) => y[0] - x[0]);
  const values = Float64Array.from(order, ([v]) => v);
  const vectors = zeros(n, n);
  const ev = evd.eigenvectorMatrix;
  order.forEach(([, src], dst) => {
    for (let i = 0; i < n; i++) vectors.data[i + dst * n] = ev.get(i, src);
  });
  return { values, vectors };
}

/** x * 2^p, in steps that cannot overflow the power itself (2^p alone overflows beyond |p| > 1023). */
export function scaleByPow2(x: number, p: number): number {
  while (p > 1000) {
    x *= 2 ** 1000;
    p -= 1000;
  }
  while (p < -1000) {
    x *= 2 ** -1000;
    p += 1000;
  }
  return x * 2 ** p;
}

/**
 * A copy of `a` multiplied by the power of two that brings its largest entry into [0.5, 1), and
 * that power's exponent e (a = copy * 2^e). Scaling by a power of two is exact, so every
 * scale-invariant metric is bit-identical to the unscaled computation in the normal range, and
 * stays defined when a run collapses toward zero (products of 1e-200-sized entries would
 * underflow to 0/0). Returns e = 0 and `a` itself when it is all zeros.
 */
export function normalisedCopy(a: Float64Array): { data: Float64Array; e: number } {
  let max = 0;
  for (let q = 0; q < a.length; q++) max = Math.max(max, Math.abs(a[q]));
  if (max === 0) return { data: a, e: 0 };
  const e = Math.floor(Math.log2(max)) + 1;
  const data = new Float64Array(a.length);
  if (Math.abs(e) <= 1000) {
    // 2^-e is a normal double: one exact multiply per entry (scaleByPow2 does the same, slower).
    const f = 2 ** -e;
    for (let q = 0; q < a.length; q++) data[q] = a[q] * f;
  } else {
    for (let q = 0; q < a.length; q++) data[q] = scaleByPow2(a[q], -e);
  }
  return { data, e };
}

/**
 * Singular values in descending order. Computed by an SVD of the matrix itself, not from the
 * eigenvalues of its Gram matrix, so that small singular values keep their relative accuracy
 * (squaring would lose half the digits, e.g. the zero singular value of a free-bias optimum).
 * The matrix is first scaled exactly by a power of two: on subnormal entries (a run collapsing
 * to zero) the SVD iteration would otherwise never meet its convergence test.
 */
export function singularValues(a: MatrixData): Float64Array {
  const { data, e } = normalisedCopy(a.data);
  const svd = new SingularValueDecomposition(toMlMatrix({ rows: a.rows, cols: a.cols, data }), {
    computeLeftSingularVectors: false,
    computeRightSingularVectors: false,
    autoTranspose: true,
  });
  return Float64Array.from(svd.diagonal, (v) => scaleByPow2(v, e)).sort().reverse();
}

/** Moore-Penrose pseudo-inverse (ml-matrix's SVD-based one; `threshold` cuts small singular values). */
export function pinv(a: MatrixData, threshold?: number): MatrixData {
  return fromMlMatrix(pseudoInverse(toMlMatrix(a), threshold));
}

/** An orthonormal basis (d x k, orthonormal columns) from the QR decomposition of `a` (d x k, d >= k). */
export function orthonormalColumns(a: MatrixData): MatrixData {
  if (a.rows < a.cols) throw new Error(`orthonormalColumns: need rows >= cols, got ${a.rows}x${a.cols}`);
  return fromMlMatrix(new QrDecomposition(toMlMatrix(a)).orthogonalMatrix.subMatrix(0, a.rows - 1, 0, a.cols - 1));
}
