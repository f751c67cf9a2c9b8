/**
 * A team's chat history, made up, for the analytics demo (`npm run seed`) and the benchmark: rooms
 * of different sizes, the dev users and a few dozen other people (some much chattier than others),
 * busy on weekdays and in working hours of the team's time zone, growing over the period, with a
 * few messages deleted. The same options give the same history: every choice comes from a seeded
 * generator (mulberry32), and "now" is an option.
 */
import { addDays, isoWeekday, wallClockMs } from '@app/contracts';
import { firstInstantAtOrAfter, localDateOf, offsetSegments, type OffsetSegment } from '../analytics/time-zone.ts';
import type { DemoMessage, DemoRoom } from '../storage/open-storage.ts';

export interface DemoHistoryOptions {
  readonly messages: number;
  readonly days: number;
  /** The seed of the generator. */
  readonly seed: number;
  /** The team's time zone: its working hours and weekdays. */
  readonly timeZone: string;
  /** The history ends here (milliseconds); nothing is later. */
  readonly nowMs: number;
}

/** The ids the demo makes start with this: the writer replaces them, and nothing else. */
export const DEMO_ID_PREFIX = 'demo-';

/** Rooms and how busy each is. */
export const DEMO_ROOMS: readonly (DemoRoom & { readonly weight: number })[] = [
  { name: 'general', topic: 'Team-wide news and chatter', weight: 30 },
  { name: 'engineering', topic: 'Builds, reviews and releases', weight: 24 },
  { name: 'support', topic: 'Customer questions and escalations', weight: 14 },
  { name: 'product', topic: 'Roadmap and specs', weight: 10 },
  { name: 'design', topic: 'Mock-ups and feedback', weight: 8 },
  { name: 'sales', topic: 'Deals and demos', weight: 7 },
  { name: 'random', topic: 'Anything goes', weight: 5 },
  { name: 'announcements', topic: 'Important things, rarely', weight: 2 },
];

/** The dev IdP's chat users first (alice, bob), then people who exist only in the demo. */
export const DEMO_AUTHORS: readonly { readonly sub: string; readonly name: string }[] = [
  { sub: 'alice', name: 'Alice Martin' },
  { sub: 'bob', name: 'Bob Dupont' },
  ...[
    'Amélie Laurent', 'Rahul Mehta', 'Sofia García', 'Kenji Tanaka', 'Chloé Dubois', 'Oluwaseun Adeyemi',
    "Liam O'Brien", 'Zoë van den Berg', 'Mateus Silva', 'Ingrid Johansson', 'Priya Nair', 'Tomasz Kowalski',
    'Fatima Zahra El Idrissi', 'Noah Schmidt', 'Mei Lin', 'Lucas Moreau', 'Aisha Bello', 'Jonas Weber',
    'Camille Petit', 'Diego Hernández', 'Hana Kim', 'Yusuf Demir', 'Elena Rossi', 'Arjun Patel',
  ].map((name) => ({ sub: `${DEMO_ID_PREFIX}${slug(name)}`, name })),
];

/** `Zoë van den Berg` → `zoe-van-den-berg`. */
function slug(name: string): string {
  return name.normalize('NFD').replace(/\p{M}/gu, '').toLowerCase().replace(/[^a-z]+/g, '-');
}

/** Some people write much more than others (Zipf-like, by their place in the list). */
const AUTHOR_WEIGHTS = DEMO_AUTHORS.map((_, rank) => 1 / (rank + 1) ** 0.8);

/** Relative activity by local hour: quiet nights, a morning peak, a lunch dip, an afternoon peak. */
const HOUR_WEIGHTS = [
  0.02, 0.01, 0.01, 0.01, 0.01, 0.02, 0.05, 0.15, 0.5, 1.0, 1.2, 1.1,
  0.6, 0.8, 1.1, 1.15, 1.0, 0.7, 0.35, 0.2, 0.15, 0.1, 0.06, 0.03,
];
/** Relative activity by ISO weekday (Monday first). */
const WEEKDAY_WEIGHTS = [1.0, 1.05, 1.0, 0.95, 0.8, 0.12, 0.08];
const DELETED_SHARE = 0.01;

const OPENERS = ['Quick question:', 'FYI', 'Heads up:', 'Thanks!', 'Good point.', 'Agreed,', 'Hmm,', 'Update:', 'Reminder:', 'Nice work!'];
const MIDDLES = [
  'the staging deploy is green again', 'can someone review the pull request', 'the customer call moved to 3 pm',
  'I pushed the new mock-ups', 'the release notes are in the doc', 'we hit the weekly target',
  'lunch is on the terrace today', 'the flaky test is fixed', 'the roadmap review is tomorrow',
  'I will be out Friday afternoon', 'the invoice template changed', 'the dashboard numbers look right',
];
const CLOSERS = ['', '', ' 🎉', ' 👍', ' Let me know.', ' More soon.', ' See the thread.', ' Thoughts?'];

/** mulberry32: small, fast, and well enough spread for made-up data. */
export function createRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
}

