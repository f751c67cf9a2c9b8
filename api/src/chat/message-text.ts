import { ChatLimits } from '@app/contracts';
import { InvalidChatInputError } from './chat-errors.ts';

/** C0 and C1 control characters and DEL (Unicode category Cc), except tab and newline. */
const CONTROL_CHARACTERS_BUT_TAB_AND_NEWLINE = /[\u0000-\u0008\u000B-\u001F\u007F-\u009F]/g;
const CONTROL_CHARACTERS = /[\u0000-\u001F\u007F-\u009F]/g;

/**
 * A message's text as it is kept: line breaks as `\n` (`\r\n` and a lone `\r` alike), control
 * characters stripped but tab and newline (they could hide text, ring terminals, or break logs
 * and exports), lone surrogates made U+FFFD (they are not text, and would not survive UTF-8),
 * blank lines before and whitespace after the text dropped. Indentation of the first line stays.
 */
export function normaliseMessageText(text: string): string {
  return text
    .toWellFormed()
    .replace(/\r\n?/g, '\n')
    .replace(CONTROL_CHARACTERS_BUT_TAB_AND_NEWLINE, '')
    .replace(/^(?:[ \t]*\n)+/, '')
    .trimEnd();
}

/**
 * The text of a new or edited message, normalised, once it passes the rules a person can see:
 * not empty (nor only whitespace), at most `ChatLimits.messageMaxLength` characters (UTF-16 code
 * units, as a textarea's `maxlength` counts them).
 * @throws {InvalidChatInputError}
 */
export function requireMessageText(text: string): string {
  const normalised = normaliseMessageText(text);
  if (normalised.trim() === '') throw new InvalidChatInputError('A message cannot be empty');
  if (normalised.length > ChatLimits.messageMaxLength) {
    throw new InvalidChatInputError(
      `A message can be at most ${ChatLimits.messageMaxLength} characters long (this one has ${normalised.length})`,
    );
  }
  return normalised;
}

/** A room topic is one line: every control character goes (a tab or newline becomes a space), ends trimmed. */
export function normaliseTopic(topic: string): string {
  return topic.toWellFormed().replace(/[\t\n\r]+/g, ' ').replace(CONTROL_CHARACTERS, '').trim();
}
