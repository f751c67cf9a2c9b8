import { TestBed } from '@angular/core/testing';
import { IdpRequestError } from './idp-failure';
import { SignInError } from './sign-in-error';
import { TOKEN_KEEPER_PORT, TokenKeeperClient } from './token-keeper-client';
import type { KeeperPort } from './token-keeper-protocol';

describe('TokenKeeperClient', () => {
  function clientWith(startPort: () => KeeperPort): TokenKeeperClient {
    TestBed.configureTestingModule({ providers: [{ provide: TOKEN_KEEPER_PORT, useValue: startPort }] });
    return TestBed.inject(TokenKeeperClient);
  }

  it('reports a worker that cannot start (e.g. refused by Trusted Types) as token_keeper_unavailable', async () => {
    const client = clientWith(() => {
      throw new TypeError('This document requires TrustedScriptURL assignment.');
    });
    const error = await client.refresh().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(SignInError);
    expect((error as SignInError).code).toBe('token_keeper_unavailable');
  });

  it('starts no worker just to revoke: a tab that never signed in has nothing to revoke', async () => {
    const startPort = vi.fn<() => KeeperPort>();
    await expect(clientWith(startPort).revoke()).resolves.toBeNull();
    expect(startPort).not.toHaveBeenCalled();
  });

  it('turns the worker’s failure, plain data, back into a typed error that names the step', async () => {
    const channel = new MessageChannel();
    channel.port2.addEventListener('message', (event) => channel.port2.postMessage({ id: (event.data as { id: number }).id, ok: false, failure: { kind: 'refused', error: 'invalid_grant', description: undefined } }));
    channel.port2.start();
    channel.port1.start();
    const error = await clientWith(() => channel.port1).refresh().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(IdpRequestError);
    expect((error as IdpRequestError).step).toBe('renewal');
    expect((error as IdpRequestError).failure).toEqual({ kind: 'refused', error: 'invalid_grant', description: undefined });
    channel.port1.close();
  });
});
