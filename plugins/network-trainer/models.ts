/**
 * The networks, written as plain TensorFlow.js ops over named variables rather than tf.layers
 * models: we need the penultimate features and the last layer separately (metrics, separate
 * weight decay), seeded initialisation from the run's RNG, and weights that go into a
 * checkpoint as plain typed arrays.
 */
import type { Rng } from '../../src-main/engine/plugin-api.ts';
import { tf } from './backend.ts';

import type { Activation, Architecture } from './choices.ts';

export type { Activation, Architecture };

export type ModelSpec = {
  architecture: Architecture;
  /** Shape of one input sample: [features] or [height, width, channels]. */
  inputShape: number[];
  outputs: number;
  activation: Activation;
  /** MLP: hidden widths, input to output. */
  hidden: number[];
  /** CNN: channels of the first conv layer (the second has twice as many) and the dense width. */
  cnnChannels: number;
  cnnDense: number;
  /** VGG: channels of the first block (64 in the original nets, 512 at the widest). */
  vggWidth: number;
};

/** Channel multipliers of the conv blocks; 'M' is a 2x2 max pool (Simonyan & Zisserman, configs A and B). */
const vggPlans: Record<'vgg11' | 'vgg13', (number | 'M')[]> = {
  vgg11: [1, 'M', 2, 'M', 4, 4, 'M', 8, 8, 'M', 8, 8, 'M'],
  vgg13: [1, 1, 'M', 2, 2, 'M', 4, 4, 'M', 8, 8, 'M', 8, 8, 'M'],
};

type Dense = { kind: 'dense'; w: tf.Variable; b: tf.Variable };
type Conv = { kind: 'conv'; w: tf.Variable; b: tf.Variable };
type Step = Dense | Conv | { kind: 'pool' } | { kind: 'flatten' } | { kind: 'pad'; to: number };

export type Network = {
  spec: ModelSpec;
  /** Feature dimension d (width of the penultimate layer). */
  featureDim: number;
  /** Trainable variables, feature layers first, then the last layer's W (d x K) and b (K). */
  variables: tf.Variable[];
  /** How many of `variables` belong to the feature layers (the rest is the last layer). */
  featureVarCount: number;
  lastW: tf.Variable;
  lastB: tf.Variable;
  /** Penultimate features, batch x d. */
  features(x: tf.Tensor): tf.Tensor2D;
  /** Outputs (logits or regression predictions) from features. */
  head(h: tf.Tensor2D): tf.Tensor2D;
  dispose(): void;
};

let instance = 0;

function act(x: tf.Tensor, a: Activation): tf.Tensor {
  switch (a) {
    case 'relu':
      return tf.relu(x);
    case 'tanh':
      return tf.tanh(x);
    case 'elu':
      return tf.elu(x);
    case 'sigmoid':
      return tf.sigmoid(x);
  }
}

/**
 * Builds a network with weights drawn from `rng`: He-normal (std sqrt(2/fan_in)) for ReLU-like
 * activations, Glorot-normal for tanh/sigmoid, LeCun-normal (std 1/sqrt(fan_in)) for the last
 * layer so initial logits are O(1); biases start at zero. Without `rng` every weight is zero,
 * for a network whose weights come from a checkpoint (drawing them would move the restored RNG).
 */
