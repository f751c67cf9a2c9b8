/**
 * The session's parts wired together for a unit test, with the edges faked: the IdP's metadata
 * (`AuthServer`), the token worker (`TokenKeeperClient`), the other tabs (`SessionChannel`) and
 * leaving the page (`TopLevelNavigation`). Everything between them is the real code.
 */
import { provideHttpClient, withInterceptors } from '@angular/common/http';
import { HttpTestingController, provideHttpClientTesting } from '@angular/common/http/testing';
import { Component, type Provider } from '@angular/core';
import { TestBed } from '@angular/core/testing';
import { Router, provideRouter } from '@angular/router';
import type { Me, PublicConfig } from '@app/contracts';
import { authInterceptor } from '../auth-interceptor';
import { AuthServer, type AuthServerContext } from '../auth-server';
import { DPOP_KEY_STORE } from '../dpop-key';
import { generateDpopKeyPair, type DpopKeyStore } from '../dpop-key-store';
import { Session } from '../session';
import { SessionChannel, type SessionMessage, type SharedSession } from '../session-channel';
import { SessionEnd } from '../session-end';
import { SessionStore } from '../session-store';
import { saveSignInAttempt } from '../sign-in-attempt';
import { SignInFlow, type SignInOutcome } from '../sign-in-flow';
import { TokenKeeperClient } from '../token-keeper-client';
import type { TokenGrant } from '../token-keeper-protocol';
import { TokenRenewal } from '../token-renewal';
import { TopLevelNavigation } from '../top-level-navigation';

export const ISSUER = 'https://idp.example.com';

export const CONTEXT: AuthServerContext = {
  config: {
    issuer: ISSUER,
    clientId: 'web',
    scopes: 'openid',
    audience: 'https://app.example.com/api',
    redirectUri: 'https://app.example.com/auth/callback',
    postLogoutRedirectUri: 'https://app.example.com/',
    authorizationParameters: {},
    rolesClaim: 'roles',
    dpop: 'allowed',
  } satisfies PublicConfig,
  as: {
    issuer: ISSUER,
    authorization_endpoint: `${ISSUER}/auth`,
    token_endpoint: `${ISSUER}/token`,
    end_session_endpoint: `${ISSUER}/session/end`,
    authorization_response_iss_parameter_supported: true,
  },
  client: { client_id: 'web' },
  requestOptions: { signal: () => new AbortController().signal },
};

/** The same IdP, advertising DPoP with ES256: the app asks it for tokens bound to the browser's key. */
export const DPOP_CONTEXT: AuthServerContext = {
  ...CONTEXT,
  as: { ...CONTEXT.as, dpop_signing_alg_values_supported: ['ES256'] },
};

/** The browser's key store, in memory, with a real non-extractable key (IndexedDB itself has its own spec). */
export class MemoryKeyStore implements DpopKeyStore {
  private pair: Promise<CryptoKeyPair> | null = null;
  forgotten = 0;
  open(): Promise<CryptoKeyPair> {
    this.pair ??= generateDpopKeyPair();
    return this.pair;
  }
  async forget(): Promise<void> {
    this.pair = null;
    this.forgotten++;
  }
}

export const BOB: Me = { sub: 'bob', name: 'Bob Dupont', nameSource: 'name', roles: ['chat', 'analytics'], rolesClaim: 'granted' };

/** The fake clock's start. */
export const T0 = Date.UTC(2030, 0, 1, 9, 0, 0);

export function callback(params: Record<string, string>): URL {
  return new URL(`https://app.example.com/auth/callback?${new URLSearchParams(params).toString()}`);
}

/** What the token worker hands over: a 20 s access token by default. */
export function grant(accessToken: string, overrides: Partial<TokenGrant> = {}): TokenGrant {
  return { accessToken, expiresIn: 20, idToken: 'the-id-token', profile: undefined, holdsRefreshToken: true, dpopJkt: undefined, ...overrides };
}

/** What another tab shares: a 20 s access token received at `receivedAt`. */
export function shared(accessToken: string, receivedAt: number, user: Me = BOB): SharedSession {
  return { accessToken, receivedAt, expiresAt: receivedAt + 20_000, idToken: 'id-from-another-tab', dpopJkt: undefined, user };
}

/** Lets pending promise callbacks run (without moving the fake clock, as vi.waitFor would). */
export async function flush(): Promise<void> {
  for (let i = 0; i < 30; i++) await Promise.resolve();
}

/** Where the router was sent: the paths of `navigate` or `navigateByUrl` calls. */
export function navigatedTo(spy: { mock: { calls: unknown[][] } }): string[] {
  return spy.mock.calls.map(([target]) => String(Array.isArray(target) ? target.join('/') : target));
}

