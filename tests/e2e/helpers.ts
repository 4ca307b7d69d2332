import { expect, type APIRequestContext, type Page } from '@playwright/test';
import { E2E_TOKEN } from '../../playwright.config.ts';

export const SCREENS = 'test-results/screens';

/** Calls the API as the page does (token header); throws the service's message on error. */
export async function call<T>(request: APIRequestContext, op: string, input: unknown): Promise<T> {
  const res = await request.post(`/api/${op}`, { data: input, headers: { 'x-nclab-token': E2E_TOKEN } });
  const body = (await res.json()) as { result?: T; error?: { message: string } };
  if (body.error) throw new Error(`${op}: ${body.error.message}`);
  return body.result as T;
}

export async function waitForStatus(request: APIRequestContext, id: number, statuses: string[], timeoutMs = 60_000) {
  const start = Date.now();
  for (;;) {
    const run = await call<{ status: string; step: number }>(request, 'runs.get', { id });
    if (statuses.includes(run.status)) return run;
    if (Date.now() - start > timeoutMs) throw new Error(`run ${id} still ${run.status} after ${timeoutMs} ms`);
    await new Promise((r) => setTimeout(r, 200));
  }
}

export async function open(page: Page, hash = '') {
  await page.goto(`/?token=${E2E_TOKEN}#${hash}`);
  await expect(page.getByTestId('connection')).toHaveText(/connected/);
}

/** Chooses an option of a naive-ui select by its visible text. */
export async function choose(page: Page, testId: string, option: string | RegExp) {
  await page.getByTestId(testId).click();
  await page.locator('.n-base-select-option').filter({ hasText: option }).first().click();
}
