import { describe, expect, it } from 'vitest';
import { runInMemory } from '../../../src-main/engine/context.ts';
import { selectBackend } from '../../../plugins/network-trainer/backend.ts';
import { plugin, tinyConfig } from './helpers.ts';

// These machines cannot install @tensorflow/tfjs-node(-gpu) (their install downloads libtensorflow),
// so the native packages are really absent here and the fallback path is the one exercised.
describe('backend selection without the native packages', () => {
  it('auto falls back to wasm and records why each native backend was skipped', async () => {
    const info = await selectBackend('auto');
    expect(info.name).toBe('wasm');
    expect(info.details.fallbacks).toMatch(/^tfjs-node-gpu: Cannot find package '@tensorflow\/tfjs-node-gpu'.*; tfjs-node: Cannot find package '@tensorflow\/tfjs-node'/);
    expect(info.details.tfjsVersion).toBe('4.22.0');
    expect(info.details.simd).toBe('true');
    expect(info.details.device).toMatch(/^CPU: /);
  });

  it('an explicit native choice fails with the reason instead of silently falling back', async () => {
    await expect(selectBackend('tfjs-node')).rejects.toThrow("backend tfjs-node is not available: Cannot find package '@tensorflow/tfjs-node'");
    await expect(selectBackend('tfjs-node-gpu')).rejects.toThrow('backend tfjs-node-gpu is not available');
  });

  it('the pure-JS backend can be chosen explicitly', async () => {
    const info = await selectBackend('cpu');
    expect(info.name).toBe('cpu');
    expect(info.details.reason).toBe('requested explicitly');
  });

  it('a run records the backend, the device and the versions, and says so in its log', async () => {
    const r = await runInMemory(plugin, tinyConfig({ backend: 'auto', epochs: 1 }), { seed: 1 });
    expect(r.backend).toBe('tfjs-wasm');
    expect(r.backendDetails.package).toBe('@tensorflow/tfjs-backend-wasm@4.22.0');
    expect(r.backendDetails.node).toBe(process.version);
    expect(r.messages[0]).toMatch(/^backend wasm \(CPU: .*\): first of the automatic order that loaded; skipped tfjs-node-gpu: /);
  });
});
