/**
 * `npm run --silent token -- <sub>`: prints, alone on stdout, a JWT the local stack accepts for
 * user `<sub>` (valid 24 h): a customer's token. With `--scope <scope>`: a token carrying that
 * OAuth2 scope, whose `sub` and `client_id` are `<sub>`, as a Cognito app client gets one with the
 * client-credentials grant (a merchant server). With `--operator`: a back-office operator's token
 * (the configured OPERATOR_SCOPE, default `payments/admin`; `sub` is the operator's name).
 *
 * Works whether or not the stack runs: both use the key in LOCAL_STATE_DIR, with the issuer and
 * audience from LOCAL_JWT_ISSUER / LOCAL_JWT_AUDIENCE.
 *
 * Captured without `--silent` (`TOKEN=$(npm run token -- alice)`), npm writes its own two-line
 * banner into the capture before this program starts, and nothing a script does can take it back.
 * So the token is followed on stderr by a note saying what happened and the command that captures
 * the token alone; the local API Gateway answers a request that carries the banner in its
 * Authorization header with the same advice (local/api-gateway.ts).
 */
import { createLocalIssuer } from '../local/jwt.ts';
import { loadSettings } from '../local/settings.ts';
import { parseCommand } from '../scripts/cli.ts';

/**
 * True when npm has just written its `> package script` banner to this process's stdout and
 * stdout is captured (a pipe or file, not a terminal the user reads).
 */
export function npmBannerInCapture(
  env: NodeJS.ProcessEnv = process.env,
  stdoutIsTty = process.stdout.isTTY === true,
): boolean {
  if (stdoutIsTty || env.npm_lifecycle_event === undefined) return false;
  // npm hides the banner when silent and sends it to stderr with --json.
  return env.npm_config_loglevel !== 'silent' && env.npm_config_json !== 'true';
}

const { values, positionals } = parseCommand({
  command: 'npm run --silent token --',
  summary:
    'Prints a bearer token the local stack accepts (24 h), alone on stdout: a customer token for user\n<sub>, with --scope a merchant-server token for client <sub>, with --operator a back-office\noperator token for operator <sub>.',
  arguments: [{ name: 'sub', description: 'the user (or, with --scope, the client id)' }],
  options: {
    scope: {
      type: 'string',
      placeholder: 'SCOPE',
      description: 'OAuth2 scope(s) the token carries, space-separated (a merchant server).',
    },
    operator: {
      type: 'boolean',
      description: 'A back-office operator token: carries OPERATOR_SCOPE (default payments/admin).',
    },
  },
  environment: [
    {
      name: 'OPERATOR_SCOPE',
      description: 'the scope --operator puts in (default payments/admin)',
    },
    { name: 'LOCAL_STATE_DIR', description: 'where the signing key lives (default .local)' },
  ],
  examples: [
    'TOKEN=$(npm run --silent token -- alice)',
    'curl -H "Authorization: Bearer $(npm run -s token -- alice)" http://127.0.0.1:3000/api/v1/payments/feexpay/history/',
    'npm run --silent token -- --scope payments/merchant shop-1',
    'npm run --silent token -- --operator alice',
  ],
  notes:
    'Without --silent, npm prints its own banner on stdout first: capture with `npm run --silent token`.',
});
const sub = positionals[0] as string;
const settings = loadSettings();
const scope = [values.operator ? settings.operatorScope : '', values.scope?.trim() ?? '']
  .filter(Boolean)
  .join(' ');

const issuer = await createLocalIssuer({
  stateDir: settings.stateDir,
  issuer: settings.jwtIssuer,
  audience: settings.jwtAudience,
});
const claims = scope ? { scope, client_id: sub } : undefined;
process.stdout.write(`${await issuer.sign(sub, claims ? { claims } : {})}\n`);
if (npmBannerInCapture()) {
  process.stderr.write(
    `note: npm printed its "> ${process.env.npm_package_name ?? 'package'} token" banner into this capture, before the token.\n` +
      `      Capture the token alone with: TOKEN=$(npm run --silent token -- ${process.argv.slice(2).join(' ')})\n`,
  );
}
