/**
 * `--tokens <file>` (or `-` for stdin): the tokens the app's "About this session" panel copies,
 * lines `access_token=<jwt>` and `id_token=<jwt>`, or one bare access token. Read, never echoed.
 */
import { readFile } from 'node:fs/promises';

export interface SampleTokens {
  readonly accessToken: string | undefined;
  readonly idToken: string | undefined;
}

/** The file cannot be read, or holds no token the doctor understands. */
export class SampleTokensError extends Error {
  readonly code = 'ERR_SAMPLE_TOKENS';
}

const NAMED_LINE = /^\s*(access_token|id_token|refresh_token)\s*[=:]\s*(\S*)\s*$/;

/** Parses the panel's lines, or a bare token (a leading `Bearer ` is dropped). */
export function parseSampleTokens(text: string): SampleTokens {
  const named = new Map<string, string>();
  for (const line of text.split(/\r?\n/)) {
    const match = NAMED_LINE.exec(line);
    if (match?.[1] !== undefined && match[2] !== undefined && match[2] !== '') named.set(match[1], match[2]);
  }
  if (named.size > 0) {
    const tokens = { accessToken: named.get('access_token'), idToken: named.get('id_token') };
    if (tokens.accessToken === undefined && tokens.idToken === undefined) {
      throw new SampleTokensError('the tokens file has no access_token= or id_token= line (a refresh token is not checked)');
    }
    return tokens;
  }
  const bare = text.trim().replace(/^Bearer\s+/i, '');
  if (bare === '' || /\s/.test(bare)) {
    throw new SampleTokensError('the tokens file must hold lines access_token=<token> and id_token=<token>, or one bare access token');
  }
  return { accessToken: bare, idToken: undefined };
}

/** Reads `path`, or standard input for `-`. */
export async function readSampleTokens(path: string, stdin: AsyncIterable<Buffer | string> = process.stdin): Promise<SampleTokens> {
  let text = '';
  try {
    if (path === '-') for await (const chunk of stdin) text += chunk.toString();
    else text = await readFile(path, 'utf8');
  } catch (error) {
    throw new SampleTokensError(`cannot read the tokens file ${path}: ${(error as Error).message}`);
  }
  return parseSampleTokens(text);
}
