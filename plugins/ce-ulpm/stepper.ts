/**
 * The GD step of a ce-ulpm run behind one interface, on the WebAssembly SIMD kernel where the
 * engine has it (src-main/numerics/softmax-gd-wasm.ts: ~2x the compiled JS step at the paper's
 * size, ~10x at d = 512) or on the compiled JS step of objective.ts (the reference).
 */
import { bilinearWasmSync, WASM_MAX_BYTES } from '../../src-main/numerics/wasm-module.ts';
import { softmaxBytesNeeded, WasmSoftmaxGd } from '../../src-main/numerics/softmax-gd-wasm.ts';
import { createWorkspace, stepKernel } from './objective.ts';
import type { StepKernel, UlpmShape, UlpmWorkspace } from './objective.ts';

export type UlpmKernelKind = 'auto' | 'js' | 'wasm';

export interface UlpmStepper {
  readonly backend: string;
  readonly details: Record<string, string>;
  /** Sets the point (W K x d row-major, H d x N); the stepper may keep the arrays given. */
  write(W: Float64Array, H: Float64Array): void;
  /** The current point; the caller may change it and write it back, never keep stepping on it. */
  read(): { W: Float64Array; H: Float64Array };
  step(lr: number, count: number): void;
}

class JsStepper implements UlpmStepper {
  readonly backend = 'js-f64';
  readonly details = { kernel: 'fused softmax-CE gradient step (plugins/ce-ulpm/objective.ts)' };
  private W: Float64Array = new Float64Array(0);
  private H: Float64Array = new Float64Array(0);
  private readonly ws: UlpmWorkspace;
  private readonly kernel: StepKernel;

  constructor(shape: UlpmShape) {
    this.ws = createWorkspace(shape);
    this.kernel = stepKernel(shape);
  }

  write(W: Float64Array, H: Float64Array): void {
    this.W = W;
    this.H = H;
  }

  read(): { W: Float64Array; H: Float64Array } {
    return { W: this.W, H: this.H };
  }

  step(lr: number, count: number): void {
    for (let t = 0; t < count; t++) this.kernel(this.W, this.H, lr, this.ws);
  }
}

class WasmStepper implements UlpmStepper {
  readonly backend: string;
  readonly details: Record<string, string>;
  private readonly gd: WasmSoftmaxGd;

  constructor(gd: WasmSoftmaxGd) {
    this.gd = gd;
    this.backend = gd.backend;
    this.details = gd.details;
  }

  write(W: Float64Array, H: Float64Array): void {
    this.gd.setPoint(W, H);
  }

  read(): { W: Float64Array; H: Float64Array } {
    return this.gd.getPoint();
  }

  step(lr: number, count: number): void {
    this.gd.step(lr, count);
  }
}

/** 'auto': wasm when available and the problem fits its memory, else JS; 'js'/'wasm' force one. */
export function createStepper(shape: UlpmShape, kind: UlpmKernelKind = 'auto'): UlpmStepper {
  if (kind === 'js') return new JsStepper(shape);
  const wasm = bilinearWasmSync();
  if (kind === 'wasm') {
    if (!wasm) throw new Error('ce-ulpm: this JavaScript engine has no WebAssembly SIMD');
    return new WasmStepper(new WasmSoftmaxGd(shape, wasm));
  }
  if (wasm && softmaxBytesNeeded(shape) <= WASM_MAX_BYTES) return new WasmStepper(new WasmSoftmaxGd(shape, wasm));
  return new JsStepper(shape);
}
