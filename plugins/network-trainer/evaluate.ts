/**
 * The per-epoch evaluation: one forward pass over the training set (loss, accuracy or R²),
 * the penultimate features of the metric samples, and the collapse metrics from the shared
 * metric code, plus the same loss/accuracy on the test set.
 */
import type { ArtifactData, MatrixData } from '../../src-main/engine/plugin-api.ts';
import { sampleSize, type Dataset } from '../../src-main/data/dataset.ts';
import { ncMetrics } from '../../src-main/numerics/nc-metrics.ts';
import { bestGamma, nrcMetrics } from '../../src-main/numerics/nrc-metrics.ts';
import { tf } from './backend.ts';
import type { Network } from './models.ts';

export type LossKind = 'cross-entropy' | 'mse';

/** Rows `order[from..to)` of a dataset as an input batch tensor. */
export function inputBatch(set: Dataset, order: ArrayLike<number>, from: number, to: number): tf.Tensor {
  const size = sampleSize(set.shape);
  const x = new Float32Array((to - from) * size);
  for (let i = from; i < to; i++) x.set(set.x.subarray(order[i] * size, (order[i] + 1) * size), (i - from) * size);
  return tf.tensor(x, [to - from, ...set.shape]);
}

/** Targets of rows `order[from..to)`: one-hot rows for classification, target rows for regression. */
export function targetBatch(set: Dataset, order: ArrayLike<number>, from: number, to: number): tf.Tensor2D {
  if (set.kind === 'classification') {
    const y = new Float32Array((to - from) * set.classes);
    for (let i = from; i < to; i++) y[(i - from) * set.classes + set.labels[order[i]]] = 1;
    return tf.tensor2d(y, [to - from, set.classes]);
  }
  const n = set.targetDim;
  const y = new Float32Array((to - from) * n);
  for (let i = from; i < to; i++) y.set(set.targets.subarray(order[i] * n, (order[i] + 1) * n), (i - from) * n);
  return tf.tensor2d(y, [to - from, n]);
}

/**
 * Sum over the batch of the per-sample loss: cross-entropy -log softmax(z)_y, or MSE
 * (1/2)||z - y||^2 (the (1/2N) sum convention of the spec's UFMs, so weight decay compares).
 */
export function lossSum(out: tf.Tensor2D, y: tf.Tensor2D, loss: LossKind): tf.Scalar {
  return tf.tidy(() => {
    if (loss === 'cross-entropy') return tf.neg(tf.sum(tf.mul(y, tf.logSoftmax(out)))) as tf.Scalar;
    return tf.mul(tf.sum(tf.square(tf.sub(out, y))), 0.5) as tf.Scalar;
  });
}

function rowMajorToMatrix(values: Float32Array | Float64Array, rows: number, cols: number): MatrixData {
  // A row-major cols x rows array is the column-major rows x cols matrix: no transpose needed.
  return { rows, cols, data: Float64Array.from(values) };
}

const evalBatch = 500;

type PassResult = { loss: number; accuracy: number | null; r2: number | null; features: Float32Array | null };

/**
 * One forward pass over `set` in `order`; features are downloaded for the first `keep` samples
 * of the order only (the metric samples come first, so the rest never leaves the backend).
 */
function pass(net: Network, set: Dataset, order: Int32Array, keep: number, loss: LossKind): PassResult {
  let lossTotal = 0;
  let correct = 0;
  const features = keep > 0 ? new Float32Array(keep * net.featureDim) : null;
  for (let from = 0; from < order.length; from += evalBatch) {
    const to = Math.min(order.length, from + evalBatch);
    const { l, c, h } = tf.tidy(() => {
      const x = inputBatch(set, order, from, to);
      const h = net.features(x);
      const out = net.head(h);
      const y = targetBatch(set, order, from, to);
      const l = lossSum(out, y, loss);
      const c = set.kind === 'classification' ? tf.sum(tf.cast(tf.equal(tf.argMax(out, 1), tf.argMax(y, 1)), 'float32')) : tf.scalar(0);
      return { l, c, h };
    });
    lossTotal += l.dataSync()[0];
    correct += c.dataSync()[0];
    if (features && from < keep) {
      const rows = Math.min(to, keep) - from;
      features.set(h.dataSync().subarray(0, rows * net.featureDim), from * net.featureDim);
    }
    tf.dispose([l, c, h]);
  }
  const N = order.length;
  if (set.kind === 'classification') return { loss: lossTotal / N, accuracy: correct / N, r2: null, features };
  // R² = 1 - SS_res/SS_tot with SS_res = 2 N loss (loss is (1/2N) sum ||f - y||^2).
  const n = set.targetDim;
  const mean = new Float64Array(n);
  for (let i = 0; i < N; i++) for (let t = 0; t < n; t++) mean[t] += set.targets[order[i] * n + t] / N;
  let ssTot = 0;
  for (let i = 0; i < N; i++) for (let t = 0; t < n; t++) ssTot += (set.targets[order[i] * n + t] - mean[t]) ** 2;
  return { loss: lossTotal / N, accuracy: null, r2: ssTot > 0 ? 1 - (2 * lossTotal) / ssTot : null, features };
}

