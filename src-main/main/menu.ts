/**
 * The native menus with the usual shortcuts. App commands are sent to the renderer, which runs
 * them exactly as its own keyboard shortcuts do. Only types come from electron here.
 */
import type { MenuItemConstructorOptions } from 'electron';

export type SendCommand = (command: 'new-run' | 'compare' | 'search' | 'toggle-theme' | 'projects' | 'help') => void;

export function menuTemplate(send: SendCommand, opts: { isMac: boolean; dev: boolean; appName: string }): MenuItemConstructorOptions[] {
  const template: MenuItemConstructorOptions[] = [];
  if (opts.isMac) template.push({ label: opts.appName, submenu: [{ role: 'about' }, { type: 'separator' }, { role: 'hide' }, { role: 'hideOthers' }, { role: 'unhide' }, { type: 'separator' }, { role: 'quit' }] });
  template.push(
    {
      label: '&File',
      submenu: [
        { label: 'New Run…', accelerator: 'CmdOrCtrl+N', click: () => send('new-run') },
        { label: 'Projects', accelerator: 'CmdOrCtrl+Shift+P', click: () => send('projects') },
        { type: 'separator' },
        opts.isMac ? { role: 'close' } : { role: 'quit' },
      ],
    },
    { role: 'editMenu' },
    {
      label: '&Runs',
      submenu: [
        { label: 'Compare Selected', accelerator: 'CmdOrCtrl+Shift+C', click: () => send('compare') },
        { label: 'Search Runs', accelerator: 'CmdOrCtrl+F', click: () => send('search') },
      ],
    },
    {
      label: '&View',
      submenu: [
        { label: 'Toggle Dark Theme', accelerator: 'CmdOrCtrl+Shift+D', click: () => send('toggle-theme') },
        { type: 'separator' },
        ...(opts.dev ? ([{ role: 'reload' }, { role: 'toggleDevTools' }, { type: 'separator' }] as MenuItemConstructorOptions[]) : []),
        { role: 'resetZoom' },
        { role: 'zoomIn' },
        { role: 'zoomOut' },
        { type: 'separator' },
        { role: 'togglefullscreen' },
      ],
    },
    { role: 'windowMenu' },
    { role: 'help', submenu: [{ label: 'Keyboard Shortcuts', accelerator: 'Shift+/', click: () => send('help') }] },
  );
  return template;
}
