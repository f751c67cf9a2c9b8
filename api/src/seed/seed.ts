/**
 * The api package's `seed` entry point (`@app/api/seed`), which `npm run seed -- --messages 100000
 * --days 90` runs: fills the app's database with a made-up chat history, so the analytics dashboard
 * has something to show. The database is the one the app server uses (`DATABASE_URL`, read and
 * checked by the server's own config); the schema is the server's own migrations. Run again, it
 * replaces its earlier demo messages and nothing else. The same options give the same history
 * (`--seed`, `--until`).
 */
import { parseArgs } from 'node:util';
import { resolveTimeZone } from '../analytics/time-zone.ts';
import { ConfigError, loadConfig } from '../config.ts';
import { describeDatabase, writeDemoHistory } from '../storage/open-storage.ts';
import { DEMO_ID_PREFIX, DEMO_ROOMS, generateDemoHistory, type DemoHistoryOptions } from './demo-history.ts';

const USAGE = `Usage: npm run seed -- [--messages N] [--days N] [--seed N] [--time-zone ZONE] [--until YYYY-MM-DDTHH:MM:SSZ]

  --messages   how many messages (default 100000, at most 5000000)
  --days       over how many days, ending now (default 90, at most 3660)
  --seed       the random seed: the same seed gives the same history (default 42)
  --time-zone  the team's time zone, for its working hours (default Europe/Paris)
  --until      when the history ends (default: now)

The database is DATABASE_URL's, as for the app server: file:<path> (SQLite, default file:./data/app.db)
or postgres://user:password@host:5432/database (PostgreSQL).`;

/** A command line the seed command cannot use; the message says why. */
class UsageError extends Error {}

/**
 * Runs the seed command with `args` (the command line after `npm run seed --`), writing what it
 * did to stdout and what was wrong to stderr.
 * @returns the process's exit code: 0 when done (or for `--help`), 2 for a bad command line or environment.
 */
export async function runSeedCommand(args: readonly string[]): Promise<number> {
  let options: DemoHistoryOptions | 'help';
  let database;
  try {
    options = parseOptions(args);
    if (options === 'help') {
      console.log(USAGE);
      return 0;
    }
    database = loadConfig().database;
  } catch (error) {
    if (!(error instanceof UsageError || error instanceof ConfigError)) throw error;
    console.error(`${error.message}\n\n${USAGE}`);
    return 2;
  }

  const started = performance.now();
  const written = await writeDemoHistory(database, DEMO_ID_PREFIX, DEMO_ROOMS, generateDemoHistory(options));
  const seconds = ((performance.now() - started) / 1000).toFixed(1);
  console.log(
    `Wrote ${written.messages} demo messages (${written.deleted} of them deleted) over ${options.days} days into ${describeDatabase(database)} in ${seconds} s` +
      `${written.replaced > 0 ? `, replacing ${written.replaced} from an earlier run` : ''}; ${written.roomsCreated} rooms made.`,
  );
  return 0;
}

/** @throws {UsageError} */
function parseOptions(args: readonly string[]): DemoHistoryOptions | 'help' {
  let values;
  try {
    ({ values } = parseArgs({
      args: [...args],
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
    throw new UsageError((error as Error).message);
  }
  if (values.help === true) return 'help';
  const timeZone = resolveTimeZone(values['time-zone']);
  if (timeZone === undefined) throw new UsageError('--time-zone must be an IANA time zone such as Europe/Paris');
  const nowMs = values.until === undefined ? Date.now() : Date.parse(values.until);
  if (Number.isNaN(nowMs)) throw new UsageError('--until must be a date and time such as 2026-11-01T12:00:00Z');
  return {
    messages: wholeNumber('messages', values.messages, 5_000_000),
    days: wholeNumber('days', values.days, 3660),
    seed: wholeNumber('seed', values.seed, 9_999_999),
    timeZone,
    nowMs,
  };
}

function wholeNumber(name: string, value: string, max: number): number {
  const number = /^[0-9]{1,7}$/.test(value) ? Number(value) : Number.NaN;
  if (!(number >= 1 && number <= max)) throw new UsageError(`--${name} must be a whole number from 1 to ${max}`);
  return number;
}
