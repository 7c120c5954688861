/**
 * Route contracts (shared/api/): every route has one, and a Lambda bundle never carries the docs
 * half. Response schemas and document prose register themselves with zod when loaded (`.meta()`),
 * which a bundler cannot drop, so no handler may reach them through a runtime import.
 */
import { readFileSync } from 'node:fs';
import { dirname, relative, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { consumers, defaultRoute, routes, schedules } from '../../lib/routes.ts';
import { adminDocs } from '../../shared/api/admin.docs.ts';
import { checkoutsDocs } from '../../shared/api/checkouts.docs.ts';
import { paymentsDocs } from '../../shared/api/payments.docs.ts';
import { payoutsDocs } from '../../shared/api/payouts.docs.ts';
import { serviceDocs } from '../../shared/api/service.docs.ts';

const ROOT = resolve(import.meta.dirname, '../..');
const DOCS_ONLY = /(\.docs\.ts|shared\/api\/responses\.ts|lib\/openapi\.ts)$/;

/** The project files `entry` loads at run time, following relative imports but not `import type`. */
function runtimeImports(entry: string): Set<string> {
  const seen = new Set<string>();
  const visit = (file: string) => {
    if (seen.has(file)) return;
    seen.add(file);
    const source = readFileSync(resolve(ROOT, file), 'utf8');
    for (const [, clause, target] of source.matchAll(
      /^(?:import|export)\s+([^'"]*?)\s*(?:from\s+)?['"](\.[^'"]+\.ts)['"]/gm,
    )) {
      if (/^type\b/.test(clause ?? '')) continue;
      visit(relative(ROOT, resolve(ROOT, dirname(file), target as string)));
    }
  };
  visit(entry);
  return seen;
}

describe('route contracts', () => {
  it('document every route exactly once', () => {
    const documented = [
      ...serviceDocs,
      ...paymentsDocs,
      ...checkoutsDocs,
      ...payoutsDocs,
      ...adminDocs,
    ].map((docs) => docs.contract.route.id);
    expect(documented.sort()).toEqual(routes.map((route) => route.id).sort());
  });

  it.each([...routes, defaultRoute, ...consumers, ...schedules].map((row) => [row.id, row.entry]))(
    '%s loads no docs-only module at run time',
    (_id, entry) => {
      const loaded = [...runtimeImports(entry)];
      expect(loaded.length).toBeGreaterThan(1);
      expect(loaded.filter((file) => DOCS_ONLY.test(file))).toEqual([]);
    },
  );

  it('the walker sees through re-exports and mixed imports (it would catch the docs)', () => {
    expect([...runtimeImports('lib/openapi.ts')].filter((f) => DOCS_ONLY.test(f))).toEqual(
      expect.arrayContaining(['shared/api/payments.docs.ts', 'shared/api/responses.ts']),
    );
  });
});
