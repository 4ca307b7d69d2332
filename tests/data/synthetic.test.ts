import { describe, expect, it } from 'vitest';
import { gaussianMixture, parseCovariance, regressionSet } from '../../src-main/data/synthetic.ts';

describe('synthetic classification set', () => {
  it('orders samples class by class and is fixed by its data seed', () => {
    const a = gaussianMixture({ classes: 3, perClass: 4, dim: 5, separation: 2, testPerClass: 2, seed: 7 });
    const b = gaussianMixture({ classes: 3, perClass: 4, dim: 5, separation: 2, testPerClass: 2, seed: 7 });
    expect(Array.from(a.train.labels)).toEqual([0, 0, 0, 0, 1, 1, 1, 1, 2, 2, 2, 2]);
    expect(a.train.x).toEqual(b.train.x);
    expect(a.test!.count).toBe(6);
    const c = gaussianMixture({ classes: 3, perClass: 4, dim: 5, separation: 2, testPerClass: 0, seed: 8 });
    expect(c.train.x).not.toEqual(a.train.x);
    expect(c.test).toBeNull();
  });

  it('puts the class means at the requested distance from the origin', () => {
    const { train } = gaussianMixture({ classes: 2, perClass: 20000, dim: 4, separation: 3, testPerClass: 0, seed: 1 });
    for (let k = 0; k < 2; k++) {
      const mean = new Float64Array(4);
      for (let i = k * 20000; i < (k + 1) * 20000; i++) for (let j = 0; j < 4; j++) mean[j] += train.x[i * 4 + j] / 20000;
      // Sample-mean error ~ 1/sqrt(20000) per coordinate.
      expect(Math.hypot(...mean)).toBeCloseTo(3, 1);
    }
  });
});

describe('synthetic regression set', () => {
  it('has exactly the requested target covariance (divisor M)', () => {
    const sigma = parseCovariance('2,0.5,0;0.5,1,-0.3;0,-0.3,0.5', 'targetCovariance');
    const { train, test } = regressionSet({ samples: 500, inputDim: 6, covariance: sigma, testSamples: 100, seed: 3 });
    const n = 3;
    const mean = new Float64Array(n);
    for (let i = 0; i < 500; i++) for (let t = 0; t < n; t++) mean[t] += train.targets[i * n + t] / 500;
    for (let a = 0; a < n; a++)
      for (let b = 0; b < n; b++) {
        let s = 0;
        for (let i = 0; i < 500; i++) s += (train.targets[i * n + a] - mean[a]) * (train.targets[i * n + b] - mean[b]);
        // float32 targets: agreement to ~1e-6 relative.
        expect(s / 500).toBeCloseTo(sigma.get(a, b), 5);
      }
    expect(test!.count).toBe(100);
    expect(test!.targetDim).toBe(3);
  });

  it('rejects covariances that are not symmetric positive definite, naming the field', () => {
    expect(() => parseCovariance('1,2;0,1', 'targetCovariance')).toThrow('targetCovariance: not symmetric');
    expect(() => parseCovariance('1,2;2,1', 'targetCovariance')).toThrow('targetCovariance: not positive definite (smallest eigenvalue -1.00000)');
    expect(() => parseCovariance('1,0;0', 'targetCovariance')).toThrow('targetCovariance: row 2 has 1 entries, a 2x2 matrix needs 2');
    expect(() => parseCovariance('1,x;0,1', 'targetCovariance')).toThrow('targetCovariance: entry (1, 2) is not a number');
  });
});
