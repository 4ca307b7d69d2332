import { readFileSync } from 'node:fs';
import { expect, test } from '@playwright/test';
import { call, open, SCREENS, waitForStatus } from './helpers.ts';

type Run = { id: number; final: Record<string, number> };

test('compare runs of two plugins on log axes, read the config diff, export a chart as CSV', async ({ page, request }) => {
  const project = await call<{ id: number }>(request, 'projects.create', { name: 'MSE vs CE' });
  const mse = await call<Run>(request, 'runs.create', { projectId: project.id, plugin: 'mse-ufm', preset: 'tirer-bruna', config: { steps: 3000 }, name: 'MSE (Tirer-Bruna)' });
  const ce = await call<Run>(request, 'runs.create', { projectId: project.id, plugin: 'ce-ulpm', config: { K: 4, n: 5, d: 8, steps: 3000 }, name: 'CE ULPM' });
  await waitForStatus(request, mse.id, ['completed']);
  await waitForStatus(request, ce.id, ['completed']);

  // Select both in the runs table, then compare.
  await open(page, `/projects/${project.id}`);
  const table = page.getByTestId('runs-table');
  await expect(table.getByText('MSE (Tirer-Bruna)')).toBeVisible();
  await table.locator('.n-data-table-th .n-checkbox').click();
  await page.screenshot({ path: `${SCREENS}/05-runs-table.png` });
  await page.getByTestId('compare-selected').click();

  await expect(page.getByTestId(`compare-run-${mse.id}`)).toBeVisible();
  await expect(page.getByTestId(`compare-run-${ce.id}`)).toBeVisible();
  // The metrics both plugins log come first; NC1 is one of them.
  const nc1 = page.locator('[data-testid="metric-chart"][data-metric="nc1"]');
  await expect(nc1).toBeVisible();
  await expect(nc1.getByTestId('points-indicator')).toContainText(/of [\d,]+ points/);

  await page.getByTestId('x-scale').getByText('log', { exact: true }).click();
  await page.getByTestId('y-scale').getByText('log', { exact: true }).click();
  await expect(nc1.locator('canvas').first()).toBeVisible();

  // Config diff: the differing rows are shown, identical ones hidden.
  const diff = page.getByTestId('config-diff');
  await expect(diff.locator('tr', { hasText: 'plugin' })).toContainText('mse-ufm');
  await expect(diff.locator('tr', { hasText: 'plugin' })).toContainText('ce-ulpm');
  await expect(diff.locator('tr', { hasText: /^\s*lambdaW/ })).toContainText('0.1');
  await expect(diff.locator('tr', { hasText: /^\s*steps/ })).toHaveCount(0);
  await expect(page.getByTestId('stats-table')).toContainText('nc1');
  await page.screenshot({ path: `${SCREENS}/06-compare-log-axes.png`, fullPage: true });

  // CSV of the NC1 chart: every plotted point of both runs, at full precision.
  await nc1.getByTestId('export-menu').click();
  const [csvDownload] = await Promise.all([page.waitForEvent('download'), page.locator('.n-dropdown-option', { hasText: 'CSV' }).click()]);
  const csv = readFileSync(await csvDownload.path(), 'utf8').trim().split('\n');
  expect(csv[0]).toBe('series,run_id,metric,step,x_step,nc1');
  const rows = csv.slice(1).map((l) => l.split(','));
  const ids = new Set(rows.map((r) => Number(r[1])));
  expect(ids).toEqual(new Set([mse.id, ce.id]));
  for (const r of rows) {
    expect(r[2]).toBe('nc1');
    expect(Number.isFinite(Number(r[5]))).toBe(true);
  }
  // The newest point is always kept by downsampling: the last row of each run is its final value.
  const mseFinal = (await call<Run>(request, 'runs.get', { id: mse.id })).final.nc1;
  const lastMse = rows.filter((r) => Number(r[1]) === mse.id).at(-1)!;
  expect(Number(lastMse[5])).toBeCloseTo(mseFinal, 12);
  const indicator = await nc1.getByTestId('points-indicator').textContent();
  expect(Number(indicator!.split(' of ')[0].replace(/,/g, ''))).toBe(rows.length);

  await nc1.getByTestId('export-menu').click();
  const [jsonDownload] = await Promise.all([page.waitForEvent('download'), page.locator('.n-dropdown-option', { hasText: 'JSON' }).click()]);
  const json = JSON.parse(readFileSync(await jsonDownload.path(), 'utf8')) as { xScale: string; yScale: string; series: { runId: number }[] };
  expect(json.xScale).toBe('log');
  expect(json.yScale).toBe('log');
  expect(json.series.map((s) => s.runId).sort()).toEqual([mse.id, ce.id].sort());

  await page.getByTestId('theme-switch').click();
  await page.screenshot({ path: `${SCREENS}/07-compare-dark.png`, fullPage: true });
  await page.getByTestId('theme-switch').click();
});
