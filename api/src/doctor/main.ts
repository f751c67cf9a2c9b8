/**
 * `npm run doctor [-- --tokens <file|->]`: checks, from this machine and with the environment of
 * `npm start`, what the app needs from the IdP, and says what to change. Exit 0 when nothing fails,
 * 1 when something does, 2 when the environment (or the command line) is invalid.
 */
import { parseArgs } from 'node:util';
import { ConfigError, DEV_IDP_ISSUER, loadConfig, type AppConfig } from '../config.ts';
import { EXIT_INVALID_ENVIRONMENT, exitCodeOf, formatConfigError, formatGroups, summaryOf } from './report.ts';
import { runDoctor } from './run-doctor.ts';
import { readSampleTokens, SampleTokensError, type SampleTokens } from './sample-tokens.ts';

const USAGE = 'usage: npm run doctor [-- --tokens <file>|-]   (the file: lines access_token=<jwt> and id_token=<jwt>, or one access token)';

/** Something to print before exiting 2. */
class UsageError extends Error {}

function readTokensPath(): string | undefined {
  try {
    return parseArgs({ options: { tokens: { type: 'string' } } }).values.tokens;
  } catch (error) {
    throw new UsageError(`FAIL  ${(error as Error).message}\n${USAGE}`);
  }
}

function readConfig(): AppConfig {
  try {
    return loadConfig();
  } catch (error) {
    if (error instanceof ConfigError) throw new UsageError(formatConfigError(error).join('\n'));
    throw error;
  }
}

async function readTokens(path: string | undefined): Promise<SampleTokens | undefined> {
  try {
    return path === undefined ? undefined : await readSampleTokens(path);
  } catch (error) {
    if (error instanceof SampleTokensError) throw new UsageError(`FAIL  --tokens: ${error.message}\n${USAGE}`);
    throw error;
  }
}

async function main(): Promise<number> {
  const tokensPath = readTokensPath();
  const config = readConfig();
  const tokens = await readTokens(tokensPath);
  const { issuer, clientId, provider } = config.oidc;
  console.log(`Checking ${issuer} for client ${clientId} at ${config.appOrigin} (OIDC_PROVIDER=${provider})`);
  if (issuer === DEV_IDP_ISSUER) {
    console.log('This is the dev IdP that `npm start` runs. To check your IdP, set the variables you give `npm start` (OIDC_ISSUER…).');
  }
  const groups = await runDoctor(config, tokens === undefined ? {} : { tokens });
  const findings = groups.flatMap((group) => group.findings);
  console.log([...formatGroups(groups), '', summaryOf(findings)].join('\n'));
  return exitCodeOf(findings);
}

process.exitCode = await main().catch((error: unknown) => {
  if (!(error instanceof UsageError)) throw error;
  console.log(error.message);
  return EXIT_INVALID_ENVIRONMENT;
});
