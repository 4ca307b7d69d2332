/**
 * The renderer's view of the service: one typed `call` and a `subscribe`, the same over the
 * preload bridge (desktop) and over HTTP + WebSocket (server mode), so stores never know which.
 */
import type { EngineEvent, Envelope, InputOf, Operation, OutputOf } from '../../../src-main/service/contract.ts';
import { unwrap } from './errors.ts';

export type Invoke = (op: Operation, input: unknown) => Promise<Envelope<unknown>>;
export type Subscribe = (listener: (event: EngineEvent) => void) => () => void;

export interface Api {
  /** "desktop" over the preload bridge, "server" over HTTP. */
  readonly transport: 'desktop' | 'server';
  call<Op extends Operation>(op: Op, input: InputOf<Op>): Promise<OutputOf<Op>>;
  /** Returns its unsubscribe function. */
  subscribe: Subscribe;
  /**
   * Connection state of the event stream (always true on the desktop), with, when reconnecting
   * cannot help (the server refuses the access token), what the user must do instead.
   */
  onConnection(listener: (connected: boolean, problem?: string) => void): () => void;
}

export function createApi(
  transport: Api['transport'],
  invoke: Invoke,
  subscribe: Subscribe,
  onConnection: Api['onConnection'] = (l) => (l(true), () => {}),
): Api {
  return {
    transport,
    async call(op, input) {
      return unwrap(op, await invoke(op, input)) as never;
    },
    subscribe,
    onConnection,
  };
}

let current: Api | null = null;

/** Installs the API the stores use (the detected transport, or a fake in tests). */
export function setApi(api: Api): void {
  current = api;
}

export function api(): Api {
  if (!current) throw new Error('API not initialised: call setApi() before using the stores');
  return current;
}
