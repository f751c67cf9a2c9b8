import { HttpClient, HttpContext, HttpErrorResponse, provideHttpClient, withInterceptors } from '@angular/common/http';
import { HttpTestingController, provideHttpClientTesting } from '@angular/common/http/testing';
import { TestBed } from '@angular/core/testing';
import { firstValueFrom } from 'rxjs';
import { provideRouter } from '@angular/router';
import * as oauth from 'oauth4webapi';
import { ISSUED_CREDENTIAL } from './api-authorization';
import { authInterceptor, isOwnApiUrl } from './auth-interceptor';
import { DPOP_KEY_STORE } from './dpop-key';
import { SessionEnd } from './session-end';
import { SessionStore } from './session-store';
import { BOB, MemoryKeyStore, grant } from './testing/session-testbed';
import { TokenRenewal } from './token-renewal';

describe('isOwnApiUrl', () => {
  const origin = 'https://app.example.com';

  it('accepts a relative /api/ path', () => {
    expect(isOwnApiUrl('/api/me', origin)).toBe(true);
  });

  it('accepts an absolute URL on the same origin under /api/', () => {
    expect(isOwnApiUrl('https://app.example.com/api/chat/rooms', origin)).toBe(true);
  });

  it('refuses another origin, even with an /api/ path (token leak to a third party)', () => {
    expect(isOwnApiUrl('https://api.other.example/api/me', origin)).toBe(false);
  });

  it('refuses a look-alike host that starts with our origin', () => {
    expect(isOwnApiUrl('https://app.example.com.evil.example/api/me', origin)).toBe(false);
  });

  it('refuses the same host on another port or scheme', () => {
    expect(isOwnApiUrl('https://app.example.com:8443/api/me', origin)).toBe(false);
    expect(isOwnApiUrl('http://app.example.com/api/me', origin)).toBe(false);
  });

  it('refuses our origin outside /api/', () => {
    expect(isOwnApiUrl('/assets/logo.svg', origin)).toBe(false);
    expect(isOwnApiUrl('/apix/me', origin)).toBe(false);
  });

  it('refuses a path that climbs out of /api/ with dot segments', () => {
    expect(isOwnApiUrl('/api/../other', origin)).toBe(false);
  });
});

/** The HTTP client with the interceptor and the session's real token path (`TokenRenewal.withAccessToken`). */
function configureHttp(keyStore = new MemoryKeyStore()): void {
  TestBed.configureTestingModule({
    providers: [
      provideHttpClient(withInterceptors([authInterceptor])),
      provideHttpClientTesting(),
      provideRouter([]),
      { provide: DPOP_KEY_STORE, useValue: keyStore },
    ],
  });
}

describe('authInterceptor', () => {
  let http: HttpClient;
  let backend: HttpTestingController;
  let accessToken: ReturnType<typeof vi.spyOn>;

  beforeEach(() => {
    configureHttp();
    accessToken = vi.spyOn(TestBed.inject(TokenRenewal), 'accessToken').mockResolvedValue('the-access-token');
    http = TestBed.inject(HttpClient);
    backend = TestBed.inject(HttpTestingController);
  });

  afterEach(() => {
    backend.verify();
    vi.restoreAllMocks();
  });

  it('adds the bearer token to a call to our own API', async () => {
    const done = firstValueFrom(http.get('/api/me'));
    const request = await expectRequest(backend, '/api/me');
    expect(request.request.headers.get('Authorization')).toBe('Bearer the-access-token');
    request.flush({});
    await done;
  });

  it('sends a request that brings its own credential with it, without asking the session (the sign-in’s profile fetch)', async () => {
    const context = new HttpContext().set(ISSUED_CREDENTIAL, { accessToken: 'just-issued', dpopJkt: undefined });
    const done = firstValueFrom(http.get('/api/me', { context }));
    const request = await expectRequest(backend, '/api/me');
    expect(request.request.headers.get('Authorization')).toBe('Bearer just-issued');
    expect(accessToken).not.toHaveBeenCalled();
    request.flush({});
    await done;
  });

  it('sends no token to another origin', async () => {
    const done = firstValueFrom(http.get('https://cdn.other.example/api/data.json'));
    const request = await expectRequest(backend, 'https://cdn.other.example/api/data.json');
    expect(request.request.headers.has('Authorization')).toBe(false);
    request.flush({});
    await done;
  });
});

