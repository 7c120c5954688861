/** Small helpers for the local stack's servers: free ports and checks that a port is free. */
import { createServer, type Server } from 'node:net';

/** A TCP port that was free a moment ago (the OS picks it). Bind it soon: another process may take it. */
export async function freePort(host = '127.0.0.1'): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.unref();
    server.once('error', reject);
    server.listen(0, host, () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}

/** True when nothing listens on host:port (we could bind it ourselves). */
export async function isPortFree(port: number, host = '127.0.0.1'): Promise<boolean> {
  return new Promise((resolve) => {
    const server = createServer();
    server.once('error', () => resolve(false));
    server.listen(port, host, () => server.close(() => resolve(true)));
  });
}

/** The port a listening node server got (useful after `listen(0)`). */
export function portOf(server: Server | { address(): ReturnType<Server['address']> }): number {
  const address = server.address();
  if (address && typeof address === 'object') return address.port;
  throw new Error('Server is not listening on a TCP port');
}
