/**
 * Generates bilinear-gd.wat, the WebAssembly text of the fused GD step of bilinear-gd.ts, and
 * (with wabt's wat2wasm on the PATH) the base64 module in bilinear-gd-wasm-bytes.ts:
 *
 *   npx node src-main/numerics/bilinear-gd-wat.ts        # writes both files (needs wat2wasm)
 *
 * Why generated: the step is register-blocked (2 classifier rows x 4 feature columns per inner
 * loop, with 1-row / 1-column tails), which is 12 near-identical loops; writing them by hand
 * would invite copy errors. Why WebAssembly: plain JS loops reach ~1.2 GFLOP/s; f64x2 SIMD with
 * fused multiply-add (relaxed_madd) and register blocking is several times faster on the
 * 512-dimensional sizes, with no dependency and no compiler at run time.
 *
 * Layout (all byte offsets passed by the caller): Wt = W^T (dp x K, column k = w_k), H (dp x N),
 * both with d padded to dp (a multiple of 2) by zero rows. Zero rows stay exactly zero under GD
 * (their gradients are 0 * stuff), so padding changes no result. The step is the same fused pass
 * as the JS kernel: per block of columns, residuals e = alpha (W h + b - y) (phase A), dW += e h^T
 * (phase B, old h), h <- (1 - lr cH) h - lr W^T e (phase C, old W); W and b after the pass.
 *
 * Exports: `step` (one-hot targets from labels: the MSE UFMs), `stepDense` (real targets, H
 * step lrH: the regression UFM), `stepSoftmax` (phase A stores logits, a column softmax turns
 * them into the cross-entropy residuals: the ULPM), `products` (A^T B or squared distances: the
 * metric passes) and `expArray` (the vectorised exp, for its accuracy test).
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const ROWS = [2, 1];
const COLS = [4, 1];

/** a*b + c on f64x2: fused when `fma`, else a separate multiply and add. */
function madd(fma: boolean, a: string, b: string, c: string): string {
  return fma ? `(f64x2.relaxed_madd ${a} ${b} ${c})` : `(f64x2.add (f64x2.mul ${a} ${b}) ${c})`;
}

const range = (n: number) => Array.from({ length: n }, (_, i) => i);

/** `$<name>r = base + (index + r) * rowBytes` for r < count: pointers to consecutive padded rows. */
const rowPointers = (name: string, base: string, index: string, count: number) =>
  range(count).map((r) => `(local.set $${name}${r} (i32.add (local.get ${base}) (i32.mul (i32.add (local.get ${index}) (i32.const ${r})) (local.get $rowBytes))))`);

/** Runs `inner` for every 16-byte lane pair of a padded row (the byte offset is $i). */
const simdRowLoop = (inner: string[]) => `(local.set $i (i32.const 0))
    (block $done (loop $next
      (br_if $done (i32.ge_u (local.get $i) (local.get $rowBytes)))
      ${inner.join('\n      ')}
      (local.set $i (i32.add (local.get $i) (i32.const 16)))
      (br $next)))`;

type AMode = 'labels' | 'dense' | 'logits' | 'dist';
const A_NAME: Record<AMode, string> = { labels: 'A', dense: 'AD', logits: 'AZ', dist: 'AX' };

/**
 * Phase A for R rows (kk..kk+R-1) and C columns (j..j+C-1), stored at pOut + (k sk + c sc) * 8:
 *  - labels: residuals alpha (w_k.h + b_k - [y_j = k]) (one-hot targets from integer labels),
 *  - dense:  residuals alpha (w_k.h + b_k - Y[k + j K]) (real targets, K x N column-major at pLab),
 *  - logits: the plain products w_k.h (softmax step, products kernel),
 *  - dist:   squared distances ||h - w_k||^2 formed from the differences (no cancellation).
 */
