/**
 * Just enough of a browser for protocol tests: a cookie jar (RFC 6265 path matching, expiry by
 * Max-Age/Expires) and manual redirects, so each hop can be inspected.
 */

interface StoredCookie {
  readonly name: string;
  readonly value: string;
  readonly path: string;
}

export class Browser {
  readonly #cookies = new Map<string, StoredCookie>();

  async get(url: string | URL, headers: Record<string, string> = {}): Promise<Response> {
    return this.#send(url, { method: 'GET', headers });
  }

  async post(url: string | URL, form: Record<string, string>, headers: Record<string, string> = {}): Promise<Response> {
    return this.#send(url, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded', ...headers },
      body: new URLSearchParams(form).toString(),
    });
  }

  /**
   * Follows redirects with GET until a response is not a redirect, or the next hop leaves for
   * `stopAtOrigin` (the app: the IdP's part is over). Returns the last response and, if it stopped
   * there, the URL the browser would load next.
   */
  async follow(response: Response, stopAtOrigin: string): Promise<{ response: Response; next?: URL }> {
    let current = response;
    for (let hops = 0; hops < 10; hops++) {
      const location = current.headers.get('location');
      if (!isRedirect(current.status) || location === null) {
        return { response: current };
      }
      const next = new URL(location, current.url);
      if (next.origin === stopAtOrigin) {
        return { response: current, next };
      }
      current = await this.get(next);
    }
    throw new Error('too many redirects');
  }

  /** The cookies this browser holds under `name`, each with the path it is scoped to. */
  cookiesNamed(name: string): { readonly value: string; readonly path: string }[] {
    return [...this.#cookies.values()].filter((cookie) => cookie.name === name);
  }

  async #send(url: string | URL, init: RequestInit & { headers: Record<string, string> }): Promise<Response> {
    const target = new URL(url);
    const cookie = this.#cookieHeaderFor(target);
    const response = await fetch(target, {
      ...init,
      redirect: 'manual',
      headers: cookie === '' ? init.headers : { ...init.headers, cookie },
    });
    this.#store(response.headers.getSetCookie());
    return response;
  }

  #cookieHeaderFor(url: URL): string {
    return [...this.#cookies.values()]
      .filter((cookie) => pathMatches(url.pathname, cookie.path))
      .map((cookie) => `${cookie.name}=${cookie.value}`)
      .join('; ');
  }

  #store(setCookies: string[]): void {
    for (const header of setCookies) {
      const [pair = '', ...attributes] = header.split(';').map((part) => part.trim());
      const separator = pair.indexOf('=');
      const name = pair.slice(0, separator);
      const value = pair.slice(separator + 1);
      const options = new Map(attributes.map((attribute) => {
        const [key = '', ...rest] = attribute.split('=');
        return [key.toLowerCase(), rest.join('=')] as const;
      }));
      const path = options.get('path') ?? '/';
      const key = `${name};${path}`;
      if (isExpired(options) || value === '') {
        this.#cookies.delete(key);
      } else {
        this.#cookies.set(key, { name, value, path });
      }
    }
  }
}

export function isRedirect(status: number): boolean {
  return status >= 300 && status < 400;
}

/** RFC 6265 §5.1.4. */
function pathMatches(requestPath: string, cookiePath: string): boolean {
  return (
    requestPath === cookiePath ||
    (requestPath.startsWith(cookiePath) && (cookiePath.endsWith('/') || requestPath[cookiePath.length] === '/'))
  );
}

function isExpired(options: Map<string, string>): boolean {
  const maxAge = options.get('max-age');
  if (maxAge !== undefined) {
    return Number(maxAge) <= 0;
  }
  const expires = options.get('expires');
  return expires !== undefined && Date.parse(expires) <= Date.now();
}
