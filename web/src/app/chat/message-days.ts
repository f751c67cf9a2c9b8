import type { ChatMessage } from '@app/contracts';
import { perLocale } from '../locale/app-locale';
import type { OutgoingMessage } from './outbox';

/** One row of a room's message list. */
export type MessageRow =
  | { readonly kind: 'day'; readonly key: string; readonly label: string }
  | {
      readonly kind: 'message';
      readonly key: string;
      readonly message: ChatMessage;
      /** Same author as the row before, a few minutes apart: shown without the name again. */
      readonly continued: boolean;
    }
  | { readonly kind: 'outgoing'; readonly key: string; readonly outgoing: OutgoingMessage };

/** Messages closer than this, by the same author, read as one run. */
const RUN_GAP_MS = 5 * 60_000;

/**
 * The rows of a room: its messages and this tab's outgoing ones, with a day separator before each
 * day's first message (days in the reader's time zone).
 */
export function messageRows(messages: readonly ChatMessage[], outgoing: readonly OutgoingMessage[], now: Date = new Date()): MessageRow[] {
  const rows: MessageRow[] = [];
  let day: string | null = null;
  let previous: ChatMessage | null = null;
  const startDay = (at: Date) => {
    const key = dayKey(at);
    if (key === day) return false;
    day = key;
    rows.push({ kind: 'day', key: `day-${key}`, label: dayLabel(at, now) });
    return true;
  };
  for (const message of messages) {
    const at = new Date(message.createdAt);
    const newDay = startDay(at);
    const continued =
      !newDay && previous !== null && previous.author.sub === message.author.sub && at.getTime() - Date.parse(previous.createdAt) < RUN_GAP_MS;
    rows.push({ kind: 'message', key: message.id, message, continued });
    previous = message;
  }
  for (const message of outgoing) {
    startDay(new Date(message.queuedAt));
    rows.push({ kind: 'outgoing', key: message.key, outgoing: message });
  }
  return rows;
}

/** `2026-11-24`, in local time. */
export function dayKey(at: Date): string {
  return `${at.getFullYear()}-${String(at.getMonth() + 1).padStart(2, '0')}-${String(at.getDate()).padStart(2, '0')}`;
}

const dayThisYear = perLocale((locale) => new Intl.DateTimeFormat(locale, { weekday: 'long', day: 'numeric', month: 'long' }));
const dayOtherYear = perLocale((locale) => new Intl.DateTimeFormat(locale, { weekday: 'long', day: 'numeric', month: 'long', year: 'numeric' }));
const time = perLocale((locale) => new Intl.DateTimeFormat(locale, { hour: '2-digit', minute: '2-digit' }));
const full = perLocale((locale) => new Intl.DateTimeFormat(locale, { dateStyle: 'full', timeStyle: 'short' }));

/** "Today", "Yesterday", "Monday 23 November" ("lundi 23 novembre"), or with the year when it is not this one. */
export function dayLabel(at: Date, now: Date = new Date()): string {
  const yesterday = new Date(now.getFullYear(), now.getMonth(), now.getDate() - 1);
  if (dayKey(at) === dayKey(now)) return $localize`:day separator in a room:Today`;
  if (dayKey(at) === dayKey(yesterday)) return $localize`:day separator in a room:Yesterday`;
  const label = (at.getFullYear() === now.getFullYear() ? dayThisYear() : dayOtherYear()).format(at);
  // A heading: French writes weekdays in lower case, a heading starts with a capital.
  return label.charAt(0).toLocaleUpperCase() + label.slice(1);
}

/** "14:05" (or "02:05 PM", as the reader's locale writes it), in the reader's time zone. */
export function timeLabel(iso: string): string {
  return time().format(new Date(iso));
}

/** The whole date and time, for a tooltip. */
export function fullTimeLabel(iso: string): string {
  return full().format(new Date(iso));
}
