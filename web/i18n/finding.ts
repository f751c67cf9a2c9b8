/** Something a person would read that is not in the translation files, or a translation that is wrong. */
export interface Finding {
  /** Where: a file (relative to web/), or the catalogue. */
  readonly file: string;
  /** 1-based; 0 when the finding is about a whole file or a message id. */
  readonly line: number;
  readonly rule: string;
  /** The words found, or the message concerned. */
  readonly text: string;
}

export function formatFinding({ file, line, rule, text }: Finding): string {
  return `${file}${line > 0 ? `:${line}` : ''}  ${rule}: ${JSON.stringify(text)}`;
}
