/**
 * The suite-wide log check (`fixtures/log-capture.ts`) must be able to fail: each kind of leak it
 * looks for is found in a line made to hold one.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { findCredentialLeaks } from './fixtures/log-capture.ts';

const TOKEN = 'eyJhbGciOiJFUzI1NiJ9.eyJzdWIiOiJhbGljZSIsImF1ZCI6ImFwaSJ9.c2lnbmF0dXJlLW9mLXRoZS10b2tlbg';

describe('suite-wide log check', () => {
  it('finds a token a test sent, or just its payload or signature part', () => {
    assert.equal(findCredentialLeaks([`{"msg":"x","token":"${TOKEN}"}`], [TOKEN]).length > 0, true);
    assert.equal(findCredentialLeaks([`{"claims":"${TOKEN.split('.')[1]}"}`], [TOKEN]).length, 1);
    assert.equal(findCredentialLeaks([`{"sig":"${TOKEN.split('.')[2]}"}`], [TOKEN]).length, 1);
  });

  it('finds anything shaped like a JWT, a Bearer credential, an access_token parameter or an Authorization value', () => {
    assert.equal(findCredentialLeaks([`{"url":"/x?t=${TOKEN}"}`], []).length, 1);
    assert.equal(findCredentialLeaks(['{"h":"Bearer abcdefghijklmnopqrstuvwxyz"}'], []).length, 1);
    assert.equal(findCredentialLeaks(['{"url":"/api/me?access_token=x"}'], []).length, 1);
    assert.equal(findCredentialLeaks(['{"headers":{"authorization":"Basic YWxpY2U6YWxpY2U="}}'], []).length, 1);
  });

  it('accepts a redacted Authorization header and ordinary lines', () => {
    assert.deepEqual(
      findCredentialLeaks(['{"headers":{"authorization":"[redacted]"}}', '{"msg":"incoming request","req":{"url":"/api/me"}}'], [TOKEN]),
      [],
    );
  });
});