@Component({ template: '' })
class Blank {}

/** The other tabs, as this tab's channel sees them. */
export class FakeChannel {
  readonly available = true;
  readonly posted: SessionMessage[] = [];
  private handler: ((message: SessionMessage) => void) | undefined;
  post(message: SessionMessage): void {
    this.posted.push(message);
  }
  listen(handler: (message: SessionMessage) => void): () => void {
    this.handler = handler;
    return () => (this.handler = undefined);
  }
  /** Another tab says something. */
  deliver(message: SessionMessage): void {
    this.handler?.(message);
  }
}

export interface SessionTestbed {
  readonly session: Session;
  readonly store: SessionStore;
  readonly signIn: SignInFlow;
  readonly renewal: TokenRenewal;
  readonly sessionEnd: SessionEnd;
  readonly router: Router;
  readonly backend: HttpTestingController;
  readonly channel: FakeChannel;
  readonly navigation: { replace: ReturnType<typeof vi.fn>; assign: ReturnType<typeof vi.fn> };
  readonly keeper: { redeem: ReturnType<typeof vi.fn>; refresh: ReturnType<typeof vi.fn>; revoke: ReturnType<typeof vi.fn> };
  /** What `AuthServer.load` answers: {@link CONTEXT}, unless a test sets up another IdP. */
  readonly server: { context: AuthServerContext };
  /** Where the browser's DPoP key is kept. */
  readonly keyStore: MemoryKeyStore;
  /** Signs bob in through the callback, as the Callback page does; the worker answers with `first`. */
  signInBob(first?: TokenGrant, returnUrl?: string | null, me?: Me): Promise<SignInOutcome>;
}

/**
 * Configures TestBed with the session's real parts and fake edges, on a fake clock at {@link T0},
 * and starts the session (by injecting its face, as the app's header does). `providers` add to or
 * replace the testbed's.
 */
export function setUpSessionTestbed(providers: Provider[] = []): SessionTestbed {
  vi.useFakeTimers({ toFake: ['Date', 'setTimeout', 'clearTimeout'] });
  vi.setSystemTime(T0);
  vi.spyOn(console, 'debug').mockImplementation(() => undefined);
  sessionStorage.clear();
  const channel = new FakeChannel();
  const navigation = { replace: vi.fn(), assign: vi.fn() };
  const keeper = {
    redeem: vi.fn(async () => grant('at-1')),
    refresh: vi.fn(async () => grant('at-2')),
    revoke: vi.fn(async () => null),
  };
  const server = { context: CONTEXT };
  const keyStore = new MemoryKeyStore();
  TestBed.configureTestingModule({
    providers: [
      provideHttpClient(withInterceptors([authInterceptor])),
      provideHttpClientTesting(),
      provideRouter([{ path: '**', component: Blank }]),
      { provide: AuthServer, useValue: { load: () => Promise.resolve(server.context) } },
      { provide: TokenKeeperClient, useValue: keeper },
      { provide: SessionChannel, useValue: channel },
      { provide: TopLevelNavigation, useValue: navigation },
      { provide: DPOP_KEY_STORE, useValue: keyStore },
      ...providers,
    ],
  });
  const signIn = TestBed.inject(SignInFlow);
  const backend = TestBed.inject(HttpTestingController);
  return {
    session: TestBed.inject(Session),
    store: TestBed.inject(SessionStore),
    signIn,
    renewal: TestBed.inject(TokenRenewal),
    sessionEnd: TestBed.inject(SessionEnd),
    router: TestBed.inject(Router),
    backend,
    channel,
    navigation,
    keeper,
    server,
    keyStore,
    async signInBob(first = grant('at-1'), returnUrl = '/analytics', me = BOB) {
      saveSignInAttempt(sessionStorage, { state: 's1', nonce: 'n1', codeVerifier: 'v1', returnUrl, createdAt: Date.now() });
      keeper.redeem.mockResolvedValueOnce(first);
      const outcome = signIn.complete(callback({ code: 'c', state: 's1', iss: ISSUER }));
      await flush();
      const meRequest = backend.expectOne('/api/me');
      expect(meRequest.request.headers.get('Authorization')).toBe(`Bearer ${first.accessToken}`);
      meRequest.flush(me);
      return outcome;
    },
  };
}

/** Ends what {@link setUpSessionTestbed} started. */
export function tearDownSessionTestbed(testbed: SessionTestbed): void {
  testbed.backend.verify();
  vi.useRealTimers();
  vi.restoreAllMocks();
}