function phaseA(R: number, C: number, fma: boolean, mode: AMode): string {
  const locals = [
    ...range(R).map((r) => `(local $w${r} i32)`),
    ...range(C).map((c) => `(local $h${c} i32)`),
    ...range(R).flatMap((r) => range(C).map((c) => `(local $a${r}${c} v128)`)),
    ...range(C).map((c) => `(local $vh${c} v128)`),
    '(local $i i32) (local $vw v128) (local $df v128)',
  ];
  const body: string[] = [];
  body.push(...rowPointers('w', '$pW', '$kk', R), ...rowPointers('h', '$pH', '$j', C));
  const inner: string[] = [];
  for (const c of range(C)) inner.push(`(local.set $vh${c} (v128.load (i32.add (local.get $h${c}) (local.get $i))))`);
  for (const r of range(R)) {
    inner.push(`(local.set $vw (v128.load (i32.add (local.get $w${r}) (local.get $i))))`);
    for (const c of range(C)) {
      if (mode === 'dist') {
        inner.push(`(local.set $df (f64x2.sub (local.get $vh${c}) (local.get $vw)))`);
        inner.push(`(local.set $a${r}${c} ${madd(fma, '(local.get $df)', '(local.get $df)', `(local.get $a${r}${c})`)})`);
      } else inner.push(`(local.set $a${r}${c} ${madd(fma, '(local.get $vw)', `(local.get $vh${c})`, `(local.get $a${r}${c})`)})`);
    }
  }
  body.push(simdRowLoop(inner));
  for (const r of range(R))
    for (const c of range(C)) {
      const k = `(i32.add (local.get $kk) (i32.const ${r}))`;
      const sum = `(f64.add (f64x2.extract_lane 0 (local.get $a${r}${c})) (f64x2.extract_lane 1 (local.get $a${r}${c})))`;
      const target =
        mode === 'labels'
          ? `(f64.convert_i32_u (i32.eq (i32.load (i32.add (local.get $pLab) (i32.shl (i32.add (local.get $j) (i32.const ${c})) (i32.const 2)))) ${k}))`
          : `(f64.load (i32.add (local.get $pLab) (i32.shl (i32.add ${k} (i32.mul (i32.add (local.get $j) (i32.const ${c})) (local.get $K))) (i32.const 3))))`;
      const value =
        mode === 'labels' || mode === 'dense'
          ? `(f64.mul (local.get $alpha) (f64.add ${sum} (f64.sub (f64.load (i32.add (local.get $pb) (i32.shl ${k} (i32.const 3)))) ${target})))`
          : sum;
      body.push(`(f64.store (i32.add (local.get $pOut) (i32.shl (i32.add (i32.mul ${k} (local.get $sk)) (i32.mul (i32.const ${c}) (local.get $sc))) (i32.const 3))) ${value})`);
    }
  return `(func $${A_NAME[mode]}${R}${C} (param $pW i32) (param $pH i32) (param $pb i32) (param $pOut i32) (param $pLab i32) (param $rowBytes i32) (param $kk i32) (param $j i32) (param $alpha f64) (param $K i32) (param $sk i32) (param $sc i32)
    ${locals.join(' ')}
    ${body.join('\n    ')})`;
}

/** Phase B: gW rows kk.. += e h^T over the C columns, and gb += e. */
function phaseB(R: number, C: number, fma: boolean): string {
  const locals = [
    ...range(R).map((r) => `(local $g${r} i32)`),
    ...range(C).map((c) => `(local $h${c} i32)`),
    ...range(R).flatMap((r) => range(C).map((c) => `(local $e${r}${c} v128)`)),
    ...range(C).map((c) => `(local $vh${c} v128)`),
    '(local $i i32) (local $acc v128) (local $s f64)',
  ];
  const body: string[] = [];
  body.push(...rowPointers('g', '$pgW', '$kk', R), ...rowPointers('h', '$pH', '$j', C));
  for (const r of range(R)) {
    const k = `(i32.add (local.get $kk) (i32.const ${r}))`;
    const gb = `(i32.add (local.get $pgb) (i32.shl ${k} (i32.const 3)))`;
    body.push(`(local.set $s (f64.load ${gb}))`);
    for (const c of range(C)) {
      const e = `(f64.load (i32.add (local.get $pE) (i32.shl (i32.add (i32.shl ${k} (i32.const 2)) (i32.const ${c})) (i32.const 3))))`;
      body.push(`(local.set $e${r}${c} (f64x2.splat ${e}))`);
      body.push(`(local.set $s (f64.add (local.get $s) (f64x2.extract_lane 0 (local.get $e${r}${c}))))`);
    }
    body.push(`(f64.store ${gb} (local.get $s))`);
  }
  const inner: string[] = [];
  for (const c of range(C)) inner.push(`(local.set $vh${c} (v128.load (i32.add (local.get $h${c}) (local.get $i))))`);
  for (const r of range(R)) {
    inner.push(`(local.set $acc (v128.load (i32.add (local.get $g${r}) (local.get $i))))`);
    for (const c of range(C)) inner.push(`(local.set $acc ${madd(fma, `(local.get $e${r}${c})`, `(local.get $vh${c})`, '(local.get $acc)')})`);
    inner.push(`(v128.store (i32.add (local.get $g${r}) (local.get $i)) (local.get $acc))`);
  }
  body.push(simdRowLoop(inner));
  return `(func $B${R}${C} (param $pgW i32) (param $pgb i32) (param $pH i32) (param $pE i32) (param $rowBytes i32) (param $kk i32) (param $j i32)
    ${locals.join(' ')}
    ${body.join('\n    ')})`;
}

