import type { PluginManifest } from '../../src-main/engine/plugin-api.ts';

/** Configuration of a ce-ulpm run (a type alias so it satisfies Config). */
export type UlpmConfig = {
  K: number;
  n: number;
  d: number;
  lr: number;
  steps: number;
  reduction: 'sum' | 'mean';
  init: 'random' | 'example31';
  initScale: number;
  noise: number;
  projectToSphere: boolean;
};

const dynamics = 'Figure 2 of Ji et al.';

export const manifest: PluginManifest = {
  id: 'ce-ulpm',
  name: 'Cross-entropy ULPM',
  version: '1.0.0',
  description:
    'Unconstrained layer-peeled model with cross-entropy and no regularisation (Ji, Lu, Zhang, Deng, Su, ICLR 2022): gradient descent on free features H and classifier W. ' +
    'Shows the slow (poly-logarithmic) approach to neural collapse, the margin against its Lemma 3.1 bound, and the bad KKT direction of Example 3.1 that plain GD never leaves while noise on the sphere escapes it.',
  params: {
    K: { type: 'int', label: 'classes K', help: 'Number of classes.', default: 5, min: 2, max: 1000, group: 'model' },
    n: { type: 'int', label: 'samples per class n', help: 'Samples per class (balanced); N = K n features in total.', default: 10, min: 1, max: 100000, group: 'model' },
    d: { type: 'int', label: 'feature dimension d', help: 'Dimension of the features h and of the classifier rows w_k. A simplex ETF needs d >= K-1.', default: 20, min: 1, max: 8192, group: 'model' },
    reduction: {
      type: 'enum',
      label: 'loss reduction',
      help: 'sum: the paper objective, a sum over all K n samples. mean: the sum divided by K n (PyTorch default). The paper step size 5 diverges with the sum and works with the mean.',
      default: 'mean',
      options: [
        { value: 'sum', label: 'sum (paper)' },
        { value: 'mean', label: 'mean (sum / Kn)' },
      ],
      group: 'model',
    },
    lr: { type: 'number', label: 'step size', help: 'Gradient-descent step size on the chosen reduction.', default: 5, min: 0, exclusiveMin: true, max: 1e6, scale: 'log', group: 'optimiser' },
    steps: { type: 'int', label: 'steps', help: 'Number of gradient-descent steps (the paper runs 10^5).', unit: 'steps', default: 100000, min: 1, max: 1e9, scale: 'log', group: 'optimiser' },
    init: {
      type: 'enum',
      label: 'initialisation',
      help: 'random: Gaussian W and H, each rescaled to Frobenius norm initScale. example31: W = H = initScale * M, the bad KKT direction of Example 3.1 (needs K = 4, n = 1, d = 4).',
      default: 'random',
      options: [
        { value: 'random', label: 'random (Gaussian)' },
        { value: 'example31', label: 'Example 3.1 (bad KKT point)' },
      ],
      group: 'initialisation',
    },
    initScale: {
      type: 'number',
      label: 'init scale',
      help: 'random: the Frobenius norm of W and of H at step 0. example31: the constant C_s in W = H = C_s M.',
      default: 1,
      min: 0,
      exclusiveMin: true,
      max: 1e6,
      scale: 'log',
      group: 'initialisation',
    },
    noise: {
      type: 'number',
      label: 'noise std',
      help: 'Standard deviation of the Gaussian noise added to every entry of W and H after each step; 0 is plain gradient descent.',
      default: 0,
      min: 0,
      max: 1e3,
      group: 'optimiser',
    },
    projectToSphere: {
      type: 'boolean',
      label: 'project to sphere',
      help: 'Rescale (W, H) after every step back to the initial norm R = ||(W0, H0)||_F: projected gradient descent on the sphere of Theorems 3.3 and 3.4, whose only minimisers are balanced neural collapse.',
      default: false,
      group: 'optimiser',
    },
  },
  constraints: [
    {
      fields: ['init', 'K', 'n', 'd'],
      message: 'init = example31 is the 4-class example of the paper: it needs K = 4, n = 1 and d = 4',
      check: (c) => c.init !== 'example31' || (c.K === 4 && c.n === 1 && c.d === 4),
    },
    {
      fields: ['d', 'K'],
      message: 'd must be at least K-1: a simplex ETF of K classes spans K-1 dimensions, so collapse is impossible below that',
      check: (c) => (c.d as number) >= (c.K as number) - 1,
    },
  ],
  stepsParam: 'steps',
  metrics: [
    { key: 'loss', label: 'loss', definition: 'Cross-entropy of the layer-peeled model, L = Σ_{k,i} [log Σ_j exp(w_j·h_{k,i}) − w_k·h_{k,i}], divided by K n when reduction = mean.', scale: 'log', ideal: 0, group: 'optimisation' },
    { key: 'qmin', label: 'margin q_min', definition: 'min over samples of w_k·h_{k,i} − max_{j≠k} w_j·h_{k,i} (the neural-collapse margin, Ji et al. §3).', scale: 'lin', group: 'margin' },
    { key: 'qminBound', label: 'Lemma 3.1 bound', definition: '(||W||_F² + ||H||_F²) / (2 (K−1) √n): q_min never exceeds it, with equality only at balanced neural collapse (Lemma 3.1).', scale: 'lin', group: 'margin' },
    { key: 'marginRatio', label: 'q_min / bound', definition: 'q_min divided by the Lemma 3.1 bound; tends to 1 as the normalised iterate approaches neural collapse.', scale: 'lin', ideal: 1, group: 'margin' },
    { key: 'beta', label: 'alignment β', definition: 'β = −⟨(W,H), ∇L⟩ / (||(W,H)||_F ||∇L||_F): cosine between the parameters and the descent direction (sign fixed so that β → 1, Lemma 3.3).', scale: 'lin', ideal: 1, group: 'optimisation' },
    { key: 'norm', label: '||(W,H)||_F', definition: 'sqrt(||W||_F² + ||H||_F²); grows like log t under plain GD, constant under projection.', scale: 'log', group: 'optimisation' },
    { key: 'cvH', label: 'equinorm H', definition: `std_k ||μ_k − μ_G|| / mean_k ||μ_k − μ_G|| (unbiased K−1 std). ${dynamics}, panel 1.`, scale: 'log', ideal: 0, group: 'dynamics' },
    { key: 'cvW', label: 'equinorm W', definition: `std_k ||w_k|| / mean_k ||w_k|| (unbiased K−1 std, rows not centred). ${dynamics}, panel 1.`, scale: 'log', ideal: 0, group: 'dynamics' },
    { key: 'withinClass', label: 'within-class variation', definition: `mean_{k,i} ||h_{k,i} − μ_k|| / mean_{k,i} ||h_{k,i} − μ_G||. ${dynamics}, panel 2.`, scale: 'log', ideal: 0, group: 'dynamics' },
    { key: 'angH', label: 'equiangularity H', definition: `mean over k≠k′ of |cos(μ_k − μ_G, μ_k′ − μ_G) + 1/(K−1)|. ${dynamics}, panel 3.`, scale: 'log', ideal: 0, group: 'dynamics' },
    { key: 'angW', label: 'equiangularity W', definition: `mean over k≠k′ of |cos(w_k, w_k′) + 1/(K−1)| (rows not centred). ${dynamics}, panel 3.`, scale: 'log', ideal: 0, group: 'dynamics' },
    { key: 'selfDuality', label: 'self-duality', definition: `mean_k || (μ_k − μ_G)/||μ_k − μ_G|| − w_k/||w_k|| ||. ${dynamics}, panel 4.`, scale: 'log', ideal: 0, group: 'dynamics' },
    { key: 'nc1', label: 'NC1', definition: '(1/K) Tr(Σ_W Σ_B^+) with μ_G the mean of class means (Papyan et al., with the 1/K).', scale: 'log', ideal: 0, group: 'nc' },
    { key: 'nc2', label: 'NC2', definition: '|| G/||G||_F − P_K/√(K−1) ||_F with G = M̃ᵀM̃, the centred class-mean Gram (distance to the simplex ETF).', scale: 'log', ideal: 0, group: 'nc' },
    { key: 'nc3', label: 'NC3', definition: '|| Wᵀ/||W||_F − M̃/||M̃||_F ||_F (not squared).', scale: 'log', ideal: 0, group: 'nc' },
    { key: 'nc4', label: 'NC4', definition: 'Fraction of samples whose prediction argmax_k w_k·h differs from the nearest class mean argmin_k ||h − μ_k||.', scale: 'lin', ideal: 0, group: 'nc' },
  ],
  panels: [
    { title: 'Figure 2: approach to collapse (log y vs log log t)', metrics: ['cvH', 'cvW', 'withinClass', 'angH', 'angW', 'selfDuality'], x: 'step', xScale: 'loglog', yScale: 'log' },
    { title: 'Loss', metrics: ['loss'], x: 'step', xScale: 'log', yScale: 'log' },
    { title: 'Margin and its Lemma 3.1 bound', metrics: ['qmin', 'qminBound'], x: 'step', xScale: 'log', yScale: 'lin' },
    { title: 'Alignment β and margin ratio', metrics: ['beta', 'marginRatio'], x: 'step', xScale: 'log', yScale: 'lin' },
    { title: 'NC1-NC4', metrics: ['nc1', 'nc2', 'nc3', 'nc4'], x: 'step', xScale: 'log', yScale: 'log' },
  ],
  artifacts: [
    { name: 'features', label: 'features H', kind: 'features', description: 'The final d x Kn feature matrix with class labels (usable as H0 of the perturbed UFM).' },
    { name: 'classifier', label: 'classifier W', kind: 'matrix', description: 'The final K x d classifier.' },
  ],
  presets: [
    {
      name: 'ji-fig2',
      label: 'Ji et al. Figure 2',
      description:
        'K = 5, n = 10, d = 20, step 5, 10^5 steps, mean reduction (with the paper sum, step 5 diverges within ~110 steps). ' +
        'On the log-log(log t) axes all six measures decrease along roughly straight lines: collapse comes, but only poly-logarithmically in t; β approaches 1 and q_min grows.',
      params: { K: 5, n: 10, d: 20, lr: 5, steps: 100000, reduction: 'mean', init: 'random', initScale: 1, noise: 0, projectToSphere: false },
    },
    {
      name: 'example31',
      label: 'Example 3.1: bad KKT point, plain GD',
      description:
        'W = H = M (K = 4, n = 1, d = 4), plain GD on the sum. The gradient is parallel to the parameters (β = 1), so GD only rescales them: the loss goes to 0 and q_min grows, but equiangularity stays at 4/9 and the iterate never becomes neural collapse.',
      params: { K: 4, n: 1, d: 4, lr: 0.1, steps: 10000, reduction: 'sum', init: 'example31', initScale: 1, noise: 0, projectToSphere: false },
    },
    {
      name: 'example31-noise',
      label: 'Example 3.1 with noise on the sphere',
      description:
        'The same start, but with small Gaussian noise and projection back to the initial sphere (R^2 = 16). The bad KKT point is a strict saddle on the sphere (Theorem 3.4): the noise kicks the iterate off it and the loss falls from 8 log(1 + e^-2) to L_min(R^2) = 4 log(1 + 3 e^{-8/3}), the neural-collapse value (drawn as the theory line).',
      params: { K: 4, n: 1, d: 4, lr: 0.1, steps: 20000, reduction: 'sum', init: 'example31', initScale: 1, noise: 1e-3, projectToSphere: true },
    },
  ],
};
