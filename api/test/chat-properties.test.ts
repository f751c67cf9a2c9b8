/**
 * Property-based tests of the chat API's input handling (fast-check): whatever paths, queries,
 * headers and bodies a signed-in chat user sends, the API answers a 2xx or a 4xx with a JSON
 * `{ error, message }`, never a 500.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { normaliseMessageText } from '@app/contracts';
import fc from 'fast-check';
import type { FastifyInstance } from 'fastify';
import { ChatError } from '../src/chat/chat-errors.ts';
import { decodeHistoryCursor, parsePageSize } from '../src/chat/history-cursor.ts';
import { readIdempotencyKey } from '../src/chat/idempotency-key.ts';
import { parseLastEventId } from '../src/chat/last-event-id.ts';
import { callAs, createChatTestbed, type ChatTestbed } from './fixtures/chat.ts';

/** Text of any kind: control characters, lone surrogates, Unicode spaces, markup. */
const anyText = fc.oneof(
  fc.string({ unit: 'binary', maxLength: 200 }),
  fc.array(fc.constantFrom('\u0000', '\ud800', '\udc00', '\r', '\n', '\t', '\u00a0', '\u202e', ' ', 'a', '<', '"', '\\', '%'), { maxLength: 30 }).map((parts) => parts.join('')),
);
/** Printable ASCII, as a header value can be. */
const headerText = fc.string({ unit: fc.integer({ min: 0x20, max: 0x7e }).map((code) => String.fromCharCode(code)), maxLength: 120 });

describe('chat input properties', () => {
  let testbed: ChatTestbed;
  let app: FastifyInstance;
  let token: string;
  let roomId: string;
  let messageId: string;

  before(async () => {
    testbed = await createChatTestbed();
    app = await testbed.build();
    const alice = callAs(app, testbed, 'alice');
    roomId = (await alice.createRoom('general')).id;
    messageId = (await alice.post(roomId, 'first')).id;
    token = await testbed.token('alice');
  });
  after(() => testbed.remove());

  /** An id in a path: a real one, a well-formed unknown one, or anything at all. */
  const pathId = () =>
    fc.oneof(
      fc.oneof(fc.constant(roomId), fc.constant(messageId), fc.uuid(), anyText).map((value) => encodeURIComponent(value.toWellFormed())),
      // Percent-encodings that are not UTF-8 (an encoded surrogate, an overlong slash) or not encodings.
      fc.constantFrom('%', '%zz', '%C0%AF', '%ED%A0%80', '..', '%2e%2e%2f'),
    );
  const routes = () =>
    fc.oneof(
      fc.constant({ method: 'GET' as const, path: '/api/chat/rooms' }),
      fc.constant({ method: 'POST' as const, path: '/api/chat/rooms' }),
      pathId().map((id) => ({ method: 'GET' as const, path: `/api/chat/rooms/${id}/messages` })),
      pathId().map((id) => ({ method: 'POST' as const, path: `/api/chat/rooms/${id}/messages` })),
      pathId().map((id) => ({ method: 'POST' as const, path: `/api/chat/rooms/${id}/read` })),
      pathId().map((id) => ({ method: 'PATCH' as const, path: `/api/chat/messages/${id}` })),
      pathId().map((id) => ({ method: 'DELETE' as const, path: `/api/chat/messages/${id}` })),
    );
  const queries = () =>
    fc.dictionary(fc.constantFrom('before', 'limit', 'after', 'x'), fc.oneof(anyText, fc.integer().map(String)), { maxKeys: 3 });
  const bodies = () =>
    fc.oneof(
      fc.record({ body: fc.oneof(anyText, fc.jsonValue()) }, { requiredKeys: [] }),
      fc.record({ name: fc.oneof(anyText, fc.constantFrom('ok-name', 'general')), topic: fc.oneof(anyText, fc.jsonValue()) }, { requiredKeys: [] }),
      fc.record({ upTo: fc.oneof(fc.constant(messageId), anyText, fc.jsonValue()) }, { requiredKeys: [] }),
      fc.jsonValue(),
      anyText,
    );

  it('never answers 500 to any chat request a signed-in user can send', async () => {
    await fc.assert(
      fc.asyncProperty(
        routes(),
        queries(),
        bodies(),
        fc.option(headerText),
        fc.constantFrom('application/json', 'text/plain', 'application/x-www-form-urlencoded', undefined),
        async ({ method, path }, query, body, idempotencyKey, contentType) => {
          const response = await app.inject({
            method,
            url: path,
            query,
            headers: {
              authorization: `Bearer ${token}`,
              ...(idempotencyKey === null ? {} : { 'idempotency-key': idempotencyKey }),
              ...(contentType === undefined ? {} : { 'content-type': contentType }),
            },
            ...(method === 'GET' || method === 'DELETE' ? {} : { payload: typeof body === 'string' ? body : JSON.stringify(body) }),
          });
          assert.ok(response.statusCode < 500, `${method} ${path}: ${response.statusCode} ${response.body}`);
          if (response.statusCode >= 400) {
            const answer = response.json();
            assert.equal(typeof answer.error, 'string');
            assert.equal(typeof answer.message, 'string');
          }
        },
      ),
      { numRuns: 400 },
    );
  });

  it('parses cursors, limits, keys and event ids into a value or a 400 error, nothing else', () => {
    const onlyChatErrors = (parse: () => unknown) => {
      try {
        parse();
      } catch (error) {
        assert.ok(error instanceof ChatError, String(error));
      }
    };
    fc.assert(
      fc.property(anyText, fc.oneof(anyText, fc.array(headerText, { maxLength: 3 })), (text, header) => {
        onlyChatErrors(() => decodeHistoryCursor(text));
        onlyChatErrors(() => parsePageSize(text));
        onlyChatErrors(() => readIdempotencyKey(header));
        onlyChatErrors(() => parseLastEventId(header));
      }),
      { numRuns: 2000 },
    );
  });

  it('normalises any text into well-formed text without control characters but tab and newline', () => {
    fc.assert(
      fc.property(anyText, (text) => {
        const normalised = normaliseMessageText(text);
        assert.ok(normalised.isWellFormed());
        assert.doesNotMatch(normalised, /[\u0000-\u0008\u000B-\u001F\u007F-\u009F]/);
        assert.equal(normaliseMessageText(normalised), normalised, 'normalising twice changes nothing');
        assert.equal(normalised, normaliseMessageText(text.toWellFormed()), 'lone surrogates become U+FFFD as toWellFormed makes them');
      }),
      { numRuns: 2000 },
    );
  });
});
