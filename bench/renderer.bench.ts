/**
 * The compare view in Chromium: 20 runs x 1e5 points of one metric, seeded straight into
 * SQLite, served by the headless server. Measures the time from navigation to the chart showing
 * all 20 curves (first paint), a wheel zoom until the re-queried detail is drawn, frame
 * intervals while zooming, and the bytes the series responses carry.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { chromium } from '@playwright/test';
import { openDatabase } from '../src-main/storage/db.ts';
import { createProject, insertRun } from '../src-main/storage/runs.ts';
import { SeriesWriter } from '../src-main/storage/series.ts';
import { startServer } from '../src-main/server/index.ts';

// Page-side code is passed as text: this file is type-checked as Node code, without the DOM.
const INDICATOR = '[data-metric="loss"] [data-testid="points-indicator"]';
const TWO_FRAMES = 'new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r)))';
const RUNS = 20;
const POINTS = 100_000;
const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'nclab-bench-renderer-'));
const dbPath = path.join(dir, 'bench.sqlite');
const rows: [string, string][] = [];

const db = openDatabase(dbPath);
const project = createProject(db, 'bench');
const ids: number[] = [];
let t0 = performance.now();
for (let r = 0; r < RUNS; r++) {
  const id = insertRun(db, { projectId: project.id, name: `run ${r}`, plugin: 'mse-ufm', pluginVersion: '1', appVersion: '0', preset: null, config: { lr: 0.1 * (r + 1) }, seed: r, status: 'completed', totalSteps: POINTS, tags: [], notes: '', theory: [] });
  const w = new SeriesWriter(db, id);
  const rate = 1e-4 * (1 + r / 4);
  for (let s = 0; s < POINTS; s++) w.append(s, { loss: Math.exp(-rate * s) * (1 + 0.05 * Math.sin(s / 50)) + 1e-4, _time: s * 1e-3 });
  w.flush();
  ids.push(id);
}
db.close();
rows.push([`seed ${RUNS} runs x ${POINTS.toLocaleString('en')} points into SQLite`, `${(performance.now() - t0).toFixed(0)} ms`]);

const server = await startServer({ dbPath, port: 0 });
const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
  args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'],
});
try {
  // The app's CSP forbids eval; the bench's page-side probes are strings, so the probe context bypasses it.
  const page = await browser.newPage({ viewport: { width: 1440, height: 900 }, bypassCSP: true });
  let seriesBytes = 0;
  let seriesCalls = 0;
  const pending: Promise<void>[] = [];
  page.on('response', (res) => {
    if (!res.url().includes('/api/series.get')) return;
    seriesCalls++;
    pending.push(res.body().then((b) => void (seriesBytes += b.byteLength), () => {}));
  });
  const apiLog: string[] = [];
  page.on('requestfinished', (req) => {
    if (req.url().includes('/api/')) apiLog.push(`${req.url().split('/api/')[1]} ${req.timing().responseEnd.toFixed(0)}`);
  });
  const chart = page.locator('[data-testid="metric-chart"][data-metric="loss"]');
  const indicator = chart.getByTestId('points-indicator');
  const total = (RUNS * POINTS).toLocaleString('en');

  // Warm the browser cache for the app's own scripts so the figure is about data and drawing.
  await page.goto(server.url);
  await page.waitForSelector('[data-testid="connection"]');

  t0 = performance.now();
  await page.goto(`${server.url}#/compare?runs=${ids.join(',')}`);
  await page.waitForFunction(`document.querySelector('${INDICATOR}')?.textContent?.includes('of ${total} points')`, undefined, { timeout: 120_000 });
  await page.evaluate(TWO_FRAMES);
  const firstPaint = performance.now() - t0;
  await Promise.all(pending);
  if (process.env.DEBUG_BENCH) console.log(apiLog.join('\n'));
  rows.push([`first paint: ${RUNS} curves, navigation to drawn`, `${firstPaint.toFixed(0)} ms`]);
  rows.push([`series bytes, first paint (${seriesCalls} calls)`, `${(seriesBytes / 1024).toFixed(0)} KiB (${(seriesBytes / seriesCalls / 1024).toFixed(1)} KiB per curve)`]);
  rows.push(['points drawn', (await indicator.textContent())!.trim()]);

  // Zoom: one wheel step over the plot, then wait for the detail re-query (after a 250 ms settle) and redraw.
  const box = (await chart.locator('canvas').first().boundingBox())!;
  const before = await indicator.textContent();
  seriesBytes = 0;
  seriesCalls = 0;
  t0 = performance.now();
  await page.mouse.move(box.x + box.width * 0.3, box.y + box.height / 2);
  for (let i = 0; i < 5; i++) await page.mouse.wheel(0, -300);
  await page.waitForFunction(`document.querySelector('${INDICATOR}')?.textContent !== ${JSON.stringify(before)}`, undefined, { timeout: 60_000 });
  await page.evaluate(TWO_FRAMES);
  const zoom = performance.now() - t0;
  await Promise.all(pending);
  rows.push(['zoom: wheel to detail drawn (incl. 250 ms settle)', `${zoom.toFixed(0)} ms`]);
  rows.push([`series bytes, zoom (${seriesCalls} calls)`, `${(seriesBytes / 1024).toFixed(0)} KiB`]);
  rows.push(['points drawn after zoom', (await indicator.textContent())!.trim()]);

  // Smoothness: frame intervals while wheel-zooming in and out for about a second.
  await page.evaluate(`(() => {
    window.frames_ = [];
    let last = performance.now();
    const tick = (t) => {
      window.frames_.push(t - last);
      last = t;
      if (window.frames_.length < 400) requestAnimationFrame(tick);
    };
    requestAnimationFrame(tick);
  })()`);
  for (let i = 0; i < 20; i++) {
    await page.mouse.wheel(0, i % 2 ? 200 : -200);
    await page.waitForTimeout(50);
  }
  const frames = ((await page.evaluate('window.frames_')) as number[]).slice(1).sort((a, b) => a - b);
  const pct = (p: number) => frames[Math.min(frames.length - 1, Math.floor(p * frames.length))];
  await Promise.all(pending);
  rows.push([`frame interval while zooming (${frames.length} frames)`, `median ${pct(0.5).toFixed(1)} ms, p95 ${pct(0.95).toFixed(1)} ms, max ${frames.at(-1)!.toFixed(1)} ms`]);
} finally {
  await browser.close();
  await server.close();
  fs.rmSync(dir, { recursive: true, force: true });
}
const width = Math.max(...rows.map((r) => r[0].length));
for (const [k, v] of rows) process.stdout.write(`${k.padEnd(width)}  ${v}\n`);
