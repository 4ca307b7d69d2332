/**
 * Reader for the IDX format of MNIST and Fashion-MNIST (http://yann.lecun.com/exdb/mnist/):
 * two zero bytes, a type code, the number of dimensions, the dimensions as big-endian int32,
 * then the values big-endian. Gzipped files are recognised by their magic bytes, so the same
 * reader takes `train-images-idx3-ubyte` and `train-images-idx3-ubyte.gz`.
 */
import fs from 'node:fs';
import zlib from 'node:zlib';

export type IdxArray = { file: string; dims: number[]; data: Float64Array | Uint8Array };

const types: Record<number, { name: string; bytes: number; read: (v: DataView, at: number) => number }> = {
  0x08: { name: 'unsigned byte', bytes: 1, read: (v, at) => v.getUint8(at) },
  0x09: { name: 'signed byte', bytes: 1, read: (v, at) => v.getInt8(at) },
  0x0b: { name: 'short', bytes: 2, read: (v, at) => v.getInt16(at, false) },
  0x0c: { name: 'int', bytes: 4, read: (v, at) => v.getInt32(at, false) },
  0x0d: { name: 'float', bytes: 4, read: (v, at) => v.getFloat32(at, false) },
  0x0e: { name: 'double', bytes: 8, read: (v, at) => v.getFloat64(at, false) },
};

/** Reads a whole file, gunzipping it when it starts with the gzip magic bytes. */
export function readMaybeGzip(file: string): Buffer {
  let raw: Buffer;
  try {
    raw = fs.readFileSync(file);
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    throw new Error(code === 'ENOENT' ? `${file}: file not found` : `${file}: cannot read (${(e as Error).message})`);
  }
  if (raw.length >= 2 && raw[0] === 0x1f && raw[1] === 0x8b) {
    try {
      return zlib.gunzipSync(raw);
    } catch (e) {
      throw new Error(`${file}: corrupt or truncated gzip data (${(e as Error).message})`);
    }
  }
  return raw;
}

/** Parses one IDX file. Unsigned bytes stay a Uint8Array (no copy); other types become float64. */
export function readIdx(file: string): IdxArray {
  const buf = readMaybeGzip(file);
  if (buf.length < 4) throw new Error(`${file}: not an IDX file (only ${buf.length} bytes)`);
  if (buf[0] !== 0 || buf[1] !== 0) {
    throw new Error(`${file}: not an IDX file (magic number starts with 0x${buf[0].toString(16).padStart(2, '0')}${buf[1].toString(16).padStart(2, '0')}, expected 0x0000)`);
  }
  const type = types[buf[2]];
  if (!type) throw new Error(`${file}: unknown IDX data type code 0x${buf[2].toString(16)}`);
  const ndims = buf[3];
  const headerBytes = 4 + 4 * ndims;
  if (ndims === 0 || buf.length < headerBytes) throw new Error(`${file}: truncated IDX header (${ndims} dimensions need ${headerBytes} bytes, file has ${buf.length})`);
  const view = new DataView(buf.buffer, buf.byteOffset, buf.byteLength);
  const dims: number[] = [];
  for (let i = 0; i < ndims; i++) dims.push(view.getUint32(4 + 4 * i, false));
  const count = dims.reduce((a, b) => a * b, 1);
  const expected = headerBytes + count * type.bytes;
  if (buf.length < expected) {
    throw new Error(`${file}: truncated: header says ${dims.join('x')} ${type.name} values (${expected} bytes), the file has ${buf.length} bytes`);
  }
  if (buf.length > expected) {
    throw new Error(`${file}: ${buf.length - expected} unexpected bytes after the ${dims.join('x')} values the header announces`);
  }
  if (buf[2] === 0x08) return { file, dims, data: new Uint8Array(buf.buffer, buf.byteOffset + headerBytes, count) };
  const data = new Float64Array(count);
  for (let i = 0; i < count; i++) data[i] = type.read(view, headerBytes + i * type.bytes);
  return { file, dims, data };
}
