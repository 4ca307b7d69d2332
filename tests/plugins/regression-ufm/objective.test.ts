import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import typedPlugin from '../../../plugins/regression-ufm/index.ts';
import type { ModelPlugin } from '../../../src-main/engine/plugin-api.ts';
import { createWorkspace, gdStep, lossAndGrad, stepKernel } from '../../../plugins/regression-ufm/objective.ts';
import { prescribedCovariance, syntheticTargets } from '../../../plugins/regression-ufm/targets.ts';
import { runInMemory } from '../../../src-main/engine/context.ts';
import { Xoshiro128 } from '../../../src-main/engine/rng.ts';
import { validateConfig } from '../../../src-main/engine/validate.ts';
import { targetCovariance } from '../../../src-main/numerics/nrc-metrics.ts';
import { interruptedAndFull } from '../ce-ulpm/interrupt.ts';

/** The engine runs plugins through the untyped interface. */
const plugin = typedPlugin as unknown as ModelPlugin;

function random(len: number, seed: number): Float64Array {
  const x = new Float64Array(len);
  new Xoshiro128(seed).fillNormal(x);
  return x;
}

describe('regression UFM objective', () => {
  const s = { n: 2, M: 5, d: 3, lambdaH: 0.3, lambdaW: 0.7 };
  const W = random(6, 1);
  const H = random(15, 2);
  const b = random(2, 3);
  const Y = random(10, 4);

  it('gradients match central finite differences', () => {
    const g = lossAndGrad(s, W, H, b, Y);
    const h = 1e-6;
    for (const [x, gx] of [[W, g.gW], [H, g.gH], [b, g.gb]] as const)
      for (let q = 0; q < x.length; q++) {
        const keep = x[q];
        x[q] = keep + h;
        const up = lossAndGrad(s, W, H, b, Y).loss;
        x[q] = keep - h;
        const down = lossAndGrad(s, W, H, b, Y).loss;
        x[q] = keep;
        expect(gx[q]).toBeCloseTo((up - down) / (2 * h), 7);
      }
  });

  it('the fused step moves W, b by lr·∇ and H by lr·M·∇, returning the loss before the step', () => {
    const g = lossAndGrad(s, W, H, b, Y);
    const [W1, H1, b1] = [W.slice(), H.slice(), b.slice()];
    expect(gdStep(s, W1, H1, b1, Y, 0.1, createWorkspace(s))).toBeCloseTo(g.loss, 13);
    W.forEach((w, q) => expect(W1[q]).toBeCloseTo(w - 0.1 * g.gW[q], 13));
    H.forEach((v, q) => expect(H1[q]).toBeCloseTo(v - 0.1 * s.M * g.gH[q], 13));
    b.forEach((v, q) => expect(b1[q]).toBeCloseTo(v - 0.1 * g.gb[q], 13));
  });

  it.each([1, 3, 17])('the compiled step for n = %s matches the generic fused step', (n) => {
    const sh = { n, M: 7, d: 5, lambdaH: 0.2, lambdaW: 0.05 };
    const [W1, H1, b1, Y1] = [random(n * 5, 11), random(35, 12), random(n, 13), random(n * 7, 14)];
    const [W2, H2, b2] = [W1.slice(), H1.slice(), b1.slice()];
    const step = stepKernel(sh);
    for (let t = 0; t < 15; t++) {
      gdStep(sh, W1, H1, b1, Y1, 0.05, createWorkspace(sh));
      step(W2, H2, b2, Y1, 0.05, createWorkspace(sh));
    }
    W1.forEach((v, q) => expect(W2[q]).toBeCloseTo(v, 12));
    H1.forEach((v, q) => expect(H2[q]).toBeCloseTo(v, 12));
    b1.forEach((v, q) => expect(b2[q]).toBeCloseTo(v, 12));
  });

  it('synthetic targets have exactly the prescribed sample covariance and mean', () => {
    const rng = new Xoshiro128(7);
    const sigma = prescribedCovariance({ kind: 'equicorrelated', n: 3, variance: 2, correlation: -0.3 }, rng);
    const Y3 = syntheticTargets(sigma, 50, 1, rng);
    const S = targetCovariance(Y3);
    for (let q = 0; q < 9; q++) expect(S.data[q]).toBeCloseTo(sigma.data[q], 12);
    for (let a = 0; a < 3; a++) {
      let m = 0;
      for (let i = 0; i < 50; i++) m += Y3.data[a + i * 3] / 50;
      expect(m).toBeCloseTo(1, 12);
    }
  });
});

describe('regression-ufm runs', () => {
  it('reads targets from a CSV file and reaches that data’s L*', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'nrc-'));
    const rng = new Xoshiro128(5);
    const lines = ['speed,steer'];
    for (let i = 0; i < 60; i++) lines.push(`${(2 * rng.normal()).toFixed(6)},${(0.5 * rng.normal() + 0.3).toFixed(6)}`);
    fs.writeFileSync(path.join(dir, 'targets.csv'), lines.join('\n'));
    const config = validateConfig(plugin.manifest, { targets: 'file', targetsFile: 'targets.csv', d: 8, lambdaH: 0.1, steps: 3000 });
    const r = await runInMemory(plugin, config, { seed: 1, dataDir: dir });
    expect(r.messages.join('\n')).toMatch(/n = 2 dimensions, M = 60 samples/);
    expect(Math.abs(r.final.gap)).toBeLessThan(1e-10);
    expect(r.final.nrc2).toBeLessThan(1e-10);
  });

  it('names the missing file', async () => {
    const config = validateConfig(plugin.manifest, { targets: 'file', targetsFile: '/nonexistent/y.csv' });
    await expect(runInMemory(plugin, config, { seed: 1 })).rejects.toThrow(/y\.csv: file not found/);
  });

  it('an interrupted and resumed run reproduces the uninterrupted history bit for bit', async () => {
    const config = validateConfig(plugin.manifest, { M: 40, d: 6, steps: 600 });
    const { stitched, full } = await interruptedAndFull(plugin, config, 3, 250);
    expect(stitched).toEqual(full);
  });
});
