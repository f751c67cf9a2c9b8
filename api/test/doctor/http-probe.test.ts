/** Doctor: network failures said in words (which host, which error), never as a stack trace. */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { describeNetworkError, probe } from '../../src/doctor/http-probe.ts';
import { closedPort } from './support/crafted-idp.ts';

const URL_443 = new URL('https://idp.example.com/.well-known/openid-configuration');

/** What undici's fetch throws: `TypeError('fetch failed')` with the system error as its cause. */
function fetchFailed(code: string): TypeError {
  return new TypeError('fetch failed', { cause: Object.assign(new Error(`getaddrinfo ${code} idp.example.com`), { code }) });
}

describe('doctor: network errors', () => {
  it('reports a refused connection with host, port and code', async () => {
    const port = await closedPort();
    const answer = await probe(new URL(`http://127.0.0.1:${port}/`));
    assert.ok(!answer.ok);
    assert.equal(answer.problem, `cannot connect to 127.0.0.1:${port}: connection refused (ECONNREFUSED)`);
  });

  it('reports a DNS failure as no such host, suggesting the proxy setting', () => {
    const { problem, hints } = describeNetworkError(fetchFailed('ENOTFOUND'), URL_443, 5000);
    assert.equal(problem, 'cannot connect to idp.example.com:443: no such host (DNS lookup failed) (ENOTFOUND)');
    assert.match(hints.join('\n'), /NODE_USE_ENV_PROXY=1/);
  });

  it('reports an untrusted certificate, suggesting NODE_EXTRA_CA_CERTS', () => {
    const { problem, hints } = describeNetworkError(fetchFailed('UNABLE_TO_GET_ISSUER_CERT_LOCALLY'), URL_443, 5000);
    assert.match(problem, /idp\.example\.com:443: its TLS certificate is not trusted here/);
    assert.match(hints.join('\n'), /NODE_EXTRA_CA_CERTS/);
  });

  it('reports a timeout as one, with the time allowed', () => {
    const { problem } = describeNetworkError(new DOMException('The operation was aborted due to timeout', 'TimeoutError'), URL_443, 5000);
    assert.equal(problem, 'no answer from idp.example.com:443 within 5 s (timeout)');
  });
});
