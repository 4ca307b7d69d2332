/**
 * The choices the manifest offers, kept apart from the TensorFlow.js code so that discovering
 * the plugin (reading its manifest in the app's main thread) does not load TensorFlow.js.
 */
export const backendChoices = ['auto', 'tfjs-node-gpu', 'tfjs-node', 'wasm', 'cpu'] as const;
export type BackendChoice = (typeof backendChoices)[number];
export const architectures = ['mlp', 'cnn', 'vgg11', 'vgg13'] as const;
export type Architecture = (typeof architectures)[number];
export const activations = ['relu', 'tanh', 'elu', 'sigmoid'] as const;
export type Activation = (typeof activations)[number];
export const optimizerKinds = ['sgd', 'adam'] as const;
export type OptimizerKind = (typeof optimizerKinds)[number];
