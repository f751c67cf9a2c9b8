import { useAppLocale } from '../locale/app-locale';
import { describeChange, formatCount, formatDay, formatHour, formatPercent, formatRange, formatWeekday, weekdayName } from './figure-format';

describe('figure formats in English (en-GB)', () => {
  beforeEach(() => useAppLocale({ language: 'en', formatting: 'en-GB' }));

  it('writes a rise with a plus sign, in percent to one decimal', () => {
    expect(describeChange({ current: 1250, previous: 1000, change: 0.25 })).toEqual({
      trend: 'up',
      short: '+25%',
      long: '+25% against 1,000 in the previous period',
    });
    expect(describeChange({ current: 3, previous: 7, change: 0.1234 }).short).toBe('+12.3%');
  });

  it('writes a fall with a true minus sign', () => {
    expect(describeChange({ current: 90, previous: 100, change: -0.1 })).toMatchObject({ trend: 'down', short: '\u221210%' });
  });

  it('says "no change" for none, and for a change that rounds to zero', () => {
    expect(describeChange({ current: 5, previous: 5, change: 0 }).short).toBe('no change');
    expect(describeChange({ current: 100001, previous: 100000, change: 0.00001 }).trend).toBe('flat');
  });

  it('says "new" when the previous period had none, and "no change" when neither had', () => {
    expect(describeChange({ current: 4, previous: 0, change: null })).toMatchObject({ trend: 'new', short: 'new' });
    expect(describeChange({ current: 0, previous: 0, change: null })).toMatchObject({ trend: 'flat', short: 'no change' });
  });

  it('groups thousands', () => {
    expect(formatCount(1234567)).toBe('1,234,567');
  });

  it('writes a period short, with the year once', () => {
    expect(formatRange({ from: '2026-10-26', to: '2026-11-24' })).toBe('26\u00a0Oct\u00a0– 24\u00a0Nov\u00a02026');
    expect(formatRange({ from: '2025-12-30', to: '2026-01-05' })).toBe('30\u00a0Dec\u00a02025\u00a0– 5\u00a0Jan\u00a02026');
    expect(formatRange({ from: '2026-11-24', to: '2026-11-24' })).toBe('24\u00a0Nov\u00a02026');
  });

  it('writes hours on 24 hours, and weekdays by name', () => {
    expect(formatHour(9)).toBe('09:00');
    expect(weekdayName(1)).toBe('Monday');
    expect(weekdayName(7, 'short')).toBe('Sun');
    expect(formatWeekday('2026-11-03')).toBe('Tue\u00a03\u00a0Nov');
  });
});

describe('figure formats in French (fr-FR), as French typography writes them', () => {
  beforeEach(() => useAppLocale({ language: 'fr', formatting: 'fr-FR' }));
  afterAll(() => useAppLocale({ language: 'en', formatting: 'en-GB' }));

  it('groups thousands with a narrow no-break space', () => {
    expect(formatCount(12345)).toBe('12\u202F345');
  });

  it('writes a percentage with a decimal comma and a no-break space before the sign', () => {
    expect(formatPercent(0.183)).toBe('18,3\u00A0%');
    expect(describeChange({ current: 90, previous: 100, change: -0.1 }).short).toBe('\u221210\u00A0%');
  });

  it('writes days and months the French way, short months with their full stop', () => {
    expect(formatDay('2026-12-05')).toBe('5\u00a0déc.');
    expect(formatRange({ from: '2026-10-26', to: '2026-11-24' })).toBe('26\u00a0oct.\u00a0– 24\u00a0nov.\u00a02026');
    expect(formatWeekday('2026-11-03')).toBe('mar.\u00a03\u00a0nov.');
  });

  it('writes hours on 24 hours, and weekdays in lower case', () => {
    expect(formatHour(9)).toBe('09:00');
    expect(weekdayName(1)).toBe('lundi');
  });
});
