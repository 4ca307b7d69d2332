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

/** Phase A for R rows (kk..kk+R-1) and C columns (j..j+C-1): residuals into E[k*4 + c]. */
function phaseA(R: number, C: number, fma: boolean): string {
  const locals = [
    ...range(R).map((r) => `(local $w${r} i32)`),
    ...range(C).map((c) => `(local $h${c} i32)`),
    ...range(R).flatMap((r) => range(C).map((c) => `(local $a${r}${c} v128)`)),
    ...range(C).map((c) => `(local $vh${c} v128)`),
    '(local $i i32) (local $vw v128)',
  ];
  const body: string[] = [];
  for (const r of range(R)) body.push(`(local.set $w${r} (i32.add (local.get $pW) (i32.mul (i32.add (local.get $kk) (i32.const ${r})) (local.get $rowBytes))))`);
  for (const c of range(C)) body.push(`(local.set $h${c} (i32.add (local.get $pH) (i32.mul (i32.add (local.get $j) (i32.const ${c})) (local.get $rowBytes))))`);
  const inner: string[] = [];
  for (const c of range(C)) inner.push(`(local.set $vh${c} (v128.load (i32.add (local.get $h${c}) (local.get $i))))`);
  for (const r of range(R)) {
    inner.push(`(local.set $vw (v128.load (i32.add (local.get $w${r}) (local.get $i))))`);
    for (const c of range(C)) inner.push(`(local.set $a${r}${c} ${madd(fma, '(local.get $vw)', `(local.get $vh${c})`, `(local.get $a${r}${c})`)})`);
  }
  body.push(`(local.set $i (i32.const 0))
    (block $done (loop $next
      (br_if $done (i32.ge_u (local.get $i) (local.get $rowBytes)))
      ${inner.join('\n      ')}
      (local.set $i (i32.add (local.get $i) (i32.const 16)))
      (br $next)))`);
  for (const r of range(R))
    for (const c of range(C)) {
      const k = `(i32.add (local.get $kk) (i32.const ${r}))`;
      const y = `(f64.convert_i32_u (i32.eq (i32.load (i32.add (local.get $pLab) (i32.shl (i32.add (local.get $j) (i32.const ${c})) (i32.const 2)))) ${k}))`;
      const s = `(f64.add (f64.add (f64x2.extract_lane 0 (local.get $a${r}${c})) (f64x2.extract_lane 1 (local.get $a${r}${c}))) (f64.sub (f64.load (i32.add (local.get $pb) (i32.shl ${k} (i32.const 3)))) ${y}))`;
      body.push(`(f64.store (i32.add (local.get $pE) (i32.shl (i32.add (i32.shl ${k} (i32.const 2)) (i32.const ${c})) (i32.const 3))) (f64.mul (local.get $alpha) ${s}))`);
    }
  return `(func $A${R}${C} (param $pW i32) (param $pH i32) (param $pb i32) (param $pE i32) (param $pLab i32) (param $rowBytes i32) (param $kk i32) (param $j i32) (param $alpha f64)
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
  for (const r of range(R)) body.push(`(local.set $g${r} (i32.add (local.get $pgW) (i32.mul (i32.add (local.get $kk) (i32.const ${r})) (local.get $rowBytes))))`);
  for (const c of range(C)) body.push(`(local.set $h${c} (i32.add (local.get $pH) (i32.mul (i32.add (local.get $j) (i32.const ${c})) (local.get $rowBytes))))`);
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
  body.push(`(local.set $i (i32.const 0))
    (block $done (loop $next
      (br_if $done (i32.ge_u (local.get $i) (local.get $rowBytes)))
      ${inner.join('\n      ')}
      (local.set $i (i32.add (local.get $i) (i32.const 16)))
      (br $next)))`);
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
  for (const r of range(R)) body.push(`(local.set $w${r} (i32.add (local.get $pW) (i32.mul (i32.add (local.get $kk) (i32.const ${r})) (local.get $rowBytes))))`);
  for (const c of range(C)) body.push(`(local.set $h${c} (i32.add (local.get $pH) (i32.mul (i32.add (local.get $j) (i32.const ${c})) (local.get $rowBytes))))`);
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
  body.push(`(local.set $i (i32.const 0))
    (block $done (loop $next
      (br_if $done (i32.ge_u (local.get $i) (local.get $rowBytes)))
      ${inner.join('\n      ')}
      (local.set $i (i32.add (local.get $i) (i32.const 16)))
      (br $next)))`);
  return `(func $C${R}${C} (param $pW i32) (param $pH i32) (param $pE i32) (param $rowBytes i32) (param $kk i32) (param $j i32) (param $nlr f64)
    ${locals.join(' ')}
    ${body.join('\n    ')})`;
}

/** The exported step: `count` GD steps. */
function stepFunction(): string {
  const block = (C: number) => `
        ;; residuals for every row, then dW, then the h update (old W, old h where needed)
        (local.set $kk (i32.const 0))
        (block $ra (loop $na (br_if $ra (i32.gt_s (i32.add (local.get $kk) (i32.const 2)) (local.get $K)))
          (call $A2${C} (local.get $pW) (local.get $pH) (local.get $pb) (local.get $pE) (local.get $pLab) (local.get $rowBytes) (local.get $kk) (local.get $j) (local.get $alpha))
          (local.set $kk (i32.add (local.get $kk) (i32.const 2))) (br $na)))
        (if (i32.lt_s (local.get $kk) (local.get $K)) (then
          (call $A1${C} (local.get $pW) (local.get $pH) (local.get $pb) (local.get $pE) (local.get $pLab) (local.get $rowBytes) (local.get $kk) (local.get $j) (local.get $alpha))))
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
  return `(func (export "step") (param $K i32) (param $dp i32) (param $N i32)
    (param $pW i32) (param $pH i32) (param $pb i32) (param $pgW i32) (param $pgb i32) (param $pE i32) (param $pLab i32)
    (param $alpha f64) (param $lr f64) (param $cW f64) (param $cH f64) (param $cb f64) (param $bias i32) (param $count i32)
    (local $t i32) (local $j i32) (local $kk i32) (local $rowBytes i32) (local $wBytes i32)
    (local $nlr f64) (local $shrinkH f64) (local $shrinkW f64) (local $shrinkB f64) (local $q i32)
    (local.set $rowBytes (i32.shl (local.get $dp) (i32.const 3)))
    (local.set $wBytes (i32.mul (local.get $rowBytes) (local.get $K)))
    (local.set $nlr (f64.neg (local.get $lr)))
    (local.set $shrinkH (f64.sub (f64.const 1) (f64.mul (local.get $lr) (local.get $cH))))
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

export function generateWat(fma: boolean): string {
  const parts: string[] = [];
  for (const R of ROWS) for (const C of COLS) parts.push(phaseA(R, C, fma), phaseB(R, C, fma), phaseC(R, C, fma));
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
  ${parts.join('\n  ')}
  ${stepFunction()})
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
