import type { PluginManifest } from '../../src-main/engine/plugin-api.ts';

/** Configuration of a perturbed-ufm run. */
export type VicinityConfig = {
  h0Source: 'synthetic' | 'file' | 'artifact';
  K: number;
  n: number;
  d: number;
  geometry: 'tb-minimiser' | 'etf' | 'orthogonal' | 'random';
  meanNorm: number;
  withinStd: number;
  h0File: string;
  h0Artifact: string;
  lambdaW: number;
  lambdaH: number;
  beta: number;
  mode: 'minimize' | 'central-path';
  solver: 'alternating' | 'gd';
  steps: number;
  tol: number;
  lr: number;
  pathTime: number;
  sensitivity: boolean;
};

const synthetic = { h0Source: ['synthetic'] };
const minimize = { mode: ['minimize'] };

/** Near-collapse setting of the paper's Figure 1 (K = 4, d = 10, n = 10, λ_W = √2, β = 100). */
const fig1 = { h0Source: 'synthetic', K: 4, n: 10, d: 10, geometry: 'tb-minimiser', withinStd: 0, lambdaW: Math.SQRT2, beta: 100, mode: 'minimize', solver: 'alternating', steps: 200, sensitivity: true };
/** A noisy ETF input: far enough from collapse that the optimum visibly moves toward it. */
const noisyEtf = { h0Source: 'synthetic', K: 4, n: 10, d: 10, geometry: 'etf', meanNorm: 1, withinStd: 0.3, mode: 'minimize', solver: 'alternating', steps: 500, sensitivity: false };

