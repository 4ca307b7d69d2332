/**
 * The WebAssembly SIMD gradient step of the cross-entropy ULPM (plugins/ce-ulpm): the same fused
 * pass as the bilinear MSE kernel (logits W h by 2x4 register blocks, dW += g h^T, h -= lr W^T g,
 * W after the pass) with a column softmax between the first and the other phases, computed in
 * wasm by a vectorised exp (bilinear-gd-wat.ts). The JS step in plugins/ce-ulpm/objective.ts is
 * the reference; the two agree to round-off (summation order, fused multiply-add, exp within
 * ~1 ulp of Math.exp), not bit for bit.
 *
 * Layouts are the plugin's: W is K x d row by row (row k contiguous), H is d x N by columns,
 * column i of class floor(i / n).
 */
import type { BilinearWasmModule } from './wasm-module.ts';
import { copyColumnsIn, copyColumnsOut, padRows, WasmArena } from './wasm-module.ts';

type StepFn = (
  K: number, dp: number, N: number,
  pW: number, pH: number, pb: number, pgW: number, pgb: number, pE: number, pLab: number,
  alpha: number, lr: number, cW: number, cH: number, cb: number, bias: number, count: number, lrH: number,
) => void;

export type SoftmaxShape = { K: number; n: number; d: number; reduction: 'sum' | 'mean' };

/** Bytes of wasm memory the step needs (callers fall back to JS beyond WASM_MAX_BYTES). */
export function softmaxBytesNeeded(s: SoftmaxShape): number {
  const dp = padRows(s.d);
  const N = s.K * s.n;
  return 16 + 2 * dp * s.K * 8 + dp * N * 8 + 2 * s.K * 8 + s.K * 32 + N * 4 + 6 * 16;
}

export class WasmSoftmaxGd {
  readonly backend = 'wasm-simd-f64';
  readonly details: Record<string, string>;
  private readonly shape: SoftmaxShape;
  private readonly dp: number;
  private readonly N: number;
  private readonly scale: number;
  private readonly arena: WasmArena;
  private readonly ptr: { W: number; H: number; b: number; gW: number; gb: number; E: number; lab: number };
  private readonly run: StepFn;

  constructor(shape: SoftmaxShape, wasm: BilinearWasmModule) {
    const { K, n, d } = shape;
    this.shape = shape;
    this.details = { simd: wasm.variant, kernel: 'fused softmax-CE step, WebAssembly SIMD (src-main/numerics/softmax-gd-wasm.ts)' };
    const N = (this.N = K * n);
    this.scale = shape.reduction === 'mean' ? 1 / N : 1;
    const dp = (this.dp = padRows(d));
    const a = (this.arena = new WasmArena(wasm));
    this.ptr = { W: a.take(dp * K * 8), H: a.take(dp * N * 8), b: a.take(K * 8), gW: a.take(dp * K * 8), gb: a.take(K * 8), E: a.take(K * 32), lab: a.take(N * 4) };
    const lab = a.i32();
    for (let i = 0; i < N; i++) lab[this.ptr.lab / 4 + i] = (i / n) | 0;
    this.run = a.exports.stepSoftmax as StepFn;
  }

  /** Copies W (K x d row-major) and H (d x N) in. */
  setPoint(W: Float64Array, H: Float64Array): void {
    const mem = this.arena.f64();
    copyColumnsIn(mem, this.ptr.W, W, this.shape.d, this.shape.K);
    copyColumnsIn(mem, this.ptr.H, H, this.shape.d, this.N);
  }

  /** Copies the current W and H out into fresh arrays. */
  getPoint(): { W: Float64Array; H: Float64Array } {
    const mem = this.arena.f64();
    return { W: copyColumnsOut(mem, this.ptr.W, this.shape.d, this.shape.K), H: copyColumnsOut(mem, this.ptr.H, this.shape.d, this.N) };
  }

  /** `count` gradient steps of size lr (no regularisation, no bias: the ULPM). */
  step(lr: number, count: number): void {
    const p = this.ptr;
    this.run(this.shape.K, this.dp, this.N, p.W, p.H, p.b, p.gW, p.gb, p.E, p.lab, this.scale, lr, 0, 0, 0, 0, count, lr);
  }
}
