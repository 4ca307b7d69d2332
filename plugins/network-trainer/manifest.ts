/**
 * The network trainer's manifest: parameters (they drive the form and validation), metrics with
 * their precise definitions, presets and chart panels.
 */
import type { Config, MetricSpec, PluginManifest } from '../../src-main/engine/plugin-api.ts';
import { parseCovariance } from '../../src-main/data/synthetic.ts';
import { activations, architectures, backendChoices, optimizerKinds } from './choices.ts';
import { parseEpochList } from './lr-schedule.ts';

export const datasets = ['gaussian-mixture', 'synthetic-regression', 'mnist', 'fashion-mnist', 'cifar10', 'csv'] as const;
export type DatasetName = (typeof datasets)[number];

export type NetworkConfig = {
  dataset: DatasetName;
  dataFolder: string;
  maxTrainSamples: number;
  classes: number;
  perClass: number;
  samples: number;
  inputDim: number;
  separation: number;
  targetCovariance: string;
  dataSeed: number;
  csvFile: string;
  csvTestFile: string;
  csvTask: 'classification' | 'regression';
  csvLabelColumn: string;
  csvTargetColumns: string;
  architecture: (typeof architectures)[number];
  hiddenWidth: number;
  hiddenLayers: number;
  activation: (typeof activations)[number];
  cnnChannels: number;
  cnnDense: number;
  vggWidth: number;
  loss: 'cross-entropy' | 'mse';
  optimizer: (typeof optimizerKinds)[number];
  lr: number;
  momentum: number;
  weightDecay: number;
  separateLastDecay: boolean;
  lastWeightDecay: number;
  lrSchedule: 'constant' | 'step' | 'cosine';
  lrDecay: number;
  lrMilestones: string;
  batchSize: number;
  epochs: number;
  metricSamples: number;
  evalTest: boolean;
  featureEpochs: string;
  backend: (typeof backendChoices)[number];
};

const imageSets = ['mnist', 'fashion-mnist', 'cifar10'];
const fileSets = [...imageSets];

/** Classification or regression, from the dataset (and the CSV task). */
export function taskOf(c: Pick<NetworkConfig, 'dataset' | 'csvTask'> | Config): 'classification' | 'regression' {
  if (c.dataset === 'synthetic-regression') return 'regression';
  if (c.dataset === 'csv') return c.csvTask === 'regression' ? 'regression' : 'classification';
  return 'classification';
}

const subsampleNote =
  'Computed on the penultimate features of the training set, or of a class-balanced subset of `metricSamples` samples (the first samples of each class in file order, the same subset every epoch) when the set is larger.';

