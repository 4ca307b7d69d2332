import type { Rng } from './plugin-api.ts';

/**
 * xoshiro128** (Blackman & Vigna) with a splitmix32 seeder, written by hand because its state
 * must go into every checkpoint bit-exactly and it sits on hot paths (per-step noise);
 * the same seed gives the same stream on every platform.
 * Normals by Box-Muller; the spare normal is part of the state so a resume is exact.
 */
export class Xoshiro128 implements Rng {
  private s = new Uint32Array(4);
  private spare = new Float64Array(1);
  private hasSpare = 0;

  constructor(seed: number) {
    let x = seed >>> 0;
    for (let i = 0; i < 4; i++) {
      // splitmix32
      x = (x + 0x9e3779b9) >>> 0;
      let z = x;
      z = Math.imul(z ^ (z >>> 16), 0x85ebca6b) >>> 0;
      z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35) >>> 0;
      this.s[i] = (z ^ (z >>> 16)) >>> 0;
    }
    if ((this.s[0] | this.s[1] | this.s[2] | this.s[3]) === 0) this.s[0] = 1;
  }

  /** Next 32 random bits. */
  next(): number {
    const s = this.s;
    const result = Math.imul(rotl(Math.imul(s[1], 5), 7), 9) >>> 0;
    const t = s[1] << 9;
    s[2] ^= s[0];
    s[3] ^= s[1];
    s[1] ^= s[2];
    s[0] ^= s[3];
    s[2] ^= t;
    s[3] = rotl(s[3], 11);
    return result;
  }

  uniform(): number {
    // 53 bits: 27 high bits of one draw and 26 of the next.
    const a = this.next() >>> 5;
    const b = this.next() >>> 6;
    return (a * 67108864 + b) / 9007199254740992;
  }

  normal(): number {
    if (this.hasSpare) {
      this.hasSpare = 0;
      return this.spare[0];
    }
    let u = 0;
    while (u === 0) u = this.uniform();
    const v = this.uniform();
    const r = Math.sqrt(-2 * Math.log(u));
    this.spare[0] = r * Math.sin(2 * Math.PI * v);
    this.hasSpare = 1;
    return r * Math.cos(2 * Math.PI * v);
  }

  int(n: number): number {
    return Math.floor(this.uniform() * n);
  }

  fillNormal(out: Float64Array | Float32Array, std = 1): void {
    for (let i = 0; i < out.length; i++) out[i] = std * this.normal();
  }

  getState(): Uint32Array {
    const f = new Uint32Array(this.spare.buffer);
    return Uint32Array.of(this.s[0], this.s[1], this.s[2], this.s[3], this.hasSpare, f[0], f[1]);
  }

  setState(state: Uint32Array): void {
    if (state.length !== 7) throw new Error(`rng state: expected 7 words, got ${state.length}`);
    this.s.set(state.subarray(0, 4));
    this.hasSpare = state[4];
    new Uint32Array(this.spare.buffer).set(state.subarray(5, 7));
  }
}

function rotl(x: number, k: number): number {
  return ((x << k) | (x >>> (32 - k))) >>> 0;
}