/** Phase C: h_c += (-lr e_kc) w_k for the R rows (the (1 - lr cH) shrink is applied before). */
function phaseC(R: number, C: number, fma: boolean): string {
  const locals = [
    ...range(R).map((r) => `(local $w${r} i32)`),
    ...range(C).map((c) => `(local $h${c} i32)`),
    ...range(R).flatMap((r) => range(C).map((c) => `(local $e${r}${c} v128)`)),
    ...range(R).map((r) => `(local $vw${r} v128)`),
    '(local $i i32) (local $acc v128)',
  ];
  const body: string[] = [];
  body.push(...rowPointers('w', '$pW', '$kk', R), ...rowPointers('h', '$pH', '$j', C));
  for (const r of range(R))
    for (const c of range(C)) {
      const k = `(i32.add (local.get $kk) (i32.const ${r}))`;
      const e = `(f64.load (i32.add (local.get $pE) (i32.shl (i32.add (i32.shl ${k} (i32.const 2)) (i32.const ${c})) (i32.const 3))))`;
      body.push(`(local.set $e${r}${c} (f64x2.splat (f64.mul (local.get $nlr) ${e})))`);
    }
  const inner: string[] = [];
  for (const r of range(R)) inner.push(`(local.set $vw${r} (v128.load (i32.add (local.get $w${r}) (local.get $i))))`);
  for (const c of range(C)) {
    inner.push(`(local.set $acc (v128.load (i32.add (local.get $h${c}) (local.get $i))))`);
    for (const r of range(R)) inner.push(`(local.set $acc ${madd(fma, `(local.get $e${r}${c})`, `(local.get $vw${r})`, '(local.get $acc)')})`);
    inner.push(`(v128.store (i32.add (local.get $h${c}) (local.get $i)) (local.get $acc))`);
  }
  body.push(simdRowLoop(inner));
  return `(func $C${R}${C} (param $pW i32) (param $pH i32) (param $pE i32) (param $rowBytes i32) (param $kk i32) (param $j i32) (param $nlr f64)
    ${locals.join(' ')}
    ${body.join('\n    ')})`;
}

type StepMode = 'labels' | 'dense' | 'softmax';
const STEP_EXPORT: Record<StepMode, string> = { labels: 'step', dense: 'stepDense', softmax: 'stepSoftmax' };

/**
 * An exported step: `count` GD steps. labels/dense: the bilinear least-squares step (one-hot or
 * real targets). softmax: the cross-entropy step of the ULPM, where phase A stores the logits
 * and a column softmax turns them into alpha (softmax(z) - e_y) before phases B and C.
 * W and b move by lr, H by lrH (the regression UFM preconditions H by M; the others pass lr).
 */
