import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import typedPlugin from '../../../plugins/perturbed-ufm/index.ts';
import type { ModelPlugin } from '../../../src-main/engine/plugin-api.ts';
import { gradient, objective, optimalH, optimalW } from '../../../plugins/perturbed-ufm/model.ts';
import type { VicinityProblem } from '../../../plugins/perturbed-ufm/model.ts';
import { syntheticFeatures } from '../../../plugins/perturbed-ufm/inputs.ts';
import { sensitivitySummary, theorem42 } from '../../../plugins/perturbed-ufm/sensitivity.ts';
import { runInMemory } from '../../../src-main/engine/context.ts';
import { Xoshiro128 } from '../../../src-main/engine/rng.ts';
import { validateConfig } from '../../../src-main/engine/validate.ts';
import { interruptedAndFull } from '../ce-ulpm/interrupt.ts';

/** The engine runs plugins through the untyped interface. */
const plugin = typedPlugin as unknown as ModelPlugin;

function problem(o: { geometry: 'tb-minimiser' | 'etf'; withinStd: number; lambdaH: number; lambdaW: number; beta: number; K?: number; n?: number; d?: number }): VicinityProblem {
  const f = syntheticFeatures({ K: o.K ?? 4, n: o.n ?? 10, d: o.d ?? 10, geometry: o.geometry, meanNorm: 1, withinStd: o.withinStd, lambdaH: o.lambdaH, lambdaW: o.lambdaW }, new Xoshiro128(21));
  return { K: f.K, d: f.d, N: f.N, labels: f.labels, H0: f.H0, lambdaH: o.lambdaH, lambdaW: o.lambdaW, beta: o.beta };
}

/** The alternating solver run to a fixed point (what the plugin's minimize mode does). */
function solve(p: VicinityProblem): { W: Float64Array; H: Float64Array } {
  let H: Float64Array = p.H0.slice();
  let W = optimalW(p, H);
  for (let it = 0; it < 2000; it++) {
    const H1 = optimalH(p, W);
    const change = H1.reduce((s, v, q) => s + (v - H[q]) ** 2, 0);
    H = H1;
    W = optimalW(p, H);
    if (change < 1e-30) break;
  }
  return { W, H };
}

const gradNorm = (p: VicinityProblem, W: Float64Array, H: Float64Array) => {
  const g = gradient(p, W, H);
  return Math.sqrt(g.gW.reduce((s, v) => s + v * v, 0) + g.gH.reduce((s, v) => s + v * v, 0));
};