/** The training-set order of the evaluation pass: metric samples first, then every other sample. */
export function evaluationOrder(count: number, metricIdx: Int32Array): Int32Array {
  const inMetric = new Uint8Array(count);
  for (const i of metricIdx) inMetric[i] = 1;
  const order = new Int32Array(count);
  order.set(metricIdx);
  let at = metricIdx.length;
  for (let i = 0; i < count; i++) if (!inMetric[i]) order[at++] = i;
  return order;
}

const ncKeys = ['nc1', 'nc1Tilde', 'nc2', 'nc2W', 'nc3', 'nc4', 'cvH', 'cvW', 'angH', 'angW', 'withinClass', 'selfDuality'] as const;

export type Evaluation = { metrics: Record<string, number | null>; features: ArtifactData };

/** Every per-epoch metric; `order` comes from `evaluationOrder`, its first `metricCount` entries are the metric samples. */
export function evaluate(net: Network, train: Dataset, test: Dataset | null, order: Int32Array, metricCount: number, loss: LossKind): Evaluation {
  const metrics: Record<string, number | null> = {};
  const tr = pass(net, train, order, metricCount, loss);
  metrics.loss = tr.loss;
  if (tr.accuracy !== null) metrics.accuracy = tr.accuracy;
  if (train.kind === 'regression') metrics.r2 = tr.r2;
  if (test) {
    const te = pass(net, test, Int32Array.from({ length: test.count }, (_, i) => i), 0, loss);
    metrics.testLoss = te.loss;
    if (te.accuracy !== null) metrics.testAccuracy = te.accuracy;
    if (test.kind === 'regression') metrics.testR2 = te.r2;
  }

  const d = net.featureDim;
  const M = metricCount;
  const H = rowMajorToMatrix(tr.features!, d, M);
  const outputs = net.lastW.shape[1]!;
  const W = rowMajorToMatrix(net.lastW.dataSync() as Float32Array, outputs, d);
  let sq = 0;
  for (const v of H.data) sq += v * v;
  metrics.featureNorm = Math.sqrt(sq / M);
  let wsq = 0;
  for (const v of W.data) wsq += v * v;
  metrics.lastLayerNorm = Math.sqrt(wsq);
  metrics.featureLayersNorm = tf.tidy(() => Math.sqrt(tf.addN(net.variables.slice(0, net.featureVarCount).map((v) => tf.sum(tf.square(v)))).dataSync()[0]));

  const metricIdx = order.subarray(0, M);
  let labels: Int32Array | undefined;
  if (train.kind === 'classification') {
    labels = Int32Array.from(metricIdx, (i) => train.labels[i]);
    const nc = ncMetrics(H, labels, train.classes, W, Float64Array.from(net.lastB.dataSync()));
    for (const key of ncKeys) metrics[key] = nc[key];
  } else {
    const n = train.targetDim;
    const Y: MatrixData = { rows: n, cols: M, data: new Float64Array(n * M) };
    metricIdx.forEach((i, j) => {
      for (let t = 0; t < n; t++) Y.data[t + j * n] = train.targets[i * n + t];
    });
    const gamma = bestGamma(W, Y, 200);
    const nrc = nrcMetrics(H, W, Y, gamma.gamma);
    metrics.nrc1 = nrc.nrc1;
    metrics.nrc2 = nrc.nrc2;
    metrics.nrc3 = nrc.nrc3;
    metrics.nrc3Gamma = gamma.gamma;
    nrc.evr.forEach((v, j) => (metrics[`evr${j + 1}`] = v));
  }
  return { metrics, features: labels ? { ...H, labels } : H };
}
