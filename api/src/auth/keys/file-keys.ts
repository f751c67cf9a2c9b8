import { readFile, stat } from 'node:fs/promises';
import { createLocalJWKSet, type JWTVerifyGetKey } from 'jose';
import { JwksFileError } from '../errors.ts';
import type { KeySource } from './key-source.ts';
import { parsePublicJwks } from './public-jwks.ts';

export interface FileKeySourceOptions {
  /** Called when a changed file cannot be used; the previous keys stay in force. */
  readonly onReloadError: (error: Error) => void;
}

/**
 * Keys from a JWKS file (`OIDC_JWKS_FILE`), for when the API has no route to the IdP: no request
 * is ever made. The file is checked (one `stat`) on each verification and re-read when it changed,
 * so keys rotate by replacing the file, without a restart. A changed file that is unreadable or
 * invalid is reported and ignored: the last good keys stay.
 *
 * @throws {JwksFileError} at start, when the file is missing or not a public JWKS.
 */
export async function createFileKeySource(path: string, options: FileKeySourceOptions): Promise<KeySource> {
  let version = await readFileVersion(path);
  let keys = await loadJwksFile(path);

  const refreshIfChanged = async (): Promise<void> => {
    const current = await readFileVersion(path).catch((error: unknown) => `unreadable: ${String(error)}`);
    if (current === version) return;
    version = current;
    try {
      keys = await loadJwksFile(path);
    } catch (error) {
      options.onReloadError(error as Error);
    }
  };

  const getKey: JWTVerifyGetKey = async (header, token) => {
    await refreshIfChanged();
    return keys(header, token);
  };
  const keySetVersion = async (): Promise<string> => {
    await refreshIfChanged();
    return version;
  };
  return { getKey, keySetVersion };
}

async function loadJwksFile(path: string): Promise<ReturnType<typeof createLocalJWKSet>> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (cause) {
    throw new JwksFileError(`OIDC_JWKS_FILE ${path} cannot be read`, { cause });
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (cause) {
    throw new JwksFileError(`OIDC_JWKS_FILE ${path} is not valid JSON`, { cause });
  }
  return createLocalJWKSet(parsePublicJwks(json, `OIDC_JWKS_FILE ${path}`));
}

/** What changes when the file is replaced, edited in place or swapped by rename. */
async function readFileVersion(path: string): Promise<string> {
  try {
    const { mtimeMs, size, ino } = await stat(path);
    return `${mtimeMs}:${size}:${ino}`;
  } catch (cause) {
    throw new JwksFileError(`OIDC_JWKS_FILE ${path} cannot be read`, { cause });
  }
}
