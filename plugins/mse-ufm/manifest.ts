import type { Config, PluginManifest } from '../../src-main/engine/plugin-api.ts';

export type MseUfmConfig = {
  K: number;
  n: number;
  d: number;
  bias: boolean;
  normalization: string;
  lambdaW: number;
  lambdaH: number;
  lambdaB: number;
  initScale: number;
  lr: number;
  steps: number;
  seed: number;
};

/** Mixon's step 0.05 for R = (1/2)||.||^2 is lr = 0.05 K n for our 1/(2Kn) data term (C = N = 3). */
const MIXON_LR = 0.05 * 9;

/** The feature dimension the collapsed minimiser needs: rank K, or K-1 with a free bias. */
function requiredDimension(c: Config): number {
  const K = c.K as number;
  const freeBias = c.bias === true && (c.normalization === 'tb' || c.lambdaB === 0);
  return freeBias ? K - 1 : K;
}

export const manifest: PluginManifest = {
  id: 'mse-ufm',
  name: 'MSE unconstrained features model',
  version: '1.0.0',
  description:
    'Full-batch gradient descent on the MSE unconstrained features model: Mixon-Parshall-Pi small-initialisation dynamics (no regularisation, free bias) and the regularised models of Tirer-Bruna (TB normalisation) and Zhou et al. (Z normalisation, optional bias penalty), with the closed-form optimum for comparison.',
  stepsParam: 'steps',
  params: {
    K: { type: 'int', label: 'classes K', help: 'Number of classes (Mixon: C).', default: 4, min: 2, max: 1000, group: 'model' },
    n: { type: 'int', label: 'samples per class n', help: 'Training samples per class, balanced (Mixon: N). H has K n columns.', default: 5, min: 1, max: 100000, group: 'model' },
    d: { type: 'int', label: 'feature dimension d', help: 'Dimension of the features (Mixon: p). The collapsed optimum needs d >= K (d >= K-1 with a free bias).', default: 8, min: 1, max: 8192, group: 'model' },
    bias: { type: 'boolean', label: 'bias', help: 'Add a classifier bias b (logits W h + b). Mixon\'s model has one; Tirer-Bruna\'s has none.', default: false, group: 'model' },
    normalization: {
      type: 'enum',
      label: 'normalisation',
      help: 'How the penalties are scaled. Both use the data term (1/(2Kn))||W H + b 1^T - Y||^2.',
      default: 'tb',
      group: 'model',
      options: [
        { value: 'tb', label: 'Tirer-Bruna', help: '(lambdaW/(2K))||W||^2 + (lambdaH/(2Kn))||H||^2; a bias, if any, is not penalised. Collapse to zero when sqrt(lambdaW lambdaH) >= 1.' },
        { value: 'z', label: 'Zhou et al.', help: '(lambdaW/2)||W||^2 + (lambdaH/2)||H||^2 + (lambdaB/2)||b||^2. Collapse to zero when K sqrt(n lambdaW lambdaH) >= 1.' },
      ],
    },
    lambdaW: { type: 'number', label: 'λ_W', help: 'Weight decay of the classifier W. 0 together with λ_H = 0 gives the unregularised (Mixon) model.', default: 0.1, min: 0, scale: 'log', group: 'regularisation' },
    lambdaH: { type: 'number', label: 'λ_H', help: 'Weight decay of the features H. Must be 0 exactly when λ_W is 0.', default: 0.2, min: 0, scale: 'log', group: 'regularisation' },
    lambdaB: {
      type: 'number',
      label: 'λ_b',
      help: 'Weight decay of the bias (Z normalisation). 0 = free bias (simplex ETF optimum); large values move the optimum toward an orthogonal frame once λ_b/(1+λ_b) > K sqrt(n λ_W λ_H).',
      default: 0,
      min: 0,
      scale: 'log',
      group: 'regularisation',
      visibleWhen: { bias: [true], normalization: ['z'] },
    },
    initScale: {
      type: 'number',
      label: 'init scale ε',
      help: 'W0 and H0 are Gaussian, each rescaled to Frobenius norm ε; b0 = 0 (Mixon\'s initialisation, used for every variant). Small ε selects strong collapse in the unregularised model.',
      default: 0.1,
      min: 0,
      exclusiveMin: true,
      scale: 'log',
      group: 'optimiser',
    },
    lr: { type: 'number', label: 'step size', help: 'Gradient-descent step on f (Mixon\'s step on (1/2)||.||^2 is lr/(Kn)).', default: 1, min: 0, exclusiveMin: true, scale: 'log', group: 'optimiser' },
    steps: { type: 'int', label: 'steps', help: 'Number of full-batch gradient steps. Metrics are logged on a log-spaced schedule and at the last step.', unit: 'steps', default: 20000, min: 1, max: 100_000_000, scale: 'log', group: 'optimiser' },
    seed: { type: 'int', label: 'seed', help: 'Seed of the random initialisation; the same seed gives the same numbers.', default: 0, min: 0, max: 2 ** 32 - 1, group: 'optimiser' },
  },
  constraints: [
    {
      fields: ['lambdaW', 'lambdaH'],
      message: 'λ_W and λ_H must both be 0 (unregularised) or both be positive: with only one of them positive the infimum is approached by rescaling W and H and is never attained',
      check: (c) => ((c.lambdaW as number) === 0) === ((c.lambdaH as number) === 0),
    },
    {
      fields: ['d', 'K'],
      message: 'd must be at least K (at least K-1 with a free bias): the collapsed optimum has K (K-1) independent class-mean directions',
      check: (c) => (c.d as number) >= requiredDimension(c),
    },
  ],
  metrics: [
    { key: 'loss', label: 'objective f', definition: 'f = (1/(2Kn))||W H + b 1^T - Y||_F^2 + the ridge penalties of the chosen normalisation (TB: (λ_W/(2K))||W||^2 + (λ_H/(2Kn))||H||^2; Z: (λ_W/2)||W||^2 + (λ_H/2)||H||^2 + (λ_b/2)||b||^2). For the unregularised model this is Mixon\'s risk with κ = 1/(2Kn) (Mixon\'s R with κ = 1/2 is Kn times it).', scale: 'log', group: 'objective' },
    { key: 'gap', label: 'f − f*', definition: 'Loss minus f*, the closed-form global minimum (spec §1.2, the three bias cases, collapse to zero included). Logged only for regularised runs (f* > 0); signed, so round-off below f* shows as a negative value.', scale: 'log', ideal: 0, group: 'objective' },
    { key: 'gapRel', label: '(f − f*)/f*', definition: 'The gap relative to the optimum: (f − f*)/f*. Logged with gap.', scale: 'log', ideal: 0, group: 'objective' },
    { key: 'nc1', label: 'NC1', definition: '(1/K) Tr(Σ_W Σ_B^+), Σ_W = (1/(Kn)) Σ (h - μ_k)(h - μ_k)^T, Σ_B = (1/K) Σ_k (μ_k - μ_G)(μ_k - μ_G)^T, μ_G the mean of class means; pseudo-inverse on the range of Σ_B (eigenvalues of the K x K centred-mean Gram below 1e-12 of the largest dropped).', scale: 'log', ideal: 0, group: 'collapse' },
    { key: 'nc1Tilde', label: 'NC1~', definition: 'Tr Σ_W / Tr Σ_B (theory-friendly NC1).', scale: 'log', ideal: 0, group: 'collapse' },
    { key: 'nc2', label: 'NC2 (features)', definition: '|| G/||G||_F - P_K/sqrt(K-1) ||_F with G = M~^T M~ the Gram of the centred class means (distance to the simplex ETF Gram).', scale: 'log', ideal: 0, group: 'collapse' },
    { key: 'nc2W', label: 'NC2 (classifier)', definition: '|| W W^T/||W W^T||_F - P_K/sqrt(K-1) ||_F (classifier rows, not centred). Without a bias the TB optimum is an orthogonal frame, so this does not go to 0 there.', scale: 'log', group: 'collapse' },
    { key: 'nc3', label: 'NC3', definition: '|| W^T/||W||_F - M~/||M~||_F ||_F, not squared (the reference notebook logs its square).', scale: 'log', ideal: 0, group: 'collapse' },
    { key: 'nc4', label: 'NC4', definition: 'Fraction of the Kn samples whose prediction argmax_k (W h + b)_k differs from the nearest class mean argmin_k ||h - μ_k|| (un-centred means; ties go to the lowest class index).', scale: 'lin', ideal: 0, group: 'collapse' },
    { key: 'e1', label: 'e1 (Mixon)', definition: '||W W^T - sqrt(N)(I_C - J)||_F (Mixon-Parshall-Pi Figure 1; C = K, N = n). Unregularised runs with a free bias only.', scale: 'log', ideal: 0, group: 'mixon' },
    { key: 'e2', label: 'e2 (Mixon)', definition: '||H - (W ⊗ 1_N)^T/sqrt(N)||_F / ||H||_F (relative). Unregularised runs with a free bias only.', scale: 'log', ideal: 0, group: 'mixon' },
    { key: 'e3', label: 'e3 (Mixon)', definition: '||b - (1/C) 1_C||_2. Unregularised runs with a free bias only.', scale: 'log', ideal: 0, group: 'mixon' },
    { key: 'distS', label: 'distance to S', definition: '||Z - Π_S Z||_E / ||Z||_E, Z = (H, W, b), ||.||_E^2 = ||H||_F^2 + ||W||_F^2 + ||b||^2, S = {H = (W ⊗ 1_N)^T/sqrt(N), 1^T W = 0, b ∈ span(1)} (Mixon Figure 2; projection formula of spec §1.1). Unregularised runs with a free bias only.', scale: 'log', group: 'mixon' },
    { key: 'sWmax', label: 'σ_max(W)', definition: 'Largest singular value of W (SVD of W itself).', scale: 'log', group: 'spectrum' },
    { key: 'sWmin', label: 'σ_K(W)', definition: 'K-th (smallest) singular value of W; 0 when d < K. Goes to 0 at the free-bias optimum (ETF, rank K-1).', scale: 'log', group: 'spectrum' },
  ],
  panels: [
    { title: 'Objective', metrics: ['loss'], xScale: 'log', yScale: 'log' },
    { title: 'Gap to the closed-form optimum', metrics: ['gap', 'gapRel'], xScale: 'log', yScale: 'log' },
    { title: 'Neural collapse NC1-NC4', metrics: ['nc1', 'nc2', 'nc3', 'nc4'], xScale: 'log', yScale: 'log' },
    { title: 'Strong collapse errors (Mixon Fig. 1)', metrics: ['e1', 'e2', 'e3'], xScale: 'log', yScale: 'log' },
    { title: 'Distance to the invariant subspace (Mixon Fig. 2)', metrics: ['distS'], xScale: 'log', yScale: 'log' },
    { title: 'Singular values of W', metrics: ['sWmax', 'sWmin'], xScale: 'log', yScale: 'log' },
  ],
  artifacts: [
    { name: 'gramH', label: 'Gram of centred class means', kind: 'matrix', description: 'M~^T M~ (K x K) at steps 0, 10^k and the last step; a simplex ETF gives (K/(K-1)) P_K up to scale.' },
    { name: 'gramW', label: 'Gram of classifier rows', kind: 'matrix', description: 'W W^T (K x K) at steps 0, 10^k and the last step.' },
    { name: 'singularValuesW', label: 'singular values of W', kind: 'spectrum', description: 'All K singular values of W, descending (K x 1), at steps 0, 10^k and the last step.' },
  ],
  presets: [
    {
      name: 'mixon-fig1',
      label: 'Mixon et al. Fig. 1 (ε = 1e-2)',
      description: 'Unregularised MSE with a free bias, C = N = 3, p = 15, W0 and H0 of norm 1e-2, Mixon\'s step 0.05 (lr 0.45 here). Gradient descent approaches strong neural collapse: e1 ~ ε^2, e2 ~ ε, e3 ~ ε at the end.',
      params: { K: 3, n: 3, d: 15, bias: true, normalization: 'tb', lambdaW: 0, lambdaH: 0, lambdaB: 0, initScale: 1e-2, lr: MIXON_LR, steps: 20000 },
    },
    {
      name: 'mixon-init-sweep',
      label: 'Mixon et al.: init-scale sweep',
      description: 'The Fig. 1 model at ε ∈ {1, 1e-1, 1e-2, 1e-3}: the final errors shrink like e1 ~ ε^2 and e2, e3 ~ ε; the distance to S settles near 0.37 ε.',
      params: { K: 3, n: 3, d: 15, bias: true, normalization: 'tb', lambdaW: 0, lambdaH: 0, lambdaB: 0, lr: MIXON_LR, steps: 20000 },
      grid: { initScale: [1, 1e-1, 1e-2, 1e-3] },
    },
    {
      name: 'tirer-bruna',
      label: 'Tirer-Bruna regularised UFM',
      description: 'K = 4, n = 5, d = 8, λ_W = 0.1, λ_H = 0.2, no bias (TB normalisation). GD reaches the closed-form optimum f* = c - c^2/2, c = sqrt(λ_W λ_H): orthogonal-frame class means whose centred version is a simplex ETF.',
      params: { K: 4, n: 5, d: 8, bias: false, normalization: 'tb', lambdaW: 0.1, lambdaH: 0.2, lambdaB: 0, initScale: 0.1, lr: 1, steps: 20000 },
    },
    {
      name: 'zhou-bias',
      label: 'Zhou et al.: free bias',
      description: 'K = 4, n = 5, d = 8, λ_W = λ_H = 0.01 with an unpenalised bias (Z normalisation): the optimum is an exact simplex ETF with b = 1/K, W of rank K-1 (σ_K(W) → 0).',
      params: { K: 4, n: 5, d: 8, bias: true, normalization: 'z', lambdaW: 0.01, lambdaH: 0.01, lambdaB: 0, initScale: 0.1, lr: 1, steps: 20000 },
    },
    {
      name: 'collapse-threshold',
      label: 'Collapse to zero across c = sqrt(λ_W λ_H)',
      description: 'TB model with λ_W = 1 and λ_H ∈ {0.25, 0.49, 0.81, 1.21, 2.25}, i.e. c = 0.5 … 1.5: below c = 1 the optimum is a scaled collapse with σ(W) = (λ_H/λ_W)^{1/4} sqrt(1-c); at c >= 1 W = H = 0 and f* = 1/2.',
      params: { K: 4, n: 5, d: 8, bias: false, normalization: 'tb', lambdaW: 1, initScale: 0.1, lr: 1, steps: 20000 },
      grid: { lambdaH: [0.25, 0.49, 0.81, 1.21, 2.25] },
    },
  ],
};
