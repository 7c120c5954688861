import { readdirSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { stageConfigSchema, stageDefaults } from '../../lib/config.ts';
import { settingsDoc } from '../../local/settings.ts';
import { outcomes } from '../../local/simulator/outcomes.ts';
import { payoutOutcomes } from '../../local/simulator/payouts.ts';

// The README is the operator's and developer's first page: keep its settings tables true.
const readme = readFileSync(new URL('../../README.md', import.meta.url), 'utf8');

/** The rows of the Markdown table between `<!-- name:start -->` and `<!-- name:end -->`. */
function tableRows(name: string): string[][] {
  const start = readme.indexOf(`<!-- ${name}:start -->`);
  const end = readme.indexOf(`<!-- ${name}:end -->`);
  expect(start, `README has the ${name} markers`).toBeGreaterThan(-1);
  return readme
    .slice(start, end)
    .split('\n')
    .filter((line) => /^\| `/.test(line))
    .map((line) =>
      line
        .slice(1, -1)
        .split(' | ')
        .map((cell) => cell.trim()),
    );
}

/** How the README writes a stage default: `value`, `required` (prod, no default) or `—` (unset). */
function defaultCell(key: keyof typeof stageConfigSchema.shape, value: unknown): string {
  if (value === undefined)
    return stageConfigSchema.shape[key].safeParse(undefined).success ? '—' : 'required';
  return `\`${typeof value === 'object' ? JSON.stringify(value) : String(value)}\``;
}

/** Every environment variable a handler or shared module reads (shared/config.ts names them). */
function envNamesReadByFunctions(): Set<string> {
  const names = new Set<string>();
  for (const folder of ['functions', 'shared']) {
    const dir = new URL(`../../${folder}/`, import.meta.url);
    for (const file of readdirSync(dir, { recursive: true, encoding: 'utf8' })) {
      if (!file.endsWith('.ts')) continue;
      const source = readFileSync(new URL(file, dir), 'utf8');
      for (const m of source.matchAll(
        /(?:required|raw|integer|flag|delays)\('([A-Z0-9_]+)'|process\.env\.([A-Z0-9_]+)|process\.env\['([A-Z0-9_]+)'\]/g,
      )) {
        names.add((m[1] ?? m[2] ?? m[3]) as string);
      }
    }
  }
  return names;
}

describe('README', () => {
  it('documents every local setting, and only those', () => {
    const documented = tableRows('settings').map((row) => row[0]?.replaceAll('`', ''));
    expect(documented.sort()).toEqual(settingsDoc.map((s) => s.name).sort());
  });

  it("shows each local setting's default as local/settings.ts has it (dev credentials abbreviated)", () => {
    const shown = new Map(
      tableRows('settings').map((row) => [row[0]?.replaceAll('`', ''), row[1]]),
    );
    for (const setting of settingsDoc) {
      const prefix = /^(fp|whsec)_/.exec(setting.default)?.[0];
      const expected = prefix
        ? `a fixed \`${prefix}…\` dev value`
        : /^\(.*\)$/.test(setting.default)
          ? `the ${setting.default.slice(1, -1)}`
          : `\`${setting.default}\``;
      expect(shown.get(setting.name), setting.name).toBe(expected);
    }
  });

  it('documents every deployed setting of lib/config.ts, and only those, with its dev and prod defaults', () => {
    // Prepare
    const keys = Object.keys(stageConfigSchema.shape) as (keyof typeof stageConfigSchema.shape)[];
    const expected = keys.map((key) => [
      `\`${key}\``,
      defaultCell(key, stageDefaults.dev[key]),
      defaultCell(key, stageDefaults.prod[key]),
    ]);

    // Act
    const rows = tableRows('stage-settings');

    // Assess
    expect(rows.map((row) => row.slice(0, 3)).sort()).toEqual(expected.sort());
    for (const row of rows) expect(row[3], `meaning of ${row[0]}`).toMatch(/\w{3,}/);
  });

  it('lists every test ending the simulator plays, as it describes it', () => {
    const rows = tableRows('test-mode').map(([ending, what]) => [
      ending?.replaceAll('`', '').replace(/ .*/, ''),
      what,
    ]);

    expect(rows).toEqual(outcomes.map((o) => [o.ending, o.description]));
  });

  it('lists every payout ending the simulator plays, as it describes it, apart from the pay-ins’', () => {
    const rows = tableRows('payout-test-mode').map(([ending, what]) => [
      ending?.replaceAll('`', '').replace(/ .*/, ''),
      what,
    ]);
    expect(rows).toEqual(payoutOutcomes.map((o) => [o.ending, o.description]));
    const payIns = new Set(outcomes.map((o) => o.ending));
    expect(payoutOutcomes.filter((o) => payIns.has(o.ending))).toEqual([]);
  });

  it('names every environment variable the functions read', () => {
    const missing = [...envNamesReadByFunctions()].filter(
      (name) => !readme.includes(`\`${name}\``),
    );
    expect(missing).toEqual([]);
  });

  it('shows the set-up, start and test commands', () => {
    for (const command of ['npm ci', 'npm start', 'npm test']) expect(readme).toContain(command);
  });
});
