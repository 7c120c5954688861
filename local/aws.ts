/**
 * The fake AWS identity the local stack uses everywhere: one region, one account id, dummy
 * credentials. The emulators accept anything; keeping one set makes ARNs and URLs predictable.
 */
export const LOCAL_REGION = 'us-east-1';
export const LOCAL_ACCOUNT_ID = '000000000000';
export const LOCAL_CREDENTIALS = { accessKeyId: 'local', secretAccessKey: 'local' } as const;

/** Client options for any AWS SDK v3 client pointed at a local emulator. */
export function localClientConfig(endpoint: string) {
  return { endpoint, region: LOCAL_REGION, credentials: LOCAL_CREDENTIALS };
}
