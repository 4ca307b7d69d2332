/**
 * The WebAssembly SIMD implementation of the bilinear GD step (see bilinear-gd-wat.ts for the
 * kernel and why it is generated). Same interface and same mathematics as JsBilinearGd; results
 * agree to round-off (different summation order and fused multiply-add), not bit for bit.
 */
import type { BilinearCoefs, BilinearGd, BilinearPoint, BilinearShape } from './bilinear-gd.ts';
import { bilinearObjective, checkShape } from './bilinear-gd.ts';
import type { BilinearWasmModule } from './wasm-module.ts';
import { align16, copyColumnsIn, copyColumnsOut, padRows, WASM_MAX_BYTES, WasmArena } from './wasm-module.ts';

export { loadBilinearWasm, WASM_MAX_BYTES } from './wasm-module.ts';

type StepFn = (
  K: number, dp: number, N: number,
  pW: number, pH: number, pb: number, pgW: number, pgb: number, pE: number, pLab: number,
  alpha: number, lr: number, cW: number, cH: number, cb: number, bias: number, count: number, lrH: number,
) => void;

/** Bytes of wasm memory a problem needs (for choosing the JS path when it is too large). */
export function wasmBytesNeeded(shape: BilinearShape): number {
  const { K, d, N } = shape;
  const dp = padRows(d);
  const targets = shape.targets ? align16(K * N * 8) : align16(N * 4);
  return 16 + 2 * align16(dp * K * 8) + align16(dp * N * 8) + 2 * align16(K * 8) + align16(K * 4 * 8) + targets;
}

export class WasmBilinearGd implements BilinearGd {
  readonly backend = 'wasm-simd-f64';
  readonly details: Record<string, string>;
  private readonly shape: BilinearShape;
  private readonly coefs: BilinearCoefs;
  /** d padded to even length: zero rows stay zero under GD, so padding changes nothing. */
  private readonly dp: number;
  private readonly ptr: { W: number; H: number; b: number; gW: number; gb: number; E: number; lab: number };
  private readonly arena: WasmArena;
  private readonly run: StepFn;

  constructor(shape: BilinearShape, coefs: BilinearCoefs, wasm: BilinearWasmModule) {
    checkShape(shape);
    const bytes = wasmBytesNeeded(shape);
    if (bytes > WASM_MAX_BYTES) throw new Error(`bilinear GD (wasm): the problem needs ${bytes} bytes, more than the ${WASM_MAX_BYTES} wasm allows`);
    this.shape = shape;
    this.coefs = coefs;
    this.details = { simd: wasm.variant };
    const { K, d, N } = shape;
    const dp = (this.dp = padRows(d));
    const a = (this.arena = new WasmArena(wasm));
    this.ptr = { W: a.take(dp * K * 8), H: a.take(dp * N * 8), b: a.take(K * 8), gW: a.take(dp * K * 8), gb: a.take(K * 8), E: a.take(K * 4 * 8), lab: a.take(shape.targets ? K * N * 8 : N * 4) };
    if (shape.targets) a.f64().set(shape.targets, this.ptr.lab / 8);
    else a.i32().set(shape.labels, this.ptr.lab / 4);
    this.run = a.exports[shape.targets ? 'stepDense' : 'step'] as StepFn;
  }

  setPoint(p: BilinearPoint): void {
    const { K, d, N } = this.shape;
    const { dp } = this;
    const mem = this.arena.f64();
    const w = this.ptr.W / 8;
    for (let k = 0; k < K; k++) {
      for (let i = 0; i < d; i++) mem[w + i + k * dp] = p.W[k + i * K];
      if (dp > d) mem[w + d + k * dp] = 0;
    }
    copyColumnsIn(mem, this.ptr.H, p.H, d, N);
    const b = this.ptr.b / 8;
    for (let k = 0; k < K; k++) mem[b + k] = this.coefs.bias ? p.b[k] : 0;
  }

  getPoint(): BilinearPoint {
    const { K, d, N } = this.shape;
    const { dp } = this;
    const mem = this.arena.f64();
    const w = this.ptr.W / 8;
    const W = new Float64Array(K * d);
    for (let k = 0; k < K; k++) for (let i = 0; i < d; i++) W[k + i * K] = mem[w + i + k * dp];
    return { W, H: copyColumnsOut(mem, this.ptr.H, d, N), b: mem.slice(this.ptr.b / 8, this.ptr.b / 8 + K) };
  }

  step(lr: number, count: number): void {
    const { K, N } = this.shape;
    const { alpha, cW, cH, cb, bias } = this.coefs;
    const p = this.ptr;
    this.run(K, this.dp, N, p.W, p.H, p.b, p.gW, p.gb, p.E, p.lab, alpha, lr, cW, cH, bias ? cb : 0, bias ? 1 : 0, count, lr * (this.coefs.hStep ?? 1));
  }

  objective(): number {
    return bilinearObjective(this.shape, this.coefs, this.getPoint());
  }
}
