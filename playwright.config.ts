/**
 * Browser tests: Debian's Chromium (never a downloaded browser) against the headless server on
 * a temporary database. The server is built from `out/renderer`, so run `electron-vite build` first
 * (`npm test` does).
 */
import net from 'node:net';
import { defineConfig } from '@playwright/test';

/** A port nothing listens on. The config is evaluated again in the test workers: the env keeps it. */
async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.once('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address() as net.AddressInfo;
      srv.close(() => resolve(port));
    });
  });
}

process.env.NCLAB_E2E_PORT ??= String(await freePort());
export const E2E_PORT = Number(process.env.NCLAB_E2E_PORT);
export const E2E_TOKEN = 'e2e-token-not-secret';

export default defineConfig({
  testDir: 'tests/e2e',
  testMatch: '**/*.spec.ts',
  outputDir: 'test-results',
  timeout: 90_000,
  expect: { timeout: 20_000 },
  // One server, one database: tests run in order and share it, like a researcher's session.
  workers: 1,
  fullyParallel: false,
  reporter: [['list']],
  use: {
    baseURL: `http://127.0.0.1:${E2E_PORT}`,
    headless: true,
    viewport: { width: 1440, height: 900 },
    acceptDownloads: true,
    launchOptions: {
      executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
      args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'],
    },
    screenshot: 'only-on-failure',
    trace: 'retain-on-failure',
  },
  webServer: {
    command: `npx node tests/e2e/serve.ts`,
    url: `http://127.0.0.1:${E2E_PORT}/`,
    env: { NCLAB_E2E_PORT: String(E2E_PORT), NCLAB_E2E_TOKEN: E2E_TOKEN },
    reuseExistingServer: false,
    timeout: 60_000,
    stdout: 'pipe',
  },
});
