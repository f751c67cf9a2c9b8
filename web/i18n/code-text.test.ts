import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import ts from 'typescript';
import { findUntranslatedCodeText } from './code-text.ts';

/** Checks one planted file, in a program with `$localize` declared as the app's is. */
function findingsIn(code: string): string[] {
  const dir = mkdtempSync(join(tmpdir(), 'i18n-check-'));
  const file = join(dir, 'planted.ts');
  writeFileSync(file, code);
  writeFileSync(join(dir, 'localize.d.ts'), 'declare function $localize(parts: TemplateStringsArray, ...values: unknown[]): string;\n');
  const program = ts.createProgram([file, join(dir, 'localize.d.ts')], { strict: true, target: ts.ScriptTarget.ES2022, noEmit: true });
  return findUntranslatedCodeText(program, program.getSourceFile(file)!, 'planted.ts').map((finding) => `${finding.rule}: ${finding.text}`);
}

describe('the code check', () => {
  test('fails on words for people outside $localize', () => {
    assert.deepEqual(findingsIn(`export const label = () => 'Sign out';`), ['string for people outside $localize: Sign out']);
    assert.deepEqual(findingsIn('export const day = () => `Today`;'), ['string for people outside $localize: Today']);
    assert.deepEqual(findingsIn('export const late = (s: number) => `Trying again in ${s} s.`;'), ['string for people outside $localize: Trying again in … s.']);
  });

  test('fails on $localize outside a function, which would run before the translations are loaded', () => {
    assert.deepEqual(findingsIn('export const TITLE = $localize`Welcome`;'), ['$localize runs when its module loads, before the translations: Welcome']);
    assert.deepEqual(findingsIn('export class A { static title = $localize`Welcome`; }'), ['$localize runs when its module loads, before the translations: Welcome']);
  });

  test('fails on a $localize substitution without a name', () => {
    assert.deepEqual(findingsIn('export const f = (n: number) => $localize`${n} messages`;'), ['$localize substitution without a name (${value}:name:): ${n} messages']);
  });

  test('passes $localize in functions and instance fields, with named substitutions', () => {
    assert.deepEqual(findingsIn('export const f = (n: number) => $localize`${n}:count: messages`; export class A { label = $localize`Sign out`; }'), []);
  });

  test('passes code: literal-typed values, comparisons, developer messages, headers', () => {
    const code = `
      type By = 'this tab' | 'another tab';
      export const by: By = 'another tab';
      export const isEnter = (key: string) => key === 'Enter';
      export function fail(): never { console.error('Session ended here'); throw new Error('The token worker did not answer'); }
      export const failure = { kind: 'unexpected', message: 'The token worker did not answer.' };
      export const headers = (token: string) => ({ Authorization: \`Bearer \${token}\`, 'Retry-After': '5' });
      export class SignInError extends Error { override readonly name = 'SignInError'; }
    `;
    assert.deepEqual(findingsIn(code), []);
  });
});