function stepFunction(mode: StepMode): string {
  const a = mode === 'labels' ? 'A' : mode === 'dense' ? 'AD' : 'AZ';
  const label = (c: number) => `(i32.load (i32.add (local.get $pLab) (i32.shl (i32.add (local.get $j) (i32.const ${c})) (i32.const 2))))`;
  const softmax = (C: number) =>
    mode !== 'softmax'
      ? ''
      : C === 4
        ? `(call $softmax (local.get $pE) (local.get $K) ${label(0)} ${label(1)} (local.get $alpha))
        (call $softmax (i32.add (local.get $pE) (i32.const 16)) (local.get $K) ${label(2)} ${label(3)} (local.get $alpha))`
        : `(call $softmax (local.get $pE) (local.get $K) ${label(0)} ${label(0)} (local.get $alpha))`;
  const block = (C: number) => `
        ;; phase A for every row, then dW, then the h update (old W, old h where needed)
        (local.set $kk (i32.const 0))
        (block $ra (loop $na (br_if $ra (i32.gt_s (i32.add (local.get $kk) (i32.const 2)) (local.get $K)))
          (call $${a}2${C} (local.get $pW) (local.get $pH) (local.get $pb) (local.get $pE) (local.get $pLab) (local.get $rowBytes) (local.get $kk) (local.get $j) (local.get $alpha) (local.get $K) (i32.const 4) (i32.const 1))
          (local.set $kk (i32.add (local.get $kk) (i32.const 2))) (br $na)))
        (if (i32.lt_s (local.get $kk) (local.get $K)) (then
          (call $${a}1${C} (local.get $pW) (local.get $pH) (local.get $pb) (local.get $pE) (local.get $pLab) (local.get $rowBytes) (local.get $kk) (local.get $j) (local.get $alpha) (local.get $K) (i32.const 4) (i32.const 1))))
        ${softmax(C)}
        (local.set $kk (i32.const 0))
        (block $rb (loop $nb (br_if $rb (i32.gt_s (i32.add (local.get $kk) (i32.const 2)) (local.get $K)))
          (call $B2${C} (local.get $pgW) (local.get $pgb) (local.get $pH) (local.get $pE) (local.get $rowBytes) (local.get $kk) (local.get $j))
          (local.set $kk (i32.add (local.get $kk) (i32.const 2))) (br $nb)))
        (if (i32.lt_s (local.get $kk) (local.get $K)) (then
          (call $B1${C} (local.get $pgW) (local.get $pgb) (local.get $pH) (local.get $pE) (local.get $rowBytes) (local.get $kk) (local.get $j))))
        (call $scale (local.get $pH) (i32.mul (local.get $j) (local.get $rowBytes)) (i32.mul (i32.const ${C}) (local.get $rowBytes)) (local.get $shrinkH))
        (local.set $kk (i32.const 0))
        (block $rc (loop $nc (br_if $rc (i32.gt_s (i32.add (local.get $kk) (i32.const 2)) (local.get $K)))
          (call $C2${C} (local.get $pW) (local.get $pH) (local.get $pE) (local.get $rowBytes) (local.get $kk) (local.get $j) (local.get $nlr))
          (local.set $kk (i32.add (local.get $kk) (i32.const 2))) (br $nc)))
        (if (i32.lt_s (local.get $kk) (local.get $K)) (then
          (call $C1${C} (local.get $pW) (local.get $pH) (local.get $pE) (local.get $rowBytes) (local.get $kk) (local.get $j) (local.get $nlr))))`;
  return `(func (export "${STEP_EXPORT[mode]}") (param $K i32) (param $dp i32) (param $N i32)
    (param $pW i32) (param $pH i32) (param $pb i32) (param $pgW i32) (param $pgb i32) (param $pE i32) (param $pLab i32)
    (param $alpha f64) (param $lr f64) (param $cW f64) (param $cH f64) (param $cb f64) (param $bias i32) (param $count i32) (param $lrH f64)
    (local $t i32) (local $j i32) (local $kk i32) (local $rowBytes i32) (local $wBytes i32)
    (local $nlr f64) (local $shrinkH f64) (local $shrinkW f64) (local $shrinkB f64) (local $q i32)
    (local.set $rowBytes (i32.shl (local.get $dp) (i32.const 3)))
    (local.set $wBytes (i32.mul (local.get $rowBytes) (local.get $K)))
    (local.set $nlr (f64.neg (local.get $lrH)))
    (local.set $shrinkH (f64.sub (f64.const 1) (f64.mul (local.get $lrH) (local.get $cH))))
    (local.set $shrinkW (f64.sub (f64.const 1) (f64.mul (local.get $lr) (local.get $cW))))
    (local.set $shrinkB (f64.sub (f64.const 1) (f64.mul (local.get $lr) (local.get $cb))))
    (local.set $t (i32.const 0))
    (block $stepsDone (loop $nextStep
      (br_if $stepsDone (i32.ge_s (local.get $t) (local.get $count)))
      (call $zero (local.get $pgW) (local.get $wBytes))
      (call $zero (local.get $pgb) (i32.shl (local.get $K) (i32.const 3)))
      (local.set $j (i32.const 0))
      (block $b4 (loop $n4 (br_if $b4 (i32.gt_s (i32.add (local.get $j) (i32.const 4)) (local.get $N)))
        ${block(4)}
        (local.set $j (i32.add (local.get $j) (i32.const 4))) (br $n4)))
      (block $b1 (loop $n1 (br_if $b1 (i32.ge_s (local.get $j) (local.get $N)))
        ${block(1)}
        (local.set $j (i32.add (local.get $j) (i32.const 1))) (br $n1)))
      ;; W <- (1 - lr cW) W - lr gW, b likewise (after the pass: simultaneous GD)
      (local.set $q (i32.const 0))
      (block $wd (loop $wn (br_if $wd (i32.ge_u (local.get $q) (local.get $wBytes)))
        (v128.store (i32.add (local.get $pW) (local.get $q))
          (f64x2.sub (f64x2.mul (f64x2.splat (local.get $shrinkW)) (v128.load (i32.add (local.get $pW) (local.get $q))))
                     (f64x2.mul (f64x2.splat (local.get $lr)) (v128.load (i32.add (local.get $pgW) (local.get $q))))))
        (local.set $q (i32.add (local.get $q) (i32.const 16))) (br $wn)))
      (if (local.get $bias) (then
        (local.set $q (i32.const 0))
        (block $bd (loop $bn (br_if $bd (i32.ge_u (local.get $q) (i32.shl (local.get $K) (i32.const 3))))
          (f64.store (i32.add (local.get $pb) (local.get $q))
            (f64.sub (f64.mul (local.get $shrinkB) (f64.load (i32.add (local.get $pb) (local.get $q))))
                     (f64.mul (local.get $lr) (f64.load (i32.add (local.get $pgb) (local.get $q))))))
          (local.set $q (i32.add (local.get $q) (i32.const 8))) (br $bn)))))
      (local.set $t (i32.add (local.get $t) (i32.const 1)))
      (br $nextStep))))`;
}

