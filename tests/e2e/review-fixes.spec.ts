import { readFileSync } from 'node:fs';
import { expect, test } from '@playwright/test';
import { call, open, SCREENS, waitForStatus } from './helpers.ts';

type Run = { id: number; final: Record<string, number> };

test('compare with nothing selected shows its empty state and the page stays responsive', async ({ page }) => {
  await open(page, '/compare');
  await expect(page.getByTestId('empty-state')).toContainText('Nothing to compare yet');
  // A reactive loop would starve the event loop: a round trip through the page must still answer quickly.
  const answered = await Promise.race([page.evaluate(() => new Promise((r) => setTimeout(() => r('ok'), 50))), new Promise((r) => setTimeout(() => r('frozen'), 3000))]);
  expect(answered).toBe('ok');
  await page.getByTestId('compare-runs').click();
  await expect(page.locator('.n-base-select-menu')).toBeVisible();
});

test('a single chart exports as a PNG image (decoded in place, allowed by the CSP)', async ({ page, request }) => {
  const project = await call<{ id: number }>(request, 'projects.create', { name: 'PNG export' });
  const run = await call<Run>(request, 'runs.create', { projectId: project.id, plugin: 'mse-ufm', preset: 'tirer-bruna', config: { steps: 3000 }, name: 'png' });
  await waitForStatus(request, run.id, ['completed']);
  await open(page, `/runs/${run.id}`);
  const chart = page.getByTestId('metric-chart').first();
  await expect(chart.locator('canvas').first()).toBeVisible();
  await chart.getByTestId('export-menu').click();
  const [png] = await Promise.all([page.waitForEvent('download'), page.locator('.n-dropdown-option', { hasText: 'PNG' }).click()]);
  expect(png.suggestedFilename()).toMatch(/\.png$/);
  const bytes = readFileSync(await png.path());
  expect([...bytes.subarray(0, 8)]).toEqual([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
  expect(bytes.length).toBeGreaterThan(1000);
  await expect(chart.getByTestId('export-error')).toHaveCount(0);
});

test('the new-run form has one seed field, the plugin\'s seed parameter, and the run gets that seed', async ({ page, request }) => {
  const project = await call<{ id: number }>(request, 'projects.create', { name: 'One seed' });
  await open(page, `/new?project=${project.id}&plugin=mse-ufm`);
  await expect(page.getByTestId('input-seed')).toHaveCount(1);
  await expect(page.getByTestId('run-seed')).toHaveCount(0);
  await page.getByTestId('input-steps').fill('200');
  await page.getByTestId('input-seed').fill('42');
  await page.getByTestId('start-run').click();
  await page.waitForURL(/#\/runs\/\d+/);
  const id = Number(page.url().match(/#\/runs\/(\d+)/)![1]);
  const run = await call<{ seed: number; config: Record<string, unknown> }>(request, 'runs.get', { id });
  expect(run.seed).toBe(42);
  expect(run.config.seed).toBe(42);
  await page.locator('.n-tabs-tab', { hasText: 'Config' }).click();
  await expect(page.getByTestId('run-config').locator('tr', { hasText: /^\s*seed/ })).toHaveCount(1);
});

test('"clone with edits" keeps the typed name, tags and seed', async ({ page, request }) => {
  const project = await call<{ id: number }>(request, 'projects.create', { name: 'Clones' });
  const src = await call<Run>(request, 'runs.create', { projectId: project.id, plugin: 'mse-ufm', config: { steps: 200 }, name: 'source', tags: ['base'] });
  await waitForStatus(request, src.id, ['completed']);
  await open(page, `/new?clone=${src.id}`);
  const tags = page.getByTestId('run-tags');
  await expect(tags).toContainText('base');
  await page.getByTestId('run-name').fill('my clone');
  await tags.locator('button').last().click();
  await tags.locator('input').fill('edited');
  await tags.locator('input').press('Enter');
  await page.getByTestId('input-seed').fill('5');
  await page.getByTestId('start-run').click();
  await page.waitForURL(new RegExp(`#/runs/(?!${src.id}$)\\d+$`));
  const id = Number(page.url().match(/#\/runs\/(\d+)/)![1]);
  const clone = await call<{ name: string; tags: string[]; seed: number; config: Record<string, unknown> }>(request, 'runs.get', { id });
  expect(clone).toMatchObject({ name: 'my clone', tags: ['base', 'edited'], seed: 5 });
  expect(clone.config.seed).toBe(5);
  await expect(page.getByTestId('run-title')).toContainText('my clone');
});

test('a log(log t) x axis reads at readable steps', async ({ page, request }) => {
  const project = await call<{ id: number }>(request, 'projects.create', { name: 'Log log' });
  const run = await call<Run>(request, 'runs.create', { projectId: project.id, plugin: 'mse-ufm', preset: 'tirer-bruna', config: { steps: 3000 }, name: 'loglog' });
  await waitForStatus(request, run.id, ['completed']);
  await open(page, `/compare?runs=${run.id}`);
  await page.getByTestId('x-scale').getByText('log log', { exact: true }).click();
  const chart = page.getByTestId('metric-chart').first();
  await expect(chart.locator('canvas').first()).toBeVisible();
  await page.waitForTimeout(300);
  await chart.screenshot({ path: `${SCREENS}/r-loglog.png` });
  // The exported SVG is the same option: its x labels are the ticks drawn.
  await chart.getByTestId('export-menu').click();
  const [svg] = await Promise.all([page.waitForEvent('download'), page.locator('.n-dropdown-option', { hasText: 'SVG' }).click()]);
  const text = readFileSync(await svg.path(), 'utf8');
  expect(text).toContain('step (log log scale)');
  for (const t of ['>10<', '>100<', '>1000<']) expect(text).toContain(t);
});

test('the elapsed time counts up while a run runs', async ({ page, request }) => {
  const project = await call<{ id: number }>(request, 'projects.create', { name: 'Live clock' });
  const run = await call<Run>(request, 'runs.create', { projectId: project.id, plugin: 'mse-ufm', config: { K: 10, n: 200, d: 64, steps: 100_000_000 }, name: 'long' });
  await waitForStatus(request, run.id, ['running']);
  await open(page, `/runs/${run.id}`);
  await expect(page.getByTestId('run-elapsed')).toHaveText(/^ran [2-9] s$|^ran \d\d s$/, { timeout: 10_000 });
  await call(request, 'runs.cancel', { id: run.id });
  await waitForStatus(request, run.id, ['cancelled']);
});

test('a new page starts at its top, whatever the scroll of the previous one', async ({ page, request }) => {
  const project = await call<{ id: number }>(request, 'projects.create', { name: 'Scroll' });
  const run = await call<Run>(request, 'runs.create', { projectId: project.id, plugin: 'mse-ufm', preset: 'tirer-bruna', config: { steps: 3000 }, name: 'scroll' });
  await waitForStatus(request, run.id, ['completed']);
  await open(page, `/runs/${run.id}`);
  await expect(page.getByTestId('metric-chart').first()).toBeVisible();
  const scroller = page.getByTestId('main-content').locator('.n-layout-scroll-container').first();
  const top = () => scroller.evaluate((el) => el.scrollTop);
  await scroller.evaluate((el) => el.scrollTo({ top: 600 }));
  expect(await top()).toBeGreaterThan(300);
  // Another run's page is as long: without the reset it would open scrolled like this one.
  const other = await call<Run>(request, 'runs.create', { projectId: project.id, plugin: 'mse-ufm', preset: 'tirer-bruna', config: { steps: 3000 }, name: 'other' });
  await waitForStatus(request, other.id, ['completed']);
  await page.evaluate((id) => (location.hash = `#/runs/${id}`), other.id);
  await expect(page.getByTestId('run-title')).toContainText('other');
  await expect(page.getByTestId('metric-chart').first()).toBeVisible();
  await expect.poll(top).toBe(0);
});

test('after a server restart with a new token, the page says to open the new URL instead of reconnecting forever', async ({ page }) => {
  await open(page, '/');
  // What a restarted server does to the old token: refuse the event stream and answer 401.
  await page.routeWebSocket(/\/events/, (ws) => ws.close());
  await page.route('**/api/**', (route) => route.fulfill({ status: 401, contentType: 'application/json', body: JSON.stringify({ error: { message: 'missing or wrong access token', code: 'unauthorized' } }) }));
  await page.reload();
  await expect(page.getByTestId('connection-problem')).toContainText('Open the new URL it printed');
  await expect(page.getByTestId('connection')).toHaveText('access token refused');
  await page.screenshot({ path: `${SCREENS}/r-token-refused.png` });
});

test('runs table: names readable where they differ, metric columns searchable; compare shows every chosen metric', async ({ page, request }) => {
  const project = await call<{ id: number }>(request, 'projects.create', { name: 'Table' });
  const ids: number[] = [];
  for (const l of [0.001, 0.01]) ids.push((await call<Run>(request, 'runs.create', { projectId: project.id, plugin: 'mse-ufm', preset: 'tirer-bruna', config: { steps: 3000, lambdaH: l }, name: `wd-sweep lambdaH=${l}` })).id);
  for (const id of ids) await waitForStatus(request, id, ['completed']);
  await open(page, `/projects/${project.id}`);
  const table = page.getByTestId('runs-table');
  for (const l of ['0.001', '0.01']) {
    const cell = table.locator('a.run-link', { hasText: `wd-sweep lambdaH=${l}` });
    // Not cut: the link is as wide as its text.
    expect(await cell.evaluate((el) => el.scrollWidth <= (el.closest('td') as HTMLElement).clientWidth)).toBe(true);
  }
  await page.getByTestId('metric-columns').click();
  await page.keyboard.type('nc1');
  const options = page.locator('.n-base-select-option');
  await expect(options.first()).toBeVisible();
  for (const t of await options.allTextContents()) expect(t.toLowerCase()).toContain('nc1');
  await page.screenshot({ path: `${SCREENS}/r-runs-table.png` });

  await open(page, `/compare?runs=${ids.join(',')}`);
  await expect(page.locator('[data-testid="metric-chart"]').first()).toBeVisible();
  const chosen = page.getByTestId('compare-metrics').locator('.n-tag');
  await expect(chosen).toHaveCount(4);
  await page.screenshot({ path: `${SCREENS}/r-compare-metrics.png` });
});
