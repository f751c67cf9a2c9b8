/**
 * What the demo-history writers take and say (`npm run seed`), owned by the storage: the seed's
 * generator makes these, and each database's writer (sqlite/, postgres/) stores them.
 */

/** A room of a demo history, found by name or made. */
export interface DemoRoom {
  readonly name: string;
  readonly topic: string;
}

/** A message of a demo history, as the writer takes it. */
export interface DemoMessage {
  /** Unique, and the same for the same options: `demo-m-<n>`. */
  readonly id: string;
  readonly roomName: string;
  readonly author: { readonly sub: string; readonly name: string };
  readonly body: string;
  /** ISO 8601 UTC with milliseconds, like the chat's `created_at`. */
  readonly createdAt: string;
  readonly deleted: boolean;
}

/** What a demo-history write did. */
export interface DemoHistoryWritten {
  readonly messages: number;
  readonly deleted: number;
  /** Demo messages of an earlier run, replaced by these. */
  readonly replaced: number;
  /** Rooms made now (rooms that existed by name are used as they are). */
  readonly roomsCreated: number;
}

/**
 * Ids from `prefix` up to (not including) the next prefix: the demo's earlier messages, as a range
 * the unique index on id answers.
 */
export function demoIdRange(prefix: string): { readonly from: string; readonly to: string } {
  return { from: prefix, to: prefix.slice(0, -1) + String.fromCharCode(prefix.charCodeAt(prefix.length - 1) + 1) };
}
