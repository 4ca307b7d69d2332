import { readFileSync } from 'node:fs';
import { expect, test } from '@playwright/test';
import { call, choose, open, SCREENS, waitForStatus } from './helpers.ts';

type Run = { id: number; name: string; tags: string[]; notes: string; color: string | null; final: Record<string, number> };

test('edit a run\'s name, tags, notes and colour, export its history, read the metrics it did not log', async ({ page, request }) => {
  const project = await call<{ id: number }>(request, 'projects.create', { name: 'Metadata' });
  const run = await call<Run>(request, 'runs.create', { projectId: project.id, plugin: 'mse-ufm', preset: 'tirer-bruna', config: { steps: 3000 } });
  await waitForStatus(request, run.id, ['completed']);
  await open(page, `/runs/${run.id}`);

  // A regularised run logs no Mixon errors: one line instead of an empty chart.
  await expect(page.getByTestId('not-logged')).toHaveText(/Not logged for this configuration: e1 \(Mixon\), e2 \(Mixon\), e3 \(Mixon\)/);
  await expect(page.locator('[data-testid="metric-chart"][data-metric="e1+e2+e3"]')).toHaveCount(0);
  await expect(page.locator('[data-testid="metric-chart"][data-metric="nc1+nc2+nc3+nc4"]')).toBeVisible();

  await page.locator('.n-tabs-tab', { hasText: 'Name, tags, notes' }).click();
  await page.getByTestId('meta-name').fill('TB reference');
  const tags = page.getByTestId('meta-tags');
  await tags.locator('button').last().click();
  await tags.locator('input').fill('etf');
  await tags.locator('input').press('Enter');
  await page.getByTestId('meta-notes').fill('Reaches f* = c - c²/2.\nBaseline for the decay sweep.');
  await page.getByTestId('meta-color').fill('#d6336c');
  await page.getByTestId('save-meta').click();
  await expect(page.getByTestId('run-title')).toContainText('TB reference');
  await expect(page.getByTestId('run-notes')).toContainText('Baseline for the decay sweep.');
  await expect(page.getByTestId('save-meta')).toBeDisabled();
  const saved = await call<Run>(request, 'runs.get', { id: run.id });
  expect(saved).toMatchObject({ name: 'TB reference', tags: ['etf'], notes: 'Reaches f* = c - c²/2.\nBaseline for the decay sweep.', color: '#d6336c' });
  await page.screenshot({ path: `${SCREENS}/11-run-metadata.png`, fullPage: true });

  // The whole history: every logged step, one column per metric.
  const [download] = await Promise.all([page.waitForEvent('download'), page.getByTestId('export-history').click()]);
  expect(download.suggestedFilename()).toBe('TB_reference-history.csv');
  const lines = readFileSync(await download.path(), 'utf8').trim().split('\n');
  const history = await call<{ metrics: string[]; steps: number[]; rows: (number | null)[][] }>(request, 'series.export', { runId: run.id });
  expect(lines[0]).toBe(['step', ...history.metrics].join(','));
  expect(lines).toHaveLength(history.steps.length + 1);
  const header = lines[0].split(',');
  const last = lines.at(-1)!.split(',');
  expect(Number(last[0])).toBe(3000);
  expect(Number(last[header.indexOf('nc1')])).toBe(saved.final.nc1);

  // The pinned colour follows the run into a comparison, whatever its place there.
  const other = await call<Run>(request, 'runs.create', { projectId: project.id, plugin: 'mse-ufm', preset: 'tirer-bruna', config: { steps: 3000, lambdaW: 0.05, bias: true } });
  await waitForStatus(request, other.id, ['completed']);
  await open(page, `/compare?runs=${other.id},${run.id}`);
  await expect(page.getByTestId(`compare-run-${run.id}`).locator('.swatch')).toHaveCSS('background-color', 'rgb(214, 51, 108)');
  await expect(page.getByTestId(`compare-run-${other.id}`).locator('.swatch')).not.toHaveCSS('background-color', 'rgb(214, 51, 108)');

  // Geometry: both runs' class-mean Grams at one scrubbed step, beside the simplex ETF.
  const geometry = page.getByTestId('geometry');
  await expect(geometry).toBeVisible();
  await expect(page.getByTestId('geometry-etf')).toContainText('K = 4');
  for (const id of [run.id, other.id]) {
    await expect(page.getByTestId(`geometry-run-${id}`).getByTestId('geometry-run-step')).toHaveText('step 3,000');
    await expect(page.getByTestId(`geometry-run-${id}`).locator('canvas').first()).toBeVisible();
  }
  // The finished Tirer-Bruna optimum is a simplex ETF: its distance is the run's own NC2.
  const d = await page.getByTestId(`geometry-run-${run.id}`).getByTestId('geometry-distance').textContent();
  expect(Number(d!.replace('d = ', ''))).toBeCloseTo(saved.final.nc2, 3);
  await geometry.scrollIntoViewIfNeeded();
  await page.screenshot({ path: `${SCREENS}/12-compare-geometry-last.png`, fullPage: true });
  // Scrub to the first saved step: both runs follow.
  const slider = page.getByTestId('geometry-scrubber');
  const rail = (await slider.locator('.n-slider-rail').boundingBox())!;
  await page.mouse.click(rail.x + 1, rail.y + rail.height / 2);
  await expect(page.getByTestId('geometry-step')).toHaveText('step 0');
  for (const id of [run.id, other.id]) await expect(page.getByTestId(`geometry-run-${id}`).getByTestId('geometry-run-step')).toHaveText('step 0');
  await page.screenshot({ path: `${SCREENS}/13-compare-geometry-step0.png`, fullPage: true });

  // Equality filters for non-numeric parameters (the service compares config values exactly).
  await open(page, `/projects/${project.id}`);
  const table = page.getByTestId('runs-table');
  await expect(table.locator('tbody tr')).toHaveCount(2);
  // The parameter list is long (every plugin's): type to narrow it, as a user would.
  await page.getByTestId('param-filter-key').click();
  await page.keyboard.type('bias');
  await page.locator('.n-base-select-option').filter({ hasText: /^bias \(/ }).click();
  await choose(page, 'param-filter-eq', 'true');
  await page.getByTestId('param-filter-add').click();
  await expect(page.getByTestId('param-filter-bias')).toHaveText(/bias = true/);
  await expect(table.locator('tbody tr')).toHaveCount(1);
  await expect(table.locator('tbody tr')).not.toContainText('TB reference');
  await page.getByTestId('param-filter-key').click();
  await page.keyboard.type('normalization');
  await page.locator('.n-base-select-option').filter({ hasText: /^normalization \(/ }).click();
  await choose(page, 'param-filter-eq', 'Zhou et al.');
  await page.getByTestId('param-filter-add').click();
  await expect(page.getByTestId('param-filter-normalization')).toHaveText(/normalization = z/);
  await expect(table).toContainText('No Data');
  await page.screenshot({ path: `${SCREENS}/14-runs-param-filter.png` });
  await page.getByTestId('param-filter-normalization').locator('.n-tag__close').click();
  await page.getByTestId('param-filter-bias').locator('.n-tag__close').click();
  await expect(table.locator('tbody tr')).toHaveCount(2);
});
