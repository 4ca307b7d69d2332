/**
 * `npm start`: builds when the sources are newer than the build, then opens the desktop app on
 * its default database. Where the Electron binary cannot be had (offline install, no display),
 * it says so and serves the same app to the browser instead (`nclab serve`), printing the URL.
 */
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const electronDir = join(root, 'node_modules', 'electron');

function newestMtime(dir: string): number {
  let newest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const p = join(dir, entry.name);
    newest = Math.max(newest, entry.isDirectory() ? newestMtime(p) : statSync(p).mtimeMs);
  }
  return newest;
}

function buildIfStale(): void {
  const built = join(root, 'out', 'renderer', 'index.html');
  const sources = ['src-main', 'src-preload', 'src-renderer', 'plugins'].map((d) => join(root, d)).filter(existsSync);
  const stale = !existsSync(built) || !existsSync(join(root, 'out', 'main', 'index.js')) || Math.max(...sources.map(newestMtime)) > statSync(built).mtimeMs;
  if (!stale) return;
  console.log('Building NC Lab (electron-vite build)…');
  const r = spawnSync('npx', ['electron-vite', 'build'], { cwd: root, stdio: 'inherit' });
  if (r.status !== 0) {
    console.error('The build failed; see the messages above.');
    process.exit(r.status ?? 1);
  }
}

/** The Electron executable, downloading it once if the install skipped it; null when impossible. */
function electronBinary(): { path: string | null; why: string } {
  if (process.platform === 'linux' && !process.env.DISPLAY && !process.env.WAYLAND_DISPLAY) return { path: null, why: 'there is no display (no DISPLAY or WAYLAND_DISPLAY)' };
  const pathFile = join(electronDir, 'path.txt');
  const binary = () => (existsSync(pathFile) ? join(electronDir, 'dist', readFileSync(pathFile, 'utf8').trim()) : null);
  let bin = binary();
  if (!bin || !existsSync(bin)) {
    console.log('Fetching the Electron binary (needs the internet once)…');
    const r = spawnSync(process.execPath, [join(electronDir, 'install.js')], { cwd: electronDir, stdio: 'inherit', timeout: 120_000 });
    bin = binary();
    if (r.status !== 0 || !bin || !existsSync(bin)) return { path: null, why: 'the Electron binary is not installed and could not be downloaded (offline?)' };
  }
  return { path: bin, why: '' };
}

buildIfStale();
const electron = electronBinary();
if (electron.path) {
  const child = spawn(electron.path, [root], { stdio: 'inherit' });
  child.on('exit', (code) => process.exit(code ?? 0));
} else {
  console.log(`\nCannot open the desktop window: ${electron.why}.`);
  console.log('Starting the server mode instead: the same app in your browser, on this machine only.\n');
  const { startServer } = await import('../src-main/server/index.ts');
  const { defaultDbPath } = await import('../src-main/engine/paths.ts');
  const server = await startServer({ dbPath: defaultDbPath(), port: Number(process.env.NCLAB_PORT ?? 8765) });
  console.log(`  Open ${server.url}`);
  console.log('  (the token in the URL is the password; Ctrl+C stops the server and pauses active runs)\n');
  const stop = async () => {
    await server.close();
    process.exit(0);
  };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
}