/** Draws an index in proportion to `weights` (given as their running totals). */
function drawFrom(cumulative: readonly number[], random: () => number): number {
  const target = random() * (cumulative.at(-1) ?? 0);
  let low = 0;
  let high = cumulative.length - 1;
  while (low < high) {
    const middle = (low + high) >> 1;
    if ((cumulative[middle] ?? 0) > target) high = middle;
    else low = middle + 1;
  }
  return low;
}

function runningTotals(weights: readonly number[]): number[] {
  let total = 0;
  return weights.map((weight) => (total += weight));
}

/**
 * The history, oldest message first (so the chat's `seq` follows time, as it would have), one day
 * at a time: memory stays small for a million messages.
 */
export function* generateDemoHistory(options: DemoHistoryOptions): Generator<DemoMessage> {
  const random = createRandom(options.seed);
  const today = localDateOf(options.timeZone, options.nowMs);
  const firstDay = addDays(today, 1 - options.days);
  const segments = offsetSegments(options.timeZone, wallClockMs(firstDay) - 2 * 86_400_000, options.nowMs + 2 * 86_400_000);
  const todayShare = shareOfDayGone(options.nowMs, segments, today);
  const perDay = messagesPerDay(options, firstDay, todayShare, random);
  const authorWeights = runningTotals(AUTHOR_WEIGHTS);
  // Each person has rooms they favour: the room weights, scaled per person.
  const roomWeightsByAuthor = DEMO_AUTHORS.map(() => runningTotals(DEMO_ROOMS.map((room) => room.weight * (0.2 + 1.8 * random()))));
  const hourWeights = runningTotals(HOUR_WEIGHTS);
  let sequence = 0;

  for (const [dayIndex, count] of perDay.entries()) {
    const date = addDays(firstDay, dayIndex);
    const draw = () => firstInstantAtOrAfter(segments, wallClockMs(date, drawFrom(hourWeights, random)) + Math.floor(random() * 3_600_000));
    const times = Array.from({ length: count }, () => {
      // Today: only the hours gone by (a few tries, then a moment ago).
      for (let attempt = 0; attempt < 20; attempt++) {
        const time = draw();
        if (time <= options.nowMs) return time;
      }
      return options.nowMs - Math.floor(random() * 600_000);
    }).sort((a, b) => a - b);
    // Not everyone is in every day: most people on weekdays, a few at weekends.
    const inToday = isoWeekday(date) >= 6 ? 0.3 : 0.88;
    const todaysWeights = runningTotals(AUTHOR_WEIGHTS.map((weight) => (random() < inToday ? weight : 0)));
    const whoWrites = (todaysWeights.at(-1) ?? 0) > 0 ? todaysWeights : authorWeights;
    for (const time of times) {
      const authorIndex = drawFrom(whoWrites, random);
      const room = DEMO_ROOMS[drawFrom(roomWeightsByAuthor[authorIndex] ?? [], random)] ?? DEMO_ROOMS[0]!;
      yield {
        id: `${DEMO_ID_PREFIX}m-${++sequence}`,
        roomName: room.name,
        author: DEMO_AUTHORS[authorIndex] ?? DEMO_AUTHORS[0]!,
        body: sentence(random),
        createdAt: new Date(time).toISOString(),
        deleted: random() < DELETED_SHARE,
      };
    }
  }
}

/** How many messages each day gets: weekday habits, a trend up over the period, some noise. */
function messagesPerDay(options: DemoHistoryOptions, firstDay: string, todayShare: number, random: () => number): number[] {
  const weights = Array.from({ length: options.days }, (_, day) => {
    const weekday = WEEKDAY_WEIGHTS[isoWeekday(addDays(firstDay, day)) - 1] ?? 1;
    const trend = 0.7 + (0.6 * day) / Math.max(1, options.days - 1);
    const gone = day === options.days - 1 ? todayShare : 1;
    return weekday * trend * gone * (0.8 + 0.4 * random());
  });
  const cumulative = runningTotals(weights);
  const counts = new Array<number>(options.days).fill(0);
  for (let i = 0; i < options.messages; i++) {
    const day = drawFrom(cumulative, random);
    counts[day] = (counts[day] ?? 0) + 1;
  }
  return counts;
}

/** How much of today's usual activity has happened by now: the weights of the local hours gone by. */
function shareOfDayGone(nowMs: number, segments: readonly OffsetSegment[], today: string): number {
  const total = HOUR_WEIGHTS.reduce((a, b) => a + b, 0);
  const gone = HOUR_WEIGHTS.reduce((sum, weight, hour) => {
    const start = firstInstantAtOrAfter(segments, wallClockMs(today, hour));
    const end = firstInstantAtOrAfter(segments, wallClockMs(today, hour + 1));
    return sum + weight * Math.min(1, Math.max(0, (nowMs - start) / Math.max(1, end - start)));
  }, 0);
  return gone / total;
}

function sentence(random: () => number): string {
  const pick = (words: readonly string[]): string => words[Math.floor(random() * words.length)] ?? '';
  return `${pick(OPENERS)} ${pick(MIDDLES)}.${pick(CLOSERS)}`;
}
