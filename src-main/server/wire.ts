/**
 * Packed binary framing for API results that carry typed arrays (series, artifacts). JSON of
 * `[{step, value}, ...]` costs ~5x the bytes and a parse per point; here each array travels as
 * its raw little-endian bytes and the receiver gets zero-copy views.
 *
 * Layout (all integers little-endian):
 *   bytes 0-3   magic "NCLP"
 *   bytes 4-7   u32 length H of the header
 *   bytes 8..   header: UTF-8 JSON {v, b}
 *   padding to a multiple of 8, then the array bodies, each starting at a multiple of 8.
 * In `v` (the value) every typed array is replaced by {"$packed": i}; `b[i]` = {t: type, o: byte
 * offset from the start of the frame, n: element count}. Pure and DOM/Node-neutral: the server
 * encodes, the renderer decodes.
 */

const MAGIC = [0x4e, 0x43, 0x4c, 0x50]; // "NCLP"
export const PACKED_CONTENT_TYPE = 'application/vnd.nclab.packed';

type TypedArray = Float64Array | Float32Array | Int32Array | Uint32Array | Uint8Array;
const constructors = {
  f64: Float64Array,
  f32: Float32Array,
  i32: Int32Array,
  u32: Uint32Array,
  u8: Uint8Array,
} as const;
type TypeTag = keyof typeof constructors;

interface BufferRef {
  t: TypeTag;
  o: number;
  n: number;
}

// Typed arrays are written in platform byte order; every platform Electron ships on is little-endian.
if (new Uint8Array(new Uint16Array([1]).buffer)[0] !== 1) throw new Error('packed wire format needs a little-endian platform');

function tagOf(value: unknown): TypeTag | null {
  if (value instanceof Float64Array) return 'f64';
  if (value instanceof Float32Array) return 'f32';
  if (value instanceof Int32Array) return 'i32';
  if (value instanceof Uint32Array) return 'u32';
  if (value instanceof Uint8Array) return 'u8';
  return null;
}

/** True when the value holds a typed array at any depth (then it is worth packing). */
export function hasTypedArrays(value: unknown): boolean {
  if (tagOf(value)) return true;
  if (Array.isArray(value)) return value.some(hasTypedArrays);
  if (value && typeof value === 'object') return Object.values(value).some(hasTypedArrays);
  return false;
}

const align8 = (n: number) => (n + 7) & ~7;

/** Encodes a JSON-like value with typed arrays at any depth into one frame. */
export function encodePacked(value: unknown): Uint8Array {
  const arrays: TypedArray[] = [];
  const refs: BufferRef[] = [];
  const strip = (v: unknown): unknown => {
    const t = tagOf(v);
    if (t) {
      arrays.push(v as TypedArray);
      refs.push({ t, o: 0, n: (v as TypedArray).length });
      return { $packed: arrays.length - 1 };
    }
    if (Array.isArray(v)) return v.map(strip);
    if (v && typeof v === 'object') {
      const out: Record<string, unknown> = {};
      for (const [k, x] of Object.entries(v)) out[k] = strip(x);
      return out;
    }
    return v;
  };
  const stripped = strip(value);
  // Offsets depend on the header length, which depends on the offsets' digits: iterate to a fixed point.
  let header = new Uint8Array(0);
  let headerLen = -1;
  for (let guard = 0; guard < 8 && header.length !== headerLen; guard++) {
    headerLen = header.length;
    let offset = align8(8 + headerLen);
    for (let i = 0; i < arrays.length; i++) {
      refs[i].o = offset;
      offset = align8(offset + arrays[i].byteLength);
    }
    header = new TextEncoder().encode(JSON.stringify({ v: stripped, b: refs }));
  }
  const total = arrays.length ? align8(refs[refs.length - 1].o + arrays[arrays.length - 1].byteLength) : 8 + header.length;
  const out = new Uint8Array(total);
  out.set(MAGIC, 0);
  new DataView(out.buffer).setUint32(4, header.length, true);
  out.set(header, 8);
  for (let i = 0; i < arrays.length; i++) {
    const a = arrays[i];
    out.set(new Uint8Array(a.buffer, a.byteOffset, a.byteLength), refs[i].o);
  }
  return out;
}

/**
 * Decodes a frame. When the bytes start at an 8-aligned offset of their buffer (a fetch
 * response's ArrayBuffer does), the arrays are views into it; otherwise they are copied.
 */
export function decodePacked(bytes: ArrayBuffer | Uint8Array): unknown {
  const u8 = bytes instanceof Uint8Array ? bytes : new Uint8Array(bytes);
  if (u8.length < 8 || MAGIC.some((m, i) => u8[i] !== m)) throw new Error('packed frame: bad magic (not an NC Lab packed response)');
  const headerLen = new DataView(u8.buffer, u8.byteOffset, u8.byteLength).getUint32(4, true);
  if (8 + headerLen > u8.length) throw new Error(`packed frame: header of ${headerLen} bytes exceeds frame of ${u8.length}`);
  const header = JSON.parse(new TextDecoder().decode(u8.subarray(8, 8 + headerLen))) as { v: unknown; b: BufferRef[] };
  const aligned = u8.byteOffset % 8 === 0;
  const arrays = header.b.map((ref, i) => {
    const C = constructors[ref.t];
    if (!C) throw new Error(`packed frame: array ${i} has unknown type "${ref.t}"`);
    const byteLength = ref.n * C.BYTES_PER_ELEMENT;
    if (ref.o % 8 !== 0 || ref.o + byteLength > u8.length) throw new Error(`packed frame: array ${i} (${ref.n} x ${ref.t} at ${ref.o}) lies outside the frame`);
    if (aligned) return new C(u8.buffer as ArrayBuffer, u8.byteOffset + ref.o, ref.n);
    return new C(u8.slice(ref.o, ref.o + byteLength).buffer);
  });
  const restore = (v: unknown): unknown => {
    if (Array.isArray(v)) return v.map(restore);
    if (v && typeof v === 'object') {
      const keys = Object.keys(v);
      if (keys.length === 1 && keys[0] === '$packed') {
        const a = arrays[(v as { $packed: number }).$packed];
        if (!a) throw new Error(`packed frame: reference to missing array ${(v as { $packed: number }).$packed}`);
        return a;
      }
      const out: Record<string, unknown> = {};
      for (const [k, x] of Object.entries(v)) out[k] = restore(x);
      return out;
    }
    return v;
  };
  return restore(header.v);
}
