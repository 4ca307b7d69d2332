/**
 * The GD step of a regression-ufm run behind one interface. Its step is the bilinear MSE step
 * with a bias, real targets and the features preconditioned by M, so the WebAssembly SIMD kernel
 * of the MSE models runs it (src-main/numerics/bilinear-gd-wasm.ts, `targets` and `hStep`);
 * the compiled JS step of objective.ts is the reference and the fallback.
 */
import type { BilinearCoefs } from '../../src-main/numerics/bilinear-gd.ts';
import { WasmBilinearGd, wasmBytesNeeded } from '../../src-main/numerics/bilinear-gd-wasm.ts';
import { bilinearWasmSync, WASM_MAX_BYTES } from '../../src-main/numerics/wasm-module.ts';
import { createWorkspace, stepKernel } from './objective.ts';
import type { RegressionShape, RegressionWorkspace, StepKernel } from './objective.ts';

export type RegressionKernelKind = 'auto' | 'js' | 'wasm';

/** A point in the plugin's layouts: W n x d row-major, H d x M by columns, b n. */
export type RegressionPoint = { W: Float64Array; H: Float64Array; b: Float64Array };

export interface RegressionStepper {
  readonly backend: string;
  readonly details: Record<string, string>;
  /** Sets the point; the stepper may keep the arrays given. */
  write(p: RegressionPoint): void;
  /** The current point (read-only for the caller). */
  read(): RegressionPoint;
  step(lr: number, count: number): void;
}

class JsStepper implements RegressionStepper {
  readonly backend = 'js-f64';
  readonly details = { kernel: 'fused regression-UFM gradient step (plugins/regression-ufm/objective.ts)' };
  private p: RegressionPoint = { W: new Float64Array(0), H: new Float64Array(0), b: new Float64Array(0) };
  private readonly Y: Float64Array;
  private readonly ws: RegressionWorkspace;
  private readonly kernel: StepKernel;

  constructor(shape: RegressionShape, Y: Float64Array) {
    this.Y = Y;
    this.ws = createWorkspace(shape);
    this.kernel = stepKernel(shape);
  }

  write(p: RegressionPoint): void {
    this.p = p;
  }

  read(): RegressionPoint {
    return this.p;
  }

  step(lr: number, count: number): void {
    const { W, H, b } = this.p;
    for (let t = 0; t < count; t++) this.kernel(W, H, b, this.Y, lr, this.ws);
  }
}

class WasmStepper implements RegressionStepper {
  readonly backend: string;
  readonly details: Record<string, string>;
  private readonly gd: WasmBilinearGd;
  private readonly n: number;
  private readonly d: number;

  constructor(shape: RegressionShape, gd: WasmBilinearGd) {
    this.gd = gd;
    this.n = shape.n;
    this.d = shape.d;
    this.backend = gd.backend;
    this.details = { ...gd.details, kernel: 'bilinear GD step with real targets, WebAssembly SIMD (src-main/numerics/bilinear-gd-wasm.ts)' };
  }

  write(p: RegressionPoint): void {
    const { n, d } = this;
    const W = new Float64Array(n * d);
    for (let a = 0; a < n; a++) for (let j = 0; j < d; j++) W[a + j * n] = p.W[a * d + j];
    this.gd.setPoint({ W, H: p.H, b: p.b });
  }

  read(): RegressionPoint {
    const { n, d } = this;
    const q = this.gd.getPoint();
    const W = new Float64Array(n * d);
    for (let a = 0; a < n; a++) for (let j = 0; j < d; j++) W[a * d + j] = q.W[a + j * n];
    return { W, H: q.H, b: q.b };
  }

  step(lr: number, count: number): void {
    this.gd.step(lr, count);
  }
}

/** The objective of regression-ufm in bilinear-GD constants (see objective.ts for the step). */
export function bilinearCoefs(s: RegressionShape): BilinearCoefs {
  return { alpha: 1 / s.M, cW: s.lambdaW, cH: s.lambdaH / s.M, cb: 0, bias: true, hStep: s.M };
}

/** 'auto': wasm when available and the problem fits its memory, else JS; 'js'/'wasm' force one. */
export function createStepper(shape: RegressionShape, Y: Float64Array, kind: RegressionKernelKind = 'auto'): RegressionStepper {
  if (kind === 'js') return new JsStepper(shape, Y);
  const wasm = bilinearWasmSync();
  const bshape = { K: shape.n, d: shape.d, N: shape.M, labels: new Int32Array(0), targets: Y };
  if (kind === 'wasm' && !wasm) throw new Error('regression-ufm: this JavaScript engine has no WebAssembly SIMD');
  if (wasm && (kind === 'wasm' || wasmBytesNeeded(bshape) <= WASM_MAX_BYTES)) return new WasmStepper(shape, new WasmBilinearGd(bshape, bilinearCoefs(shape), wasm));
  return new JsStepper(shape, Y);
}
