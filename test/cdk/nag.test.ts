import { Validations } from 'aws-cdk-lib';
import type { IConstruct } from 'constructs';
import { describe, expect, it } from 'vitest';
import { nagPacks } from '../../lib/nag.ts';
import { buildStack } from './helpers.ts';

/** Every acknowledgement in the tree (or on `root` alone), with where it sits. */
function acknowledgements(root: IConstruct, deep = true) {
  const found: { path: string; id: string; reason: string }[] = [];
  const visit = (node: IConstruct) => {
    for (const entry of node.node.metadata) {
      if (entry.type !== Validations.ACKNOWLEDGED_RULES_METADATA_KEY) continue;
      for (const [key, reason] of Object.entries(entry.data as Record<string, string>)) {
        // aws-cdk-lib writes the id with an `annotation::` prefix (its case varies by version).
        found.push({ path: node.node.path, id: key.replace(/^annotation::/i, ''), reason });
      }
    }
    if (deep) for (const child of node.node.children) visit(child);
  };
  visit(root);
  return found;
}

describe.each([
  ['dev', {}],
  ['prod', {}],
  // A restored table served, dev backed up too: the stacks an operator deploys after a restore.
  ['prod', { existingTableName: 'feexpay-restored-20260131' }],
  ['dev', { backupEnabled: 'true' }],
] as const)('cdk-nag on the %s stack %j', (stage, context) => {
  const { app, stack } = buildStack({ stage, context });

  it.each(nagPacks(app).map((pack) => [pack.name, pack] as const))(
    'the %s pack reports no unacknowledged error or warning',
    (_name, pack) => {
      const report = pack.validateScope(app);
      const findings = report.violations.map(
        (v) =>
          `${v.severity} ${v.ruleName}: ${v.violatingResources.map((r) => r.constructPath).join(', ')}`,
      );
      expect(findings).toEqual([]);
      expect(report.success).toBe(true);
    },
  );

  it('keeps no acknowledgement that never fires', () => {
    // Every acknowledgement the packs consult and find, by where it sits and its rule id.
    const fired = new Set<string>();
    for (const pack of nagPacks(app)) {
      const checker = pack as unknown as {
        isAcknowledged(resource: IConstruct, ruleId: string): boolean;
      };
      const original = checker.isAcknowledged.bind(pack);
      checker.isAcknowledged = (resource, ruleId) => {
        const acknowledged = original(resource, ruleId);
        for (let node: IConstruct | undefined = resource; acknowledged && node; ) {
          const here = acknowledgements(node, false).find((a) => a.id === ruleId);
          if (here) fired.add(`${here.path} ${here.id}`);
          node = node.node.scope;
        }
        return acknowledged;
      };
      pack.validateScope(app);
    }
    const unused = acknowledgements(stack)
      .map((a) => `${a.path} ${a.id}`)
      .filter((ack) => !fired.has(ack));
    expect(unused).toEqual([]);
  });

  it('gives every acknowledgement a reason, next to the resource it concerns', () => {
    const acks = acknowledgements(stack);
    expect(acks.length).toBeGreaterThan(0);
    for (const ack of acks) {
      expect(ack.reason.length, `${ack.path} ${ack.id}`).toBeGreaterThan(40);
      // Never a blanket acknowledgement on the stack itself.
      expect(ack.path).not.toBe(stack.node.path);
    }
  });
});
