import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadCifar10, readCifar10 } from '../../src-main/data/cifar10.ts';
import { cifarBytes, tempDir, writeFile } from './fixtures.ts';

describe('CIFAR-10 binary reader', () => {
  it('turns planar RGB records into channels-last images with their labels', () => {
    const dir = tempDir('nclab-cifar-');
    const file = writeFile(
      path.join(dir, 'b.bin'),
      cifarBytes([
        { label: 3, pixel: (c, p) => (c === 0 ? p % 256 : c === 1 ? 10 : 255) },
        { label: 9, pixel: () => 0 },
      ]),
    );
    const set = readCifar10([file]);
    expect(set.count).toBe(2);
    expect(set.shape).toEqual([32, 32, 3]);
    expect(Array.from(set.labels)).toEqual([3, 9]);
    // pixel 5 of image 0: R = 5/255, G = 10/255, B = 1.
    expect(set.x[5 * 3]).toBeCloseTo(5 / 255, 6);
    expect(set.x[5 * 3 + 1]).toBeCloseTo(10 / 255, 6);
    expect(set.x[5 * 3 + 2]).toBe(1);
    expect(set.x[3072 + 100]).toBe(0);
  });

  it('rejects a truncated file and a label above 9, naming the file', () => {
    const dir = tempDir('nclab-cifar-');
    const whole = cifarBytes([{ label: 1, pixel: () => 1 }]);
    const cut = writeFile(path.join(dir, 'cut.bin'), whole.subarray(0, 3000));
    expect(() => readCifar10([cut])).toThrow(`${cut}: 3000 bytes is not a whole number of CIFAR-10 records (3073 bytes each`);
    const bad = writeFile(path.join(dir, 'bad.bin'), cifarBytes([{ label: 1, pixel: () => 1 }, { label: 200, pixel: () => 1 }]));
    expect(() => readCifar10([bad])).toThrow(`${bad}: record 1 has label 200, CIFAR-10 labels are 0..9`);
  });

  it('lists the missing standard files of a split', () => {
    const dir = tempDir('nclab-cifar-');
    writeFile(path.join(dir, 'test_batch.bin'), cifarBytes([{ label: 0, pixel: () => 0 }]));
    expect(loadCifar10(dir, 'test').count).toBe(1);
    expect(() => loadCifar10(dir, 'train')).toThrow(`CIFAR-10 train set: ${path.join(dir, 'data_batch_1.bin')}, ${path.join(dir, 'data_batch_2.bin')}`);
  });
});
