/**
 * In-memory datasets for the network trainer. Inputs are float32, one sample per row
 * (row-major `count x prod(shape)`), which is also the layout TensorFlow.js expects for a batch.
 */

export type ClassificationSet = {
  kind: 'classification';
  /** Where the data came from (file names or generator and parameters), for messages and records. */
  source: string;
  x: Float32Array;
  /** Shape of one sample: `[features]` or `[height, width, channels]`. */
  shape: number[];
  count: number;
  labels: Int32Array;
  classes: number;
};

export type RegressionSet = {
  kind: 'regression';
  source: string;
  x: Float32Array;
  shape: number[];
  count: number;
  /** Targets, one sample per row (`count x targetDim`). */
  targets: Float32Array;
  targetDim: number;
};

export type Dataset = ClassificationSet | RegressionSet;

/** The training set and, when the source has one, the test set. */
export type DataSplit = { train: Dataset; test: Dataset | null };

export function sampleSize(shape: number[]): number {
  return shape.reduce((a, b) => a * b, 1);
}

/** A new dataset holding the given samples, in the given order. */
export function selectSamples<D extends Dataset>(set: D, indices: ArrayLike<number>): D {
  const size = sampleSize(set.shape);
  const x = new Float32Array(indices.length * size);
  for (let i = 0; i < indices.length; i++) x.set(set.x.subarray(indices[i] * size, (indices[i] + 1) * size), i * size);
  if (set.kind === 'classification') {
    const labels = new Int32Array(indices.length);
    for (let i = 0; i < indices.length; i++) labels[i] = set.labels[indices[i]];
    return { ...set, x, labels, count: indices.length };
  }
  const t = new Float32Array(indices.length * set.targetDim);
  for (let i = 0; i < indices.length; i++) t.set(set.targets.subarray(indices[i] * set.targetDim, (indices[i] + 1) * set.targetDim), i * set.targetDim);
  return { ...set, x, targets: t, count: indices.length };
}

/**
 * Indices of a class-balanced subset: the first `perClass` samples of every class (file order,
 * so the subset does not depend on the run's seed), listed class by class. Classes with fewer
 * samples contribute all they have. The NC formulas assume balanced classes, which is why
 * subsets are drawn this way.
 */
export function balancedIndices(labels: Int32Array, classes: number, perClass: number): Int32Array {
  const taken = new Int32Array(classes);
  const byClass: number[][] = Array.from({ length: classes }, () => []);
  for (let i = 0; i < labels.length; i++) {
    const k = labels[i];
    if (taken[k] < perClass) {
      byClass[k].push(i);
      taken[k]++;
    }
  }
  return Int32Array.from(byClass.flat());
}

/** The first `count` indices (regression subsets). */
export function firstIndices(total: number, count: number): Int32Array {
  return Int32Array.from({ length: Math.min(total, count) }, (_, i) => i);
}
