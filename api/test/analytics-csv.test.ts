/**
 * The CSV export: RFC 4180 (CRLF, quoted text, doubled quotes, a header row, UTF-8), text that a
 * spreadsheet would run as a formula neutralised, and each figure's rows equal to the JSON's.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { ANALYTICS_FIGURES, CSV_MEDIA_TYPE, type AnalyticsSummary } from '@app/contracts';
import { csvField, toCsv } from '../src/analytics/csv.ts';
import { createAnalyticsTestbed, HISTORY, type AnalyticsTestbed } from './analytics-fixtures.ts';
import { expectStatus } from './fixtures/chat.ts';

describe('CSV rules', () => {
  it('ends every record with CRLF, the last one too, header first', () => {
    assert.equal(toCsv(['a', 'b'], [[1, 2], [3, 4]]), '"a","b"\r\n1,2\r\n3,4\r\n');
  });

  it('quotes text and doubles the quotes inside it', () => {
    assert.equal(csvField('say "hi"'), '"say ""hi"""');
  });

  it('keeps commas, line breaks and CR inside a quoted field', () => {
    assert.equal(csvField('a,b\nc\r\nd'), '"a,b\nc\r\nd"');
  });

  for (const start of ['=', '+', '-', '@', '\t', '\r']) {
    it(`neutralises text starting with ${JSON.stringify(start)} against formula injection`, () => {
      assert.equal(csvField(`${start}1+1`), `"'${start}1+1"`);
    });
  }

  it('neutralises a formula that also needs quoting: =HYPERLINK("http://x","y")', () => {
    assert.equal(csvField('=HYPERLINK("http://x","y")'), `"'=HYPERLINK(""http://x"",""y"")"`);
  });

  it('leaves text with those characters further in as it is', () => {
    assert.equal(csvField('a=b+c-d@e'), '"a=b+c-d@e"');
  });

  it('writes numbers as numbers, negative ones too (a value, not a formula)', () => {
    assert.equal(toCsv(['change'], [[-12.5], [0], [3]]), '"change"\r\n-12.5\r\n0\r\n3\r\n');
  });

  it('refuses a number that is not finite', () => {
    assert.throws(() => csvField(Number.NaN), RangeError);
    assert.throws(() => csvField(Number.POSITIVE_INFINITY), RangeError);
  });

});

/** Parses what `toCsv` writes (quoted text or bare numbers), to compare rows with the JSON. */
function parseCsv(text: string): string[][] {
  assert.ok(text.endsWith('\r\n'), 'ends with CRLF');
  const records: string[][] = [];
  let record: string[] = [];
  let i = 0;
  while (i < text.length) {
    if (text[i] === '"') {
      let value = '';
      i++;
      while (!(text[i] === '"' && text[i + 1] !== '"')) {
        if (text[i] === '"') i++;
        value += text[i];
        i++;
      }
      i++;
      record.push(value);
    } else {
      const end = text.slice(i).search(/,|\r\n/);
      record.push(text.slice(i, i + end));
      i += end;
    }
    if (text.startsWith('\r\n', i)) {
      records.push(record);
      record = [];
      i += 2;
    } else {
      assert.equal(text[i], ',', `a comma or CRLF at ${i}`);
      i++;
    }
  }
  return records;
}

