/**
 * Picks the TensorFlow.js backend a run trains on, in the order the issue asks for:
 * CUDA (tfjs-node-gpu), native CPU (tfjs-node), WebAssembly, pure JS. The native packages are
 * optional dependencies that are often absent, so each attempt is a guarded dynamic import and
 * every failure is kept as a reason that ends up in the run record.
 */
import { execFileSync } from 'node:child_process';
import { createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';
import * as tf from '@tensorflow/tfjs';

import type { BackendChoice } from './choices.ts';

export type { BackendChoice };
type Concrete = Exclude<BackendChoice, 'auto'>;

export type BackendInfo = {
  /** Our name of the backend: tfjs-node-gpu | tfjs-node | wasm | cpu. */
  name: Concrete;
  /** The name TensorFlow.js registered it under (tensorflow, wasm, cpu). */
  tfName: string;
  /** What goes into the run record (ctx.setBackend). */
  details: Record<string, string>;
};

const requireHere = createRequire(import.meta.url);

/** Native packages are resolved by a non-literal name so bundlers and tsc do not require them. */
async function importOptional(pkg: string): Promise<void> {
  await import(pkg);
}

function cpuDescription(): string {
  const cpus = os.cpus();
  return `CPU: ${cpus[0]?.model ?? 'unknown'} (${cpus.length} logical cores)`;
}

/** The GPU name from nvidia-smi when it exists; tfjs-node-gpu itself has no device query API. */
function gpuDescription(): string {
  try {
    const out = execFileSync('nvidia-smi', ['--query-gpu=name,memory.total,driver_version', '--format=csv,noheader'], {
      timeout: 5000,
      encoding: 'utf8',
    });
    const first = out.trim().split('\n')[0];
    return first ? `GPU: ${first}` : 'GPU: CUDA (nvidia-smi listed no device)';
  } catch {
    return 'GPU: CUDA (device name unknown: nvidia-smi not available)';
  }
}

function packageVersion(pkg: string): string {
  try {
    return (requireHere(`${pkg}/package.json`) as { version: string }).version;
  } catch {
    return 'unknown';
  }
}

function message(e: unknown): string {
  const text = e instanceof Error ? e.message : String(e);
  // Module-not-found messages list the whole import stack; the first line says enough.
  return text.split('\n')[0];
}

/** Tries one backend; returns its info, or throws with the reason it cannot be used here. */
async function tryBackend(name: Concrete): Promise<BackendInfo> {
  const common = { tfjsVersion: tf.version.tfjs, node: process.version, platform: `${process.platform}-${process.arch}` };
  switch (name) {
    case 'tfjs-node-gpu':
    case 'tfjs-node': {
      const pkg = `@tensorflow/${name}`;
      await importOptional(pkg);
      // Both native packages register themselves as 'tensorflow'.
      if (!(await tf.setBackend('tensorflow'))) throw new Error(`${pkg} loaded but its 'tensorflow' backend failed to initialise`);
      const binding = (tf.backend() as unknown as { binding?: { TF_Version?: string } }).binding;
      return {
        name,
        tfName: 'tensorflow',
        details: {
          ...common,
          device: name === 'tfjs-node-gpu' ? gpuDescription() : cpuDescription(),
          package: `${pkg}@${packageVersion(pkg)}`,
          libtensorflow: binding?.TF_Version ?? 'unknown',
        },
      };
    }
    case 'wasm': {
      const wasm = await import('@tensorflow/tfjs-backend-wasm');
      // In Node the .wasm binaries are read from disk; point the loader at the package's dist folder.
      const dist = path.dirname(requireHere.resolve('@tensorflow/tfjs-backend-wasm'));
      wasm.setWasmPaths(dist + path.sep);
      if (!(await tf.setBackend('wasm'))) throw new Error('the wasm backend failed to initialise');
      const simd = await tf.env().getAsync('WASM_HAS_SIMD_SUPPORT');
      const threads = await tf.env().getAsync('WASM_HAS_MULTITHREAD_SUPPORT');
      return {
        name,
        tfName: 'wasm',
        details: {
          ...common,
          device: cpuDescription(),
          package: `@tensorflow/tfjs-backend-wasm@${wasm.version_wasm}`,
          simd: String(simd),
          threads: String(threads),
        },
      };
    }
    case 'cpu': {
      if (!(await tf.setBackend('cpu'))) throw new Error('the cpu backend failed to initialise');
      return { name, tfName: 'cpu', details: { ...common, device: cpuDescription(), package: `@tensorflow/tfjs-backend-cpu@${tf.version.tfjs}` } };
    }
  }
}

const order: Concrete[] = ['tfjs-node-gpu', 'tfjs-node', 'wasm', 'cpu'];

/**
 * Activates a backend. `auto` walks the order and keeps the first that loads; an explicit choice
 * must load or the run fails with the reason (silently training on something slower than asked
 * would make timings and results misleading). The reasons for every skipped backend are kept
 * in `details.fallbacks`.
 */
export async function selectBackend(choice: BackendChoice): Promise<BackendInfo> {
  // The cpu backend's "install tfjs-node" banner is replaced by our own explanation in the run log.
  tf.env().set('PROD', true);
  if (choice !== 'auto') {
    try {
      const info = await tryBackend(choice);
      info.details.requested = choice;
      info.details.reason = `requested explicitly`;
      return info;
    } catch (e) {
      throw new Error(`backend ${choice} is not available: ${message(e)}`);
    }
  }
  const failures: string[] = [];
  for (const name of order) {
    try {
      const info = await tryBackend(name);
      info.details.requested = 'auto';
      info.details.reason = failures.length === 0 ? `${name} is the first choice and loaded` : `first of the automatic order that loaded`;
      if (failures.length > 0) info.details.fallbacks = failures.join('; ');
      return info;
    } catch (e) {
      failures.push(`${name}: ${message(e)}`);
    }
  }
  throw new Error(`no TensorFlow.js backend loaded: ${failures.join('; ')}`);
}

/** The tfjs module this plugin trains with (one instance per process / worker). */
export { tf };