describe('vicinity UFM objective and solvers', () => {
  it('gradients match central finite differences', () => {
    const p = problem({ geometry: 'etf', withinStd: 0.3, lambdaH: 0.2, lambdaW: 0.3, beta: 3, K: 3, n: 2, d: 4 });
    const rng = new Xoshiro128(2);
    const W = new Float64Array(12);
    const H = new Float64Array(24);
    rng.fillNormal(W);
    rng.fillNormal(H);
    const { gW, gH } = gradient(p, W, H);
    const h = 1e-6;
    for (const [x, g] of [[W, gW], [H, gH]] as const)
      for (let q = 0; q < x.length; q++) {
        const keep = x[q];
        x[q] = keep + h;
        const up = objective(p, W, H);
        x[q] = keep - h;
        const down = objective(p, W, H);
        x[q] = keep;
        expect(g[q]).toBeCloseTo((up - down) / (2 * h), 8);
      }
  });

  it.each([1, 10, 100, 1000])('Corollary 2.2 at β = %s: from a UFM minimiser the minimiser is H0 itself, f* = c − c²/2', (beta) => {
    const lambdaH = 0.2;
    const lambdaW = Math.SQRT2;
    const p = problem({ geometry: 'tb-minimiser', withinStd: 0, lambdaH, lambdaW, beta });
    const { W, H } = solve(p);
    const c = Math.sqrt(lambdaH * lambdaW);
    expect(objective(p, W, H)).toBeCloseTo(c - (c * c) / 2, 13);
    H.forEach((v, q) => expect(v).toBeCloseTo(p.H0[q], 12));
    // W* = sqrt(λ_H/λ_W) Hbarᵀ; H0 is collapsed, so its first column of class k (column 10 k) is the class mean.
    for (let k = 0; k < p.K; k++) for (let j = 0; j < p.d; j++) expect(W[k + j * p.K]).toBeCloseTo(Math.sqrt(lambdaH / lambdaW) * p.H0[j + k * 10 * p.d], 12);
    expect(gradNorm(p, W, H)).toBeLessThan(1e-13);
  });

  it.each([1, 10, 100, 1000])('at β = %s the alternating minimiser of a noisy input is stationary and the GD solver agrees', async (beta) => {
    const base = { h0Source: 'synthetic', geometry: 'etf', withinStd: 0.3, K: 3, n: 4, d: 5, lambdaH: 0.1, lambdaW: 0.1, beta, sensitivity: false };
    const alt = await runInMemory(plugin, validateConfig(plugin.manifest, { ...base, solver: 'alternating', steps: 2000 }), { seed: 8 });
    expect(alt.final.gradNorm).toBeLessThan(1e-12);
    expect(alt.final.nc1Tilde).toBeLessThan(alt.final.nc1TildeInput);
    // An independent solver: (diagonally preconditioned) gradient descent.
    const gd = await runInMemory(plugin, validateConfig(plugin.manifest, { ...base, solver: 'gd', lr: 0.5, steps: 20000, tol: 1e-15 }), { seed: 8 });
    const Ha = alt.artifacts.find((a) => a.name === 'features')!.matrix.data;
    const Hg = gd.artifacts.find((a) => a.name === 'features')!.matrix.data;
    Ha.forEach((v, q) => expect(Hg[q]).toBeCloseTo(v, 8));
    expect(gd.final.loss).toBeCloseTo(alt.final.loss, 12);
  });

  it('the first-order closed form is off by O(1/β²)', async () => {
    const errors: number[] = [];
    for (const beta of [10, 100, 1000]) {
      const config = validateConfig(plugin.manifest, { ...plugin.manifest.presets.find((p) => p.name === 'beta-sweep-demo')!.params, beta });
      errors.push((await runInMemory(plugin, config, { seed: 1 })).final.approxError);
    }
    expect(errors[0] / errors[1]).toBeGreaterThan(60);
    expect(errors[0] / errors[1]).toBeLessThan(160);
    expect(errors[1] / errors[2]).toBeGreaterThan(90);
    expect(errors[1] / errors[2]).toBeLessThan(110);
  });

  it('logs the closed-form error together with the sensitivity spectra (the default)', async () => {
    const config = validateConfig(plugin.manifest, { K: 3, n: 3, d: 4, withinStd: 0.3, beta: 50 });
    expect(config.sensitivity).toBe(true);
    const r = await runInMemory(plugin, config, { seed: 2 });
    for (const key of ['approxError', 'approxErrorRel', 'sigmaMaxIntra', 'sigmaMinIntra', 'sigmaMaxInter']) expect(r.final[key], key).toBeGreaterThan(0);
    const off = await runInMemory(plugin, validateConfig(plugin.manifest, { ...config, sensitivity: false }), { seed: 2 });
    expect(r.final.approxError).toBe(off.final.approxError);
  });
});

describe('Theorem 4.2: sensitivity blocks near collapse', () => {
  it.each([0.05, 0.2, 0.5])('λ_H = %s: measured block singular values match the theorem to O(1/β²)', (lambdaH) => {
    const lambdaW = Math.SQRT2;
    const err: number[] = [];
    for (const beta of [100, 1000]) {
      const p = problem({ geometry: 'tb-minimiser', withinStd: 0, lambdaH, lambdaW, beta });
      const { W, H } = solve(p);
      const s = sensitivitySummary(p, W, H);
      const t = theorem42(lambdaH, lambdaW, beta);
      const e = Math.max(Math.abs(s.sigmaMaxIntra - t.sigmaMaxIntra), Math.abs(s.sigmaMinIntra - t.sigmaMinIntra), Math.abs(s.sigmaMaxInter - t.sigmaMaxInter));
      expect(e).toBeLessThan(10 / beta ** 2);
      // The O(1/β) parts are what the theorem predicts: the measured deviations are of that size.
      expect(1 - s.sigmaMinIntra).toBeGreaterThan(0.5 * Math.sqrt(lambdaH / lambdaW) / beta);
      expect(s.sigma2Inter).toBeLessThan(1e-12);
      err.push(e);
    }
    // Error ratio between β = 100 and 1000: ~100 for an O(1/β²) error (≥ 30 allows constants).
    expect(err[0] / err[1]).toBeGreaterThan(30);
  });

  it('the theorem42 preset logs the spectra as artifacts next to the predicted theory values', async () => {
    const config = validateConfig(plugin.manifest, plugin.manifest.presets.find((p) => p.name === 'theorem42')!.params);
    const r = await runInMemory(plugin, config, { seed: 1 });
    const intra = r.artifacts.find((a) => a.name === 'sensitivity-intra')!.matrix;
    const inter = r.artifacts.find((a) => a.name === 'sensitivity-inter')!.matrix;
    expect(intra.rows).toBe(100);
    expect(inter.data[1]).toBeLessThan(1e-12);
    const theory = Object.fromEntries(plugin.theory!(config as never).map((t) => [t.metric, t.value]));
    expect(r.final.sigmaMinIntra).toBeCloseTo(theory.sigmaMinIntra, 4);
    expect(r.final.sigmaMaxInter).toBeCloseTo(theory.sigmaMaxInter, 4);
    expect(intra.data[intra.rows - 1]).toBeCloseTo(r.final.sigmaMinIntra, 12);
  });
});

