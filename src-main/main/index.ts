/**
 * Electron main: hosts the service (the engine runs its runs in worker threads, off this
 * thread), serves the renderer from app://nclab with a strict CSP, registers one IPC handler per
 * contract operation, and owns the window, the menus, the taskbar progress and quitting.
 */
import { app, BrowserWindow, dialog, ipcMain, Menu, net, protocol, screen, session, shell } from 'electron';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { createService, type Service } from '../service/service.ts';
import { dispatch } from '../service/dispatch.ts';
import type { EngineEvent } from '../service/contract.ts';
import { defaultDbPath, defaultUserPluginsDir } from '../engine/paths.ts';
import { resolveInside } from '../server/static.ts';
import { buildIpcHandlers, EVENT_CHANNEL, MENU_CHANNEL } from './ipc-handlers.ts';
import { menuTemplate } from './menu.ts';
import { quitChoice, quitPrompt } from './quit.ts';
import { APP_CSP, APP_ORIGIN, APP_SCHEME, isSafeExternalUrl, isTrustedUrl } from './security.ts';
import { taskbarProgress, type RunProgress } from './taskbar.ts';
import { fitToDisplays, loadWindowState, saveWindowState } from './window-state.ts';

const rendererDir = fileURLToPath(new URL('../renderer/', import.meta.url));
const preloadPath = fileURLToPath(new URL('../preload/index.cjs', import.meta.url));
const devServerUrl = !app.isPackaged ? process.env.ELECTRON_RENDERER_URL : undefined;
const trusted = (url: string | undefined) => isTrustedUrl(url, devServerUrl);

protocol.registerSchemesAsPrivileged([{ scheme: APP_SCHEME, privileges: { standard: true, secure: true, supportFetchAPI: true } }]);

let service: Service | null = null;
let win: BrowserWindow | null = null;
let quitting = false;
const progress = new Map<number, RunProgress>();

/** app://nclab/<path> → a file of out/renderer, with the CSP header; anything else is 404. */
function registerAppProtocol() {
  protocol.handle(APP_SCHEME, async (request) => {
    const url = new URL(request.url);
    const file = url.host === 'nclab' ? resolveInside(rendererDir, url.pathname) : null;
    if (!file) return new Response('not found', { status: 404 });
    const res = await net.fetch(pathToFileURL(file).toString());
    const headers = new Headers(res.headers);
    headers.set('Content-Security-Policy', APP_CSP);
    headers.set('X-Content-Type-Options', 'nosniff');
    return new Response(res.body, { status: res.status, headers });
  });
}

function harden() {
  session.defaultSession.setPermissionRequestHandler((_wc, _permission, callback) => callback(false));
  session.defaultSession.setPermissionCheckHandler(() => false);
  app.on('web-contents-created', (_e, contents) => {
    contents.on('will-navigate', (event, url) => {
      if (!trusted(url)) event.preventDefault();
    });
    contents.on('will-redirect', (event, url) => {
      if (!trusted(url)) event.preventDefault();
    });
    contents.on('will-attach-webview', (event) => event.preventDefault());
    contents.setWindowOpenHandler(({ url }) => {
      if (isSafeExternalUrl(url)) void shell.openExternal(url);
      return { action: 'deny' };
    });
  });
}

function createWindow(): BrowserWindow {
  const stateFile = join(app.getPath('userData'), 'window-state.json');
  const state = fitToDisplays(loadWindowState(stateFile), screen.getAllDisplays().map((d) => d.workArea));
  const w = new BrowserWindow({
    x: state.x,
    y: state.y,
    width: state.width,
    height: state.height,
    minWidth: 900,
    minHeight: 600,
    show: false,
    title: 'NC Lab',
    backgroundColor: '#18181c',
    webPreferences: {
      preload: preloadPath,
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      webSecurity: true,
      spellcheck: false,
    },
  });
  if (state.maximized) w.maximize();
  w.once('ready-to-show', () => w.show());
  const remember = () => saveWindowState(stateFile, { ...w.getNormalBounds(), maximized: w.isMaximized() });
  w.on('close', remember);
  void w.loadURL(devServerUrl ?? `${APP_ORIGIN}/index.html`);
  return w;
}

function onEngineEvent(event: EngineEvent) {
  win?.webContents.send(EVENT_CHANNEL, event);
  if (event.type === 'progress') progress.set(event.runId, { step: event.step, total: event.total });
  else if (event.type === 'run-status' && event.run.status !== 'running') progress.delete(event.run.id);
  else if (event.type === 'run-status') progress.set(event.run.id, { step: event.run.step, total: event.run.totalSteps });
  win?.setProgressBar(taskbarProgress(progress.values()));
}

async function onBeforeQuit(event: Electron.Event) {
  if (quitting || !service) return;
  event.preventDefault();
  const status = await service['engine.status']({});
  if (status.running.length + status.queued.length > 0) {
    const prompt = quitPrompt(status.running.length, status.queued.length);
    const { response } = await dialog.showMessageBox(win ?? undefined!, { type: 'question', ...prompt });
    if (quitChoice(response) === 'keep-running') return;
  }
  quitting = true;
  // Active runs pause at a checkpoint; the next start continues them from it.
  await service.close({ pauseRunning: true, resumeOnNextStart: true });
  app.quit();
}

async function main() {
  if (!app.requestSingleInstanceLock()) {
    app.quit();
    return;
  }
  await app.whenReady();
  harden();
  registerAppProtocol();
  try {
    service = await createService({ dbPath: defaultDbPath(), userPluginsDir: defaultUserPluginsDir(), processQueue: true });
  } catch (e) {
    dialog.showErrorBox('NC Lab cannot open its database', (e as Error).message);
    app.exit(1);
    return;
  }
  const s = service;
  for (const [channel, handler] of buildIpcHandlers((op, input) => dispatch(s, op, input), trusted)) ipcMain.handle(channel, handler);
  s.subscribe(onEngineEvent);
  win = createWindow();
  Menu.setApplicationMenu(
    Menu.buildFromTemplate(menuTemplate((c) => win?.webContents.send(MENU_CHANNEL, c), { isMac: process.platform === 'darwin', dev: !app.isPackaged, appName: app.name })),
  );
  app.on('second-instance', () => {
    if (win?.isMinimized()) win.restore();
    win?.focus();
  });
  app.on('before-quit', (e) => void onBeforeQuit(e));
  app.on('window-all-closed', () => app.quit());
  app.on('activate', () => {
    if (BrowserWindow.getAllWindows().length === 0) win = createWindow();
  });
}

void main();
