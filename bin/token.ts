/**
 * `npm run --silent token -- <sub>`: prints, alone on stdout, a JWT the local stack accepts for
 * user `<sub>` (valid 24 h): a customer's token.
 *
 * `npm run --silent token -- --scope payments/merchant <client-id>`: a merchant server's token, as
 * a Cognito app client gets one with the client-credentials grant: `sub` and `client_id` are the
 * client, `scope` the granted scope(s) (space-separated when several).
 *
 * Works whether or not the stack runs: both use the key in LOCAL_STATE_DIR, with the issuer and
 * audience from LOCAL_JWT_ISSUER / LOCAL_JWT_AUDIENCE.
 */
import { parseArgs } from 'node:util';
import { createLocalIssuer } from '../local/jwt.ts';
import { loadSettings } from '../local/settings.ts';

const USAGE = [
  'Usage: npm run --silent token -- <sub>                        (a customer token for user <sub>)',
  '       npm run --silent token -- --scope <scope> <client-id>  (a merchant server token)',
].join('\n');

let parsed: ReturnType<typeof parse>;
function parse() {
  return parseArgs({
    allowPositionals: true,
    options: { scope: { type: 'string' }, help: { type: 'boolean', short: 'h' } },
  });
}
try {
  parsed = parse();
} catch (error) {
  console.error(`${(error as Error).message}\n${USAGE}`);
  process.exit(2);
}
const { values, positionals } = parsed;
const [sub, ...rest] = positionals;
if (values.help) {
  console.log(USAGE);
  process.exit(0);
}
if (!sub || rest.length > 0 || values.scope?.trim() === '') {
  console.error(USAGE);
  process.exit(2);
}

const settings = loadSettings();
const issuer = await createLocalIssuer({
  stateDir: settings.stateDir,
  issuer: settings.jwtIssuer,
  audience: settings.jwtAudience,
});
const claims = values.scope ? { scope: values.scope.trim(), client_id: sub } : undefined;
process.stdout.write(`${await issuer.sign(sub, claims ? { claims } : {})}\n`);
