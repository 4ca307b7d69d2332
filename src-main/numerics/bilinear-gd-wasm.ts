/**
 * The WebAssembly SIMD implementation of the bilinear GD step (see bilinear-gd-wat.ts for the
 * kernel and why it is generated). Same interface and same mathematics as JsBilinearGd; results
 * agree to round-off (different summation order and fused multiply-add), not bit for bit.
 */
import type { BilinearCoefs, BilinearGd, BilinearPoint, BilinearShape } from './bilinear-gd.ts';
import { bilinearObjective, checkShape } from './bilinear-gd.ts';
import { BILINEAR_GD_WASM_FMA, BILINEAR_GD_WASM_SIMD } from './bilinear-gd-wasm-bytes.ts';

type StepFn = (
  K: number, dp: number, N: number,
  pW: number, pH: number, pb: number, pgW: number, pgb: number, pE: number, pLab: number,
  alpha: number, lr: number, cW: number, cH: number, cb: number, bias: number, count: number,
) => void;

/**
 * The slice of the WebAssembly JS API used here. The Node type check (lib ES2023, no DOM) has no
 * WebAssembly declarations, and pulling in the DOM library for them would hide mistakes elsewhere.
 */
interface WasmMemory {
  readonly buffer: ArrayBuffer;
  grow(pages: number): number;
}
interface WasmApi {
  validate(bytes: Uint8Array): boolean;
  compile(bytes: Uint8Array): Promise<object>;
  Instance: new (module: object, imports: object) => { exports: Record<string, unknown> };
}
const wasmApi = (globalThis as { WebAssembly?: WasmApi }).WebAssembly;

export interface BilinearWasmModule {
  module: object;
  /** 'relaxed-madd' (fused multiply-add) or 'mul-add' (plain SIMD128). */
  variant: string;
}

let loaded: Promise<BilinearWasmModule | null> | null = null;

function decode(base64: string): Uint8Array {
  const text = atob(base64);
  const bytes = new Uint8Array(text.length);
  for (let i = 0; i < text.length; i++) bytes[i] = text.charCodeAt(i);
  return bytes;
}

/** The compiled module, or null where the engine lacks WebAssembly SIMD (compiled once). */
export function loadBilinearWasm(): Promise<BilinearWasmModule | null> {
  loaded ??= (async () => {
    if (!wasmApi) return null;
    for (const [variant, base64] of [['relaxed-madd', BILINEAR_GD_WASM_FMA], ['mul-add', BILINEAR_GD_WASM_SIMD]] as const) {
      const bytes = decode(base64);
      if (wasmApi.validate(bytes)) return { module: await wasmApi.compile(bytes), variant };
    }
    return null;
  })();
  return loaded;
}

/** wasm32 memory is at most 4 GiB; stay well below so allocation cannot fail half-way. */
export const WASM_MAX_BYTES = 2 ** 31;

const align16 = (bytes: number) => Math.ceil(bytes / 16) * 16;

/** Bytes of wasm memory a problem needs (for choosing the JS path when it is too large). */
export function wasmBytesNeeded(shape: BilinearShape): number {
  const { K, d, N } = shape;
  const dp = d + (d & 1);
  return 16 + 2 * align16(dp * K * 8) + align16(dp * N * 8) + 2 * align16(K * 8) + align16(K * 4 * 8) + align16(N * 4);
}

export class WasmBilinearGd implements BilinearGd {
  readonly backend = 'wasm-simd-f64';
  readonly details: Record<string, string>;
  private readonly shape: BilinearShape;
  private readonly coefs: BilinearCoefs;
  /** d padded to even length: zero rows stay zero under GD, so padding changes nothing. */
  private readonly dp: number;
  private readonly ptr: { W: number; H: number; b: number; gW: number; gb: number; E: number; lab: number };
  private readonly mem: Float64Array;
  private readonly run: StepFn;

  constructor(shape: BilinearShape, coefs: BilinearCoefs, wasm: BilinearWasmModule) {
    checkShape(shape);
    const bytes = wasmBytesNeeded(shape);
    if (bytes > WASM_MAX_BYTES) throw new Error(`bilinear GD (wasm): the problem needs ${bytes} bytes, more than the ${WASM_MAX_BYTES} wasm allows`);
    this.shape = shape;
    this.coefs = coefs;
    this.details = { simd: wasm.variant };
    const { K, d, N } = shape;
    const dp = (this.dp = d + (d & 1));
    let at = 16;
    const take = (n: number) => {
      const p = at;
      at += align16(n);
      return p;
    };
    this.ptr = { W: take(dp * K * 8), H: take(dp * N * 8), b: take(K * 8), gW: take(dp * K * 8), gb: take(K * 8), E: take(K * 4 * 8), lab: take(N * 4) };
    if (!wasmApi) throw new Error('bilinear GD (wasm): this JavaScript engine has no WebAssembly');
    const instance = new wasmApi.Instance(wasm.module, {});
    const memory = instance.exports.memory as WasmMemory;
    const pages = Math.ceil(at / 65536);
    if (pages > 1) memory.grow(pages - 1);
    this.mem = new Float64Array(memory.buffer);
    new Int32Array(memory.buffer, this.ptr.lab, N).set(shape.labels);
    this.run = instance.exports.step as StepFn;
  }

  setPoint(p: BilinearPoint): void {
    const { K, d, N } = this.shape;
    const { dp, mem } = this;
    const w = this.ptr.W / 8;
    const h = this.ptr.H / 8;
    const b = this.ptr.b / 8;
    for (let k = 0; k < K; k++) {
      for (let i = 0; i < d; i++) mem[w + i + k * dp] = p.W[k + i * K];
      if (dp > d) mem[w + d + k * dp] = 0;
    }
    for (let j = 0; j < N; j++) {
      mem.set(p.H.subarray(j * d, (j + 1) * d), h + j * dp);
      if (dp > d) mem[h + d + j * dp] = 0;
    }
    for (let k = 0; k < K; k++) mem[b + k] = this.coefs.bias ? p.b[k] : 0;
  }

  getPoint(): BilinearPoint {
    const { K, d, N } = this.shape;
    const { dp, mem } = this;
    const w = this.ptr.W / 8;
    const h = this.ptr.H / 8;
    const W = new Float64Array(K * d);
    for (let k = 0; k < K; k++) for (let i = 0; i < d; i++) W[k + i * K] = mem[w + i + k * dp];
    const H = new Float64Array(d * N);
    for (let j = 0; j < N; j++) H.set(mem.subarray(h + j * dp, h + j * dp + d), j * d);
    return { W, H, b: mem.slice(this.ptr.b / 8, this.ptr.b / 8 + K) };
  }

  step(lr: number, count: number): void {
    const { K, N } = this.shape;
    const { alpha, cW, cH, cb, bias } = this.coefs;
    const p = this.ptr;
    this.run(K, this.dp, N, p.W, p.H, p.b, p.gW, p.gb, p.E, p.lab, alpha, lr, cW, cH, bias ? cb : 0, bias ? 1 : 0, count);
  }

  objective(): number {
    return bilinearObjective(this.shape, this.coefs, this.getPoint());
  }
}
