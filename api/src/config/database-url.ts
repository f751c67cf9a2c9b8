/** `DATABASE_URL`: which database the app keeps its data in. */
import { fileURLToPath } from 'node:url';

export type DatabaseConfig =
  | { readonly kind: 'sqlite'; readonly path: string }
  /** `url` as given (node-postgres reads it, `sslmode` and the like included); it may hold a password. */
  | { readonly kind: 'postgres'; readonly url: string };

/**
 * `file:<path>` (SQLite, the embedded default) or `postgres://…` (PostgreSQL, which several
 * instances can share). Unset: a SQLite file under `data/`.
 *
 * @param resolvePath makes a relative path absolute (from the repository root), so the database
 * does not depend on the working directory.
 */
export function parseDatabaseUrl(value: string | undefined, resolvePath: (path: string) => string): DatabaseConfig {
  if (value === undefined) return { kind: 'sqlite', path: resolvePath('data/app.db') };
  if (/^postgres(ql)?:/i.test(value)) return parsePostgresUrl(value);
  if (!value.startsWith('file:')) throw new Error('must be a file:<path> (SQLite) or postgres://… (PostgreSQL) URL');
  if (value === 'file::memory:') return { kind: 'sqlite', path: ':memory:' };
  const path = value.startsWith('file://') ? fileURLToPath(value) : value.slice('file:'.length);
  if (path === '' || path.includes('?')) throw new Error('must be a file:<path> URL without query parameters');
  return { kind: 'sqlite', path: resolvePath(path) };
}

/** `postgres://[user[:password]@]host[:port]/database[?…]`: a host and a database name, at least. */
function parsePostgresUrl(value: string): DatabaseConfig {
  if (!URL.canParse(value)) throw new Error('must be a URL such as postgres://user:password@host:5432/database');
  const url = new URL(value);
  if (!/^postgres(ql)?:$/.test(url.protocol) || url.hostname === '' || url.pathname.length <= 1) {
    throw new Error('must name a host and a database, such as postgres://user:password@host:5432/database');
  }
  return { kind: 'postgres', url: value };
}
