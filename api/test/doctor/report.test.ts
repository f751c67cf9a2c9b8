/** Doctor: what it prints and how it exits. */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { ConfigError } from '../../src/config.ts';
import { fail, pass, warn } from '../../src/doctor/finding.ts';
import { exitCodeOf, formatConfigError, formatFinding, summaryOf } from '../../src/doctor/report.ts';

describe('doctor: report', () => {
  it('prints one line per check, with what to change indented under it', () => {
    assert.deepEqual(formatFinding(fail('Issuer differs', 'set OIDC_ISSUER=x')), ['FAIL  Issuer differs', '      set OIDC_ISSUER=x']);
  });

  it('exits 0 when only warnings are found, 1 when anything fails', () => {
    assert.equal(exitCodeOf([pass('a'), warn('b')]), 0);
    assert.equal(exitCodeOf([pass('a'), fail('c')]), 1);
  });

  it('ends with a summary that counts each status', () => {
    assert.equal(summaryOf([pass('a'), warn('b'), fail('c')]), 'Summary: 1 passed, 1 warning, 1 failed: 1 to fix before the app can work with this IdP');
  });

  it("prints each problem of an invalid environment as a FAIL naming the variable", () => {
    const lines = formatConfigError(new ConfigError([{ variable: 'OIDC_ISSUER', problem: 'must be an absolute URL' }, { variable: 'PORT', problem: 'must be an integer' }]));
    assert.deepEqual(lines.slice(0, 2), ['FAIL  OIDC_ISSUER must be an absolute URL', 'FAIL  PORT must be an integer']);
  });
});
