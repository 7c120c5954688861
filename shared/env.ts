/**
 * Transitional: shared/feexpay/client.ts still asks for FEEXPAY_BASE_URL through this; it is
 * answered from the one config module (shared/config.ts), so overrides apply. Goes once the
 * client reads `config.feexPayBaseUrl()` itself.
 */
import * as config from './config.ts';

export function optionalEnv(_name: 'FEEXPAY_BASE_URL', fallback: string): string {
  return config.feexPayBaseUrl() ?? fallback;
}
