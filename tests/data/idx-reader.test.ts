import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { readIdx } from '../../src-main/data/idx.ts';
import { loadMnistLike, readIdxClassification } from '../../src-main/data/mnist.ts';
import { idxBytes, tempDir, writeFile, writeMnistLike } from './fixtures.ts';

describe('IDX reader', () => {
  const dir = tempDir('nclab-idx-');

  it('reads plain and gzipped files to the same values', () => {
    const values = Array.from({ length: 2 * 3 * 4 }, (_, i) => (i * 37) % 256);
    const plain = readIdx(writeFile(path.join(dir, 'a-idx3-ubyte'), idxBytes([2, 3, 4], values)));
    const gz = readIdx(writeFile(path.join(dir, 'a-idx3-ubyte.gz'), idxBytes([2, 3, 4], values), true));
    expect(plain.dims).toEqual([2, 3, 4]);
    expect(Array.from(plain.data)).toEqual(values);
    expect(gz.dims).toEqual([2, 3, 4]);
    expect(Array.from(gz.data)).toEqual(values);
  });

  it('reads big-endian non-byte types', () => {
    const header = Buffer.from([0, 0, 0x0b, 1, 0, 0, 0, 3]);
    const body = Buffer.alloc(6);
    [-2, 300, 7].forEach((v, i) => body.writeInt16BE(v, 2 * i));
    const arr = readIdx(writeFile(path.join(dir, 'short.idx'), Buffer.concat([header, body])));
    expect(Array.from(arr.data)).toEqual([-2, 300, 7]);
  });

  it('names the file and the shortfall when the data is truncated', () => {
    const full = idxBytes([5, 28, 28], new Uint8Array(5 * 784));
    const file = writeFile(path.join(dir, 'cut-idx3-ubyte'), full.subarray(0, full.length - 100));
    expect(() => readIdx(file)).toThrow(`${file}: truncated: header says 5x28x28 unsigned byte values (3936 bytes), the file has 3836 bytes`);
  });

  it('rejects a truncated gzip stream, a bad magic number and trailing bytes', () => {
    const gz = fs.readFileSync(writeFile(path.join(dir, 'whole.gz'), idxBytes([100], new Uint8Array(100)), true));
    const cut = writeFile(path.join(dir, 'cut.gz'), gz.subarray(0, gz.length - 10));
    expect(() => readIdx(cut)).toThrow(`${cut}: corrupt or truncated gzip data`);
    const bad = writeFile(path.join(dir, 'bad'), Buffer.from([0x50, 0x4b, 3, 4, 0, 0, 0, 0]));
    expect(() => readIdx(bad)).toThrow(`${bad}: not an IDX file (magic number starts with 0x504b, expected 0x0000)`);
    const long = writeFile(path.join(dir, 'long'), Buffer.concat([idxBytes([2], [1, 2]), Buffer.from([9])]));
    expect(() => readIdx(long)).toThrow('1 unexpected bytes after the 2 values');
  });

  it('names a missing file', () => {
    const file = path.join(dir, 'nope');
    expect(() => readIdx(file)).toThrow(`${file}: file not found`);
  });
});

describe('MNIST-style image + label files', () => {
  it('loads a gzipped folder with pixels scaled to [0, 1]', () => {
    const dir = tempDir('nclab-mnist-');
    writeMnistLike(dir, 30, { gzip: true, testCount: 10 });
    const train = loadMnistLike(dir, 'train', 'mnist');
    expect(train.count).toBe(30);
    expect(train.shape).toEqual([28, 28, 1]);
    expect(train.classes).toBe(10);
    expect(Array.from(train.labels.subarray(0, 12))).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 0, 1]);
    const max = train.x.reduce((a, b) => Math.max(a, b), 0);
    expect(max).toBeLessThanOrEqual(1);
    expect(max).toBeGreaterThan(0.78);
    expect(loadMnistLike(dir, 'test', 'mnist').count).toBe(10);
  });

  it('rejects a labels file whose count does not match the images', () => {
    const dir = tempDir('nclab-mnist-');
    const images = writeFile(path.join(dir, 'i'), idxBytes([4, 2, 2], new Uint8Array(16)));
    const labels = writeFile(path.join(dir, 'l'), idxBytes([3], [0, 1, 2]));
    expect(() => readIdxClassification(images, labels)).toThrow(`${labels}: holds 3 labels but ${images} holds 4 images`);
  });

  it('rejects labels outside 0..9 and images of the wrong rank', () => {
    const dir = tempDir('nclab-mnist-');
    const images = writeFile(path.join(dir, 'i'), idxBytes([2, 2, 2], new Uint8Array(8)));
    const labels = writeFile(path.join(dir, 'l'), idxBytes([2], [3, 12]));
    expect(() => readIdxClassification(images, labels)).toThrow(`${labels}: label 12 of sample 1 is outside 0..9`);
    const flat = writeFile(path.join(dir, 'f'), idxBytes([2, 4], new Uint8Array(8)));
    expect(() => readIdxClassification(flat, labels)).toThrow(`${flat}: expected 3 dimensions (count x rows x cols), found 2 (2x4)`);
  });

  it('says which file is missing from the data folder', () => {
    const dir = tempDir('nclab-mnist-');
    expect(() => loadMnistLike(dir, 'train', 'fashion-mnist')).toThrow(
      `fashion-mnist train set: ${path.join(dir, 'train-images-idx3-ubyte')}[.gz] not found`,
    );
  });
});
