import { describe, expect, it } from 'vitest';
import { operations } from '../../src-main/service/contract.ts';
import { buildIpcHandlers, channelOf } from '../../src-main/main/ipc-handlers.ts';
import { quitChoice, quitPrompt } from '../../src-main/main/quit.ts';
import { APP_CSP, isSafeExternalUrl, isTrustedUrl } from '../../src-main/main/security.ts';
import { taskbarProgress } from '../../src-main/main/taskbar.ts';
import { fitToDisplays } from '../../src-main/main/window-state.ts';
import { menuTemplate } from '../../src-main/main/menu.ts';

describe('sender and URL checks', () => {
  it('trusts only the app origin (and the dev server when one is given)', () => {
    expect(isTrustedUrl('app://nclab/index.html')).toBe(true);
    expect(isTrustedUrl('app://other/index.html')).toBe(false);
    expect(isTrustedUrl('file:///work/out/renderer/index.html')).toBe(false);
    expect(isTrustedUrl('https://evil.example/')).toBe(false);
    expect(isTrustedUrl(undefined)).toBe(false);
    expect(isTrustedUrl('http://localhost:5173/#/runs/1', 'http://localhost:5173')).toBe(true);
    expect(isTrustedUrl('http://localhost:5174/', 'http://localhost:5173')).toBe(false);
  });
  it('opens externally only plain https links to named hosts', () => {
    expect(isSafeExternalUrl('https://arxiv.org/abs/2008.08186')).toBe(true);
    expect(isSafeExternalUrl('http://arxiv.org/')).toBe(false);
    expect(isSafeExternalUrl('file:///etc/passwd')).toBe(false);
    expect(isSafeExternalUrl('smb://share/x')).toBe(false);
    expect(isSafeExternalUrl('https://user:pw@example.com/')).toBe(false);
    expect(isSafeExternalUrl('https://192.168.0.1/')).toBe(false);
    expect(isSafeExternalUrl('not a url')).toBe(false);
  });
  it('has a CSP without remote or inline scripts', () => {
    expect(APP_CSP).toContain("script-src 'self'");
    expect(APP_CSP).not.toMatch(/script-src[^;]*unsafe/);
    expect(APP_CSP).toContain("object-src 'none'");
  });
});

describe('IPC handler table', () => {
  it('has one channel per contract operation, refuses untrusted senders, and passes envelopes through', async () => {
    const seen: { op: string; input: unknown }[] = [];
    const table = buildIpcHandlers(async (op, input) => (seen.push({ op, input }), { result: { op } }), (url) => isTrustedUrl(url));
    expect([...table.keys()].sort()).toEqual(operations.map(channelOf).sort());
    const handler = table.get('nclab:runs.get')!;
    expect(await handler({ senderFrame: { url: 'app://nclab/index.html' } }, { id: 1 })).toEqual({ result: { op: 'runs.get' } });
    const refused = await handler({ senderFrame: { url: 'https://evil.example/' } }, { id: 1 });
    expect(refused.error?.code).toBe('untrusted-sender');
    expect(refused.error?.message).toMatch(/evil\.example/);
    expect(await handler({ senderFrame: null }, { id: 1 })).toMatchObject({ error: { code: 'untrusted-sender' } });
    expect(seen).toEqual([{ op: 'runs.get', input: { id: 1 } }]);
  });
});

describe('taskbar, quitting, window state, menus', () => {
  it('shows the mean fraction of running runs, indeterminate without totals, nothing when idle', () => {
    expect(taskbarProgress([])).toBe(-1);
    expect(taskbarProgress([{ step: 25, total: 100 }, { step: 75, total: 100 }])).toBe(0.5);
    expect(taskbarProgress([{ step: 5, total: null }])).toBe(2);
  });
  it('asks before stopping active runs and defaults to keeping them', () => {
    const p = quitPrompt(2, 1);
    expect(p.message).toBe('2 runs are running and 1 queued. Quit NC Lab?');
    expect(p.buttons[p.defaultId]).toBe('Keep running');
    expect(quitChoice(0)).toBe('stop-and-quit');
    expect(quitChoice(p.cancelId)).toBe('keep-running');
  });
  it('keeps a remembered window on a visible display', () => {
    const displays = [{ x: 0, y: 0, width: 1920, height: 1080 }];
    expect(fitToDisplays({ x: 100, y: 100, width: 1200, height: 800, maximized: false }, displays)).toEqual({ x: 100, y: 100, width: 1200, height: 800, maximized: false });
    const lost = fitToDisplays({ x: 3000, y: 100, width: 5000, height: 800, maximized: false }, displays);
    expect(lost.x).toBeUndefined();
    expect(lost.width).toBe(1920);
  });
  it('sends app commands from the menus', () => {
    const sent: string[] = [];
    const template = menuTemplate((c) => sent.push(c), { isMac: false, dev: false, appName: 'NC Lab' });
    const items = template.flatMap((m) => (Array.isArray(m.submenu) ? m.submenu : []));
    const newRun = items.find((i) => i.label === 'New Run…')!;
    expect(newRun.accelerator).toBe('CmdOrCtrl+N');
    (newRun.click as () => void)();
    expect(sent).toEqual(['new-run']);
  });
});
