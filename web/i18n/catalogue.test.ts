import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { compareCatalogues, placeholdersOf } from './catalogue.ts';

const english = { locale: 'en', translations: { a: 'Sign out', b: '{$INTERPOLATION} new messages', c: '{VAR_PLURAL, plural, =1 {1 message} other {{INTERPOLATION} messages}}', d: ' Trying again…' } };
const rulesOf = (translations: Record<string, string>) => compareCatalogues(english, { locale: 'fr', translations }, 'messages.fr.json').map((finding) => finding.rule);
const complete = { a: 'Se déconnecter', b: '{$INTERPOLATION} nouveaux messages', c: '{VAR_PLURAL, plural, one {{INTERPOLATION} message} other {{INTERPOLATION} messages}}', d: ' Nouvel essai…' };

describe('the translation check', () => {
  test('passes a complete translation, whose ICU cases may differ from the English ones', () => {
    assert.deepEqual(rulesOf(complete), []);
  });

  test('fails on a message with no translation', () => {
    const { a: _dropped, ...rest } = complete;
    assert.deepEqual(rulesOf(rest), ['no fr translation for message a']);
  });

  test('fails on a translation that drops or invents a placeholder', () => {
    assert.deepEqual(rulesOf({ ...complete, b: 'nouveaux messages' }), ['message b translated with other placeholders than INTERPOLATION']);
    assert.deepEqual(rulesOf({ ...complete, a: 'Se déconnecter {$PH}' }), ['message a translated with other placeholders than none']);
  });

  test('fails on a translation without the ICU plural of its message', () => {
    assert.deepEqual(rulesOf({ ...complete, c: '{INTERPOLATION} messages' }), ['message c translated with other placeholders than VAR_PLURAL:plural']);
  });

  test('fails on a translation that loses the space parting it from the words before it', () => {
    assert.deepEqual(rulesOf({ ...complete, d: 'Nouvel essai…' }), ['message d translated with other spaces at its ends (the words beside it would run together)']);
  });

  test('fails on a translation left for a message that is gone', () => {
    assert.deepEqual(rulesOf({ ...complete, z: 'Ancien message' }), ['translation of message z, which no longer exists']);
  });

  test('reads placeholders and ICU variables', () => {
    assert.deepEqual(placeholdersOf('{$START_TAG_CODE}x{$CLOSE_TAG_CODE} {VAR_SELECT, select, a {b}}'), ['CLOSE_TAG_CODE', 'START_TAG_CODE', 'VAR_SELECT:select']);
  });
});
