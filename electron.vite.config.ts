/**
 * Three builds: main (ESM; plus the engine's worker and every built-in plugin as their own
 * entries, because the engine loads them by path at run time), preload (one self-contained
 * CommonJS file: a sandboxed preload can require nothing but `electron`), renderer (the Vue app).
 */
import { existsSync, readdirSync } from 'node:fs';
import { resolve } from 'node:path';
import { defineConfig } from 'electron-vite';
import vue from '@vitejs/plugin-vue';

const root = import.meta.dirname;

/** plugins/<id>/index.ts → out/main/plugins/<id>/index.js, found by the engine's folder scan. */
function pluginEntries(): Record<string, string> {
  const dir = resolve(root, 'plugins');
  const entries: Record<string, string> = {};
  for (const d of readdirSync(dir, { withFileTypes: true })) {
    const file = resolve(dir, d.name, 'index.ts');
    if (d.isDirectory() && existsSync(file)) entries[`plugins/${d.name}/index`] = file;
  }
  return entries;
}

export default defineConfig({
  main: {
    build: {
      outDir: 'out/main',
      // Native, optional, absent offline: resolved at run time inside try/catch, never bundled.
      externalizeDeps: { include: ['@tensorflow/tfjs-node', '@tensorflow/tfjs-node-gpu', 'electron'] },
      rolldownOptions: {
        input: {
          index: resolve(root, 'src-main/main/index.ts'),
          worker: resolve(root, 'src-main/engine/worker.ts'),
          ...pluginEntries(),
        },
        external: ['@tensorflow/tfjs-node', '@tensorflow/tfjs-node-gpu'],
        output: { format: 'es', entryFileNames: '[name].js' },
      },
    },
  },
  preload: {
    build: {
      outDir: 'out/preload',
      // Bundle zod and the contract into the preload: a sandboxed preload cannot load modules.
      externalizeDeps: false,
      rolldownOptions: {
        input: { index: resolve(root, 'src-preload/index.ts') },
        external: ['electron'],
        output: { format: 'cjs', entryFileNames: '[name].cjs', codeSplitting: false },
      },
    },
  },
  renderer: {
    root: resolve(root, 'src-renderer'),
    plugins: [vue()],
    build: {
      outDir: resolve(root, 'out/renderer'),
      emptyOutDir: true,
      chunkSizeWarningLimit: 2500,
      rolldownOptions: { input: { index: resolve(root, 'src-renderer/index.html') } },
    },
  },
});