/** The interceptor waits for the token (and signs a proof), so the request reaches the backend a little later. */
async function expectRequest(backend: HttpTestingController, url: string) {
  return vi.waitFor(() => backend.expectOne(url));
}

describe('authInterceptor when the API refuses the token (401)', () => {
  let http: HttpClient;
  let backend: HttpTestingController;
  let session: { renewAfterRejection: ReturnType<typeof vi.spyOn>; endRejectedSession: ReturnType<typeof vi.spyOn> };
  const unauthorized = { status: 401, statusText: 'Unauthorized' };

  beforeEach(() => {
    configureHttp();
    const renewal = TestBed.inject(TokenRenewal);
    vi.spyOn(renewal, 'accessToken').mockResolvedValue('old-token');
    session = {
      renewAfterRejection: vi.spyOn(renewal, 'renewAfterRejection').mockResolvedValue('new-token'),
      endRejectedSession: vi.spyOn(TestBed.inject(SessionEnd), 'endRejectedSession').mockImplementation(() => undefined),
    };
    http = TestBed.inject(HttpClient);
    backend = TestBed.inject(HttpTestingController);
  });

  afterEach(() => {
    backend.verify();
    vi.restoreAllMocks();
  });

  it('renews once and retries the request once with the new token', async () => {
    const done = firstValueFrom(http.get('/api/chat/rooms'));
    const first = await expectRequest(backend, '/api/chat/rooms');
    expect(first.request.headers.get('Authorization')).toBe('Bearer old-token');
    first.flush({ error: 'invalid_token' }, unauthorized);
    const retry = await expectRequest(backend, '/api/chat/rooms');
    expect(retry.request.headers.get('Authorization')).toBe('Bearer new-token');
    retry.flush({ rooms: [] });
    await expect(done).resolves.toEqual({ rooms: [] });
    expect(session.renewAfterRejection).toHaveBeenCalledExactlyOnceWith('old-token');
    expect(session.endRejectedSession).not.toHaveBeenCalled();
  });

  it('a second 401 ends the session and fails the request: no third request, no loop', async () => {
    const done = firstValueFrom(http.get('/api/chat/rooms'));
    (await expectRequest(backend, '/api/chat/rooms')).flush(null, unauthorized);
    (await expectRequest(backend, '/api/chat/rooms')).flush(null, unauthorized);
    await expect(done).rejects.toBeInstanceOf(HttpErrorResponse);
    expect(session.endRejectedSession).toHaveBeenCalledTimes(1);
    expect(session.renewAfterRejection).toHaveBeenCalledTimes(1);
    await new Promise((resolve) => setTimeout(resolve));
    backend.expectNone('/api/chat/rooms');
  });

  it('does not retry when no renewed token can be had (the IdP is down): the 401 goes to the caller', async () => {
    session.renewAfterRejection.mockResolvedValue(null);
    const done = firstValueFrom(http.get('/api/me'));
    (await expectRequest(backend, '/api/me')).flush(null, unauthorized);
    await expect(done).rejects.toMatchObject({ status: 401 });
    expect(session.endRejectedSession).not.toHaveBeenCalled();
  });

  it('leaves other errors alone: a 403 is not a token problem', async () => {
    const done = firstValueFrom(http.get('/api/analytics/summary'));
    (await expectRequest(backend, '/api/analytics/summary')).flush(null, { status: 403, statusText: 'Forbidden' });
    await expect(done).rejects.toMatchObject({ status: 403 });
    expect(session.renewAfterRejection).not.toHaveBeenCalled();
  });
});

/** The header and claims of a JWT, unverified. */
function decoded(jwt: string | null): { header: Record<string, unknown>; claims: Record<string, unknown> } {
  const [header = '', claims = ''] = (jwt ?? '').split('.');
  const part = (text: string) => JSON.parse(atob(text.replace(/-/g, '+').replace(/_/g, '/'))) as Record<string, unknown>;
  return { header: part(header), claims: part(claims) };
}

