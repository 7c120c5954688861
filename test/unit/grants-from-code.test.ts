/**
 * Every row's grants (lib/routes.ts) against what its function's code can send, read from the
 * bundle esbuild builds for it (lib/code-access.ts). The local stack enforces no IAM, so without
 * this a change could need a permission its row lacks and pass every other test, then fail on AWS
 * with AccessDenied; or drop a call and keep a permission nobody needs.
 */
import { describe, expect, it } from 'vitest';
import { type CodeAccess, codeAccess, modulesOf } from '../../lib/code-access.ts';
import {
  type Consumer,
  consumers,
  defaultRoute,
  type Grants,
  type Route,
  routes,
  type Schedule,
  schedules,
} from '../../lib/routes.ts';

type Row = (Route | Consumer | Schedule | typeof defaultRoute) & { grants: Grants };
const rows: Row[] = [...routes, defaultRoute, ...consumers, ...schedules];
const consumedBy = (row: Row) => consumers.find((c) => c.id === row.id)?.queue;

/** A row's table grants as the reader reports access: kind → sorted actions. */
function granted(row: Row): Record<string, string[]> {
  return Object.fromEntries(
    Object.entries(row.grants.table ?? {}).map(([kind, actions]) => [kind, [...actions].sort()]),
  );
}

function derived(access: CodeAccess): Record<string, string[]> {
  return Object.fromEntries(
    Object.entries(access.table).map(([kind, actions]) => [kind, [...(actions ?? [])].sort()]),
  );
}

describe('route-table grants match what each function’s code sends', () => {
  const accessOf = new Map<string, Promise<CodeAccess>>();
  const read = (row: Row) => {
    const found = accessOf.get(row.entry) ?? codeAccess(row.entry);
    accessOf.set(row.entry, found);
    return found;
  };

  it.each(rows.map((row) => [row.id, row] as const))(
    '%s: table actions per record kind, the secret and the queues',
    async (_id, row) => {
      const access = await read(row);
      expect(access.problems, row.entry).toEqual([]);
      // Exactly: a missing action fails on AWS, an extra one is privilege nobody uses.
      expect(
        granted(row),
        `${row.id}: set grants.table in lib/routes.ts to ${JSON.stringify(derived(access))}`,
      ).toEqual(derived(access));
      expect(row.grants.secret === true, `${row.id}: grants.secret`).toBe(access.secret);
      const sendTo = new Set(row.grants.sendTo ?? []);
      expect(sendTo.size > 0, `${row.id}: grants.sendTo, and the code's SendMessage`).toBe(
        access.sendsMessages,
      );
      // Every queue whose URL the code reads is one it may send to or the one it consumes; every
      // queue it may send to is one whose URL it reads.
      const consumed = consumedBy(row);
      for (const queue of access.queueUrls) {
        expect(sendTo.has(queue) || queue === consumed, `${row.id} reads ${queue}'s URL`).toBe(
          true,
        );
      }
      for (const queue of sendTo)
        expect(access.queueUrls.has(queue), `${row.id} → ${queue}`).toBe(true);
    },
    120_000,
  );
});

describe('the bundle reader (lib/code-access.ts)', () => {
  it('splits a bundle into its modules', () => {
    const modules = modulesOf('// a/b.ts\nvar x = 1;\n\n// node_modules/c/d.js\nvar y = 2;\n');
    expect(modules.map((m) => m.path)).toEqual(['a/b.ts', 'node_modules/c/d.js']);
    expect(modules[0]?.code).toContain('var x = 1;');
  });

  it('attributes a command outside a store module as a problem, and reads indexes and transactions', async () => {
    const access = await codeAccess('test/fixtures/code-access-entry.ts');
    expect(access.problems).toEqual([
      expect.stringContaining('test/fixtures/code-access-entry.ts: sends GetCommand'),
    ]);
    // Its store calls are attributed as usual: a Query on byOwner, the rate limiter's update.
    expect(derived(access)).toEqual({ payment: ['Query:byOwner'], rateWindow: ['UpdateItem'] });
  });
});
