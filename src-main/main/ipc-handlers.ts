/**
 * The IPC handler table, built from the contract: one channel per operation, each handler
 * checking the sender frame, then validating and dispatching through the service's
 * `dispatch`, and answering an envelope (Electron forwards only an Error's message, an
 * envelope keeps the fields and the code). Free of `electron`, so it is tested with fakes.
 */
import { operations, type Envelope, type Operation } from '../service/contract.ts';

export const channelOf = (op: Operation) => `nclab:${op}`;
export const EVENT_CHANNEL = 'nclab:event';
export const MENU_CHANNEL = 'nclab:menu';

/** What a handler needs of Electron's IpcMainInvokeEvent. */
export interface SenderEvent {
  senderFrame: { url: string } | null;
}

export type Dispatch = (op: string, input: unknown) => Promise<Envelope<unknown>>;
export type IpcHandler = (event: SenderEvent, input: unknown) => Promise<Envelope<unknown>>;

export function buildIpcHandlers(dispatch: Dispatch, isTrusted: (url: string | undefined) => boolean): Map<string, IpcHandler> {
  const table = new Map<string, IpcHandler>();
  for (const op of operations) {
    table.set(channelOf(op), async (event, input) => {
      const url = event.senderFrame?.url;
      if (!isTrusted(url)) return { error: { message: `refused ${op}: the calling page (${url ?? 'unknown'}) is not the NC Lab app`, code: 'untrusted-sender' } };
      return dispatch(op, input);
    });
  }
  return table;
}