const f64x2 = (x: number) => `(v128.const f64x2 ${x} ${x})`;

/**
 * exp on f64x2, for arguments <= 0 in the softmax (any argument in the test export). Range
 * reduction x = k ln2 + r with |r| <= ln2/2 (Cody-Waite: ln2 split so k ln2_hi is exact), the
 * Taylor polynomial of degree 13 (truncation < 5e-18 relative on that interval) by Horner, and
 * 2^k applied as two exact power-of-two factors so results down into the subnormal range are
 * right. Measured within ~1 ulp of Math.exp (tests/numerics/wasm-kernels.test.ts).
 */
function expFunction(fma: boolean): string {
  let fact = 1;
  const coef: number[] = [];
  for (let i = 0; i <= 13; i++) {
    if (i > 0) fact *= i;
    coef.push(1 / fact);
  }
  let poly = f64x2(coef[13]);
  for (let i = 12; i >= 0; i--) poly = madd(fma, poly, '(local.get $r)', f64x2(coef[i]));
  return `(func $expv (param $x v128) (result v128) (local $k v128) (local $r v128) (local $ki v128) (local $k1 v128)
    (local.set $x (f64x2.min (f64x2.max (local.get $x) ${f64x2(-746)}) ${f64x2(710)}))
    (local.set $k (f64x2.nearest (f64x2.mul (local.get $x) ${f64x2(Math.LOG2E)})))
    (local.set $r (f64x2.sub (local.get $x) (f64x2.mul (local.get $k) ${f64x2(6.93147180369123816490e-1)})))
    (local.set $r (f64x2.sub (local.get $r) (f64x2.mul (local.get $k) ${f64x2(1.90821492927058770002e-10)})))
    (local.set $ki (i64x2.extend_low_i32x4_s (i32x4.trunc_sat_f64x2_s_zero (local.get $k))))
    (local.set $k1 (i64x2.shr_s (local.get $ki) (i32.const 1)))
    (f64x2.mul
      (f64x2.mul ${poly} (i64x2.shl (i64x2.add (local.get $k1) (v128.const i64x2 1023 1023)) (i32.const 52)))
      (i64x2.shl (i64x2.add (i64x2.sub (local.get $ki) (local.get $k1)) (v128.const i64x2 1023 1023)) (i32.const 52))))
  (func (export "expArray") (param $p i32) (param $n i32) (local $q i32)
    (block $d (loop $n (br_if $d (i32.ge_u (local.get $q) (i32.shl (local.get $n) (i32.const 3))))
      (v128.store (i32.add (local.get $p) (local.get $q)) (call $expv (v128.load (i32.add (local.get $p) (local.get $q)))))
      (local.set $q (i32.add (local.get $q) (i32.const 16))) (br $n))))`;
}

