import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { settingsDoc } from '../../local/settings.ts';

// The README is the operator's and developer's first page: keep its settings table true.
const readme = readFileSync(new URL('../../README.md', import.meta.url), 'utf8');
const table = readme.slice(
  readme.indexOf('<!-- settings:start -->'),
  readme.indexOf('<!-- settings:end -->'),
);

describe('README', () => {
  it('documents every local setting, and only those', () => {
    const documented = [...table.matchAll(/^\| `([A-Z0-9_]+)` \|/gm)].map((m) => m[1]);
    expect(documented.sort()).toEqual(settingsDoc.map((s) => s.name).sort());
  });

  it('shows the set-up, start and test commands', () => {
    for (const command of ['npm ci', 'npm start', 'npm test']) expect(readme).toContain(command);
  });
});
