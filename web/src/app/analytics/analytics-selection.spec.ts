import { addDays, presetRange } from '@app/contracts';
import { apiQueryOf, customRangeProblem, paramsOfSelection, selectionFromParams, todayIn } from './analytics-selection';

describe('selectionFromParams', () => {
  it('reads a preset period and a room from the URL', () => {
    expect(selectionFromParams({ range: '7d', room: 'r1' })).toEqual({ period: '7d', roomId: 'r1' });
  });

  it('falls back to the last 30 days for no period, or one it does not know', () => {
    expect(selectionFromParams({})).toEqual({ period: '30d', roomId: null });
    expect(selectionFromParams({ range: '14d' })).toEqual({ period: '30d', roomId: null });
  });

  it('reads custom dates only with both of them', () => {
    expect(selectionFromParams({ range: 'custom', from: '2026-03-01', to: '2026-03-31' }))
      .toEqual({ period: 'custom', from: '2026-03-01', to: '2026-03-31', roomId: null });
    expect(selectionFromParams({ range: 'custom', from: '2026-03-01' })).toEqual({ period: '30d', roomId: null });
  });

  it('takes an empty room as every room', () => {
    expect(selectionFromParams({ range: '90d', room: '' })).toEqual({ period: '90d', roomId: null });
  });
});

describe('paramsOfSelection', () => {
  it('writes a preset without dates, and removes the dates of an earlier custom period', () => {
    expect(paramsOfSelection({ period: '7d', roomId: null })).toEqual({ range: '7d', from: null, to: null, room: null });
  });

  it('writes custom dates and the room; reading them back gives the same selection', () => {
    const selection = { period: 'custom', from: '2026-01-01', to: '2026-01-31', roomId: 'r2' } as const;
    const params = paramsOfSelection(selection);
    expect(params).toEqual({ range: 'custom', from: '2026-01-01', to: '2026-01-31', room: 'r2' });
    expect(selectionFromParams({ range: params['range']!, from: params['from']!, to: params['to']!, room: params['room']! })).toEqual(selection);
  });
});

describe('apiQueryOf', () => {
  it('asks the API for a preset in the viewer\'s time zone', () => {
    expect(apiQueryOf({ period: '30d', roomId: null }, 'Europe/Paris')).toEqual({ period: '30d', tz: 'Europe/Paris' });
  });

  it('asks for custom dates and a room', () => {
    expect(apiQueryOf({ period: 'custom', from: '2026-03-28', to: '2026-03-30', roomId: 'r1' }, 'Asia/Kolkata'))
      .toEqual({ from: '2026-03-28', to: '2026-03-30', room: 'r1', tz: 'Asia/Kolkata' });
  });
});

describe('period to dates', () => {
  it('makes the last 7, 30 and 90 days end today, today included', () => {
    expect(presetRange('7d', '2026-03-10')).toEqual({ from: '2026-03-04', to: '2026-03-10' });
    expect(presetRange('30d', '2026-03-10')).toEqual({ from: '2026-02-09', to: '2026-03-10' });
    expect(presetRange('90d', '2024-03-01')).toEqual({ from: '2023-12-03', to: '2024-03-01' });
  });

  it('adds days across months, leap days and years', () => {
    expect(addDays('2024-02-28', 1)).toBe('2024-02-29');
    expect(addDays('2026-12-31', 1)).toBe('2027-01-01');
    expect(addDays('2026-03-01', -1)).toBe('2026-02-28');
  });

  it('knows today in the viewer\'s time zone, not the machine\'s', () => {
    const instant = new Date('2026-01-01T10:00:00Z');
    expect(todayIn('Pacific/Kiritimati', instant)).toBe('2026-01-02');
    expect(todayIn('America/Los_Angeles', instant)).toBe('2026-01-01');
  });
});

describe('customRangeProblem', () => {
  const today = '2026-11-20';

  it('accepts a range up to today, up to 366 days long', () => {
    expect(customRangeProblem('2026-11-01', '2026-11-20', today)).toBeNull();
    expect(customRangeProblem('2025-11-20', '2026-11-20', today)).toBeNull();
  });

  it('asks for both dates', () => {
    expect(customRangeProblem('', '2026-11-20', today)).toBe('Choose both a start and an end date.');
  });

  it('refuses a start after the end', () => {
    expect(customRangeProblem('2026-11-10', '2026-11-01', today)).toBe('The start date must not be after the end date.');
  });

  it('refuses an end in the future', () => {
    expect(customRangeProblem('2026-11-10', '2026-11-21', today)).toBe('The end date cannot be in the future.');
  });

  it('refuses more than 366 days, saying how many', () => {
    expect(customRangeProblem('2025-11-19', '2026-11-20', today)).toBe('Choose at most 366 days (this is 367).');
  });

  it('refuses a start before the earliest date', () => {
    expect(customRangeProblem('1999-12-31', '2000-01-02', today)).toBe('Choose a start date from 1\u00a0Jan\u00a02000 on.');
  });
});
