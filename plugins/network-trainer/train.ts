/**
 * The network-trainer plugin: trains a real network with TensorFlow.js and logs, every epoch,
 * the collapse of its penultimate features. Steps are epochs: step 0 is the initialisation,
 * step e the state after e epochs. A checkpoint follows every logged epoch; an abort between
 * batches re-writes the last completed epoch's checkpoint (with the RNG as it was when the
 * interrupted epoch started), so a resumed run reproduces an uninterrupted one exactly.
 */
import type { CheckpointState, CheckpointValue, RunContext } from '../../src-main/engine/plugin-api.ts';
import { balancedIndices, type Dataset } from '../../src-main/data/dataset.ts';
import { selectBackend, tf } from './backend.ts';
import { loadData } from './data.ts';
import { evaluate, evaluationOrder, inputBatch, lossSum, targetBatch, type LossKind } from './evaluate.ts';
import { learningRate, parseEpochList, stepMilestones } from './lr-schedule.ts';
import { manifest, taskOf, type NetworkConfig } from './manifest.ts';
import { buildNetwork, readWeights, writeWeights, type ModelSpec } from './models.ts';
import { createOptimizer } from './optimizers.ts';

/** The metric samples: class-balanced for classification, evenly spaced for regression. */
function metricIndices(set: Dataset, limit: number): Int32Array {
  if (limit === 0 || limit >= set.count) return Int32Array.from({ length: set.count }, (_, i) => i);
  if (set.kind === 'classification') return balancedIndices(set.labels, set.classes, Math.max(1, Math.floor(limit / set.classes)));
  const stride = set.count / limit;
  return Int32Array.from({ length: limit }, (_, i) => Math.floor(i * stride));
}

function modelSpec(c: NetworkConfig, train: Dataset): ModelSpec {
  return {
    architecture: c.architecture,
    inputShape: train.shape,
    outputs: train.kind === 'classification' ? train.classes : train.targetDim,
    activation: c.activation,
    hidden: Array.from({ length: c.hiddenLayers }, () => c.hiddenWidth),
    cnnChannels: c.cnnChannels,
    cnnDense: c.cnnDense,
    vggWidth: c.vggWidth,
  };
}

/** Fisher-Yates shuffle drawn from the run's RNG (whose state is part of every checkpoint). */
function permutation(n: number, rng: RunContext['rng']): Int32Array {
  const p = Int32Array.from({ length: n }, (_, i) => i);
  for (let i = n - 1; i > 0; i--) {
    const j = rng.int(i + 1);
    const t = p[i];
    p[i] = p[j];
    p[j] = t;
  }
  return p;
}

const yieldToEventLoop = () => new Promise<void>((resolve) => setImmediate(resolve));

