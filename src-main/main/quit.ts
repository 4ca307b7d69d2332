/** What quitting asks when runs are active, and what each answer does. */
export type QuitChoice = 'stop-and-quit' | 'keep-running';

export function quitPrompt(running: number, queued: number): { message: string; detail: string; buttons: string[]; defaultId: number; cancelId: number } {
  const parts = [running && `${running} run${running > 1 ? 's are' : ' is'} running`, queued && `${queued} queued`].filter(Boolean);
  return {
    message: `${parts.join(' and ')}. Quit NC Lab?`,
    detail: 'Stopping pauses every active run at a checkpoint; resume them later from the run page and nothing is lost or repeated. Keeping them leaves the app open.',
    buttons: ['Stop runs and quit', 'Keep running'],
    defaultId: 1,
    cancelId: 1,
  };
}

export function quitChoice(response: number): QuitChoice {
  return response === 0 ? 'stop-and-quit' : 'keep-running';
}
