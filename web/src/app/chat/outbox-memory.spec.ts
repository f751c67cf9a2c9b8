import { forgetUserData } from '../auth/user-data';
import { readKeptMessages, writeKeptMessages } from './outbox-memory';
import { queueMessage, sendFailed, type Outbox } from './outbox';

describe('the outbox kept for a reload', () => {
  const NOW = Date.UTC(2030, 0, 1, 9);
  let outbox: Outbox;

  beforeEach(() => {
    sessionStorage.clear();
    outbox = queueMessage([], { key: 'k1', roomId: 'r1', body: 'first' }, NOW);
    outbox = queueMessage(outbox, { key: 'k2', roomId: 'r2', body: 'second' }, NOW);
    outbox = sendFailed(outbox, 'k1', { kind: 'unreachable', status: 0, code: null, message: 'offline', retryAfterS: null }, NOW);
  });

  it('keeps each unsent message’s key, room and text, in order, whatever its state', () => {
    writeKeptMessages(sessionStorage, 'alice', outbox);
    expect(readKeptMessages(sessionStorage, 'alice')).toEqual([
      { key: 'k1', roomId: 'r1', body: 'first' },
      { key: 'k2', roomId: 'r2', body: 'second' },
    ]);
  });

  it('keeps each user’s apart: another user signing in in this tab gets none of them', () => {
    writeKeptMessages(sessionStorage, 'alice', outbox);
    expect(readKeptMessages(sessionStorage, 'bob')).toEqual([]);
  });

  it('removes the entry once everything is sent', () => {
    writeKeptMessages(sessionStorage, 'alice', outbox);
    writeKeptMessages(sessionStorage, 'alice', []);
    expect(sessionStorage.length).toBe(0);
  });

  it('keeps them as the user’s data, which every sign-out forgets, and nothing else of the tab’s', () => {
    writeKeptMessages(sessionStorage, 'alice', outbox);
    writeKeptMessages(sessionStorage, 'bob', outbox);
    sessionStorage.setItem('signin.completedAt', '1');
    forgetUserData(sessionStorage);
    expect(Object.keys(sessionStorage)).toEqual(['signin.completedAt']);
  });

  it('reads nothing from an entry that is not its own shape, and skips what is not a message', () => {
    sessionStorage.setItem('teamspace.user.outbox.alice', '{not json');
    expect(readKeptMessages(sessionStorage, 'alice')).toEqual([]);
    sessionStorage.setItem('teamspace.user.outbox.alice', JSON.stringify([{ key: 'k1', roomId: 'r1', body: 'ok', extra: 1 }, { key: '', roomId: 'r1', body: 'x' }, 'text', null]));
    expect(readKeptMessages(sessionStorage, 'alice')).toEqual([{ key: 'k1', roomId: 'r1', body: 'ok' }]);
  });

  it('works on when the storage refuses to keep anything, or there is none', () => {
    const full = { setItem: () => { throw new DOMException('full', 'QuotaExceededError'); }, removeItem: () => undefined } as unknown as Storage;
    expect(() => writeKeptMessages(full, 'alice', outbox)).not.toThrow();
    expect(readKeptMessages(null, 'alice')).toEqual([]);
    expect(() => forgetUserData(null)).not.toThrow();
  });
});
