/**
 * The sandboxed preload: exposes one named function per contract operation (envelopes, never
 * thrown errors), `subscribe` to engine events and `onMenu` for menu commands. No generic
 * invoke/send/on: the page can reach nothing but the contract.
 */
import { contextBridge, ipcRenderer, type IpcRendererEvent } from 'electron';
import { operations, type EngineEvent, type Envelope } from '../src-main/service/contract.ts';

const bridge: Record<string, unknown> = {};
for (const op of operations) bridge[op] = (input: unknown): Promise<Envelope<unknown>> => ipcRenderer.invoke(`nclab:${op}`, input);

bridge.subscribe = (listener: (event: EngineEvent) => void) => {
  const wrapped = (_e: IpcRendererEvent, event: EngineEvent) => listener(event);
  ipcRenderer.on('nclab:event', wrapped);
  return () => void ipcRenderer.removeListener('nclab:event', wrapped);
};
bridge.onMenu = (listener: (command: string) => void) => {
  const wrapped = (_e: IpcRendererEvent, command: string) => listener(command);
  ipcRenderer.on('nclab:menu', wrapped);
  return () => void ipcRenderer.removeListener('nclab:menu', wrapped);
};

contextBridge.exposeInMainWorld('nclab', bridge);