/**
 * Column softmax of two columns at once (the lanes of E[k*4 + c], c = lane pair at $p), written
 * back as s (softmax(z) - e_y) with the same arithmetic as the JS kernel: max-shift, the
 * non-label mass summed on its own, and the label entry as -s other / sum (no cancellation).
 */
const SOFTMAX = `(func $softmax (param $p i32) (param $K i32) (param $y0 i32) (param $y1 i32) (param $s f64)
    (local $q i32) (local $end i32) (local $m v128) (local $e v128) (local $other v128) (local $ey v128)
    (local $mask v128) (local $kv v128) (local $yv v128) (local $inv v128) (local $no v128)
    (local.set $end (i32.add (local.get $p) (i32.shl (local.get $K) (i32.const 5))))
    (local.set $yv (i64x2.replace_lane 1 (i64x2.splat (i64.extend_i32_s (local.get $y0))) (i64.extend_i32_s (local.get $y1))))
    (local.set $m (v128.load (local.get $p)))
    (local.set $q (i32.add (local.get $p) (i32.const 32)))
    (block $d1 (loop $n1 (br_if $d1 (i32.ge_u (local.get $q) (local.get $end)))
      (local.set $m (f64x2.max (local.get $m) (v128.load (local.get $q))))
      (local.set $q (i32.add (local.get $q) (i32.const 32))) (br $n1)))
    (local.set $q (local.get $p))
    (block $d2 (loop $n2 (br_if $d2 (i32.ge_u (local.get $q) (local.get $end)))
      (local.set $e (call $expv (f64x2.sub (v128.load (local.get $q)) (local.get $m))))
      (v128.store (local.get $q) (local.get $e))
      (local.set $mask (i64x2.eq (local.get $kv) (local.get $yv)))
      (local.set $ey (f64x2.add (local.get $ey) (v128.and (local.get $e) (local.get $mask))))
      (local.set $other (f64x2.add (local.get $other) (v128.andnot (local.get $e) (local.get $mask))))
      (local.set $kv (i64x2.add (local.get $kv) (v128.const i64x2 1 1)))
      (local.set $q (i32.add (local.get $q) (i32.const 32))) (br $n2)))
    (local.set $inv (f64x2.div (f64x2.splat (local.get $s)) (f64x2.add (local.get $other) (local.get $ey))))
    (local.set $no (f64x2.mul (f64x2.neg (local.get $other)) (local.get $inv)))
    (local.set $kv (v128.const i64x2 0 0))
    (local.set $q (local.get $p))
    (block $d3 (loop $n3 (br_if $d3 (i32.ge_u (local.get $q) (local.get $end)))
      (v128.store (local.get $q) (v128.bitselect (local.get $no) (f64x2.mul (v128.load (local.get $q)) (local.get $inv)) (i64x2.eq (local.get $kv) (local.get $yv))))
      (local.set $kv (i64x2.add (local.get $kv) (v128.const i64x2 1 1)))
      (local.set $q (i32.add (local.get $q) (i32.const 32))) (br $n3))))`;

/**
 * products: Z[k + j K] = a_k . b_j (dist = 0) or ||b_j - a_k||^2 (dist = 1) for A dp x K and
 * B dp x N, column-major with padded columns: the heavy products of the NC metrics.
 */
function productsFunction(): string {
  const call = (mode: AMode, R: number, C: number) =>
    `(call $${A_NAME[mode]}${R}${C} (local.get $pA) (local.get $pB) (i32.const 0) (i32.add (local.get $pZ) (i32.shl (i32.mul (local.get $j) (local.get $K)) (i32.const 3))) (i32.const 0) (local.get $rowBytes) (local.get $kk) (local.get $j) (f64.const 1) (local.get $K) (i32.const 1) (local.get $K))`;
  const pick = (R: number, C: number) => `(if (local.get $dist) (then ${call('dist', R, C)}) (else ${call('logits', R, C)}))`;
  const cols = (C: number) => `
        (local.set $kk (i32.const 0))
        (block $r (loop $nr (br_if $r (i32.gt_s (i32.add (local.get $kk) (i32.const 2)) (local.get $K)))
          ${pick(2, C)}
          (local.set $kk (i32.add (local.get $kk) (i32.const 2))) (br $nr)))
        (if (i32.lt_s (local.get $kk) (local.get $K)) (then ${pick(1, C)}))`;
  return `(func (export "products") (param $K i32) (param $dp i32) (param $N i32) (param $pA i32) (param $pB i32) (param $pZ i32) (param $dist i32)
    (local $j i32) (local $kk i32) (local $rowBytes i32)
    (local.set $rowBytes (i32.shl (local.get $dp) (i32.const 3)))
    (block $b4 (loop $n4 (br_if $b4 (i32.gt_s (i32.add (local.get $j) (i32.const 4)) (local.get $N)))
      ${cols(4)}
      (local.set $j (i32.add (local.get $j) (i32.const 4))) (br $n4)))
    (block $b1 (loop $n1 (br_if $b1 (i32.ge_s (local.get $j) (local.get $N)))
      ${cols(1)}
      (local.set $j (i32.add (local.get $j) (i32.const 1))) (br $n1))))`;
}

