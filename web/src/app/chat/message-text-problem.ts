import { ChatLimits, messageTextFault } from '@app/contracts';
import { formatCount } from '../locale/number-format';

/**
 * Why a message cannot be sent, in words for the person writing it, or `null` when it can: the
 * contracts' rules (the API's own), in the reader's language.
 */
export function describeMessageTextProblem(normalised: string): string | null {
  const fault = messageTextFault(normalised);
  if (fault === null) return null;
  switch (fault.rule) {
    case 'empty':
      return $localize`A message cannot be empty.`;
    case 'too-long':
      return $localize`A message can be at most ${formatCount(ChatLimits.messageMaxLength)}:max: characters long (this one has ${formatCount(fault.length)}:length:).`;
  }
}
