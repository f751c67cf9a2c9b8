/** Doctor: reading `--tokens` (the session panel's lines, or a bare token; a file or stdin). */
import assert from 'node:assert/strict';
import { Readable } from 'node:stream';
import { describe, it } from 'node:test';
import { parseSampleTokens, readSampleTokens, SampleTokensError } from '../../src/doctor/sample-tokens.ts';

describe('doctor: sample tokens', () => {
  it('reads the lines the session panel copies', () => {
    assert.deepEqual(parseSampleTokens('access_token=aaa.bbb.ccc\nid_token=ddd.eee.fff\n'), { accessToken: 'aaa.bbb.ccc', idToken: 'ddd.eee.fff' });
  });

  it('ignores a refresh token line and other text', () => {
    assert.deepEqual(parseSampleTokens('# copied\r\nrefresh_token=zzz\r\naccess_token = aaa.bbb.ccc\r\n'), { accessToken: 'aaa.bbb.ccc', idToken: undefined });
  });

  it('takes a bare token as the access token, without a Bearer prefix', () => {
    assert.deepEqual(parseSampleTokens('  Bearer aaa.bbb.ccc\n'), { accessToken: 'aaa.bbb.ccc', idToken: undefined });
  });

  it('refuses text that is neither, saying what it expects', () => {
    assert.throws(() => parseSampleTokens('hello world'), (error: Error) => error instanceof SampleTokensError && /access_token=<token>/.test(error.message));
    assert.throws(() => parseSampleTokens('refresh_token=zzz'), SampleTokensError);
  });

  it('reads standard input for -', async () => {
    assert.deepEqual(await readSampleTokens('-', Readable.from(['access_token=a.b.c\n'])), { accessToken: 'a.b.c', idToken: undefined });
  });

  it('says which file it cannot read', async () => {
    await assert.rejects(readSampleTokens('/nonexistent/tokens.txt'), /cannot read the tokens file \/nonexistent\/tokens\.txt/);
  });
});
