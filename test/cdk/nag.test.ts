import { Validations } from 'aws-cdk-lib';
import type { IConstruct } from 'constructs';
import { describe, expect, it } from 'vitest';
import { nagPacks } from '../../lib/nag.ts';
import { buildStack } from './helpers.ts';

/** Every acknowledgement in the tree, with where it sits. */
function acknowledgements(root: IConstruct) {
  const found: { path: string; id: string; reason: string }[] = [];
  const visit = (node: IConstruct) => {
    for (const entry of node.node.metadata) {
      if (entry.type !== Validations.ACKNOWLEDGED_RULES_METADATA_KEY) continue;
      for (const [id, reason] of Object.entries(entry.data as Record<string, string>)) {
        found.push({ path: node.node.path, id, reason });
      }
    }
    for (const child of node.node.children) visit(child);
  };
  visit(root);
  return found;
}

describe.each(['dev', 'prod'] as const)('cdk-nag on the %s stack', (stage) => {
  const { app, stack } = buildStack({ stage });

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
