import { ApiPath } from '@app/contracts';

/** The path of a request target, without the query string or fragment (which may carry secrets). */
export function pathOf(url: string): string {
  return url.split(/[?#]/, 1)[0] ?? '';
}

/** Everything under `/api/` (and `/api` itself) is the API; the rest is the SPA. */
export function isApiPath(path: string): boolean {
  return path === ApiPath.Prefix.slice(0, -1) || path.startsWith(ApiPath.Prefix);
}
