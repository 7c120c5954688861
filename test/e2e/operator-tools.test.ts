/**
 * The operator and developer tools as people run them: separate processes, real queues in the SQS
 * emulator. Every tool npm exposes answers `--help` (exit 0) and an unknown argument with its help
 * (exit 2); `redrive --dry-run` shows a DLQ without moving anything, and a real redrive reports its
 * progress.
 */
import { execFile } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { promisify } from 'node:util';
import {
  GetQueueAttributesCommand,
  ReceiveMessageCommand,
  SendMessageCommand,
  SQSClient,
} from '@aws-sdk/client-sqs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LOCAL_CREDENTIALS, LOCAL_REGION, localClientConfig } from '../../local/aws.ts';
import { REPO_ROOT } from '../../local/lambda.ts';
import { createQueues, type LocalQueue, type SqsEmulator, startSqs } from '../../local/sqs.ts';

const run = promisify(execFile);
const NODE = process.execPath;
const binPath = `${join(REPO_ROOT, 'node_modules', '.bin')}:${dirname(NODE)}:${process.env.PATH}`;

/** Every npm script that runs one of our tools (`node scripts/x.ts`, `node bin/x.ts`). */
const tools = Object.entries(
  (
    JSON.parse(readFileSync(join(REPO_ROOT, 'package.json'), 'utf8')) as {
      scripts: Record<string, string>;
    }
  ).scripts,
)
  .map(([name, command]) => ({
    name,
    file: /^node ((?:scripts|bin)\/[\w-]+\.ts)$/.exec(command)?.[1],
  }))
  .filter((tool): tool is { name: string; file: string } => tool.file !== undefined);

async function tool(file: string, args: string[], env: Record<string, string> = {}) {
  try {
    const { stdout, stderr } = await run(NODE, [file, ...args], {
      cwd: REPO_ROOT,
      env: { ...process.env, PATH: binPath, ...env },
    });
    return { code: 0, stdout, stderr };
  } catch (error) {
    const failed = error as { code: number; stdout: string; stderr: string };
    return { code: failed.code, stdout: failed.stdout, stderr: failed.stderr };
  }
}

describe('every tool npm exposes', () => {
  it('includes the operator tools', () => {
    expect(tools.map((t) => t.name)).toEqual(
      expect.arrayContaining(['redrive', 'resend-notifications', 'token', 'start']),
    );
  });

  it.each(tools)('npm run $name -- --help: its options and examples, exit 0', async ({ file }) => {
    const { code, stdout, stderr } = await tool(file, ['--help']);
    expect(code).toBe(0);
    expect(stderr).toBe('');
    expect(stdout).toMatch(/^Usage: npm (run|start)/);
    expect(stdout).toContain('Options:');
    expect(stdout).toContain('--help');
    expect(stdout).toMatch(/Examples:\n {2}\S*npm /);
  });

  it.each(tools)(
    'npm run $name -- --no-such-flag: the error and the help on stderr, exit 2',
    async ({ file }) => {
      const { code, stdout, stderr } = await tool(file, ['--no-such-flag']);
      expect(code).toBe(2);
      expect(stdout).toBe('');
      expect(stderr).toMatch(/^error: unknown option '--no-such-flag'\n\nUsage: /);
      expect(stderr).toContain('Usage: ');
      expect(stderr).toContain('Examples:');
    },
  );
});

