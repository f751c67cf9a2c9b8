import { ChatLimits } from '@app/contracts';

/** C0 and C1 control characters and DEL, except tab and newline: the API strips them. */
const CONTROL_CHARACTERS_BUT_TAB_AND_NEWLINE = /[\u0000-\u0008\u000B-\u001F\u007F-\u009F]/g;
/** A UTF-16 surrogate without its other half (`String.prototype.toWellFormed` makes these U+FFFD). */
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;

/**
 * A message's text as the API will keep it (the same rules as `api/src/chat/message-text.ts`):
 * lone surrogates as U+FFFD, line breaks as `\n`, control characters but tab and newline stripped, blank lines before and
 * whitespace after the text dropped. The composer counts and checks this, so what it shows as
 * "too long" or "empty" is what the API would refuse.
 */
export function normaliseMessageText(text: string): string {
  return text
    .replace(LONE_SURROGATE, '\uFFFD')
    .replace(/\r\n?/g, '\n')
    .replace(CONTROL_CHARACTERS_BUT_TAB_AND_NEWLINE, '')
    .replace(/^(?:[ \t]*\n)+/, '')
    .trimEnd();
}

/** Why a draft cannot be sent as it is, or `null` when it can. */
export function messageTextProblem(text: string): string | null {
  const normalised = normaliseMessageText(text);
  if (normalised.trim() === '') return 'A message cannot be empty';
  if (normalised.length > ChatLimits.messageMaxLength) {
    return `A message can be at most ${ChatLimits.messageMaxLength} characters long (this one has ${normalised.length})`;
  }
  return null;
}
