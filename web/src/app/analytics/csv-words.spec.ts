import { AnalyticsFigure } from '@app/contracts';
import { localizeCsv } from './csv-words';

describe('the CSV a person downloads', () => {
  it('names its columns in words, and keeps the rows as the API wrote them', () => {
    const api = '"date","messages"\r\n"2026-11-01",12\r\n"2026-11-02",0\r\n';
    expect(localizeCsv(AnalyticsFigure.MessagesPerDay, api)).toBe('"Date","Messages"\r\n"2026-11-01",12\r\n"2026-11-02",0\r\n');
  });

  it('names the totals and the weekdays as the page does', () => {
    expect(localizeCsv(AnalyticsFigure.Totals, '"figure","this_period","previous_period","change_percent"\r\n"messages",5,4,25\r\n"active_users",2,2,0\r\n'))
      .toBe('"Figure","This period","Previous period","Change (%)"\r\n"Messages",5,4,25\r\n"Active users",2,2,0\r\n');
    expect(localizeCsv(AnalyticsFigure.BusiestHours, '"weekday","hour","messages"\r\n"Monday",0,3\r\n"Sunday",23,1\r\n'))
      .toBe('"Weekday","Hour","Messages"\r\n"Monday",0,3\r\n"Sunday",23,1\r\n');
  });

  it('leaves people’s text alone, even when it looks like a column name', () => {
    const api = '"room","room_id","messages"\r\n"messages","r1",3\r\n';
    expect(localizeCsv(AnalyticsFigure.MessagesPerRoom, api)).toBe('"Room","Room ID","Messages"\r\n"messages","r1",3\r\n');
  });

  it('leaves a file whose header it does not know as it is', () => {
    const newer = '"date","messages","reactions"\r\n"2026-11-01",12,3\r\n';
    expect(localizeCsv(AnalyticsFigure.MessagesPerDay, newer)).toBe(newer);
  });
});
