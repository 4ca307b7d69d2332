import { definePlugin } from '../../src-main/engine/plugin-api.ts';
import { manifest, type NetworkConfig } from './manifest.ts';

/**
 * The network trainer. The training code (and TensorFlow.js with it) is imported only when a
 * run starts, in the run's worker thread: listing plugins never loads TensorFlow.js.
 */
export default definePlugin<NetworkConfig>({
  manifest,
  async run(ctx) {
    const { runNetworkTrainer } = await import('./train.ts');
    await runNetworkTrainer(ctx);
  },
});