export const manifest: PluginManifest = {
  id: 'perturbed-ufm',
  name: 'Perturbed (vicinity) UFM',
  version: '1.0.0',
  description:
    'Features kept near given input features H0 (Tirer, Huang, Niles-Weed, ICML 2023): minimise ' +
    'f = (1/2N)||WH − Y||² + (λ_W/2K)||W||² + (λ_H/2N)||H||² + (β/2N)||H − H0||². Shows the optimum less variable within class than H0, ' +
    'the first-order closed form against the solver, the sensitivity blocks of Theorem 4.2 (λ_H is the lever toward collapse, not λ_W), and the central-path flow of Theorem 3.1. ' +
    'H0 can be synthetic, a CSV/.npy file, or the saved features of another run.',
  params: {
    h0Source: {
      type: 'enum',
      label: 'input features H0',
      help: 'synthetic: class means on a chosen geometry plus within-class noise. file: a CSV/.npy table, one sample per row, the last column the integer label. artifact: the saved features (with labels) of another run.',
      default: 'synthetic',
      options: [
        { value: 'synthetic', label: 'synthetic' },
        { value: 'file', label: 'matrix file' },
        { value: 'artifact', label: 'features of another run' },
      ],
      group: 'input',
    },
    K: { type: 'int', label: 'classes K', help: 'Number of classes of the synthetic H0.', default: 4, min: 2, max: 200, group: 'input', visibleWhen: synthetic },
    n: { type: 'int', label: 'samples per class n', help: 'Samples per class of the synthetic H0 (balanced).', default: 10, min: 1, max: 10000, group: 'input', visibleWhen: synthetic },
    d: { type: 'int', label: 'feature dimension d', help: 'Dimension of the synthetic features.', default: 10, min: 1, max: 4096, group: 'input', visibleWhen: synthetic },
    geometry: {
      type: 'enum',
      label: 'class-mean geometry',
      help: 'tb-minimiser: the exact minimiser of the plain UFM with these λ (an orthogonal frame; Corollary 2.2 and Theorem 4.2 start there). etf: simplex ETF. orthogonal: orthonormal frame. random: Gaussian directions.',
      default: 'etf',
      options: [
        { value: 'tb-minimiser', label: 'UFM minimiser (near collapse)' },
        { value: 'etf', label: 'simplex ETF' },
        { value: 'orthogonal', label: 'orthogonal frame' },
        { value: 'random', label: 'random' },
      ],
      group: 'input',
      visibleWhen: synthetic,
    },
    meanNorm: { type: 'number', label: 'class-mean norm', help: 'Norm of every class mean (etf, orthogonal, random geometries).', default: 1, min: 0, exclusiveMin: true, max: 1e6, group: 'input', visibleWhen: { h0Source: ['synthetic'], geometry: ['etf', 'orthogonal', 'random'] } },
    withinStd: { type: 'number', label: 'within-class noise std', help: 'Standard deviation of the Gaussian noise added to every entry of every feature: the distance of H0 from collapse.', default: 0.3, min: 0, max: 1e6, group: 'input', visibleWhen: synthetic },
    h0File: { type: 'string', label: 'H0 file', help: 'CSV or .npy: one sample per row; the last column is the integer class label (any integers, mapped to 0..K−1 in increasing order), the others the features. Relative paths are read from the data folder.', default: '', format: 'file', extensions: ['.csv', '.npy'], group: 'input', visibleWhen: { h0Source: ['file'] } },
    h0Artifact: { type: 'string', label: 'H0 from a run', help: 'Features artifact of another run, written <runId>:<artifact>[@step] (e.g. the penultimate features of the network trainer, or ce-ulpm’s "features").', default: '', format: 'run-artifact', group: 'input', visibleWhen: { h0Source: ['artifact'] } },
    lambdaW: { type: 'number', label: 'λ_W', help: 'Classifier regularisation (penalty λ_W/(2K) ||W||²).', default: 0.1, min: 0, exclusiveMin: true, max: 100, scale: 'log', group: 'model' },
    lambdaH: { type: 'number', label: 'λ_H', help: 'Feature regularisation (penalty λ_H/(2N) ||H||²): the lever toward collapse.', default: 0.1, min: 0, max: 100, scale: 'log', group: 'model' },
    beta: { type: 'number', label: 'β', help: 'Strength of the pull toward H0 (penalty β/(2N) ||H − H0||²); 1/β is the expressiveness of the layer from H0 to H. The theory is for large β.', default: 10, min: 0, exclusiveMin: true, max: 1e8, scale: 'log', group: 'model' },
    mode: {
      type: 'enum',
      label: 'mode',
      help: 'minimize: find the minimiser of f. central-path: gradient flow dH/dt = −N ∇L(H) of L(H) = min_W f without the β term, from H0 (Theorem 3.1).',
      default: 'minimize',
      options: [
        { value: 'minimize', label: 'minimise f' },
        { value: 'central-path', label: 'central-path flow' },
      ],
      group: 'solver',
    },
    solver: {
      type: 'enum',
      label: 'solver',
      help: 'alternating: exact partial minimisation, W*(H) then H*(W) (converges in a few iterations for large β). gd: gradient descent with step lr on W and lr·N/(1 + λ_H + β) on H (each column enters f with weight 1/N and curvature about λ_H + β).',
      default: 'alternating',
      options: [
        { value: 'alternating', label: 'alternating exact minimisation' },
        { value: 'gd', label: 'gradient descent' },
      ],
      group: 'solver',
      visibleWhen: minimize,
    },
    steps: { type: 'int', label: 'iterations', help: 'Solver iterations (minimize) or Euler steps of the flow (central-path).', unit: 'steps', default: 500, min: 1, max: 1e7, scale: 'log', group: 'solver' },
    tol: { type: 'number', label: 'tolerance', help: 'Stop when an iteration changes W and H by less than this relative amount (minimize).', default: 1e-13, min: 0, max: 1, scale: 'log', group: 'solver', visibleWhen: minimize },
    lr: { type: 'number', label: 'step size', help: 'Gradient-descent step size (W; H uses lr·N/(1 + λ_H + β)).', default: 0.5, min: 0, exclusiveMin: true, max: 100, scale: 'log', group: 'solver', visibleWhen: { mode: ['minimize'], solver: ['gd'] } },
    pathTime: { type: 'number', label: 'flow time T', help: 'Length of the central-path flow; the Euler step is T / iterations.', default: 10, min: 0, exclusiveMin: true, max: 1e6, scale: 'log', group: 'solver', visibleWhen: { mode: ['central-path'] } },
    sensitivity: { type: 'boolean', label: 'sensitivity spectra', help: 'At the end, compute F = ∂vec(Ĥ)/∂vec(H0) exactly and the singular values of its class blocks (Theorem 4.2). Dense: only when d·N ≤ 1200.', default: true, group: 'solver', visibleWhen: minimize },
  },
  constraints: [
    { fields: ['h0File'], message: 'h0Source = file needs an H0 file (.csv or .npy)', check: (c) => c.h0Source !== 'file' || /\.(csv|npy)$/i.test((c.h0File as string).trim()) },
    { fields: ['h0Artifact'], message: 'h0Source = artifact needs a run artifact reference <runId>:<artifact>[@step]', check: (c) => c.h0Source !== 'artifact' || /^\d+:[^@]+(@\d+)?$/.test((c.h0Artifact as string).trim()) },
    { fields: ['geometry', 'd', 'K'], message: 'the tb-minimiser and orthogonal geometries need d >= K, the etf geometry d >= K−1', check: (c) => c.h0Source !== 'synthetic' || (c.d as number) >= (c.K as number) - (c.geometry === 'etf' || c.geometry === 'random' ? 1 : 0) },
    { fields: ['geometry', 'lambdaH', 'lambdaW'], message: 'the tb-minimiser geometry needs λ_H λ_W < 1 and λ_H > 0 (otherwise the UFM minimiser is W = H = 0)', check: (c) => c.h0Source !== 'synthetic' || c.geometry !== 'tb-minimiser' || ((c.lambdaH as number) > 0 && (c.lambdaH as number) * (c.lambdaW as number) < 1) },
  ],
  stepsParam: 'steps',
  metrics: [
    { key: 'loss', label: 'objective', definition: 'minimize: f(W, H; H0). central-path: L(H) = f(W*(H), H) without the β term.', scale: 'log', group: 'optimisation' },
    { key: 'gradNorm', label: '||∇f||', definition: 'Frobenius norm of the gradient of f at the current (W, H): 0 at the minimiser (stationarity).', scale: 'log', ideal: 0, group: 'optimisation' },
    { key: 'nc1', label: 'NC1(H)', definition: '(1/K) Tr(Σ_W Σ_B^+) of the current features.', scale: 'log', ideal: 0, group: 'collapse' },
    { key: 'nc1Tilde', label: 'NC1~(H)', definition: 'Tr Σ_W / Tr Σ_B of the current features (the quantity of the theory).', scale: 'log', ideal: 0, group: 'collapse' },
    { key: 'nc2', label: 'NC2(H)', definition: '|| G/||G||_F − P_K/√(K−1) ||_F, G the centred class-mean Gram of the current features.', scale: 'log', ideal: 0, group: 'collapse' },
    { key: 'nc1Input', label: 'NC1(H0)', definition: '(1/K) Tr(Σ_W Σ_B^+) of the input features (constant, for comparison).', scale: 'log', group: 'collapse' },
    { key: 'nc1TildeInput', label: 'NC1~(H0)', definition: 'Tr Σ_W / Tr Σ_B of the input features (constant; Corollary 3.2: the optimum is below it for large β).', scale: 'log', group: 'collapse' },
    { key: 'distanceFromInput', label: '||H − H0||/||H0||', definition: 'Relative distance of the current features from the input features.', scale: 'log', group: 'collapse' },
    { key: 'approxError', label: 'closed-form error', definition: '||Ĥ − H_approx||_F with H_approx = H0 − (1/β) N ∇L(H0), the first-order closed form (one explicit Euler step of length 1/β on the central path); O(1/β²). Logged at the end of minimize.', scale: 'log', ideal: 0, group: 'theory' },
    { key: 'approxErrorRel', label: 'closed-form error (relative)', definition: '||Ĥ − H_approx||_F / ||Ĥ − H0||_F: error relative to the size of the move; O(1/β).', scale: 'log', ideal: 0, group: 'theory' },
    { key: 'sigmaMaxIntra', label: 'σ_max(F_kk)', definition: 'Largest singular value over the intra-class blocks of F = ∂vec(Ĥ)/∂vec(H0). Theorem 4.2: 1.', scale: 'lin', group: 'sensitivity' },
    { key: 'sigmaMinIntra', label: 'σ_min(F_kk)', definition: 'Smallest singular value over the intra-class blocks. Theorem 4.2: 1 − β⁻¹ √(λ_H/λ_W).', scale: 'lin', group: 'sensitivity' },
    { key: 'sigmaMaxInter', label: 'σ_max(F_kk′)', definition: 'Largest singular value over the inter-class blocks. Theorem 4.2: 2 β⁻¹ λ_H (1 − √(λ_H λ_W)).', scale: 'log', group: 'sensitivity' },
    { key: 'sigma2Inter', label: 'σ_2(F_kk′)', definition: 'Largest second singular value over the inter-class blocks: Theorem 4.2 says they are rank one, so this is O(β⁻²).', scale: 'log', ideal: 0, group: 'sensitivity' },
    { key: 'trSigmaW', label: 'Tr Σ_W', definition: 'Within-class scatter of the current features, (1/N) Σ_i ||h_i − μ_{y_i}||².', scale: 'log', group: 'central path' },
    { key: 'trSigmaB', label: 'Tr Σ_B', definition: 'Between-class scatter, (1/K) Σ_k ||μ_k − μ_G||².', scale: 'log', group: 'central path' },
    { key: 'expTrSigmaW', label: 'e^{2λ_H t} Tr Σ_W', definition: 'Theorem 3.1: non-increasing along the central-path flow (t = flow time).', scale: 'log', group: 'central path' },
    { key: 'expTrSigmaB', label: 'e^{2λ_H t} Tr Σ_B', definition: 'Theorem 3.1: strictly increasing along the central-path flow.', scale: 'log', group: 'central path' },
    { key: 'flowTime', label: 'flow time t', definition: 'Time along the central path (steps × T/iterations).', scale: 'lin', group: 'central path' },
  ],
  panels: [
    { title: 'Within-class variability: optimum vs input', metrics: ['nc1Tilde', 'nc1TildeInput', 'nc1', 'nc1Input'], x: 'step', xScale: 'log', yScale: 'log' },
    { title: 'Solver convergence', metrics: ['loss', 'gradNorm'], x: 'step', xScale: 'log', yScale: 'log' },
    { title: 'Theorem 3.1 along the central path', metrics: ['nc1Tilde', 'expTrSigmaW', 'expTrSigmaB'], x: 'step', xScale: 'lin', yScale: 'log' },
    { title: 'Sensitivity blocks (Theorem 4.2)', metrics: ['sigmaMaxIntra', 'sigmaMinIntra', 'sigmaMaxInter', 'sigma2Inter'], x: 'step', xScale: 'lin', yScale: 'log' },
  ],
  artifacts: [
    { name: 'sensitivity-intra', label: 'spectrum of F_00', kind: 'spectrum', description: 'Singular values of the intra-class block F_00 of F = ∂vec(Ĥ)/∂vec(H0); Theorem 4.2 predicts values between 1 − β⁻¹√(λ_H/λ_W) and 1 (see the theory values of sigmaMinIntra / sigmaMaxIntra).' },
    { name: 'sensitivity-inter', label: 'spectrum of F_01', kind: 'spectrum', description: 'Singular values of the inter-class block F_01: rank one, top value 2β⁻¹λ_H(1 − √(λ_Hλ_W)) by Theorem 4.2 (theory value of sigmaMaxInter).' },
    { name: 'features', label: 'optimised features Ĥ', kind: 'features', description: 'The final d x N features with labels (chainable as H0 of another run: layer-wise training).' },
  ],
  presets: [
    {
      name: 'beta-sweep-demo',
      label: 'β sweep: optimum vs input, closed form vs solver',
      description: 'Noisy simplex-ETF input (K = 4, n = 10, d = 10, within-class std 0.3), λ_W = λ_H = 0.1, β in {1, 10, 100, 1000}. NC1~ of the optimum stays below NC1~ of H0 (Corollary 3.2) and approaches it as β grows; the closed-form error falls like 1/β² (relative: 1/β).',
      params: { ...noisyEtf, lambdaW: 0.1, lambdaH: 0.1, beta: 10 },
      grid: { beta: [1, 10, 100, 1000] },
    },
    {
      name: 'theorem42',
      label: 'Theorem 4.2: sensitivity near collapse',
      description: 'Paper Figure 1 setting: H0 the exact UFM minimiser (K = 4, d = 10, n = 10, λ_W = √2, β = 100), λ_H in {0.05, 0.2, 0.5}. The measured block singular values match 1, 1 − β⁻¹√(λ_H/λ_W) and 2β⁻¹λ_H(1 − √(λ_Hλ_W)) to O(β⁻²); the intra-class spectrum (artifact) drops as λ_H grows.',
      params: { ...fig1, lambdaH: 0.2 },
      grid: { lambdaH: [0.05, 0.2, 0.5] },
    },
    {
      name: 'lambda-effect',
      label: 'λ_H vs λ_W: which one moves toward collapse',
      description:
        'The noisy ETF input with β = 1 (a layer expressive enough for the effect to show: the first-order effect of the regularisers is O(1/β) and barely visible at β = 10) and λ_H, λ_W each in {0.01, 0.1, 1}. ' +
        'NC1 of the optimum falls by about a third as λ_H grows from 0.01 to 1 (at λ_W = 0.01: 0.067 to 0.046), while growing λ_W does not help (0.067 to 0.073): feature regularisation is the lever toward collapse (paper §4). Plot nc1 against λ_H, one line per λ_W, in the sweep summary.',
      params: { ...noisyEtf, lambdaW: 0.1, lambdaH: 0.1, beta: 1 },
      grid: { lambdaH: [0.01, 0.1, 1], lambdaW: [0.01, 0.1, 1] },
    },
    {
      name: 'central-path',
      label: 'Theorem 3.1: central-path flow',
      description: 'Gradient flow on the central path from the noisy ETF input (λ_W = 0.1, λ_H = 0.1, T = 10): NC1~ strictly decreases, e^{2λ_H t} Tr Σ_W never increases, e^{2λ_H t} Tr Σ_B increases.',
      params: { ...noisyEtf, lambdaW: 0.1, lambdaH: 0.1, mode: 'central-path', steps: 2000, pathTime: 10 },
    },
  ],
};