describe('CSV export of each figure', () => {
  const QUERY = 'from=2026-03-28&to=2026-03-30&tz=Europe%2FParis';
  let bed: AnalyticsTestbed;
  let summary: AnalyticsSummary;

  before(async () => {
    bed = await createAnalyticsTestbed([
      ...HISTORY,
      { id: 'evil', room: 'random', sub: 'mallory', name: '=cmd|\' /C calc\'!A0', at: '2026-03-29T12:00:00.000Z' },
      { id: 'zoe', room: 'random', sub: 'zoe', name: 'Zoë Ünal', at: '2026-03-30T10:00:00.000Z' },
    ]);
    summary = expectStatus<AnalyticsSummary>(await bed.get(`/api/analytics/summary?${QUERY}`), 200);
  });
  after(() => bed.remove());

  const exportOf = async (figure: string) => {
    const response = await bed.get(`/api/analytics/export/${figure}?${QUERY}`);
    assert.equal(response.statusCode, 200, response.body);
    return response;
  };

  it('answers text/csv in UTF-8 with a header row, as an attachment named after the figure and period', async () => {
    for (const figure of ANALYTICS_FIGURES) {
      const response = await exportOf(figure);
      assert.equal(response.headers['content-type'], CSV_MEDIA_TYPE);
      assert.equal(response.headers['content-disposition'], `attachment; filename="${figure}_2026-03-28_2026-03-30.csv"`);
      assert.equal(response.headers['cache-control'], 'no-store');
    }
  });

  it('names the room in the file name when the figures are for one room', async () => {
    const response = await bed.get(`/api/analytics/export/totals?${QUERY}&room=room-random`);
    assert.equal(response.headers['content-disposition'], 'attachment; filename="totals_2026-03-28_2026-03-30_random.csv"');
  });

  it('exports the totals with the change in percent', async () => {
    assert.deepEqual(parseCsv((await exportOf('totals')).body), [
      ['figure', 'this_period', 'previous_period', 'change_percent'],
      ['messages', '10', '2', '400'],
      ['active_users', '5', '2', '150'],
      ['rooms', '2', '2', '0'],
    ]);
  });

  it('exports messages per day, one row per day of the JSON', async () => {
    assert.deepEqual(parseCsv((await exportOf('messages-per-day')).body), [
      ['date', 'messages'],
      ...summary.messagesPerDay.map(({ date, messages }) => [date, String(messages)]),
    ]);
  });

  it('exports active users per day, one row per day of the JSON', async () => {
    assert.deepEqual(parseCsv((await exportOf('active-users-per-day')).body), [
      ['date', 'active_users'],
      ...summary.activeUsersPerDay.map(({ date, activeUsers }) => [date, String(activeUsers)]),
    ]);
  });

  it('exports messages per room', async () => {
    assert.deepEqual(parseCsv((await exportOf('messages-per-room')).body), [
      ['room', 'room_id', 'messages'],
      ['general', 'room-general', '6'],
      ['random', 'room-random', '4'],
    ]);
  });

  it('exports the 168 cells of the busiest hours, weekdays by name', async () => {
    const rows = parseCsv((await exportOf('busiest-hours')).body);
    assert.deepEqual(rows[0], ['weekday', 'hour', 'messages']);
    assert.equal(rows.length, 169);
    assert.deepEqual(rows[1], ['Monday', '0', '1']);
    assert.deepEqual(rows.find((row) => row[0] === 'Sunday' && row[1] === '14'), ['Sunday', '14', '1']);
  });

  it("exports the top contributors, a name that would be a formula neutralised with a '", async () => {
    const response = await exportOf('top-contributors');
    assert.ok(response.body.includes(`"'=cmd|' /C calc'!A0","mallory",1,1\r\n`), response.body);
    assert.deepEqual(parseCsv(response.body), [
      ['name', 'user_id', 'messages', 'rooms'],
      ['Alice Martin', 'alice', '3', '2'],
      ['Bob', 'bob', '3', '2'],
      ['Dave', 'dave', '2', '1'],
      ["'=cmd|' /C calc'!A0", 'mallory', '1', '1'],
      ['Zoë Ünal', 'zoe', '1', '1'],
    ]);
  });

  it('sends non-ASCII names as UTF-8 bytes', async () => {
    const response = await exportOf('top-contributors');
    assert.ok(response.rawPayload.includes(Buffer.from([0x5a, 0x6f, 0xc3, 0xab, 0x20, 0xc3, 0x9c])), 'Zoë Ü in UTF-8');
  });
});
