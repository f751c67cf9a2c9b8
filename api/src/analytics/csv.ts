/**
 * CSV as RFC 4180 writes it, made safe to open in a spreadsheet: the one implementation of the
 * export rules (the SPA downloads what the API writes).
 *
 * - Records end with CRLF, the last one too; the first record is the header (RFC 4180 §2.1-2.3).
 * - Every text field is quoted, with `"` doubled inside (§2.5-2.7), so commas, quotes and line
 *   breaks in a room or person's name stay inside their field.
 * - Text that a spreadsheet would run as a formula (starting with `=`, `+`, `-`, `@`, a tab or a
 *   carriage return: OWASP "CSV Injection") gets a leading `'`, which shows it as text.
 *   Numbers are written as numbers: `-12.5` is a value, not a formula.
 * - The text is UTF-8, without a byte order mark (the media type says `charset=utf-8`).
 *
 * @see [RFC 4180](https://www.rfc-editor.org/rfc/rfc4180)
 * @see [OWASP CSV Injection](https://owasp.org/www-community/attacks/CSV_Injection)
 */

export type CsvCell = string | number;

const RECORD_END = '\r\n';
const FORMULA_START = /^[=+\-@\t\r]/;

/** The CSV text of a header and its rows. */
export function toCsv(header: readonly string[], rows: readonly (readonly CsvCell[])[]): string {
  return [header, ...rows].map((record) => record.map(csvField).join(',') + RECORD_END).join('');
}

/** One field: a finite number as it is; text neutralised against formulas, then quoted. */
export function csvField(cell: CsvCell): string {
  if (typeof cell === 'number') {
    if (!Number.isFinite(cell)) throw new RangeError('A CSV number must be finite');
    return String(cell);
  }
  const text = FORMULA_START.test(cell) ? `'${cell}` : cell;
  return `"${text.replaceAll('"', '""')}"`;
}
