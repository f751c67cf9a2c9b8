import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { findUntranslatedTemplateText } from './template-text.ts';

const rulesOf = (template: string) => findUntranslatedTemplateText(template, 'planted.html').map((finding) => `${finding.rule}: ${finding.text}`);

describe('the template check', () => {
  test('fails on a text node outside any i18n element', () => {
    assert.deepEqual(rulesOf('<h1>Welcome</h1>'), ['text outside i18n: Welcome']);
  });

  test('fails on the words around an interpolation outside i18n', () => {
    assert.deepEqual(rulesOf('<p>{{ count }} new messages</p>'), ['text outside i18n: new messages']);
  });

  test('fails on a string literal shown by an interpolation, even inside an i18n element', () => {
    assert.deepEqual(rulesOf(`<button i18n>{{ busy ? 'Saving…' : 'Save' }}</button>`), ['string in an interpolation: Saving…', 'string in an interpolation: Save']);
  });

  test('fails on an attribute people read without its i18n- marker', () => {
    assert.deepEqual(rulesOf('<nav aria-label="Main"></nav>'), ['attribute "aria-label" without i18n-aria-label: Main']);
    assert.deepEqual(rulesOf('<app-busy message="Signing you in…" />'), ['attribute "message" without i18n-message: Signing you in…']);
  });

  test('fails on words in a binding people read', () => {
    assert.deepEqual(rulesOf(`<div [attr.aria-label]="'Messages in #' + room"></div>`), ['string in the binding [aria-label]: Messages in #']);
  });

  test('fails on text in a block that is not inside an i18n element', () => {
    assert.deepEqual(rulesOf('@if (x) { Loading… } @else { <span i18n>Done</span> }'), ['text outside i18n: Loading…']);
  });

  test('passes marked text, attributes and blocks inside i18n elements', () => {
    assert.deepEqual(rulesOf('<h1 i18n>Welcome</h1><nav i18n-aria-label aria-label="Main"></nav><p i18n>Hi @if (x) {<b>you</b>}</p>'), []);
  });

  test('passes what reads the same in every language: numbers, punctuation, data, code attributes', () => {
    assert.deepEqual(rulesOf(`<span aria-hidden="true">#</span>{{ name }} · {{ n > 99 ? '99+' : n }}<a class="room-link" [attr.aria-current]="open ? 'page' : null" data-testid="room"></a>`), []);
  });

  test('passes an ICU plural inside i18n', () => {
    assert.deepEqual(rulesOf('<span i18n>{n, plural, =1 {one message} other {{{ n }} messages}}</span>'), []);
  });
});