export async function runNetworkTrainer(ctx: RunContext<NetworkConfig>): Promise<void> {
  const c = ctx.config;
  const backend = await selectBackend(c.backend);
  ctx.setBackend(backend.name === 'wasm' || backend.name === 'cpu' ? `tfjs-${backend.name}` : backend.name, backend.details);
  ctx.info(`backend ${backend.name} (${backend.details.device}): ${backend.details.reason}${backend.details.fallbacks ? `; skipped ${backend.details.fallbacks}` : ''}`);

  const { train, test } = loadData(c, ctx.dataDir);
  const task = taskOf(c);
  if (train.kind !== task) throw new Error(`dataset ${c.dataset} gave ${train.kind} data, the config asks for ${task}`);
  ctx.info(`data: ${train.source} (${train.count} training samples${test ? `, ${test.count} test samples` : ', no test set'})`);

  const resume = ctx.resumeFrom;
  const net = buildNetwork(modelSpec(c, train), resume ? null : ctx.rng);
  const optimizer = createOptimizer(c.optimizer, net.variables, c.optimizer === 'sgd' ? c.momentum : 0);
  try {
    const paramCount = net.variables.reduce((a, v) => a + v.size, 0);
    ctx.info(`model: ${c.architecture}, ${paramCount} parameters, feature dimension d = ${net.featureDim}`);
    const lastDecay = c.separateLastDecay ? c.lastWeightDecay : c.weightDecay;
    const decays = net.variables.map((_, i) => (i < net.featureVarCount ? c.weightDecay : lastDecay));
    const loss: LossKind = task === 'regression' ? 'mse' : c.loss;
    const schedule = { kind: c.lrSchedule, lr: c.lr, epochs: c.epochs, decay: c.lrDecay, milestones: stepMilestones(c.lrMilestones, c.epochs) };
    const featureEpochs = parseEpochList(c.featureEpochs, c.epochs) ?? new Set<number>();
    const metricIdx = metricIndices(train, c.metricSamples);
    const evalOrder = evaluationOrder(train.count, metricIdx);
    if (metricIdx.length < train.count) ctx.info(`collapse metrics on ${metricIdx.length} of ${train.count} training samples (class-balanced subset)`);

    const snapshot = (): CheckpointState => {
      const o = optimizer.state();
      return { weights: readWeights(net) as CheckpointValue[], optimizerSteps: o.steps, optimizerSlots: o.slots as CheckpointValue[] };
    };
    const record = (epoch: number, extra: Record<string, number>) => {
      const t0 = performance.now();
      const ev = evaluate(net, train, test, evalOrder, metricIdx.length, loss);
      ctx.log(epoch, { ...ev.metrics, ...extra, metricSeconds: (performance.now() - t0) / 1000 });
      if (featureEpochs.has(epoch)) ctx.artifact('features', epoch, ev.features);
    };

    let lastState: CheckpointState;
    let epoch: number;
    if (resume) {
      const s = resume.state;
      writeWeights(net, s.weights as Float32Array[]);
      optimizer.load({ steps: s.optimizerSteps as number, slots: s.optimizerSlots as Float32Array[] });
      lastState = s;
      epoch = resume.step;
      ctx.info(`resumed at epoch ${epoch}`);
    } else {
      record(0, {});
      lastState = snapshot();
      ctx.checkpoint(1, lastState);
      epoch = 1;
    }

    const batches = Math.ceil(train.count / c.batchSize);
    const totalBatches = batches * c.epochs;
    for (; epoch <= c.epochs; epoch++) {
      const rngAtEpochStart = ctx.rng.getState();
      const lr = learningRate(schedule, epoch);
      const order = permutation(train.count, ctx.rng);
      const t0 = performance.now();
      let batchLoss = 0;
      for (let b = 0; b < batches; b++) {
        await yieldToEventLoop();
        if (ctx.signal.aborted) {
          // Back to the last completed epoch: its weights, and the RNG before this epoch's shuffle.
          ctx.rng.setState(rngAtEpochStart);
          ctx.checkpoint(epoch, lastState);
          ctx.info(`stopped (${String(ctx.signal.reason ?? 'abort')}) during epoch ${epoch}; it will be repeated on resume`);
          return;
        }
        const from = b * c.batchSize;
        const to = Math.min(train.count, from + c.batchSize);
        const value = tf.tidy(() => {
          const x = inputBatch(train, order, from, to);
          const y = targetBatch(train, order, from, to);
          const { value, grads } = tf.variableGrads(() => tf.div(lossSum(net.head(net.features(x)), y, loss), to - from) as tf.Scalar, net.variables);
          optimizer.apply(net.variables.map((v) => grads[v.name]), lr, decays);
          return value;
        });
        batchLoss += value.dataSync()[0] * (to - from);
        value.dispose();
        ctx.progress((epoch - 1) * batches + b + 1, totalBatches);
      }
      record(epoch, { batchLoss: batchLoss / train.count, lr, epochSeconds: (performance.now() - t0) / 1000 });
      lastState = snapshot();
      ctx.checkpoint(epoch + 1, lastState);
    }
  } finally {
    optimizer.dispose();
    net.dispose();
  }
}
