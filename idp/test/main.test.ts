import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { fileURLToPath } from 'node:url';
import { test } from 'node:test';
import { findFreePort } from './support/start-idp.ts';

const MAIN = fileURLToPath(new URL('../src/main.ts', import.meta.url));

test('the startup line names the issuer, the token shape and whether tokens are DPoP-bound', async () => {
  const issuer = `http://localhost:${await findFreePort()}/realms/dev`;
  const child = spawn(process.execPath, [MAIN], {
    env: { ...process.env, NODE_ENV: 'development', IDP_ISSUER: issuer, IDP_SHAPE: 'keycloak' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  try {
    let stdout = '';
    child.stdout.setEncoding('utf8');
    for await (const chunk of child.stdout) {
      stdout += chunk as string;
      if (stdout.includes('\n')) break;
    }
    assert.ok(
      stdout.startsWith(`idp: dev OpenID provider at ${issuer}, keycloak-shaped tokens (users: alice, bob, carol;`),
      stdout,
    );
    assert.match(stdout, /DPoP-bound tokens \(with the IdP's nonces\)/);
  } finally {
    if (child.exitCode === null && child.signalCode === null) {
      const exited = once(child, 'exit');
      child.kill('SIGTERM');
      await exited;
    }
  }
});

test('refuses IDP_SHAPE=bogus at start, with a message naming the variable and the shapes it accepts', async () => {
  const child = spawn(process.execPath, [MAIN], {
    // A port nobody listens on, in case the refusal ever regressed.
    env: { ...process.env, NODE_ENV: 'development', IDP_ISSUER: 'http://localhost:1', IDP_SHAPE: 'bogus' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stderr = '';
  child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
  const [exitCode] = (await once(child, 'exit')) as [number | null];

  assert.equal(exitCode, 1);
  assert.match(stderr, /^idp: IDP_SHAPE must be one of "rfc9068", "keycloak", got "bogus"/);
});
