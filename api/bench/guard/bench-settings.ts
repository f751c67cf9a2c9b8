/**
 * What the benchmarks hand each server they start, by environment, and the settings they share:
 * the one place the benchmarks read `process.env`.
 */

/** `OIDC_ACCESS_TOKEN_MAX_AGE`'s default, for the baselines. */
export const MAX_TOKEN_AGE_SECONDS = 7200;

export interface BenchServerSettings {
  readonly port: number;
  readonly issuer: string;
  readonly audience: string;
  readonly jwksUri: string;
}

export function benchServerSettings(env: NodeJS.ProcessEnv = process.env): BenchServerSettings {
  const read = (name: string): string => {
    const value = env[name];
    if (value === undefined || value === '') throw new Error(`${name} is not set`);
    return value;
  };
  return { port: Number(read('PORT')), issuer: read('OIDC_ISSUER'), audience: read('OIDC_AUDIENCE'), jwksUri: read('OIDC_JWKS_URI') };
}

/** This process's environment with `overrides`, for a server or tool the benchmark starts. */
export function childEnvironment(overrides: Readonly<Record<string, string>> = {}): NodeJS.ProcessEnv {
  return { ...process.env, ...overrides };
}
