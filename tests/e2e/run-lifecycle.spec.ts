import { expect, test } from '@playwright/test';
import { call, choose, open, SCREENS } from './helpers.ts';

test('create a project, start a run from the generated form after fixing a bad value, watch it, pause and resume it', async ({ page, request }) => {
  await open(page);
  await page.screenshot({ path: `${SCREENS}/01-projects-empty.png` });
  await page.getByTestId('new-project').click();
  await page.getByTestId('project-name').locator('input').fill('Collapse dynamics');
  await page.getByTestId('create-project').click();
  await expect(page.getByTestId('project-title')).toHaveText('Collapse dynamics');
  await expect(page.getByTestId('empty-state')).toContainText('No runs in this project');

  await page.getByTestId('new-run').first().click();
  await choose(page, 'plugin-select', 'MSE unconstrained features model');
  const lr = page.getByTestId('input-lr');
  await lr.fill('-1');
  // The service's own message appears at the field, and the run cannot start.
  await expect(page.getByTestId('field-lr').getByTestId('field-error')).toContainText(/lr must be greater than 0/);
  await expect(page.getByTestId('start-run')).toBeDisabled();
  await page.screenshot({ path: `${SCREENS}/02-new-run-validation.png`, fullPage: true });
  await lr.fill('0.5');
  await expect(page.getByTestId('field-lr').getByTestId('field-error')).toHaveCount(0);

  // Many steps on a larger model, so the run is still going while we watch, pause and resume it.
  await page.getByTestId('input-K').fill('10');
  await page.getByTestId('input-n').fill('200');
  await page.getByTestId('input-d').fill('64');
  await page.getByTestId('input-steps').fill('100000000');
  await page.getByTestId('run-name').fill('long mse run');
  await page.getByTestId('start-run').click();

  await expect(page.getByTestId('run-title')).toContainText('long mse run');
  await expect(page.getByTestId('run-status').first()).toHaveAttribute('data-status', 'running');
  const progress = page.getByTestId('run-progress').first();
  await expect(progress).toContainText('steps/s');
  const runId = Number(page.url().match(/#\/runs\/(\d+)/)![1]);
  const first = await call<{ step: number }>(request, 'runs.get', { id: runId });
  // Live progress: the step count shown grows without reloading.
  await expect(async () => {
    const text = await page.locator('.summary .mono').first().textContent();
    const shown = Number((text ?? '').replace(/[^\d/]/g, '').split('/')[0]);
    expect(shown).toBeGreaterThan(first.step);
  }).toPass({ timeout: 20_000 });
  await expect(page.getByTestId('metric-chart').first()).toBeVisible();
  await page.screenshot({ path: `${SCREENS}/03-run-detail-live.png`, fullPage: true });

  await page.getByTestId('pause-run').click();
  await expect(page.getByTestId('run-status').first()).toHaveAttribute('data-status', 'paused', { timeout: 30_000 });
  const paused = await call<{ step: number; status: string }>(request, 'runs.get', { id: runId });
  await new Promise((r) => setTimeout(r, 1500));
  const stillPaused = await call<{ step: number; status: string }>(request, 'runs.get', { id: runId });
  expect(stillPaused.status).toBe('paused');
  expect(stillPaused.step).toBe(paused.step);
  await page.screenshot({ path: `${SCREENS}/04-run-paused.png` });

  await page.getByTestId('resume-run').click();
  await expect(page.getByTestId('run-status').first()).toHaveAttribute('data-status', 'running', { timeout: 30_000 });
  await expect(async () => {
    const now = await call<{ step: number }>(request, 'runs.get', { id: runId });
    expect(now.step).toBeGreaterThan(paused.step);
  }).toPass({ timeout: 30_000 });

  page.on('dialog', (d) => void d.accept());
  await page.getByTestId('cancel-run').click();
  await page.getByRole('button', { name: 'Cancel run' }).click();
  await expect(page.getByTestId('run-status').first()).toHaveAttribute('data-status', 'cancelled', { timeout: 30_000 });
});
