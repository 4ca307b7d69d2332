import { describe, expect, it } from 'vitest';
import { decodePacked, encodePacked, hasTypedArrays } from '../../src-main/server/wire.ts';

describe('packed wire format', () => {
  it('round-trips a series with every array type, NaN and extreme values preserved bit for bit', () => {
    const value = {
      result: {
        runId: 7,
        metric: 'nc1',
        steps: new Float64Array([0, 1, 10, 1e6]),
        last: new Float64Array([1.5, Number.NaN, -0, Number.MIN_VALUE]),
        f32: new Float32Array([0.1, 3]),
        labels: new Int32Array([-1, 2 ** 31 - 1]),
        u32: new Uint32Array([2 ** 32 - 1]),
        bytes: new Uint8Array([1, 2, 3]),
        nested: [{ a: new Float64Array([42]) }, 'text', null, true],
      },
    };
    const frame = encodePacked(value);
    const back = decodePacked(frame.slice().buffer) as typeof value;
    expect(back.result.runId).toBe(7);
    expect(back.result.steps).toBeInstanceOf(Float64Array);
    expect(Array.from(back.result.steps)).toEqual([0, 1, 10, 1e6]);
    expect(Number.isNaN(back.result.last[1])).toBe(true);
    expect(Object.is(back.result.last[2], -0)).toBe(true);
    expect(back.result.last[3]).toBe(Number.MIN_VALUE);
    expect(back.result.f32).toEqual(new Float32Array([0.1, 3]));
    expect(back.result.labels).toEqual(new Int32Array([-1, 2 ** 31 - 1]));
    expect(back.result.u32[0]).toBe(2 ** 32 - 1);
    expect(Array.from(back.result.bytes)).toEqual([1, 2, 3]);
    expect((back.result.nested[0] as { a: Float64Array }).a[0]).toBe(42);
    expect(back.result.nested.slice(1)).toEqual(['text', null, true]);
  });

  it('puts every array body at an 8-byte aligned offset and costs 8 bytes per f64 value plus a small header', () => {
    const n = 100_000;
    const frame = encodePacked({ steps: new Float64Array(n), last: new Float64Array(n), odd: new Uint8Array(3), after: new Float64Array(5) });
    const header = JSON.parse(new TextDecoder().decode(frame.subarray(8, 8 + new DataView(frame.buffer).getUint32(4, true)))) as {
      b: { o: number }[];
    };
    for (const ref of header.b) expect(ref.o % 8).toBe(0);
    expect(frame.byteLength).toBeLessThan(2 * n * 8 + 3 + 5 * 8 + 400);
    // A JSON array of {step, value} objects is several times larger.
    const json = JSON.stringify(Array.from({ length: n }, (_, i) => ({ step: i * 10, value: Math.random() })));
    expect(json.length).toBeGreaterThan(2 * frame.byteLength);
  });

  it('decodes from an unaligned slice by copying', () => {
    const frame = encodePacked({ x: new Float64Array([1, 2, 3]) });
    const shifted = new Uint8Array(frame.length + 3);
    shifted.set(frame, 3);
    const back = decodePacked(shifted.subarray(3)) as { x: Float64Array };
    expect(Array.from(back.x)).toEqual([1, 2, 3]);
  });

  it('rejects frames that are not packed or are truncated, with a clear reason', () => {
    expect(() => decodePacked(new TextEncoder().encode('{"result":1}'))).toThrow(/bad magic/);
    const frame = encodePacked({ x: new Float64Array(100) });
    expect(() => decodePacked(frame.subarray(0, frame.length - 8))).toThrow(/outside the frame/);
    expect(() => decodePacked(frame.subarray(0, 12))).toThrow(/header of \d+ bytes exceeds/);
  });

  it('detects typed arrays at any depth', () => {
    expect(hasTypedArrays({ a: [{ b: new Int32Array(1) }] })).toBe(true);
    expect(hasTypedArrays({ a: [{ b: [1, 2] }], s: 'x' })).toBe(false);
  });
});
