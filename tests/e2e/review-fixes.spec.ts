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
