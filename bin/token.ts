/**
 * `npm run --silent token -- <sub>`: prints, alone on stdout, a JWT the local stack accepts for
 * user `<sub>` (valid 24 h). Works whether or not the stack runs: both use the key in
 * LOCAL_STATE_DIR, with the issuer and audience from LOCAL_JWT_ISSUER / LOCAL_JWT_AUDIENCE.
 */
import { createLocalIssuer } from '../local/jwt.ts';
import { loadSettings } from '../local/settings.ts';

const [sub, ...rest] = process.argv.slice(2);
if (!sub || rest.length > 0 || sub.startsWith('-')) {
  console.error('Usage: npm run --silent token -- <sub>   (prints a bearer token for user <sub>)');
  process.exit(2);
}

const settings = loadSettings();
const issuer = await createLocalIssuer({
  stateDir: settings.stateDir,
  issuer: settings.jwtIssuer,
  audience: settings.jwtAudience,
});
process.stdout.write(`${await issuer.sign(sub)}\n`);
