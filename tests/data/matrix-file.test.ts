import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { featuresWithLabels, readMatrixFile, resolveDataPath } from '../../src-main/data/matrix-file.ts';

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'matrix-file-'));
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

function write(name: string, content: string | Uint8Array): string {
  const file = path.join(dir, name);
  fs.writeFileSync(file, content);
  return file;
}

/** A .npy file as NumPy writes it (version 1.0, header padded to a multiple of 64 bytes). */
function npy(descr: string, shape: number[], values: number[], opts: { fortran?: boolean; version?: number } = {}): Uint8Array {
  const shapeText = shape.length === 1 ? `(${shape[0]},)` : `(${shape.join(', ')})`;
  let header = `{'descr': '${descr}', 'fortran_order': ${opts.fortran ? 'True' : 'False'}, 'shape': ${shapeText}, }`;
  const version = opts.version ?? 1;
  const pre = version === 1 ? 10 : 12;
  header += ' '.repeat(63 - ((pre + header.length) % 64)) + '\n';
  const size = Number(descr.slice(2));
  const little = descr[0] !== '>';
  const body = new DataView(new ArrayBuffer(values.length * size));
  values.forEach((v, i) => {
    const kind = descr[1] + size;
    if (kind === 'f8') body.setFloat64(i * size, v, little);
    else if (kind === 'f4') body.setFloat32(i * size, v, little);
    else if (kind === 'i4') body.setInt32(i * size, v, little);
    else if (kind === 'i8') body.setBigInt64(i * size, BigInt(v), little);
    else if (kind === 'u1') body.setUint8(i * size, v);
  });
  const out = new Uint8Array(pre + header.length + body.byteLength);
  out.set([0x93, 0x4e, 0x55, 0x4d, 0x50, 0x59, version, 0]);
  const dv = new DataView(out.buffer);
  if (version === 1) dv.setUint16(8, header.length, true);
  else dv.setUint32(8, header.length, true);
  out.set(new TextEncoder().encode(header), pre);
  out.set(new Uint8Array(body.buffer), pre + header.length);
  return out;
}

describe('CSV tables', () => {
  it('reads numbers row by row, with or without a header, skipping blank and # lines', () => {
    const t = readMatrixFile(write('a.csv', '# exported\nx, y ,label\n1, 2.5, 0\n\n-3e-2,4,1\r\n'));
    expect(t).toMatchObject({ rows: 2, cols: 3, header: ['x', 'y', 'label'] });
    expect(Array.from(t.data)).toEqual([1, 2.5, 0, -0.03, 4, 1]);
    expect(readMatrixFile(write('b.csv', '1,2\n3,4\n')).header).toBeNull();
  });

  it.each([
    ['ragged.csv', '1,2,3\n4,5\n', /ragged\.csv: line 2 has 2 values, expected 3/],
    ['text.csv', 'a,b\n1,2\n3,oops\n', /text\.csv: line 3, column 2: "oops" is not a finite number/],
    ['empty.csv', '\n# nothing\n', /empty\.csv: is empty/],
    ['header-only.csv', 'a,b\n', /header-only\.csv: has a header but no data rows/],
    ['blank-field.csv', '1,,3\n', /blank-field\.csv: line 1, column 2: "" is not a finite number/],
  ])('rejects %s with the line and the reason', (name, content, message) => {
    expect(() => readMatrixFile(write(name, content))).toThrow(message);
  });
});

describe('.npy arrays', () => {
  it('reads C-order float64, Fortran-order float32, big-endian int32 and 1-D uint8', () => {
    expect(Array.from(readMatrixFile(write('c.npy', npy('<f8', [2, 3], [1, 2, 3, 4, 5, 6.5]))).data)).toEqual([1, 2, 3, 4, 5, 6.5]);
    // Fortran order lists column by column: [[1, 2, 3], [4, 5, 6]] is stored 1, 4, 2, 5, 3, 6.
    const f = readMatrixFile(write('f.npy', npy('<f4', [2, 3], [1, 4, 2, 5, 3, 6], { fortran: true })));
    expect(f).toMatchObject({ rows: 2, cols: 3 });
    expect(Array.from(f.data)).toEqual([1, 2, 3, 4, 5, 6]);
    expect(Array.from(readMatrixFile(write('be.npy', npy('>i4', [2, 2], [-1, 2, 3, -4]))).data)).toEqual([-1, 2, 3, -4]);
    const v = readMatrixFile(write('v.npy', npy('|u1', [3], [7, 8, 9], { version: 2 })));
    expect(v).toMatchObject({ rows: 3, cols: 1 });
    expect(Array.from(v.data)).toEqual([7, 8, 9]);
  });

  it.each([
    ['magic.npy', new TextEncoder().encode('not numpy at all'), /magic\.npy: not a NumPy \.npy file/],
    ['short.npy', npy('<f8', [2, 3], [1, 2, 3, 4, 5, 6]).slice(0, 128 + 20), /short\.npy: truncated data: shape \(2, 3\) of <f8 needs 48 bytes, the file has 20/],
    ['complex.npy', npy('<c16', [1], []), /complex\.npy: unsupported dtype "<c16"/],
    ['cube.npy', npy('<f8', [1, 1, 1], [1]), /cube\.npy: expected a 1-D or 2-D array, got shape \(1, 1, 1\)/],
    ['nan.npy', npy('<f8', [1, 2], [1, NaN]), /nan\.npy: entry \(0, 1\) is NaN/],
  ])('rejects %s naming the problem', (name, bytes, message) => {
    expect(() => readMatrixFile(write(name, bytes))).toThrow(message);
  });

  it('rejects unknown extensions and missing files by name', () => {
    expect(() => readMatrixFile(write('m.txt', '1'))).toThrow(/m\.txt: unsupported extension "\.txt"/);
    expect(() => readMatrixFile(path.join(dir, 'gone.csv'))).toThrow(/gone\.csv: file not found/);
  });
});

describe('features with labels', () => {
  it('takes the last column as the label, maps label values to 0..K-1 and returns H by columns', () => {
    const file = write('h0.csv', 'f1,f2,label\n1,2,5\n3,4,2\n5,6,5\n7,8,9\n');
    const f = featuresWithLabels(file, readMatrixFile(file));
    expect(f).toMatchObject({ d: 2, N: 4, K: 3, classValues: [2, 5, 9] });
    expect(Array.from(f.labels)).toEqual([1, 0, 1, 2]);
    expect(Array.from(f.H)).toEqual([1, 2, 3, 4, 5, 6, 7, 8]);
  });

  it('rejects non-integer labels and a single class', () => {
    const a = write('frac.csv', '1,0.5\n2,1\n');
    expect(() => featuresWithLabels(a, readMatrixFile(a))).toThrow(/frac\.csv: row 1: the label \(last column\) must be an integer, got 0\.5/);
    const b = write('one.csv', '1,3\n2,3\n');
    expect(() => featuresWithLabels(b, readMatrixFile(b))).toThrow(/one\.csv: needs at least 2 classes/);
  });

  it('resolves relative paths against the data folder', () => {
    expect(resolveDataPath('x.csv', '/data')).toBe(path.resolve('/data/x.csv'));
    expect(resolveDataPath('/abs/x.csv', '/data')).toBe('/abs/x.csv');
  });
});
