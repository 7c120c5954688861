/**
 * The local stack as a separate process for the load run (so the load generator does not share
 * its event loop). Prints one JSON line `{ apiUrl, token }` on stdout when ready; stops on SIGTERM.
 */
import { startBenchStack } from './local-stack.ts';

const stack = await startBenchStack('bench-load', { simulatorDelayMs: 200 });
const token = await stack.issuer.sign('bench-load-user');
process.stdout.write(`${JSON.stringify({ apiUrl: stack.apiUrl, token })}\n`);
process.on('SIGTERM', () => {
  void stack.stop().then(() => process.exit(0));
});
