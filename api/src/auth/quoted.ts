/** The longest claim value a log line repeats; longer ones are cut (the log is for people). */
const MAX_QUOTED_LENGTH = 200;

/**
 * A claim value as JSON, for a log line that shows an operator what the IdP sent (`"https://…"`,
 * `["api","web"]`, `undefined`). Cut at {@link MAX_QUOTED_LENGTH} characters.
 */
export function quoted(value: unknown): string {
  const json = value === undefined ? 'nothing' : JSON.stringify(value) ?? String(value);
  return json.length > MAX_QUOTED_LENGTH ? `${json.slice(0, MAX_QUOTED_LENGTH)}…` : json;
}
