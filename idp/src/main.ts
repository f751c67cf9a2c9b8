/**
 * Starts the dev IdP from the environment: `npm start -w @app/idp`.
 */
import { ConfigError, loadConfig, type IdpConfig } from './config.ts';
import { startDevIdp } from './provider.ts';
import { DEV_USERS } from './users.ts';

function readConfigOrExit(): IdpConfig {
  try {
    return loadConfig();
  } catch (error) {
    if (error instanceof ConfigError) {
      console.error(`idp: ${error.message}`);
      process.exit(1);
    }
    throw error;
  }
}

const config = readConfigOrExit();
/** What `IDP_DPOP` makes of the tokens, for the start line. */
const DPOP_WORDS = {
  nonce: 'DPoP-bound tokens (with the IdP\'s nonces)',
  on: 'DPoP-bound tokens (no nonces)',
  off: 'bearer tokens (no DPoP)',
} as const;

const idp = await startDevIdp(config);
const users = DEV_USERS.map((user) => user.username).join(', ');
console.log(
  `idp: dev OpenID provider at ${idp.issuer}, ${config.tokenShape}-shaped tokens (users: ${users}; password = user name), ${DPOP_WORDS[config.dpop]}`,
);

let stopping = false;
async function stop(signal: NodeJS.Signals): Promise<void> {
  if (stopping) {
    return;
  }
  stopping = true;
  await idp.close();
  console.log(`idp: stopped (${signal})`);
}

for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.once(signal, () => {
    stop(signal).catch((error: unknown) => {
      console.error('idp: could not stop cleanly:', error);
      process.exitCode = 1;
    });
  });
}