describe('npm run redrive', () => {
  let sqsEmulator: SqsEmulator;
  let queue: LocalQueue;
  let sqs: SQSClient;
  let env: Record<string, string>;

  beforeAll(async () => {
    sqsEmulator = await startSqs();
    ({ notification: queue } = await createQueues(sqsEmulator.endpoint, {
      prefix: `tools-${Math.random().toString(36).slice(2, 8)}-`,
      queues: ['notification'],
    }));
    sqs = new SQSClient(localClientConfig(sqsEmulator.endpoint));
    env = {
      AWS_ENDPOINT_URL_SQS: sqsEmulator.endpoint,
      AWS_REGION: LOCAL_REGION,
      AWS_ACCESS_KEY_ID: LOCAL_CREDENTIALS.accessKeyId,
      AWS_SECRET_ACCESS_KEY: LOCAL_CREDENTIALS.secretAccessKey,
      NOTIFICATION_QUEUE_URL: queue.url,
      NOTIFICATION_DLQ_URL: queue.dlqUrl,
    };
  });
  afterAll(async () => {
    sqs?.destroy();
    await sqsEmulator?.stop();
  });

  async function depth(url: string): Promise<number> {
    const { Attributes } = await sqs.send(
      new GetQueueAttributesCommand({
        QueueUrl: url,
        AttributeNames: ['ApproximateNumberOfMessages', 'ApproximateNumberOfMessagesNotVisible'],
      }),
    );
    return (
      Number(Attributes?.ApproximateNumberOfMessages) +
      Number(Attributes?.ApproximateNumberOfMessagesNotVisible)
    );
  }

  const dead = (id: string) =>
    JSON.stringify({
      webhookId: `evt_${id}_succeeded`,
      type: 'payment.succeeded',
      timestamp: '2026-01-01T00:00:00.000Z',
      data: { id },
      attempt: 8,
      exhausted: true,
    });

  it('--dry-run shows the count, the oldest and a sample, and moves nothing', async () => {
    const ids: string[] = [];
    for (const id of ['pay-a', 'pay-b', 'pay-c']) {
      const sent = await sqs.send(
        new SendMessageCommand({ QueueUrl: queue.dlqUrl, MessageBody: dead(id) }),
      );
      ids.push(sent.MessageId as string);
    }

    const { code, stdout } = await tool(
      'scripts/redrive-dlq.ts',
      ['notification', '--dry-run'],
      env,
    );

    expect(code).toBe(0);
    expect(stdout).toContain(`3 message(s) in ${queue.dlqUrl} (dry run: nothing moved).`);
    expect(stdout).toMatch(/Oldest seen: sent \d+ s ago \(\d{4}-\d\d-\d\dT/);
    for (const id of ids) expect(stdout).toContain(id);
    for (const id of ['pay-a', 'pay-b', 'pay-c'])
      expect(stdout).toContain(`payment.succeeded ${id}`);
    // Nothing moved, and every message is visible again at once (a consumer can take it now).
    expect(await depth(queue.url)).toBe(0);
    const visible = await sqs.send(
      new ReceiveMessageCommand({
        QueueUrl: queue.dlqUrl,
        MaxNumberOfMessages: 10,
        VisibilityTimeout: 0,
      }),
    );
    expect(new Set(visible.Messages?.map((m) => m.MessageId))).toEqual(new Set(ids));
  });

  it('moves them back with progress lines, each ready for a fresh retry schedule', async () => {
    const { code, stdout } = await tool('scripts/redrive-dlq.ts', ['notification'], env);

    expect(code).toBe(0);
    expect(stdout).toContain(`Moving up to 3 message(s) from ${queue.dlqUrl}`);
    expect(stdout).toMatch(/ {2}moved 3 of about 3\n/);
    expect(stdout).toContain(`Moved 3 message(s) from ${queue.dlqUrl} back to ${queue.url}.`);
    expect(await depth(queue.dlqUrl)).toBe(0);
    const moved = await sqs.send(
      new ReceiveMessageCommand({
        QueueUrl: queue.url,
        MaxNumberOfMessages: 10,
        WaitTimeSeconds: 1,
      }),
    );
    const bodies = (moved.Messages ?? []).map((m) => JSON.parse(m.Body as string));
    expect(bodies.map((b) => b.data.id).sort()).toEqual(['pay-a', 'pay-b', 'pay-c']);
    for (const body of bodies) {
      expect(body).not.toHaveProperty('attempt');
      expect(body).not.toHaveProperty('exhausted');
    }
  });

  it('refuses an unknown queue name and a missing URL with the help (exit 2)', async () => {
    const unknown = await tool('scripts/redrive-dlq.ts', ['payments', '--dry-run'], env);
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toMatch(/^error: <queue> must be webhook or notification\n\nUsage:/);
    const noUrl = await tool('scripts/redrive-dlq.ts', ['webhook'], {
      ...env,
      WEBHOOK_QUEUE_URL: '',
      WEBHOOK_DLQ_URL: '',
    });
    expect(noUrl.code).toBe(2);
    expect(noUrl.stderr).toMatch(/^error: need --dlq-url or WEBHOOK_DLQ_URL/);
  });
});