export function buildNetwork(spec: ModelSpec, rng: Rng | null): Network {
  const prefix = `nt${instance++}`;
  const steps: Step[] = [];
  const variables: tf.Variable[] = [];
  const gain = spec.activation === 'relu' || spec.activation === 'elu' ? 'he' : 'glorot';
  const makeVar = (name: string, shape: number[], std: number) => {
    const values = new Float32Array(shape.reduce((a, b) => a * b, 1));
    if (std > 0 && rng) rng.fillNormal(values, std);
    const v = tf.tidy(() => tf.variable(tf.tensor(values, shape), true, `${prefix}/${name}`));
    variables.push(v);
    return v;
  };
  const std = (fanIn: number, fanOut: number) => (gain === 'he' ? Math.sqrt(2 / fanIn) : Math.sqrt(2 / (fanIn + fanOut)));
  const dense = (name: string, fanIn: number, fanOut: number): Dense => ({
    kind: 'dense',
    w: makeVar(`${name}/w`, [fanIn, fanOut], std(fanIn, fanOut)),
    b: makeVar(`${name}/b`, [fanOut], 0),
  });
  const conv = (name: string, cin: number, cout: number): Conv => ({
    kind: 'conv',
    w: makeVar(`${name}/w`, [3, 3, cin, cout], std(9 * cin, 9 * cout)),
    b: makeVar(`${name}/b`, [cout], 0),
  });

  let featureDim: number;
  if (spec.architecture === 'mlp') {
    let width = spec.inputShape.reduce((a, b) => a * b, 1);
    if (spec.inputShape.length > 1) steps.push({ kind: 'flatten' });
    spec.hidden.forEach((h, i) => {
      steps.push(dense(`dense${i}`, width, h));
      width = h;
    });
    featureDim = width;
  } else {
    if (spec.inputShape.length !== 3) {
      throw new Error(`architecture ${spec.architecture} needs image inputs (height x width x channels); this dataset has samples of shape [${spec.inputShape.join(', ')}]`);
    }
    const height = spec.inputShape[0];
    let channels = spec.inputShape[2];
    if (spec.architecture === 'cnn') {
      steps.push(conv('conv0', channels, spec.cnnChannels), { kind: 'pool' }, conv('conv1', spec.cnnChannels, 2 * spec.cnnChannels), { kind: 'pool' }, { kind: 'flatten' });
      const side = Math.floor(Math.floor(height / 2) / 2);
      steps.push(dense('dense0', side * side * 2 * spec.cnnChannels, spec.cnnDense));
      featureDim = spec.cnnDense;
    } else {
      // Five 2x2 pools need a side divisible by 32: 28x28 (MNIST) is zero-padded to 32x32.
      const side = Math.max(32, Math.ceil(height / 32) * 32);
      if (side !== height) steps.push({ kind: 'pad', to: side });
      vggPlans[spec.architecture].forEach((s, i) => {
        if (s === 'M') {
          steps.push({ kind: 'pool' });
        } else {
          const cout = s * spec.vggWidth;
          steps.push(conv(`conv${i}`, channels, cout));
          channels = cout;
        }
      });
      steps.push({ kind: 'flatten' });
      featureDim = (side / 32) ** 2 * channels;
    }
  }
  const featureVarCount = variables.length;
  const lastW = makeVar('last/w', [featureDim, spec.outputs], Math.sqrt(1 / featureDim));
  const lastB = makeVar('last/b', [spec.outputs], 0);

  // ReLU fuses into matMul/conv2d (and their gradients); other activations run as separate ops.
  const fusedAct = spec.activation === 'relu' ? 'relu' : 'linear';
  // tfjs-backend-wasm 4.22 has no Conv2DBackpropFilter kernel, so conv2d cannot be trained there;
  // on such a backend a 3x3 conv runs as nine shifted slices (im2col) and one matMul, whose
  // gradients every backend has.
  const nativeConv = tf.getKernel('Conv2DBackpropFilter', tf.getBackend()) !== undefined;
  const conv3x3 = (x: tf.Tensor4D, s: Conv): tf.Tensor4D => {
    if (nativeConv) return tf.fused.conv2d({ x, filter: s.w as tf.Tensor4D, strides: 1, pad: 'same', bias: s.b, activation: fusedAct });
    const [n, h, w, c] = x.shape;
    const padded = tf.pad(x, [[0, 0], [1, 1], [1, 1], [0, 0]]);
    const shifts: tf.Tensor4D[] = [];
    for (let dy = 0; dy < 3; dy++) for (let dx = 0; dx < 3; dx++) shifts.push(tf.slice(padded, [0, dy, dx, 0], [n, h, w, c]));
    // Column (dy*3 + dx)*c + ci of the patches matches row-major filter index [dy][dx][ci].
    const patches = tf.reshape(tf.concat(shifts, 3), [n * h * w, 9 * c]) as tf.Tensor2D;
    const cout = s.w.shape[3]!;
    const out = tf.fused.matMul({ a: patches, b: tf.reshape(s.w, [9 * c, cout]) as tf.Tensor2D, bias: s.b, activation: fusedAct });
    return tf.reshape(out, [n, h, w, cout]);
  };
  const features = (x: tf.Tensor): tf.Tensor2D =>
    tf.tidy(() => {
      let h = x;
      for (const s of steps) {
        switch (s.kind) {
          case 'dense':
            h = tf.fused.matMul({ a: h as tf.Tensor2D, b: s.w as tf.Tensor2D, bias: s.b, activation: fusedAct });
            if (fusedAct === 'linear') h = act(h, spec.activation);
            break;
          case 'conv':
            h = conv3x3(h as tf.Tensor4D, s);
            if (fusedAct === 'linear') h = act(h, spec.activation);
            break;
          case 'pool':
            h = tf.maxPool(h as tf.Tensor4D, 2, 2, 'valid');
            break;
          case 'flatten':
            h = tf.reshape(h, [h.shape[0], -1]);
            break;
          case 'pad': {
            const [, hh, ww] = h.shape;
            const top = Math.floor((s.to - hh!) / 2);
            const left = Math.floor((s.to - ww!) / 2);
            h = tf.pad(h, [[0, 0], [top, s.to - hh! - top], [left, s.to - ww! - left], [0, 0]]);
            break;
          }
        }
      }
      return h as tf.Tensor2D;
    });
  const head = (h: tf.Tensor2D): tf.Tensor2D => tf.tidy(() => tf.add(tf.matMul(h, lastW as tf.Tensor2D), lastB) as tf.Tensor2D);
  return {
    spec,
    featureDim,
    variables,
    featureVarCount,
    lastW,
    lastB,
    features,
    head,
    dispose() {
      for (const v of variables) v.dispose();
    },
  };
}

/** Weights as plain arrays, in variable order (for checkpoints). */
export function readWeights(net: Network): Float32Array[] {
  return net.variables.map((v) => (v.dataSync() as Float32Array).slice());
}

/** Restores weights saved by `readWeights`; shapes must match the architecture. */
export function writeWeights(net: Network, weights: Float32Array[]): void {
  if (weights.length !== net.variables.length) throw new Error(`checkpoint holds ${weights.length} weight arrays, the network has ${net.variables.length}`);
  net.variables.forEach((v, i) => {
    if (weights[i].length !== v.size) throw new Error(`checkpoint weight ${v.name} has ${weights[i].length} values, expected ${v.size}`);
    tf.tidy(() => v.assign(tf.tensor(weights[i], v.shape)));
  });
}
