import { ChatLimits, ROOM_NAME_PATTERN } from '@app/contracts';

const ROOM_NAME = new RegExp(ROOM_NAME_PATTERN);

/** The rule, in the reader's language. */
export function describeRoomNameRule(): string {
  return $localize`A room name is ${ChatLimits.roomNameMinLength}:min: to ${ChatLimits.roomNameMaxLength}:max: lower-case letters, digits and single hyphens, such as team-news.`;
}

/** Why the API would refuse this room name, or `null` (the same rules as `CreateRoomSchema`). */
export function roomNameProblem(name: string): string | null {
  const fits = name.length >= ChatLimits.roomNameMinLength && name.length <= ChatLimits.roomNameMaxLength && ROOM_NAME.test(name);
  return fits ? null : describeRoomNameRule();
}

/** Why the API would refuse this topic, or `null`. */
export function roomTopicProblem(topic: string): string | null {
  return topic.length > ChatLimits.roomTopicMaxLength ? $localize`A room topic is text of at most ${ChatLimits.roomTopicMaxLength}:max: characters.` : null;
}
