/**
 * The heavy products of the metric passes (NC1's projections, NC4's logits and nearest-mean
 * distances, the bilinear objective) on the WebAssembly SIMD kernel of bilinear-gd-wat.ts:
 * Z = A^T B or Z[k, j] = ||b_j - a_k||^2 for column-major A (d x K) and B (d x N). These are the
 * O(K N d) parts of a logged point; at (K, N, d) = (100, 5000, 512) they are ~10x faster than
 * the JS loops. Products use fused multiply-add and another summation order than JS, so values
 * differ from the JS path by round-off (~1e-15 relative).
 */
import { bilinearWasmSync, copyColumnsIn, padRows, WASM_MAX_BYTES, WasmArena } from './wasm-module.ts';

type ProductsFn = (K: number, dp: number, N: number, pA: number, pB: number, pZ: number, dist: number) => void;

export type ProductsKind = 'auto' | 'js' | 'wasm';

/** Below this many multiply-adds (K N d) 'auto' keeps the JS loops: copying in would cost more. */
export const WASM_PRODUCTS_MIN_WORK = 1 << 18;

let arena: WasmArena | null = null;

/** A set of matrices placed in wasm memory together, then multiplied in any combination. */
export class WasmProducts {
  private readonly arena: WasmArena;
  private readonly d: number;
  private readonly run: ProductsFn;

  private constructor(a: WasmArena, d: number) {
    this.arena = a;
    this.d = d;
    this.run = a.exports.products as ProductsFn;
  }

  /**
   * A session over the shared arena for vectors of length d, or null when the engine has no
   * WebAssembly SIMD. Opening a session ends the previous one (its handles become invalid):
   * the arena is reused so repeated metric passes do not grow memory.
   */
  static open(d: number): WasmProducts | null {
    const wasm = bilinearWasmSync();
    if (!wasm) return null;
    arena ??= new WasmArena(wasm);
    arena.reset();
    return new WasmProducts(arena, d);
  }

  /** Whether matrices of these column counts fit in wasm memory. */
  static fits(d: number, columns: number): boolean {
    return padRows(d) * columns * 8 + 1024 < WASM_MAX_BYTES;
  }

  /** Copies `cols` columns (column-major, d rows) in; returns the handle for products. */
  put(src: Float64Array, cols: number): number {
    const p = this.arena.take(padRows(this.d) * cols * 8);
    copyColumnsIn(this.arena.f64(), p, src, this.d, cols);
    return p;
  }

  /** Z (K x N column-major, fresh) = A^T B, or squared distances ||b_j - a_k||^2 when `dist`. */
  products(a: number, K: number, b: number, N: number, dist = false): Float64Array {
    const z = this.arena.take(K * N * 8);
    this.run(K, padRows(this.d), N, a, b, z, dist ? 1 : 0);
    return this.arena.f64().slice(z / 8, z / 8 + K * N);
  }
}

/** Whether a metric pass of K N d multiply-adds uses the wasm products under `kind`. */
export function useWasmProducts(kind: ProductsKind, d: number, K: number, N: number): boolean {
  if (kind === 'js') return false;
  if (kind === 'wasm') {
    if (!bilinearWasmSync()) throw new Error('metrics: this JavaScript engine has no WebAssembly SIMD');
    return true;
  }
  return K * N * d >= WASM_PRODUCTS_MIN_WORK && bilinearWasmSync() !== null && WasmProducts.fits(d, N + 2 * K);
}
