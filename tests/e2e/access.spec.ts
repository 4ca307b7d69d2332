import { expect, test } from '@playwright/test';

test('a request without the access token is refused', async ({ page, request }) => {
  const api = await request.post('/api/projects.list', { data: {} });
  expect(api.status()).toBe(401);
  expect(((await api.json()) as { error: { message: string } }).error.message).toMatch(/access token/);
  const wrong = await request.post('/api/projects.list', { data: {}, headers: { 'x-nclab-token': 'guess' } });
  expect(wrong.status()).toBe(401);
  const res = await page.goto('/');
  expect(res?.status()).toBe(401);
  await expect(page.locator('body')).toContainText('access token');
});
