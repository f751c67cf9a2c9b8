/**
 * oidc-provider's storage (its `adapter`) in one JSON file, so the dev IdP keeps its sessions, grants,
 * codes and refresh tokens across a restart (`IDP_STATE_DIR`). Every change rewrites the whole file,
 * atomically (write, then rename): right for a handful of dev users, not for production.
 */
import { existsSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import type { Adapter, AdapterPayload } from 'oidc-provider';

interface StoredRecord {
  readonly payload: AdapterPayload;
  /** Milliseconds since the epoch, or `null` for "until deleted". */
  readonly expiresAt: number | null;
}

export class FileStore {
  readonly #path: string;
  readonly #records: Map<string, StoredRecord>;

  private constructor(path: string, records: Map<string, StoredRecord>) {
    this.#path = path;
    this.#records = records;
  }

  /** Opens the store at `path`, reading what a previous run left there. */
  static open(path: string): FileStore {
    const records = existsSync(path) ? parseRecords(readFileSync(path, 'utf8'), path) : new Map<string, StoredRecord>();
    return new FileStore(path, records);
  }

  /** oidc-provider's `adapter` option: one adapter per model name (`Session`, `RefreshToken`…). */
  readonly adapterFor = (model: string): Adapter => ({
    upsert: async (id, payload, expiresIn) => {
      const expiresAt = typeof expiresIn === 'number' ? Date.now() + expiresIn * 1000 : null;
      this.#records.set(keyOf(model, id), { payload, expiresAt });
      this.#save();
    },
    find: async (id) => this.#find(keyOf(model, id)),
    findByUid: async (uid) => this.#findWhere(model, (payload) => payload.uid === uid),
    findByUserCode: async (userCode) => this.#findWhere(model, (payload) => payload.userCode === userCode),
    consume: async (id) => {
      const payload = this.#find(keyOf(model, id));
      if (payload !== undefined) {
        payload.consumed = Math.floor(Date.now() / 1000);
        this.#save();
      }
    },
    destroy: async (id) => {
      this.#records.delete(keyOf(model, id));
      this.#save();
    },
    revokeByGrantId: async (grantId) => {
      for (const [key, record] of this.#records) {
        if (record.payload.grantId === grantId) this.#records.delete(key);
      }
      this.#save();
    },
  });

  #find(key: string): AdapterPayload | undefined {
    const record = this.#records.get(key);
    if (record === undefined) return undefined;
    if (isExpired(record, Date.now())) {
      this.#records.delete(key);
      return undefined;
    }
    return record.payload;
  }

  #findWhere(model: string, matches: (payload: AdapterPayload) => boolean): AdapterPayload | undefined {
    const prefix = keyOf(model, '');
    for (const [key, record] of this.#records) {
      if (key.startsWith(prefix) && matches(record.payload)) return this.#find(key);
    }
    return undefined;
  }

  #save(): void {
    const now = Date.now();
    for (const [key, record] of this.#records) {
      if (isExpired(record, now)) this.#records.delete(key);
    }
    const temporary = `${this.#path}.tmp`;
    writeFileSync(temporary, JSON.stringify(Object.fromEntries(this.#records)), { mode: 0o600 });
    renameSync(temporary, this.#path);
  }
}

function keyOf(model: string, id: string): string {
  return `${model}:${id}`;
}

function isExpired(record: StoredRecord, now: number): boolean {
  return record.expiresAt !== null && record.expiresAt <= now;
}

function parseRecords(text: string, path: string): Map<string, StoredRecord> {
  const parsed: unknown = JSON.parse(text);
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) {
    throw new Error(`${path} is not a dev IdP store: delete it to start afresh`);
  }
  return new Map(Object.entries(parsed as Record<string, StoredRecord>));
}
