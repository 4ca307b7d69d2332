import { expect, test } from '@playwright/test';
import { call, choose, open, SCREENS } from './helpers.ts';

test('start a sweep from the form and read its summary chart', async ({ page }) => {
  await open(page, '/new');
  await choose(page, 'plugin-select', 'MSE unconstrained features model');
  await page.getByTestId('input-steps').fill('2000');
  await page.getByTestId('sweep-mode').click();
  await page.getByTestId('sweep-lambdaW').click();
  await page.getByTestId('grid-lambdaW').fill('0.01, 0.1, 1');
  await page.getByTestId('run-name').fill('weight decay sweep');
  await expect(page.getByTestId('start-run')).toHaveText(/Start sweep \(3 runs\)/);
  await page.getByTestId('start-run').click();

  await expect(page.getByText('3 of 3 runs completed')).toBeVisible({ timeout: 60_000 });
  const chart = page.getByTestId('sweep-chart');
  await expect(chart).toBeVisible();
  await expect(chart.locator('canvas').first()).toBeVisible();
  await expect(chart.getByTestId('points-indicator')).toHaveText('3 of 3 points');
  await expect(page.getByTestId('sweep-rows').locator('tbody tr')).toHaveCount(3);
  await page.screenshot({ path: `${SCREENS}/08-sweep-summary.png`, fullPage: true });
});

test('a sweep of random log-uniform samples next to the grid', async ({ page, request }) => {
  await open(page, '/new');
  await choose(page, 'plugin-select', 'MSE unconstrained features model');
  await page.getByTestId('input-steps').fill('1000');
  await page.getByTestId('sweep-mode').click();
  await page.getByTestId('sweep-lambdaH').click();
  await page.getByTestId('sweep-kind-lambdaH').getByText('random').click();
  // lambdaH is declared on a log scale: the range starts log-uniform and refuses min = 0.
  await page.getByTestId('random-min-lambdaH').fill('0');
  await page.getByTestId('random-max-lambdaH').fill('0.5');
  await expect(page.getByTestId('field-lambdaH').getByTestId('field-error')).toHaveText('a log-uniform range needs min > 0');
  await expect(page.getByTestId('start-run')).toBeDisabled();
  await page.getByTestId('random-min-lambdaH').fill('0.01');
  await page.getByTestId('sweep-samples').fill('2');
  await page.getByTestId('sweep-bias').click();
  await page.getByTestId('grid-bias').fill('false, true');
  await page.getByTestId('input-seed').fill('7');
  await expect(page.getByTestId('start-run')).toHaveText(/Start sweep \(4 runs\)/);
  await page.screenshot({ path: `${SCREENS}/15-random-sweep-form.png`, fullPage: true });
  await page.getByTestId('start-run').click();

  await expect(page.getByText('4 of 4 runs completed')).toBeVisible({ timeout: 60_000 });
  const sweepId = Number(page.url().match(/#\/sweeps\/(\d+)/)![1]);
  const summary = await call<{ rows: { params: Record<string, number | boolean> }[] }>(request, 'sweeps.summary', { id: sweepId });
  expect(summary.rows.map((r) => r.params.bias).sort()).toEqual([false, false, true, true]);
  const drawn = summary.rows.map((r) => r.params.lambdaH as number);
  for (const v of drawn) {
    expect(v).toBeGreaterThanOrEqual(0.01);
    expect(v).toBeLessThanOrEqual(0.5);
  }
  expect(new Set(drawn).size).toBe(4);
  await expect(page.getByTestId('sweep-rows').locator('tbody tr')).toHaveCount(4);
  await page.screenshot({ path: `${SCREENS}/16-random-sweep-summary.png`, fullPage: true });
});
