import { expect, test } from '@playwright/test';
import { call, open, SCREENS, waitForStatus } from './helpers.ts';

type Run = { id: number; plugin: string; status: string; config: Record<string, unknown>; tags: string[] };

test('one click from a trained network\'s penultimate features to a perturbed UFM run on them', async ({ page, request }) => {
  const project = await call<{ id: number }>(request, 'projects.create', { name: 'Network to UFM' });
  const net = await call<Run>(request, 'runs.create', {
    projectId: project.id,
    plugin: 'network-trainer',
    preset: 'demo',
    config: { epochs: 2, perClass: 20, metricSamples: 200, backend: 'cpu' },
    name: 'tiny MLP',
  });
  await waitForStatus(request, net.id, ['completed']);

  await open(page, `/runs/${net.id}`);
  await page.locator('.n-tabs-tab', { hasText: 'Artifacts' }).click();
  // The scrubber starts at the newest saved epoch; the button takes the features shown.
  await expect(page.getByTestId('artifact-view')).toBeVisible();
  await expect(page.getByTestId('metric-chart')).toHaveCount(0);
  await expect(page.getByText('step 2', { exact: true })).toBeVisible();
  const button = page.getByTestId('use-as-input');
  await expect(button).toBeVisible();
  await page.screenshot({ path: `${SCREENS}/09-features-artifact.png`, fullPage: true });
  await button.click();

  await expect(page).toHaveURL(/#\/runs\/(\d+)$/);
  const newId = Number(page.url().match(/#\/runs\/(\d+)$/)![1]);
  expect(newId).not.toBe(net.id);
  await expect(page.getByTestId('run-title')).toContainText(`perturbed-ufm on run ${net.id} features@2`);
  const created = await call<Run>(request, 'runs.get', { id: newId });
  expect(created.plugin).toBe('perturbed-ufm');
  expect(created.config.h0Source).toBe('artifact');
  expect(created.config.h0Artifact).toBe(`${net.id}:features@2`);
  expect(created.tags).toContain('from-features');
  await waitForStatus(request, newId, ['completed']);
  await expect(page.getByTestId('run-status').first()).toHaveAttribute('data-status', 'completed');
  // The new run opens on its charts, and its artifacts appear once it has saved them.
  await expect(page.locator('.n-tabs-tab--active')).toHaveText('Charts');
  const saved = await call<{ name: string }[]>(request, 'artifacts.list', { runId: newId });
  await expect(page.locator('.n-tabs-tab', { hasText: 'Artifacts' })).toHaveText(`Artifacts (${saved.length})`);
  await page.screenshot({ path: `${SCREENS}/10-perturbed-on-features.png`, fullPage: true });
});
