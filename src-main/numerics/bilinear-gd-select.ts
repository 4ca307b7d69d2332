/** Picks the implementation of the bilinear GD step. */
import { JsBilinearGd } from './bilinear-gd.ts';
import type { BilinearCoefs, BilinearGd, BilinearShape } from './bilinear-gd.ts';
import { loadBilinearWasm, WASM_MAX_BYTES, WasmBilinearGd, wasmBytesNeeded } from './bilinear-gd-wasm.ts';

export type BilinearKernelKind = 'auto' | 'js' | 'wasm';

/**
 * 'auto' takes the WebAssembly SIMD kernel when the engine supports it and the problem fits in
 * wasm memory, else the pure-JS reference; 'js' and 'wasm' force one (tests run both).
 */
export async function createBilinearGd(shape: BilinearShape, coefs: BilinearCoefs, kind: BilinearKernelKind = 'auto'): Promise<BilinearGd> {
  if (kind === 'js') return new JsBilinearGd(shape, coefs);
  const wasm = await loadBilinearWasm();
  if (kind === 'wasm') {
    if (!wasm) throw new Error('bilinear GD: this JavaScript engine has no WebAssembly SIMD');
    return new WasmBilinearGd(shape, coefs, wasm);
  }
  if (wasm && wasmBytesNeeded(shape) <= WASM_MAX_BYTES) return new WasmBilinearGd(shape, coefs, wasm);
  return new JsBilinearGd(shape, coefs);
}
