import { HttpClient } from '@angular/common/http';
import { DOCUMENT } from '@angular/common';
import { inject, Injectable } from '@angular/core';
import { analyticsExportPath, type AnalyticsFigure } from '@app/contracts';
import { firstValueFrom } from 'rxjs';
import { localizeCsv } from './csv-words';

/** Spreadsheets (Excel first) read a CSV as UTF-8, accented headers included, when it starts with a byte order mark. */
const BYTE_ORDER_MARK = '\uFEFF';

/**
 * Downloads one figure as the CSV the API writes (the one implementation of the CSV rules), through
 * the app's HttpClient, so the access token goes in the `Authorization` header as for any API call,
 * never in a URL. The file, for people, names its columns in their language (`csv-words.ts`) and
 * starts with a byte order mark, for spreadsheets; it is handed to the browser as a `blob:` link
 * with `download`.
 */
@Injectable({ providedIn: 'root' })
export class CsvDownload {
  private readonly http = inject(HttpClient);
  private readonly document = inject(DOCUMENT);

  /** @returns the file name it saved. */
  async download(figure: AnalyticsFigure, query: Record<string, string>): Promise<string> {
    const response = await firstValueFrom(
      this.http.get(analyticsExportPath(figure), { params: query, responseType: 'text', observe: 'response' }),
    );
    const fileName = fileNameOf(response.headers.get('content-disposition')) ?? `${figure}.csv`;
    const csv = localizeCsv(figure, response.body ?? '');
    const url = URL.createObjectURL(new Blob([BYTE_ORDER_MARK, csv], { type: 'text/csv;charset=utf-8' }));
    try {
      const link = this.document.createElement('a');
      link.href = url;
      link.download = fileName;
      link.hidden = true;
      this.document.body.append(link);
      link.click();
      link.remove();
    } finally {
      // The click has started the download: the object URL can go once the event loop moves on.
      setTimeout(() => URL.revokeObjectURL(url), 0);
    }
    return fileName;
  }
}

/** The `filename="…"` of a `Content-Disposition: attachment` header (RFC 6266), if it has one. */
export function fileNameOf(contentDisposition: string | null): string | null {
  const match = /filename="([^"]+)"/.exec(contentDisposition ?? '');
  return match?.[1] ?? null;
}