const classificationMetrics: MetricSpec[] = [
  { key: 'loss', label: 'train loss', definition: 'Data loss on the full training set after the epoch (cross-entropy: mean of -log softmax; MSE: (1/2N) sum_i ||W h_i + b - y_i||^2 with one-hot y), without the weight-decay penalty.', scale: 'log', group: 'training' },
  { key: 'accuracy', label: 'train accuracy', definition: 'Fraction of the full training set classified correctly after the epoch (argmax of the outputs).', scale: 'lin', ideal: 1, group: 'training' },
  { key: 'batchLoss', label: 'mean batch loss', definition: 'Mean of the mini-batch losses during the epoch (weights change along the way).', scale: 'log', group: 'training' },
  { key: 'testLoss', label: 'test loss', definition: 'Data loss on the test set (when the dataset has one and evalTest is on).', scale: 'log', group: 'test' },
  { key: 'testAccuracy', label: 'test accuracy', definition: 'Fraction of the test set classified correctly.', scale: 'lin', group: 'test' },
  { key: 'nc1', label: 'NC1', definition: `(1/K) Tr(Sigma_W Sigma_B^+), Sigma_B^+ from the eigenvalues above 1e-12 of the largest. ${subsampleNote}`, scale: 'log', ideal: 0, group: 'collapse' },
  { key: 'nc1Tilde', label: 'NC1~', definition: `Tr Sigma_W / Tr Sigma_B. ${subsampleNote}`, scale: 'log', ideal: 0, group: 'collapse' },
  { key: 'nc2', label: 'NC2 (features)', definition: `|| G/||G||_F - P_K/sqrt(K-1) ||_F with G = M~^T M~, the Gram of the centred class means. ${subsampleNote}`, scale: 'log', ideal: 0, group: 'collapse' },
  { key: 'nc2W', label: 'NC2 (classifier)', definition: 'The same distance with G = W W^T (last-layer rows, not centred).', scale: 'log', ideal: 0, group: 'collapse' },
  { key: 'nc3', label: 'NC3', definition: `|| W^T/||W||_F - M~/||M~||_F ||_F (not squared). ${subsampleNote}`, scale: 'log', ideal: 0, group: 'collapse' },
  { key: 'nc4', label: 'NC4', definition: `Fraction of samples whose network prediction argmax_k (W h + b)_k differs from the nearest class mean argmin_k ||h - mu_k||. ${subsampleNote}`, scale: 'lin', ideal: 0, group: 'collapse' },
  { key: 'cvH', label: 'equinorm (features)', definition: `std/mean of ||mu_k - mu_G|| (unbiased K-1 std). ${subsampleNote}`, scale: 'log', ideal: 0, group: 'dynamics' },
  { key: 'cvW', label: 'equinorm (classifier)', definition: 'std/mean of ||w_k|| (unbiased K-1 std).', scale: 'log', ideal: 0, group: 'dynamics' },
  { key: 'angH', label: 'equiangularity (features)', definition: `mean over k != k' of |cos(mu_k - mu_G, mu_k' - mu_G) + 1/(K-1)|. ${subsampleNote}`, scale: 'log', ideal: 0, group: 'dynamics' },
  { key: 'angW', label: 'equiangularity (classifier)', definition: "mean over k != k' of |cos(w_k, w_k') + 1/(K-1)|.", scale: 'log', ideal: 0, group: 'dynamics' },
  { key: 'withinClass', label: 'within-class variation', definition: `mean_i ||h_i - mu_{y_i}|| / mean_i ||h_i - mu_G||. ${subsampleNote}`, scale: 'log', ideal: 0, group: 'dynamics' },
  { key: 'selfDuality', label: 'self-duality', definition: `mean_k || (mu_k - mu_G)/||mu_k - mu_G|| - w_k/||w_k|| ||. ${subsampleNote}`, scale: 'log', ideal: 0, group: 'dynamics' },
];

const regressionMetrics: MetricSpec[] = [
  { key: 'loss', label: 'train MSE', definition: 'Data loss on the full training set after the epoch, (1/2N) sum_i ||f(x_i) - y_i||^2, without the weight-decay penalty.', scale: 'log', group: 'training' },
  { key: 'r2', label: 'train R²', definition: '1 - sum_i ||f(x_i) - y_i||^2 / sum_i ||y_i - ybar||^2 on the full training set (pooled over target dimensions).', scale: 'lin', ideal: 1, group: 'training' },
  { key: 'testR2', label: 'test R²', definition: 'R² on the test set.', scale: 'lin', group: 'test' },
  { key: 'nrc1', label: 'NRC1', definition: `(1/M) sum_i ||h~_i - proj(h~_i | top-n principal components of H)||^2 with h~_i = h_i/||h_i|| (components of the centred features, projection of the un-centred normalised features). ${subsampleNote.replace('class-balanced subset', 'evenly spaced subset')}`, scale: 'log', ideal: 0, group: 'collapse' },
  { key: 'nrc2', label: 'NRC2', definition: `(1/M) sum_i ||h~_i - proj(h~_i | row space of W)||^2. Same samples as NRC1.`, scale: 'log', ideal: 0, group: 'collapse' },
  { key: 'nrc3', label: 'NRC3', definition: "|| W W^T/||W W^T||_F - (Sigma^{1/2} - gamma^{1/2} I)/||Sigma^{1/2} - gamma^{1/2} I||_F ||_F^2 (squared), Sigma the covariance (1/M) of the metric samples' targets; gamma re-chosen every epoch as the minimiser over 200 grid points in [0, lambda_min(Sigma)] (the authors fix gamma from the final W instead, which a live run cannot know; the chosen gamma is logged as nrc3Gamma).", scale: 'log', ideal: 0, group: 'collapse' },
  { key: 'nrc3Gamma', label: 'NRC3 gamma', definition: 'The gamma that minimised NRC3 at this epoch (grid over [0, lambda_min(Sigma)]).', scale: 'lin', group: 'collapse' },
  ...[1, 2, 3, 4, 5].map((j): MetricSpec => ({
    key: `evr${j}`,
    label: `EVR PC${j}`,
    definition: `Explained variance ratio of principal component ${j} of the centred penultimate features: its eigenvalue of the feature covariance over the sum of all. Same samples as NRC1.`,
    scale: 'log',
    group: 'spectrum',
  })),
];

