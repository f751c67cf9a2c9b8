/**
 * Starts the real dev IdP on a free localhost port for one test file.
 */
import { createServer } from 'node:net';
import { loadConfig, type IdpConfig } from '../../src/config.ts';
import { startDevIdp, type RunningIdp } from '../../src/provider.ts';

export interface TestIdp extends RunningIdp {
  readonly config: IdpConfig;
}

export const TEST_ACCESS_TOKEN_TTL = 20;

export interface TestIdpOptions {
  /** A path for the issuer, such as `/realms/dev`; none by default. */
  readonly issuerPath?: string;
}

export async function startTestIdp(env: Record<string, string> = {}, { issuerPath = '' }: TestIdpOptions = {}): Promise<TestIdp> {
  for (let attempt = 1; ; attempt++) {
    const config = loadConfig({
      IDP_ISSUER: `http://localhost:${await findFreePort()}${issuerPath}`,
      IDP_ACCESS_TOKEN_TTL: String(TEST_ACCESS_TOKEN_TTL),
      ...env,
    });
    try {
      return { ...(await startDevIdp(config)), config };
    } catch (error) {
      // Another test file may take the port between our probe and our listen.
      if (attempt === 3 || (error as NodeJS.ErrnoException).code !== 'EADDRINUSE') {
        throw error;
      }
    }
  }
}

export function findFreePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = createServer();
    probe.once('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const address = probe.address();
      probe.close(() => (typeof address === 'object' && address !== null ? resolve(address.port) : reject(new Error('no port'))));
    });
  });
}