export function generateWat(fma: boolean): string {
  const parts: string[] = [];
  for (const R of ROWS)
    for (const C of COLS) {
      for (const mode of ['labels', 'dense', 'logits', 'dist'] as const) parts.push(phaseA(R, C, fma, mode));
      parts.push(phaseB(R, C, fma), phaseC(R, C, fma));
    }
  return `;; GENERATED by bilinear-gd-wat.ts (${fma ? 'relaxed-SIMD FMA' : 'SIMD mul+add'} variant): edit the generator, not this file.
(module
  (memory (export "memory") 1)
  ;; zero $bytes bytes at $p (a multiple of 8)
  (func $zero (param $p i32) (param $bytes i32) (local $q i32)
    (block $d (loop $n (br_if $d (i32.ge_u (local.get $q) (local.get $bytes)))
      (i64.store (i32.add (local.get $p) (local.get $q)) (i64.const 0))
      (local.set $q (i32.add (local.get $q) (i32.const 8))) (br $n))))
  ;; multiply $bytes bytes of f64 at $base + $off by $s (skipped when $s = 1, e.g. lambda_H = 0)
  (func $scale (param $base i32) (param $off i32) (param $bytes i32) (param $s f64) (local $q i32) (local $p i32)
    (if (f64.eq (local.get $s) (f64.const 1)) (then (return)))
    (local.set $p (i32.add (local.get $base) (local.get $off)))
    (block $d (loop $n (br_if $d (i32.ge_u (local.get $q) (local.get $bytes)))
      (v128.store (i32.add (local.get $p) (local.get $q)) (f64x2.mul (v128.load (i32.add (local.get $p) (local.get $q))) (f64x2.splat (local.get $s))))
      (local.set $q (i32.add (local.get $q) (i32.const 16))) (br $n))))
  ${expFunction(fma)}
  ${SOFTMAX}
  ${parts.join('\n  ')}
  ${stepFunction('labels')}
  ${stepFunction('dense')}
  ${stepFunction('softmax')}
  ${productsFunction()})
`;
}

/** Assembles WAT text with wabt's wat2wasm (a build-time tool only). */
function assemble(wat: string, fma: boolean): Buffer {
  const dir = mkdtempSync(join(tmpdir(), 'bilinear-gd-'));
  const src = join(dir, 'm.wat');
  const out = join(dir, 'm.wasm');
  writeFileSync(src, wat);
  execFileSync('wat2wasm', [...(fma ? ['--enable-relaxed-simd'] : []), src, '-o', out]);
  return readFileSync(out);
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const here = new URL('.', import.meta.url);
  const fmaWat = generateWat(true);
  writeFileSync(new URL('bilinear-gd.wat', here), fmaWat);
  const fma = assemble(fmaWat, true).toString('base64');
  const plain = assemble(generateWat(false), false).toString('base64');
  writeFileSync(
    new URL('bilinear-gd-wasm-bytes.ts', here),
    `// GENERATED by bilinear-gd-wat.ts from bilinear-gd.wat (npx node src-main/numerics/bilinear-gd-wat.ts).\n` +
      `// Embedded as base64 so that the module loads the same way in Node, workers and bundles.\n` +
      `/** Relaxed-SIMD variant (f64x2.relaxed_madd: fused multiply-add where the CPU has it). */\nexport const BILINEAR_GD_WASM_FMA = '${fma}';\n` +
      `/** Plain SIMD128 variant (multiply then add), for engines without relaxed SIMD. */\nexport const BILINEAR_GD_WASM_SIMD = '${plain}';\n`,
  );
  console.log(`bilinear-gd.wat: ${fmaWat.length} chars; wasm: ${fma.length} + ${plain.length} base64 chars`);
}
