/**
 * A tiny Secrets Manager for the local stack: `GetSecretValue` over the JSON 1.1 protocol, enough
 * for the SDK (and Powertools' `getSecret`) pointed at it with AWS_ENDPOINT_URL_SECRETS_MANAGER.
 * It holds the FeexPay settings secret; any other id answers ResourceNotFoundException.
 */
import { randomUUID } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { FeexPaySecret } from '../shared/secrets.ts';
import { LOCAL_ACCOUNT_ID, LOCAL_REGION } from './aws.ts';
import { portOf } from './ports.ts';

export interface SecretsEmulator {
  endpoint: string;
  /** ARN of the FeexPay secret (what FEEXPAY_SECRET_ARN carries). */
  secretArn: string;
  /** How many GetSecretValue calls it answered (tests check the 5-minute cache). */
  calls(): number;
  stop(): Promise<void>;
}

export const LOCAL_SECRET_NAME = 'feexpay-local/feexpay';

const CONTENT_TYPE = 'application/x-amz-json-1.1';

function reply(res: ServerResponse, status: number, body: unknown): void {
  const text = JSON.stringify(body);
  res.writeHead(status, {
    'content-type': CONTENT_TYPE,
    'content-length': Buffer.byteLength(text),
    'x-amzn-requestid': randomUUID(),
  });
  res.end(text);
}

function fail(res: ServerResponse, status: number, type: string, message: string): void {
  res.setHeader('x-amzn-errortype', type);
  reply(res, status, { __type: type, message, Message: message });
}

async function readBody(req: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}

export async function startSecretsEmulator(
  secret: FeexPaySecret,
  options: { port?: number } = {},
): Promise<SecretsEmulator> {
  // Real ARNs end in a 6-character random suffix.
  const secretArn = `arn:aws:secretsmanager:${LOCAL_REGION}:${LOCAL_ACCOUNT_ID}:secret:${LOCAL_SECRET_NAME}-AbCdEf`;
  const versionId = randomUUID();
  const createdDate = Math.floor(Date.now() / 1000);
  const secretString = JSON.stringify(secret);
  let calls = 0;

  const server = createServer(async (req, res) => {
    try {
      const target = String(req.headers['x-amz-target'] ?? '');
      const raw = await readBody(req);
      if (req.method !== 'POST') {
        fail(res, 400, 'InvalidRequestException', 'Only POST is supported.');
        return;
      }
      if (target !== 'secretsmanager.GetSecretValue') {
        fail(
          res,
          400,
          'UnknownOperationException',
          `The local emulator does not support ${target || '(no target)'}.`,
        );
        return;
      }
      let input: { SecretId?: unknown };
      try {
        input = JSON.parse(raw || '{}');
      } catch {
        fail(res, 400, 'SerializationException', 'The body is not valid JSON.');
        return;
      }
      const id = input.SecretId;
      if (typeof id !== 'string' || id === '') {
        fail(res, 400, 'InvalidParameterException', 'SecretId is required.');
        return;
      }
      calls += 1;
      if (id !== secretArn && id !== LOCAL_SECRET_NAME) {
        fail(
          res,
          400,
          'ResourceNotFoundException',
          "Secrets Manager can't find the specified secret.",
        );
        return;
      }
      reply(res, 200, {
        ARN: secretArn,
        Name: LOCAL_SECRET_NAME,
        SecretString: secretString,
        VersionId: versionId,
        VersionStages: ['AWSCURRENT'],
        CreatedDate: createdDate,
      });
    } catch (error) {
      fail(res, 500, 'InternalServiceError', (error as Error).message);
    }
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, '127.0.0.1', () => resolve());
  });
  const endpoint = `http://127.0.0.1:${portOf(server)}`;
  let closing: Promise<void> | undefined;
  return {
    endpoint,
    secretArn,
    calls: () => calls,
    stop() {
      closing ??= new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      });
      return closing;
    },
  };
}
