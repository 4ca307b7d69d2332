/** Desktop transport: the preload exposes one named function per operation on `window.nclab`. */
import type { EngineEvent, Envelope, Operation } from '../../../src-main/service/contract.ts';
import { createApi, type Api } from './client.ts';

/** What src-preload exposes (envelopes, never thrown errors: IPC would keep only the message). */
export type PreloadBridge = { [Op in Operation]: (input: unknown) => Promise<Envelope<unknown>> } & {
  subscribe(listener: (event: EngineEvent) => void): () => void;
};

export function bridgeApi(bridge: PreloadBridge): Api {
  return createApi(
    'desktop',
    (op, input) => {
      const fn = bridge[op];
      if (typeof fn !== 'function') return Promise.resolve({ error: { message: `operation ${op} is not exposed by the preload`, code: 'unknown_op' } });
      return fn(input);
    },
    (listener) => bridge.subscribe(listener),
  );
}
