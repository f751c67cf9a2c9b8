import { messageTextProblem, normaliseMessageText } from '@app/contracts';
import { InvalidChatInputError } from './chat-errors.ts';

/** C0 and C1 control characters and DEL (Unicode category Cc). */
const CONTROL_CHARACTERS = /[\u0000-\u001F\u007F-\u009F]/g;

/**
 * The text of a new or edited message, normalised (`normaliseMessageText`, in the contracts: the
 * SPA applies the same rules), once it passes the rules a person can see (`messageTextProblem`).
 * @throws {InvalidChatInputError}
 */
export function requireMessageText(text: string): string {
  const normalised = normaliseMessageText(text);
  const problem = messageTextProblem(normalised);
  if (problem !== null) throw new InvalidChatInputError(problem);
  return normalised;
}

/** A room topic is one line: every control character goes (a tab or newline becomes a space), ends trimmed. */
export function normaliseTopic(topic: string): string {
  return topic.toWellFormed().replace(/[\t\n\r]+/g, ' ').replace(CONTROL_CHARACTERS, '').trim();
}
