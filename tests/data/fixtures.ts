/** Writers for small dataset files in the real on-disk formats (IDX, CIFAR-10 binary), for tests. */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import zlib from 'node:zlib';

export function tempDir(prefix: string): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), prefix));
}

/** An unsigned-byte IDX file with the given dimensions. */
export function idxBytes(dims: number[], values: ArrayLike<number>): Buffer {
  const header = Buffer.alloc(4 + 4 * dims.length);
  header[2] = 0x08;
  header[3] = dims.length;
  dims.forEach((d, i) => header.writeUInt32BE(d, 4 + 4 * i));
  return Buffer.concat([header, Buffer.from(Uint8Array.from(values))]);
}

export function writeFile(file: string, bytes: Buffer, gzip = false): string {
  fs.mkdirSync(path.dirname(file), { recursive: true });
  fs.writeFileSync(file, gzip ? zlib.gzipSync(bytes) : bytes);
  return file;
}

/**
 * A small MNIST-like folder: `count` 28x28 images whose pixels encode their class (a bright
 * horizontal band at a class-dependent row, plus seeded noise), so a network can learn them.
 */
export function writeMnistLike(folder: string, count: number, options: { gzip?: boolean; testCount?: number; seed?: number } = {}): void {
  let s = options.seed ?? 1;
  const rand = () => {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    return s / 2 ** 32;
  };
  const make = (n: number, prefix: string) => {
    const pixels = new Uint8Array(n * 784);
    const labels = new Uint8Array(n);
    for (let i = 0; i < n; i++) {
      const k = i % 10;
      labels[i] = k;
      for (let p = 0; p < 784; p++) {
        const row = Math.floor(p / 28);
        const band = row >= 2 + 2 * k && row < 4 + 2 * k;
        pixels[i * 784 + p] = Math.min(255, Math.floor((band ? 200 : 0) + 55 * rand()));
      }
    }
    const gz = options.gzip ? '.gz' : '';
    writeFile(path.join(folder, `${prefix}-images-idx3-ubyte${gz}`), idxBytes([n, 28, 28], pixels), options.gzip);
    writeFile(path.join(folder, `${prefix}-labels-idx1-ubyte${gz}`), idxBytes([n], labels), options.gzip);
  };
  make(count, 'train');
  if (options.testCount) make(options.testCount, 't10k');
}

/** CIFAR-10 binary records: label byte, then 1024 R, 1024 G, 1024 B bytes. */
export function cifarBytes(records: { label: number; pixel: (c: number, p: number) => number }[]): Buffer {
  const out = Buffer.alloc(records.length * 3073);
  records.forEach((r, i) => {
    out[i * 3073] = r.label;
    for (let c = 0; c < 3; c++) for (let p = 0; p < 1024; p++) out[i * 3073 + 1 + c * 1024 + p] = r.pixel(c, p);
  });
  return out;
}
