import type { PluginManifest } from '../../src-main/engine/plugin-api.ts';

/** Configuration of a regression-ufm run. */
export type RegressionConfig = {
  targets: 'synthetic' | 'file';
  targetDim: number;
  M: number;
  covariance: 'eigen' | 'equicorrelated';
  eigMax: number;
  eigMin: number;
  rotate: boolean;
  variance: number;
  correlation: number;
  targetsFile: string;
  d: number;
  lambdaH: number;
  lambdaW: number;
  tied: boolean;
  lr: number;
  steps: number;
  initScale: number;
  logPerDecade: number;
};

const synthetic = { targets: ['synthetic'] };
const eigen = { targets: ['synthetic'], covariance: ['eigen'] };
const equi = { targets: ['synthetic'], covariance: ['equicorrelated'] };

/** Presets share the data (3 targets, eigenvalues 1, 0.5, 0.25) and move c = λ_W λ_H. */
const base = { targets: 'synthetic', targetDim: 3, M: 500, covariance: 'eigen', eigMax: 1, eigMin: 0.25, rotate: true, d: 32, tied: true, lr: 0.2, initScale: 0.1 };

export const manifest: PluginManifest = {
  id: 'regression-ufm',
  name: 'Regression UFM (neural regression collapse)',
  version: '1.0.0',
  description:
    'Unconstrained features model for multivariate regression (Andriopoulos, Dong, Guo, Zhao, Ross, NeurIPS 2024): ' +
    'L = (1/2M)||WH + b1ᵀ − Y||² + (λ_H/2M)||H||² + (λ_W/2)||W||², trained by gradient descent. Shows NRC1-3 and the explained variance of the top principal components, ' +
    'the gap to the closed-form optimum, white residuals in the full-collapse regime, and the collapse fading as weight decay goes to 0.',
  params: {
    targets: {
      type: 'enum',
      label: 'targets',
      help: 'synthetic: Gaussian targets whose sample covariance is exactly the one set below. file: a CSV or .npy table, one sample per row, one target dimension per column.',
      default: 'synthetic',
      options: [
        { value: 'synthetic', label: 'synthetic (prescribed covariance)' },
        { value: 'file', label: 'from a file' },
      ],
      group: 'data',
    },
    targetDim: { type: 'int', label: 'target dimension n', help: 'Number of regression outputs (the paper studies n = 1-3).', default: 3, min: 1, max: 64, group: 'data', visibleWhen: synthetic },
    M: { type: 'int', label: 'samples M', help: 'Number of training samples (free feature columns).', default: 500, min: 2, max: 1000000, scale: 'log', group: 'data', visibleWhen: synthetic },
    covariance: {
      type: 'enum',
      label: 'target covariance',
      help: 'eigen: set the eigenvalues of Σ (the thresholds of the collapse regimes). equicorrelated: equal variances and one pairwise correlation.',
      default: 'eigen',
      options: [
        { value: 'eigen', label: 'by eigenvalues' },
        { value: 'equicorrelated', label: 'variance + correlation' },
      ],
      group: 'data',
      visibleWhen: synthetic,
    },
    eigMax: { type: 'number', label: 'λ_max(Σ)', help: 'Largest eigenvalue of the target covariance; the others are geometrically spaced down to λ_min.', default: 1, min: 0, exclusiveMin: true, max: 1e6, scale: 'log', group: 'data', visibleWhen: eigen },
    eigMin: { type: 'number', label: 'λ_min(Σ)', help: 'Smallest eigenvalue of the target covariance.', default: 0.25, min: 0, exclusiveMin: true, max: 1e6, scale: 'log', group: 'data', visibleWhen: eigen },
    rotate: { type: 'boolean', label: 'random eigenvectors', help: 'Rotate the eigenvectors randomly (correlated targets); off: the targets are uncorrelated.', default: true, group: 'data', visibleWhen: eigen },
    variance: { type: 'number', label: 'target variance', help: 'Variance of every target dimension.', default: 1, min: 0, exclusiveMin: true, max: 1e6, scale: 'log', group: 'data', visibleWhen: equi },
    correlation: { type: 'number', label: 'correlation ρ', help: 'Pairwise correlation of the targets; must lie in (−1/(n−1), 1) for a full-rank Σ.', default: 0.3, min: -1, max: 1, group: 'data', visibleWhen: equi },
    targetsFile: { type: 'string', label: 'targets file', help: 'CSV or .npy: one sample per row, one target dimension per column (an optional CSV header line is skipped). A relative path is read from the data folder.', default: '', format: 'file', extensions: ['.csv', '.npy'], group: 'data', visibleWhen: { targets: ['file'] } },
    d: { type: 'int', label: 'feature dimension d', help: 'Dimension of the free features (the paper uses n ≪ d, e.g. 256).', default: 32, min: 1, max: 8192, group: 'model' },
    lambdaH: { type: 'number', label: 'λ_H', help: 'Feature regularisation (the penalty is λ_H/(2M) ||H||²). With λ_W = λ_H ticked it is also the head\'s λ_W.', default: 0.1, min: 0, max: 100, scale: 'log', group: 'model' },
    tied: { type: 'boolean', label: 'λ_W = λ_H', help: 'Use one weight decay for both (as in the paper experiments); then c = λ_H².', default: true, group: 'model' },
    lambdaW: { type: 'number', label: 'λ_W', help: 'Head regularisation (the penalty is λ_W/2 ||W||²).', default: 0.1, min: 0, max: 100, scale: 'log', group: 'model', visibleWhen: { tied: [false] } },
    lr: { type: 'number', label: 'step size', help: 'Step size for W and b; each feature column moves with step lr·M (it enters the loss with weight 1/M), i.e. gradient descent in the per-sample metric.', default: 0.2, min: 0, exclusiveMin: true, max: 100, scale: 'log', group: 'optimiser' },
    steps: { type: 'int', label: 'steps', help: 'Number of gradient steps.', unit: 'steps', default: 3000, min: 1, max: 1e9, scale: 'log', group: 'optimiser' },
    initScale: { type: 'number', label: 'init std', help: 'Standard deviation of the Gaussian entries of W and H at step 0 (b starts at 0).', default: 0.1, min: 0, max: 100, group: 'optimiser' },
    logPerDecade: { type: 'int', label: 'log points per decade', help: 'Metric points per decade of steps (the PCA behind NRC1/EVR costs O(d² M) per point).', default: 40, min: 1, max: 1000, group: 'output' },
  },
  constraints: [
    { fields: ['eigMin', 'eigMax'], message: 'λ_min(Σ) must not exceed λ_max(Σ)', check: (c) => c.targets !== 'synthetic' || c.covariance !== 'eigen' || (c.eigMin as number) <= (c.eigMax as number) },
    {
      fields: ['correlation', 'targetDim'],
      message: 'the correlation must lie strictly between −1/(n−1) and 1, otherwise Σ is singular',
      check: (c) => c.targets !== 'synthetic' || c.covariance !== 'equicorrelated' || ((c.correlation as number) < 1 && (c.targetDim === 1 || (c.correlation as number) > -1 / ((c.targetDim as number) - 1))),
    },
    { fields: ['M', 'targetDim'], message: 'M must exceed the target dimension n (the sample covariance must be full rank)', check: (c) => c.targets !== 'synthetic' || (c.M as number) > (c.targetDim as number) },
    { fields: ['targetsFile'], message: 'targets = file needs a targets file (.csv or .npy)', check: (c) => c.targets !== 'file' || /\.(csv|npy)$/i.test((c.targetsFile as string).trim()) },
  ],
  stepsParam: 'steps',
  metrics: [
    { key: 'loss', label: 'loss', definition: 'L = (1/2M)||WH + b1ᵀ − Y||_F² + (λ_H/2M)||H||_F² + (λ_W/2)||W||_F².', scale: 'log', group: 'optimisation' },
    { key: 'gap', label: 'L − L*', definition: 'Loss minus the closed-form optimum L* = Σ_j [√(cλ_j) − c/2 if λ_j > c else λ_j/2] (λ_j eigenvalues of the sample target covariance Σ, c = λ_W λ_H).', scale: 'log', ideal: 0, group: 'optimisation' },
    { key: 'nrc1', label: 'NRC1', definition: '(1/M) Σ_i ||h̃_i − P_PC h̃_i||², h̃_i = h_i/||h_i||, P_PC the projector onto the first n principal components of the centred features (paper definition; the authors’ final code agrees).', scale: 'log', ideal: 0, group: 'nrc' },
    { key: 'nrc2', label: 'NRC2', definition: '(1/M) Σ_i ||h̃_i − P_W h̃_i||², P_W the projector onto the row space of W.', scale: 'log', ideal: 0, group: 'nrc' },
    { key: 'nrc3', label: 'NRC3', definition: '|| WWᵀ/||WWᵀ||_F − A/||A||_F ||_F², A = Σ^{1/2} − √γ I with γ = c = λ_W λ_H (the UFM prediction; the authors’ network code instead grid-searches γ in [0, λ_min]). Reaches 0 only in full collapse (c < λ_min).', scale: 'log', ideal: 0, group: 'nrc' },
    { key: 'nrc3Plus', label: 'NRC3 (positive part)', definition: 'As NRC3 with A replaced by V diag((√λ_j − √γ)_+) Vᵀ, the exact optimal WWᵀ direction in every regime (partial collapse included).', scale: 'log', ideal: 0, group: 'nrc' },
    { key: 'gamma', label: 'γ used by NRC3', definition: 'γ = c = λ_W λ_H (no square root, unlike the Tirer-Bruna c).', scale: 'log', group: 'nrc' },
    ...[1, 2, 3, 4, 5].map((j) => ({
      key: `evr${j}`,
      label: `EVR PC${j}`,
      definition: `Explained variance ratio of principal component ${j}: the ${j}-th eigenvalue of the centred feature covariance (1/M) H_c H_cᵀ over the sum of all eigenvalues. At collapse the first n keep the variance, the rest go to 0.`,
      scale: 'lin' as const,
      group: 'evr',
    })),
    { key: 'residualWhiteness', label: 'residual whiteness', definition: '||(1/M) E Eᵀ − c I||_F / ||c I||_F with E = WH + b1ᵀ − Y. The optimum has (1/M)EEᵀ = V diag(min(λ_j, c)) Vᵀ, so this goes to 0 in full collapse (white residuals of variance c) and to a known positive value otherwise (theory line).', scale: 'log', group: 'theory' },
    { key: 'headGramError', label: 'WWᵀ error', definition: '||WWᵀ − W*W*ᵀ||_F with W*W*ᵀ = √(λ_H/λ_W) V diag((√λ_j − √c)_+) Vᵀ (Theorem 4.1; undefined when λ_W = 0).', scale: 'log', ideal: 0, group: 'theory' },
    { key: 'featureNorm', label: '||H||_F²/M', definition: 'Mean squared feature norm; the optimum has λ_H ||H||² = M λ_W ||W||² and goes to 0 when c ≥ λ_max.', scale: 'log', group: 'theory' },
  ],
  panels: [
    { title: 'NRC1-3', metrics: ['nrc1', 'nrc2', 'nrc3', 'nrc3Plus'], x: 'step', xScale: 'log', yScale: 'log' },
    { title: 'Explained variance of PC1-PC5', metrics: ['evr1', 'evr2', 'evr3', 'evr4', 'evr5'], x: 'step', xScale: 'log', yScale: 'lin' },
    { title: 'Gap to the closed-form optimum', metrics: ['gap'], x: 'step', xScale: 'log', yScale: 'log' },
    { title: 'Closed-form checks', metrics: ['residualWhiteness', 'headGramError'], x: 'step', xScale: 'log', yScale: 'log' },
    { title: 'Loss and feature norm', metrics: ['loss', 'featureNorm'], x: 'step', xScale: 'log', yScale: 'log' },
  ],
  artifacts: [
    { name: 'features', label: 'features H', kind: 'matrix', description: 'The final d x M feature matrix.' },
    { name: 'head-spectrum', label: 'singular values of W', kind: 'spectrum', description: 'Singular values of the final head W; the closed form predicts (λ_H/λ_W)^{1/4} sqrt((√λ_j − √c)_+).' },
  ],
  presets: [
    {
      name: 'full-collapse',
      label: 'Full collapse (c < λ_min)',
      description: 'Σ eigenvalues 1, 0.5, 0.25 and λ_W = λ_H = 0.1, so c = 0.01 < λ_min. NRC1-3 go to 0, EVR keeps 3 components, the residuals become white with variance c, the gap to L* closes.',
      params: { ...base, lambdaH: 0.1, steps: 3000 },
    },
    {
      name: 'partial-collapse',
      label: 'Partial collapse (λ_min < c < λ_max)',
      description: 'λ_W = λ_H = 0.6, c = 0.36: only the two eigen-directions with λ_j > c are fitted; W has rank 2, EVR keeps 2 components, NRC3 (paper form) stays positive while its positive-part version goes to 0, the residual whiteness goes to its predicted non-zero value.',
      params: { ...base, lambdaH: 0.6, steps: 3000 },
    },
    {
      name: 'zero-collapse',
      label: 'Collapse to zero (c > λ_max)',
      description: 'λ_W = λ_H = 1.2, c = 1.44 > λ_max = 1: the optimum is W = H = 0, b = ȳ, and the loss goes to Tr Σ / 2.',
      params: { ...base, lambdaH: 1.2, steps: 1500 },
    },
    {
      name: 'wd-sweep',
      label: 'Weight-decay sweep (λ_W = λ_H → 0)',
      description: 'Andriopoulos et al. Figure 6 (UFM version): weight decay λ_W = λ_H in {1e-2, 1e-3, 1e-4, 1e-5, 0} at a fixed budget. NRC1-3 are small for the larger decays and grow as the decay shrinks; at 0 there is no collapse (Theorem 4.3).',
      params: { ...base, lambdaH: 1e-2, steps: 5000 },
      grid: { lambdaH: [1e-2, 1e-3, 1e-4, 1e-5, 0] },
    },
  ],
};
