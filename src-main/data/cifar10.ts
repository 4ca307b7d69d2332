/**
 * CIFAR-10 in its binary format (https://www.cs.toronto.edu/~kriz/cifar.html, "binary version"):
 * each record is one label byte (0-9) followed by 3072 pixel bytes, the 1024 red values of the
 * 32x32 image row by row, then green, then blue. Training files `data_batch_1.bin` ...
 * `data_batch_5.bin`, test file `test_batch.bin`, by default in `<data dir>/cifar-10-batches-bin`.
 */
import fs from 'node:fs';
import path from 'node:path';
import type { ClassificationSet } from './dataset.ts';
import { readMaybeGzip } from './idx.ts';

const side = 32;
const plane = side * side;
const recordBytes = 1 + 3 * plane;

export const cifarFiles = {
  train: ['data_batch_1.bin', 'data_batch_2.bin', 'data_batch_3.bin', 'data_batch_4.bin', 'data_batch_5.bin'],
  test: ['test_batch.bin'],
} as const;

/** Reads CIFAR-10 binary files into one set, pixels in [0, 1], shape [32, 32, 3] (channels last). */
export function readCifar10(files: readonly string[]): ClassificationSet {
  const buffers = files.map((file) => {
    const buf = readMaybeGzip(file);
    if (buf.length === 0 || buf.length % recordBytes !== 0) {
      throw new Error(`${file}: ${buf.length} bytes is not a whole number of CIFAR-10 records (${recordBytes} bytes each: 1 label + 3x32x32 pixels); the file is truncated or not CIFAR-10 binary`);
    }
    return { file, buf };
  });
  const count = buffers.reduce((a, b) => a + b.buf.length / recordBytes, 0);
  const x = new Float32Array(count * 3 * plane);
  const labels = new Int32Array(count);
  let n = 0;
  for (const { file, buf } of buffers) {
    for (let r = 0; r < buf.length / recordBytes; r++, n++) {
      const at = r * recordBytes;
      const label = buf[at];
      if (label > 9) throw new Error(`${file}: record ${r} has label ${label}, CIFAR-10 labels are 0..9 (not a CIFAR-10 binary file?)`);
      labels[n] = label;
      // Planar RGB on disk → interleaved HWC, the layout of conv2d's NHWC input.
      const out = n * 3 * plane;
      for (let p = 0; p < plane; p++) {
        for (let c = 0; c < 3; c++) x[out + p * 3 + c] = buf[at + 1 + c * plane + p] / 255;
      }
    }
  }
  return { kind: 'classification', source: `CIFAR-10: ${files.join(', ')}`, x, shape: [side, side, 3], count, labels, classes: 10 };
}

/** Loads one split from a folder holding the standard file names. */
export function loadCifar10(folder: string, split: 'train' | 'test'): ClassificationSet {
  const files = cifarFiles[split].map((name) => path.join(folder, name));
  const missing = files.filter((f) => !fs.existsSync(f));
  if (missing.length > 0) throw new Error(`CIFAR-10 ${split} set: ${missing.join(', ')} not found (put the binary version's files in ${folder}; NC Lab never downloads data)`);
  return readCifar10(files);
}