describe('central path (Theorem 3.1)', () => {
  it('NC1~ decreases, e^{2λ_H t} Tr Σ_W never increases and e^{2λ_H t} Tr Σ_B increases at every logged step', async () => {
    const config = validateConfig(plugin.manifest, plugin.manifest.presets.find((p) => p.name === 'central-path')!.params);
    const r = await runInMemory(plugin, config, { seed: 1 });
    const v = (k: string) => r.series[k].values;
    expect(v('nc1Tilde').length).toBeGreaterThan(50);
    for (let i = 1; i < v('nc1Tilde').length; i++) {
      expect(v('nc1Tilde')[i]).toBeLessThan(v('nc1Tilde')[i - 1]);
      expect(v('expTrSigmaW')[i]).toBeLessThanOrEqual(v('expTrSigmaW')[i - 1]);
      expect(v('expTrSigmaB')[i]).toBeGreaterThan(v('expTrSigmaB')[i - 1]);
    }
    expect(r.final.nc1Tilde).toBeLessThan(0.5 * r.final.nc1TildeInput);
  });
});

describe('input features from files and other runs', () => {
  it('reads H0 with labels from a CSV file (unbalanced classes)', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'h0-'));
    const rng = new Xoshiro128(4);
    const rows = ['a,b,c,label'];
    const sizes = [5, 8, 3];
    sizes.forEach((size, k) => {
      for (let i = 0; i < size; i++) rows.push([0, 1, 2].map((j) => (j === k ? 2 : 0) + 0.3 * rng.normal()).join(',') + `,${k + 1}`);
    });
    fs.writeFileSync(path.join(dir, 'h0.csv'), rows.join('\n'));
    const config = validateConfig(plugin.manifest, { h0Source: 'file', h0File: 'h0.csv', beta: 5, steps: 500 });
    const r = await runInMemory(plugin, config, { seed: 1, dataDir: dir });
    expect(r.messages.join('\n')).toMatch(/16 samples, d = 3, 3 classes \(labels 1, 2, 3\)/);
    expect(r.messages.join('\n')).toMatch(/unbalanced classes \(sizes 5, 8, 3\)/);
    expect(r.final.gradNorm).toBeLessThan(1e-12);
    expect(r.final.nc1Tilde).toBeLessThan(r.final.nc1TildeInput);
  });

  it('takes H0 from another run’s features artifact and rejects one without labels', async () => {
    const f = syntheticFeatures({ K: 3, n: 5, d: 4, geometry: 'etf', meanNorm: 1, withinStd: 0.2, lambdaH: 0.1, lambdaW: 0.1 }, new Xoshiro128(6));
    const config = validateConfig(plugin.manifest, { h0Source: 'artifact', h0Artifact: '12:features', beta: 10 });
    const r = await runInMemory(plugin, config, { seed: 1, inputs: { h0Artifact: { rows: 4, cols: 15, data: f.H0, labels: f.labels } } });
    expect(r.final.nc1TildeInput).toBeGreaterThan(r.final.nc1Tilde);
    await expect(runInMemory(plugin, config, { seed: 1, inputs: { h0Artifact: { rows: 4, cols: 15, data: f.H0 } } })).rejects.toThrow(/h0Artifact: "12:features" has no class labels/);
  });

  it('validation names the missing file and the bad geometry', () => {
    expect(() => validateConfig(plugin.manifest, { h0Source: 'file' })).toThrow(/h0File: h0Source = file needs an H0 file/);
    expect(() => validateConfig(plugin.manifest, { geometry: 'tb-minimiser', lambdaH: 2, lambdaW: 1 })).toThrow(/lambdaH: the tb-minimiser geometry needs λ_H λ_W < 1/);
  });
});

describe('resume', () => {
  it('an interrupted and resumed GD solve reproduces the uninterrupted history bit for bit', async () => {
    const config = validateConfig(plugin.manifest, { K: 3, n: 3, d: 4, solver: 'gd', steps: 800, sensitivity: false });
    const { stitched, full } = await interruptedAndFull(plugin, config, 5, 300);
    expect(stitched).toEqual(full);
  });
});
