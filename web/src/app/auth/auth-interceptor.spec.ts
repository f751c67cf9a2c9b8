import { HttpClient, HttpErrorResponse, provideHttpClient, withInterceptors } from '@angular/common/http';
import { HttpTestingController, provideHttpClientTesting } from '@angular/common/http/testing';
import { TestBed } from '@angular/core/testing';
import { firstValueFrom } from 'rxjs';
import { provideRouter } from '@angular/router';
import { authInterceptor, isOwnApiUrl } from './auth-interceptor';
import { SessionEnd } from './session-end';
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
function configureHttp(): void {
  TestBed.configureTestingModule({
    providers: [provideHttpClient(withInterceptors([authInterceptor])), provideHttpClientTesting(), provideRouter([])],
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

  it('sends a request that brings its own token as it is, without asking the session (the sign-in’s profile fetch)', async () => {
    const done = firstValueFrom(http.get('/api/me', { headers: { Authorization: 'Bearer just-issued' } }));
    const request = backend.expectOne('/api/me');
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

/** The interceptor waits for the token (a promise), so the request reaches the backend a tick later. */
async function expectRequest(backend: HttpTestingController, url: string) {
  await new Promise((resolve) => setTimeout(resolve));
  return backend.expectOne(url);
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
