/** Picks the fastest available implementation of the bilinear GD step. */
import { JsBilinearGd } from './bilinear-gd.ts';
import type { BilinearCoefs, BilinearGd, BilinearShape } from './bilinear-gd.ts';

export type BilinearKernelKind = 'auto' | 'js' | 'wasm';

export async function createBilinearGd(shape: BilinearShape, coefs: BilinearCoefs, kind: BilinearKernelKind = 'auto'): Promise<BilinearGd> {
  void kind;
  return new JsBilinearGd(shape, coefs);
}
