/**
 * A chat message's text rules, shared by the API (which enforces them) and the SPA (which shows
 * the same verdict before sending, so what it calls "too long" or "empty" is what the API refuses).
 */
import { ChatLimits } from './chat.ts';

/** C0 and C1 control characters and DEL (Unicode category Cc), except tab and newline. */
const CONTROL_CHARACTERS_BUT_TAB_AND_NEWLINE = /[\u0000-\u0008\u000B-\u001F\u007F-\u009F]/g;

/**
 * A UTF-16 surrogate without its other half. Replaced as `String.prototype.toWellFormed` does
 * (ES2024; the SPA's build targets ES2022, so the rule is written out).
 */
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;

/**
 * A message's text as it is kept: lone surrogates made U+FFFD (they are not text, and would not
 * survive UTF-8), line breaks as `\n` (`\r\n` and a lone `\r` alike), control characters stripped
 * but tab and newline (they could hide text, ring terminals, or break logs and exports), blank
 * lines before and whitespace after the text dropped. Indentation of the first line stays.
 */
export function normaliseMessageText(text: string): string {
  return text
    .replace(LONE_SURROGATE, '\uFFFD')
    .replace(/\r\n?/g, '\n')
    .replace(CONTROL_CHARACTERS_BUT_TAB_AND_NEWLINE, '')
    .replace(/^(?:[ \t]*\n)+/, '')
    .trimEnd();
}

/** Which rule a message's text breaks: the SPA words it in the reader's language, the API in English. */
export type MessageTextFault = { readonly rule: 'empty' } | { readonly rule: 'too-long'; readonly length: number };

/**
 * Which rule stops a message from being sent, or `null` when it can be: not empty (nor only
 * whitespace), at most `ChatLimits.messageMaxLength` characters (UTF-16 code units, as a textarea's
 * `maxlength` counts them). Takes the text {@link normaliseMessageText} made.
 */
export function messageTextFault(normalised: string): MessageTextFault | null {
  if (normalised.trim() === '') return { rule: 'empty' };
  if (normalised.length > ChatLimits.messageMaxLength) return { rule: 'too-long', length: normalised.length };
  return null;
}

/** Why a message cannot be sent, in the API's (English) words, or `null` when it can. */
export function messageTextProblem(normalised: string): string | null {
  const fault = messageTextFault(normalised);
  if (fault === null) return null;
  return fault.rule === 'empty'
    ? 'A message cannot be empty'
    : `A message can be at most ${ChatLimits.messageMaxLength} characters long (this one has ${fault.length})`;
}
