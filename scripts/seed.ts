/**
 * `npm run seed -- --messages 100000 --days 90`: fills the app's database with a made-up chat
 * history, so the analytics dashboard has something to show. The database is the one the app
 * server uses (`DATABASE_URL`, read and checked by the server's own config); the schema is the
 * server's own migrations. Run again, it replaces its earlier demo messages and nothing else.
 * The same options give the same history (`--seed`, `--until`).
 */
import { parseArgs } from 'node:util';
import { DEMO_ID_PREFIX, DEMO_ROOMS, generateDemoHistory } from '../api/src/analytics/demo-history.ts';
import { resolveTimeZone } from '../api/src/analytics/time-zone.ts';
import { ConfigError, loadConfig } from '../api/src/config.ts';
import { describeDatabase, writeDemoHistory } from '../api/src/storage/open-storage.ts';

const USAGE = `Usage: npm run seed -- [--messages N] [--days N] [--seed N] [--time-zone ZONE] [--until YYYY-MM-DDTHH:MM:SSZ]

  --messages   how many messages (default 100000, at most 5000000)
  --days       over how many days, ending now (default 90, at most 3660)
  --seed       the random seed: the same seed gives the same history (default 42)
  --time-zone  the team's time zone, for its working hours (default Europe/Paris)
  --until      when the history ends (default: now)

The database is DATABASE_URL's, as for the app server: file:<path> (SQLite, default file:./data/app.db)
or postgres://user:password@host:5432/database (PostgreSQL).`;

function fail(message: string): never {
  console.error(`${message}\n\n${USAGE}`);
  process.exit(2);
}

function wholeNumber(name: string, value: string, max: number): number {
  const number = /^[0-9]{1,7}$/.test(value) ? Number(value) : Number.NaN;
  if (!(number >= 1 && number <= max)) fail(`--${name} must be a whole number from 1 to ${max}`);
  return number;
}

let values;
try {
  ({ values } = parseArgs({
    options: {
      messages: { type: 'string', default: '100000' },
      days: { type: 'string', default: '90' },
      seed: { type: 'string', default: '42' },
      'time-zone': { type: 'string', default: 'Europe/Paris' },
      until: { type: 'string' },
      help: { type: 'boolean', short: 'h' },
    },
    strict: true,
  }));
} catch (error) {
  fail((error as Error).message);
}
if (values.help === true) {
  console.log(USAGE);
  process.exit(0);
}

const timeZone = resolveTimeZone(values['time-zone']) ?? fail('--time-zone must be an IANA time zone such as Europe/Paris');
const nowMs = values.until === undefined ? Date.now() : Date.parse(values.until);
if (Number.isNaN(nowMs)) fail('--until must be a date and time such as 2026-11-01T12:00:00Z');
const options = {
  messages: wholeNumber('messages', values.messages, 5_000_000),
  days: wholeNumber('days', values.days, 3660),
  seed: wholeNumber('seed', values.seed, 9_999_999),
  timeZone,
  nowMs,
};

let database;
try {
  database = loadConfig().database;
} catch (error) {
  if (error instanceof ConfigError) fail(error.message);
  throw error;
}

const started = performance.now();
const written = await writeDemoHistory(database, DEMO_ID_PREFIX, DEMO_ROOMS, generateDemoHistory(options));
const seconds = ((performance.now() - started) / 1000).toFixed(1);
console.log(
  `Wrote ${written.messages} demo messages (${written.deleted} of them deleted) over ${options.days} days into ${describeDatabase(database)} in ${seconds} s` +
    `${written.replaced > 0 ? `, replacing ${written.replaced} from an earlier run` : ''}; ${written.roomsCreated} rooms made.`,
);
