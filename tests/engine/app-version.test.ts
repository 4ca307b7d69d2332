import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { APP_VERSION } from '../../src-main/engine/paths.ts';

describe('the app version recorded with every run', () => {
  it('is the package version', () => {
    const pkg = JSON.parse(fs.readFileSync(path.resolve(import.meta.dirname, '../../package.json'), 'utf8'));
    expect(APP_VERSION).toBe(pkg.version);
  });
});
