import { HttpClient, provideHttpClient, withInterceptors } from '@angular/common/http';
import { HttpTestingController, provideHttpClientTesting } from '@angular/common/http/testing';
import { TestBed } from '@angular/core/testing';
import { firstValueFrom } from 'rxjs';
import { authInterceptor, isOwnApiUrl } from './auth-interceptor';
import { Session } from './session';

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

describe('authInterceptor', () => {
  let http: HttpClient;
  let backend: HttpTestingController;

  beforeEach(() => {
    TestBed.configureTestingModule({
      providers: [
        provideHttpClient(withInterceptors([authInterceptor])),
        provideHttpClientTesting(),
        { provide: Session, useValue: { accessToken: () => Promise.resolve('the-access-token') } },
      ],
    });
    http = TestBed.inject(HttpClient);
    backend = TestBed.inject(HttpTestingController);
  });

  afterEach(() => backend.verify());

  it('adds the bearer token to a call to our own API', async () => {
    const done = firstValueFrom(http.get('/api/me'));
    const request = await expectRequest(backend, '/api/me');
    expect(request.request.headers.get('Authorization')).toBe('Bearer the-access-token');
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
