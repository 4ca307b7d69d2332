/**
 * MNIST and Fashion-MNIST from their standard IDX files in a folder. Both use the same file
 * names, so each lives in its own folder (by default `<data dir>/mnist` and
 * `<data dir>/fashion-mnist`). Nothing is ever downloaded: a missing file is an error that says
 * which file was expected where.
 */
import fs from 'node:fs';
import path from 'node:path';
import type { ClassificationSet } from './dataset.ts';
import { readIdx } from './idx.ts';

export const mnistFiles = {
  train: { images: 'train-images-idx3-ubyte', labels: 'train-labels-idx1-ubyte' },
  test: { images: 't10k-images-idx3-ubyte', labels: 't10k-labels-idx1-ubyte' },
} as const;

/** The file for a base name: plain or `.gz`, whichever exists (plain first). */
function findFile(folder: string, base: string, what: string): string {
  for (const name of [base, `${base}.gz`]) {
    const file = path.join(folder, name);
    if (fs.existsSync(file)) return file;
  }
  throw new Error(`${what}: ${path.join(folder, base)}[.gz] not found (put the IDX files in ${folder}; NC Lab never downloads data)`);
}

/**
 * Reads an images file (N x rows x cols unsigned bytes) and its labels file (N unsigned bytes)
 * into a classification set with pixels scaled to [0, 1] and shape [rows, cols, 1].
 */
export function readIdxClassification(imagesFile: string, labelsFile: string, classes = 10): ClassificationSet {
  const images = readIdx(imagesFile);
  const labels = readIdx(labelsFile);
  if (images.dims.length !== 3) throw new Error(`${imagesFile}: expected 3 dimensions (count x rows x cols), found ${images.dims.length} (${images.dims.join('x')})`);
  if (labels.dims.length !== 1) throw new Error(`${labelsFile}: expected 1 dimension (count), found ${labels.dims.length} (${labels.dims.join('x')})`);
  const [count, rows, cols] = images.dims;
  if (labels.dims[0] !== count) {
    throw new Error(`${labelsFile}: holds ${labels.dims[0]} labels but ${imagesFile} holds ${count} images`);
  }
  const y = new Int32Array(count);
  for (let i = 0; i < count; i++) {
    const v = labels.data[i];
    if (!Number.isInteger(v) || v < 0 || v >= classes) throw new Error(`${labelsFile}: label ${v} of sample ${i} is outside 0..${classes - 1}`);
    y[i] = v;
  }
  const x = new Float32Array(count * rows * cols);
  for (let i = 0; i < x.length; i++) x[i] = images.data[i] / 255;
  return { kind: 'classification', source: `${imagesFile} + ${labelsFile}`, x, shape: [rows, cols, 1], count, labels: y, classes };
}

/** Loads one split of MNIST or Fashion-MNIST from `folder`. */
export function loadMnistLike(folder: string, split: 'train' | 'test', dataset: string): ClassificationSet {
  const names = mnistFiles[split];
  const what = `${dataset} ${split} set`;
  const set = readIdxClassification(findFile(folder, names.images, what), findFile(folder, names.labels, what));
  return { ...set, source: `${dataset} ${split}: ${set.source}` };
}

/** True when the test files of a folder exist (the test set is optional). */
export function hasMnistTest(folder: string): boolean {
  const base = mnistFiles.test.images;
  return fs.existsSync(path.join(folder, base)) || fs.existsSync(path.join(folder, `${base}.gz`));
}
