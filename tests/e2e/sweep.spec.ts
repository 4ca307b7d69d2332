import { expect, test } from '@playwright/test';
import { choose, open, SCREENS } from './helpers.ts';

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
