/** One schema change. Versions only ever grow; a shipped migration is never edited. */
export interface Migration {
  readonly version: number;
  readonly description: string;
  readonly sql: string;
}

/** The database was written by a newer version of the app than this one. */
export class SchemaTooNewError extends Error {
  readonly code = 'ERR_SCHEMA_TOO_NEW';
}