async function accessTokenHash(token: string): Promise<string> {
  const digest = new Uint8Array(await crypto.subtle.digest('SHA-256', new TextEncoder().encode(token)));
  return btoa(String.fromCharCode(...digest)).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
}

describe('authInterceptor with a DPoP-bound session (RFC 9449)', () => {
  let http: HttpClient;
  let backend: HttpTestingController;
  let jkt: string;

  beforeEach(async () => {
    const keyStore = new MemoryKeyStore();
    configureHttp(keyStore);
    jkt = await oauth.DPoP({}, await keyStore.open()).calculateThumbprint();
    TestBed.inject(SessionStore).signedIn(grant('bound-token', { dpopJkt: jkt }), BOB);
    vi.spyOn(TestBed.inject(TokenRenewal), 'accessToken').mockResolvedValue('bound-token');
    http = TestBed.inject(HttpClient);
    backend = TestBed.inject(HttpTestingController);
  });

  afterEach(() => {
    backend.verify();
    vi.restoreAllMocks();
  });

  it('sends the token under the DPoP scheme with a proof of this browser\'s key for this method, URL and token', async () => {
    const done = firstValueFrom(http.post('/api/chat/rooms?x=1', {}));
    const request = await expectRequest(backend, '/api/chat/rooms?x=1');
    expect(request.request.headers.get('Authorization')).toBe('DPoP bound-token');
    const proof = decoded(request.request.headers.get('DPoP'));
    expect(proof.header).toMatchObject({ typ: 'dpop+jwt', alg: 'ES256', jwk: { kty: 'EC', crv: 'P-256' } });
    expect(proof.header['jwk']).not.toHaveProperty('d');
    expect(proof.claims).toMatchObject({ htm: 'POST', htu: `${location.origin}/api/chat/rooms`, ath: await accessTokenHash('bound-token') });
    expect(typeof proof.claims['jti']).toBe('string');
    request.flush({});
    await done;
  });

  it('makes a new proof for every request (a proof is never sent twice)', async () => {
    const jtis: unknown[] = [];
    for (let i = 0; i < 2; i++) {
      const done = firstValueFrom(http.get('/api/me'));
      const request = await expectRequest(backend, '/api/me');
      jtis.push(decoded(request.request.headers.get('DPoP')).claims['jti']);
      request.flush({});
      await done;
    }
    expect(new Set(jtis).size).toBe(2);
  });

  it('answers the API\'s use_dpop_nonce once, with a proof carrying its nonce, and renews nothing', async () => {
    const renewAfterRejection = vi.spyOn(TestBed.inject(TokenRenewal), 'renewAfterRejection');
    const done = firstValueFrom(http.get('/api/me'));
    (await expectRequest(backend, '/api/me')).flush(null, {
      status: 401,
      statusText: 'Unauthorized',
      headers: { 'WWW-Authenticate': 'DPoP error="use_dpop_nonce", error_description="Resource server requires nonce in DPoP proof"', 'DPoP-Nonce': 'api-nonce-1' },
    });
    const retry = await expectRequest(backend, '/api/me');
    expect(decoded(retry.request.headers.get('DPoP')).claims['nonce']).toBe('api-nonce-1');
    retry.flush({ sub: 'bob' });
    await expect(done).resolves.toEqual({ sub: 'bob' });
    expect(renewAfterRejection).not.toHaveBeenCalled();
  });

  it('sends the sign-in\'s issued credential with a proof of its key', async () => {
    const context = new HttpContext().set(ISSUED_CREDENTIAL, { accessToken: 'just-issued', dpopJkt: jkt });
    const done = firstValueFrom(http.get('/api/me', { context }));
    const request = await expectRequest(backend, '/api/me');
    expect(request.request.headers.get('Authorization')).toBe('DPoP just-issued');
    expect(decoded(request.request.headers.get('DPoP')).claims['ath']).toBe(await accessTokenHash('just-issued'));
    request.flush({});
    await done;
  });
});