const commonMetrics: MetricSpec[] = [
  { key: 'featureNorm', label: 'feature norm', definition: 'Root mean square of ||h_i|| over the metric samples (penultimate features).', scale: 'log', group: 'norms' },
  { key: 'lastLayerNorm', label: '||W||_F', definition: 'Frobenius norm of the last layer weights W (bias excluded).', scale: 'log', group: 'norms' },
  { key: 'featureLayersNorm', label: '||theta||', definition: 'Euclidean norm of all feature-layer parameters (weights and biases).', scale: 'log', group: 'norms' },
  { key: 'lr', label: 'learning rate', definition: 'Learning rate used during the epoch.', scale: 'log', group: 'training' },
  { key: 'epochSeconds', label: 'epoch time', definition: 'Wall-clock seconds of the epoch\'s training (metrics excluded).', scale: 'lin', group: 'speed' },
  { key: 'metricSeconds', label: 'metric time', definition: 'Wall-clock seconds spent on the evaluation pass and the metrics after the epoch.', scale: 'lin', group: 'speed' },
];

export const manifest: PluginManifest = {
  id: 'network-trainer',
  name: 'Network trainer (TensorFlow.js)',
  version: '0.1.0',
  description:
    'Trains real networks (MLP, small CNN, VGG-11/13) with TensorFlow.js on the fastest backend that loads (CUDA, native CPU, WebAssembly, pure JS) and tracks the collapse of the penultimate features every epoch: NC1-NC4 for classification, NRC1-3 and explained variance for regression, past zero training error.',
  stepsParam: 'epochs',
  progressUnit: 'batches',
  params: {
    dataset: {
      type: 'enum',
      label: 'dataset',
      help: 'Synthetic sets need no files; the others are read from the data folder (never downloaded).',
      group: 'data',
      default: 'gaussian-mixture',
      options: [
        { value: 'gaussian-mixture', label: 'Gaussian mixture (synthetic classification)' },
        { value: 'synthetic-regression', label: 'synthetic regression with a chosen target covariance' },
        { value: 'mnist', label: 'MNIST (IDX files)' },
        { value: 'fashion-mnist', label: 'Fashion-MNIST (IDX files)' },
        { value: 'cifar10', label: 'CIFAR-10 (binary version)' },
        { value: 'csv', label: 'CSV file' },
      ],
    },
    dataFolder: {
      type: 'string',
      label: 'data folder',
      help: 'Folder with the dataset files. Empty: <data dir>/mnist, <data dir>/fashion-mnist or <data dir>/cifar-10-batches-bin.',
      group: 'data',
      default: '',
      format: 'file',
      visibleWhen: { dataset: imageSets },
    },
    maxTrainSamples: { type: 'int', label: 'max training samples', help: 'Train on a class-balanced subset of at most this many samples (the first of each class in file order); 0 uses all.', group: 'data', default: 0, min: 0 },
    classes: { type: 'int', label: 'classes K', help: 'Number of mixture components.', group: 'data', default: 10, min: 2, max: 100, visibleWhen: { dataset: ['gaussian-mixture'] } },
    perClass: { type: 'int', label: 'samples per class', help: 'Training samples per class (the test set has a fifth as many).', group: 'data', default: 100, min: 1, visibleWhen: { dataset: ['gaussian-mixture'] } },
    samples: { type: 'int', label: 'samples', help: 'Training samples (the test set has a fifth as many).', group: 'data', default: 1000, min: 2, visibleWhen: { dataset: ['synthetic-regression'] } },
    inputDim: { type: 'int', label: 'input dimension', help: 'Dimension of the synthetic inputs.', group: 'data', default: 20, min: 1, max: 10000, visibleWhen: { dataset: ['gaussian-mixture', 'synthetic-regression'] } },
    separation: { type: 'number', label: 'mean separation', help: 'Norm of every class mean; the within-class noise has unit variance per coordinate.', group: 'data', default: 3, min: 0, visibleWhen: { dataset: ['gaussian-mixture'] } },
    targetCovariance: {
      type: 'string',
      label: 'target covariance',
      help: 'Covariance Sigma of the targets, row by row: entries separated by commas, rows by semicolons. Its size is the target dimension n.',
      group: 'data',
      default: '1,-0.25;-0.25,1',
      format: 'text',
      visibleWhen: { dataset: ['synthetic-regression'] },
    },
    dataSeed: { type: 'int', label: 'data seed', help: 'Seed of the synthetic data, separate from the run seed so runs with different seeds see the same data.', group: 'data', default: 0, min: 0, visibleWhen: { dataset: ['gaussian-mixture', 'synthetic-regression'] } },
    csvFile: { type: 'string', label: 'CSV file', help: 'Training data: a header row, then one sample per row; numeric columns. A relative path is read from the data folder.', group: 'data', default: '', format: 'file', extensions: ['.csv'], visibleWhen: { dataset: ['csv'] } },
    csvTestFile: { type: 'string', label: 'CSV test file', help: 'Optional test data with the same columns.', group: 'data', default: '', format: 'file', extensions: ['.csv'], visibleWhen: { dataset: ['csv'] } },
    csvTask: {
      type: 'enum',
      label: 'CSV task',
      help: 'Classification reads one label column (integers 0..K-1); regression reads one or more target columns.',
      group: 'data',
      default: 'classification',
      options: [
        { value: 'classification', label: 'classification' },
        { value: 'regression', label: 'regression' },
      ],
      visibleWhen: { dataset: ['csv'] },
    },
    csvLabelColumn: { type: 'string', label: 'label column', help: 'Header name of the label column.', group: 'data', default: 'label', format: 'text', visibleWhen: { csvTask: ['classification'], dataset: ['csv'] } },
    csvTargetColumns: { type: 'string', label: 'target columns', help: 'Header names of the target columns, comma separated.', group: 'data', default: 'y', format: 'text', visibleWhen: { csvTask: ['regression'], dataset: ['csv'] } },
    architecture: {
      type: 'enum',
      label: 'architecture',
      help: 'The CNN and the VGG nets need image data.',
      group: 'model',
      default: 'mlp',
      options: [
        { value: 'mlp', label: 'MLP' },
        { value: 'cnn', label: 'small CNN (2 conv + 1 dense)' },
        { value: 'vgg11', label: 'VGG-11 (configuration A)' },
        { value: 'vgg13', label: 'VGG-13 (configuration B)' },
      ],
    },
    hiddenWidth: { type: 'int', label: 'hidden width', help: 'Width of every hidden layer of the MLP; the last one is the feature dimension d.', group: 'model', default: 256, min: 1, max: 65536, visibleWhen: { architecture: ['mlp'] } },
    hiddenLayers: { type: 'int', label: 'hidden layers', help: 'Number of hidden layers of the MLP.', group: 'model', default: 3, min: 1, max: 64, visibleWhen: { architecture: ['mlp'] } },
    activation: {
      type: 'enum',
      label: 'activation',
      help: 'Activation of every hidden layer.',
      group: 'model',
      default: 'relu',
      options: activations.map((a) => ({ value: a, label: a })),
    },
    cnnChannels: { type: 'int', label: 'CNN channels', help: 'Channels of the first conv layer; the second has twice as many.', group: 'model', default: 16, min: 1, max: 1024, visibleWhen: { architecture: ['cnn'] } },
    cnnDense: { type: 'int', label: 'CNN feature width', help: 'Width of the dense layer before the classifier (the feature dimension d).', group: 'model', default: 128, min: 1, max: 65536, visibleWhen: { architecture: ['cnn'] } },
    vggWidth: { type: 'int', label: 'VGG width', help: 'Channels of the first block (64 in the original nets); blocks grow 1x, 2x, 4x, 8x, 8x. The feature dimension is 8x this.', group: 'model', default: 8, min: 1, max: 64, visibleWhen: { architecture: ['vgg11', 'vgg13'] } },
    loss: {
      type: 'enum',
      label: 'loss',
      help: 'Classification: cross-entropy or MSE against one-hot targets. Regression always uses MSE.',
      group: 'training',
      default: 'cross-entropy',
      options: [
        { value: 'cross-entropy', label: 'cross-entropy' },
        { value: 'mse', label: 'MSE (1/2N) sum ||f - y||^2' },
      ],
    },
    optimizer: {
      type: 'enum',
      label: 'optimizer',
      help: 'PyTorch semantics; weight decay is an L2 term added to the gradient (Adam, not AdamW).',
      group: 'training',
      default: 'sgd',
      options: [
        { value: 'sgd', label: 'SGD with momentum' },
        { value: 'adam', label: 'Adam' },
      ],
    },
    lr: { type: 'number', label: 'learning rate', help: 'Initial learning rate.', group: 'training', default: 0.05, min: 0, exclusiveMin: true, scale: 'log' },
    momentum: { type: 'number', label: 'momentum', help: 'SGD momentum (0: plain SGD).', group: 'training', default: 0.9, min: 0, max: 0.999, visibleWhen: { optimizer: ['sgd'] } },
    weightDecay: { type: 'number', label: 'weight decay', help: 'L2 coefficient of the feature layers (lambda_theta), and of the last layer too unless set separately.', group: 'training', default: 0, min: 0, scale: 'log' },
    separateLastDecay: { type: 'boolean', label: 'separate last-layer decay', help: 'Give the last layer (W, b) its own weight decay, as in the perturbation paper\'s experiment.', group: 'training', default: false },
    lastWeightDecay: { type: 'number', label: 'last-layer weight decay', help: 'L2 coefficient of the last layer (lambda_W).', group: 'training', default: 0, min: 0, scale: 'log', visibleWhen: { separateLastDecay: [true] } },
    lrSchedule: {
      type: 'enum',
      label: 'lr schedule',
      help: 'step: multiply by the decay factor at each milestone epoch; cosine: anneal to 0 over the run.',
      group: 'training',
      default: 'constant',
      options: [
        { value: 'constant', label: 'constant' },
        { value: 'step', label: 'step decay' },
        { value: 'cosine', label: 'cosine annealing' },
      ],
    },
    lrDecay: { type: 'number', label: 'decay factor', help: 'Factor applied at each milestone.', group: 'training', default: 0.1, min: 0, max: 1, exclusiveMin: true, visibleWhen: { lrSchedule: ['step'] } },
    lrMilestones: { type: 'string', label: 'milestones', help: 'Epochs after which the rate is multiplied by the factor, comma separated. Empty: at 1/3 and 2/3 of the epochs (Papyan et al.).', group: 'training', default: '', format: 'text', visibleWhen: { lrSchedule: ['step'] } },
    batchSize: { type: 'int', label: 'batch size', help: 'Samples per mini-batch (the last batch of an epoch may be smaller).', group: 'training', default: 128, min: 1, max: 65536 },
    epochs: { type: 'int', label: 'epochs', help: 'Passes over the training set; keep going past zero training error to see the terminal phase.', group: 'training', default: 30, min: 1, max: 1000000, unit: 'epochs' },
    metricSamples: { type: 'int', label: 'metric samples', help: 'Collapse metrics use at most this many training samples (class-balanced); 0 uses all.', group: 'metrics', default: 2000, min: 0 },
    evalTest: { type: 'boolean', label: 'evaluate test set', help: 'Loss and accuracy (R²) on the test set every epoch, when the dataset has one.', group: 'metrics', default: true },
    featureEpochs: {
      type: 'string',
      label: 'save features at',
      help: 'Epochs whose penultimate features and labels are saved as a "features" artifact (input H0 of the perturbed model): "last", "none", "all", or a list such as "0,10,last".',
      group: 'metrics',
      default: 'last',
      format: 'text',
    },
    backend: {
      type: 'enum',
      label: 'backend',
      help: 'auto tries CUDA (tfjs-node-gpu), native CPU (tfjs-node), WebAssembly, then pure JS, and keeps the first that loads. An explicit choice fails when that backend cannot load.',
      group: 'compute',
      default: 'auto',
      options: backendChoices.map((b) => ({ value: b, label: b })),
    },
  },
  constraints: [
    {
      fields: ['loss', 'dataset'],
      message: 'regression data trains with the MSE loss: set loss to mse',
      check: (c) => taskOf(c) === 'classification' || c.loss === 'mse',
    },
    {
      fields: ['architecture', 'dataset'],
      message: 'the CNN and VGG architectures need image data (mnist, fashion-mnist or cifar10)',
      check: (c) => c.architecture === 'mlp' || imageSets.includes(String(c.dataset)),
    },
    {
      fields: ['csvFile'],
      message: 'a CSV dataset needs a CSV file',
      check: (c) => c.dataset !== 'csv' || String(c.csvFile).trim() !== '',
    },
    {
      fields: ['featureEpochs'],
      message: 'write "last", "none", "all" or epochs separated by commas (e.g. "0,10,last")',
      check: (c) => parseEpochList(String(c.featureEpochs), Number(c.epochs)) !== null,
    },
    {
      fields: ['lrMilestones'],
      message: 'write epochs separated by commas, each between 1 and the number of epochs',
      check: (c) => c.lrSchedule !== 'step' || String(c.lrMilestones).trim() === '' || parseEpochList(String(c.lrMilestones), Number(c.epochs)) !== null,
    },
    {
      fields: ['targetCovariance'],
      message: 'must be a symmetric positive-definite matrix written row by row, e.g. "1,-0.25;-0.25,1"',
      check: (c) => {
        if (c.dataset !== 'synthetic-regression') return true;
        parseCovariance(String(c.targetCovariance), 'targetCovariance');
        return true;
      },
    },
  ],
  metrics: [...classificationMetrics, ...regressionMetrics.filter((m) => m.key !== 'loss'), ...commonMetrics],
  presets: [
    {
      name: 'demo',
      label: 'Demo: Gaussian mixture, no files',
      description: 'A 3x64 ReLU MLP on a 10-class Gaussian mixture (1,000 samples, no files needed) reaches zero training error within a few epochs and keeps training with a stepped learning rate; NC1 falls by an order of magnitude and NC4 reaches 0. Takes seconds on a CPU.',
      params: { dataset: 'gaussian-mixture', classes: 10, perClass: 100, inputDim: 20, separation: 5, hiddenWidth: 64, hiddenLayers: 3, optimizer: 'sgd', lr: 0.05, momentum: 0.9, weightDecay: 5e-4, lrSchedule: 'step', batchSize: 50, epochs: 100, metricSamples: 1000, featureEpochs: '0,last' },
    },
    {
      name: 'mnist-mlp',
      label: 'MNIST MLP past zero error (Papyan et al. style)',
      description: 'A 784-256-256-256-10 ReLU MLP on MNIST, SGD with momentum, no weight decay, step decay at 1/3 and 2/3, 350 epochs: well past zero training error. Needs the four MNIST IDX files in <data dir>/mnist. Several hours on wasm; use --set epochs=... for a shorter run.',
      params: { dataset: 'mnist', architecture: 'mlp', hiddenWidth: 256, hiddenLayers: 3, optimizer: 'sgd', lr: 0.0679, momentum: 0.9, weightDecay: 0, lrSchedule: 'step', lrDecay: 0.1, batchSize: 128, epochs: 350, metricSamples: 5000, featureEpochs: 'last' },
    },
    {
      name: 'fashion-vgg13',
      label: 'Fashion-MNIST VGG-13 (narrow, CPU-sized)',
      description: 'VGG-13 with 8 channels in the first block (1/8 of the original width, feature dimension 64), images zero-padded to 32x32, on 2,000 Fashion-MNIST images (200 per class), SGD with momentum, no weight decay, 50 epochs past zero error. About 45 s per epoch on the WebAssembly backend of a 2-core machine. Needs the Fashion-MNIST IDX files in <data dir>/fashion-mnist.',
      params: { dataset: 'fashion-mnist', architecture: 'vgg13', vggWidth: 8, maxTrainSamples: 2000, optimizer: 'sgd', lr: 0.02, momentum: 0.9, weightDecay: 0, lrSchedule: 'step', batchSize: 64, epochs: 50, metricSamples: 2000, featureEpochs: 'last' },
    },
    {
      name: 'mujoco-like-mlp',
      label: 'Regression collapse: 3x256 MLP, weight decay 1e-2',
      description: 'The neural-regression-collapse MuJoCo setting (Andriopoulos et al.): a 3x256 ReLU MLP, SGD lr 1e-2, batch 256, weight decay 1e-2, on a synthetic set with a Swimmer-like 2-d target covariance. NRC1-3 fall and the explained variance beyond PC2 vanishes. Point the CSV reader at real MuJoCo data (dataset=csv, csvTask=regression) to use it instead.',
      params: { dataset: 'synthetic-regression', samples: 1000, inputDim: 11, targetCovariance: '1,-0.25;-0.25,1', hiddenWidth: 256, hiddenLayers: 3, loss: 'mse', optimizer: 'sgd', momentum: 0, lr: 0.01, weightDecay: 0.01, batchSize: 256, epochs: 2000, metricSamples: 1000, featureEpochs: 'last' },
    },
    {
      name: 'wd-sweep',
      label: 'NRC against weight decay (sweep)',
      description: 'The regression-collapse phase change: the mujoco-like setting at weight decay 1e-2, 5e-3, 5e-4, 5e-5 and 0, one run per value. With zero weight decay there is no collapse.',
      params: { dataset: 'synthetic-regression', samples: 1000, inputDim: 11, targetCovariance: '1,-0.25;-0.25,1', hiddenWidth: 256, hiddenLayers: 3, loss: 'mse', optimizer: 'sgd', momentum: 0, lr: 0.01, batchSize: 256, epochs: 2000, metricSamples: 1000, featureEpochs: 'last' },
      grid: { weightDecay: [1e-2, 5e-3, 5e-4, 5e-5, 0] },
    },
  ],
  panels: [
    { title: 'Loss', metrics: ['loss', 'batchLoss', 'testLoss'], x: 'step', xScale: 'log', yScale: 'log' },
    { title: 'Accuracy / R²', metrics: ['accuracy', 'testAccuracy', 'r2', 'testR2'], x: 'step', xScale: 'log', yScale: 'lin' },
    { title: 'NC1', metrics: ['nc1', 'nc1Tilde'], x: 'step', xScale: 'log', yScale: 'log' },
    { title: 'NC2-NC4', metrics: ['nc2', 'nc2W', 'nc3', 'nc4'], x: 'step', xScale: 'log', yScale: 'log' },
    { title: 'ULPM dynamics', metrics: ['cvH', 'cvW', 'angH', 'angW', 'withinClass', 'selfDuality'], x: 'step', xScale: 'log', yScale: 'log' },
    { title: 'Regression collapse', metrics: ['nrc1', 'nrc2', 'nrc3'], x: 'step', xScale: 'log', yScale: 'log' },
    { title: 'Explained variance', metrics: ['evr1', 'evr2', 'evr3', 'evr4', 'evr5'], x: 'step', xScale: 'log', yScale: 'log' },
    { title: 'Norms', metrics: ['featureNorm', 'lastLayerNorm', 'featureLayersNorm'], x: 'step', xScale: 'log', yScale: 'log' },
  ],
  artifacts: [
    { name: 'features', label: 'penultimate features', kind: 'features', description: 'Penultimate features (d x N, one column per sample) of the metric samples, with their labels, at the epochs chosen in featureEpochs; usable as H0 of the perturbed model (<runId>:features@<epoch>).' },
  ],
};
