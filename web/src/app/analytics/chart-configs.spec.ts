import { busiestHoursConfig, CHART_COLORS, dailyLineConfig, heatColor, roomBarsConfig } from './chart-configs';
import { fileNameOf } from './csv-download';

describe('heatColor', () => {
  it('paints an empty cell pale grey, whatever the maximum', () => {
    expect(heatColor(0, 10)).toBe(CHART_COLORS.emptyCell);
    expect(heatColor(0, 0)).toBe(CHART_COLORS.emptyCell);
  });

  it('darkens with the share of the busiest cell, from 15 % to full opacity', () => {
    expect(heatColor(1, 1000)).toBe('rgb(43 89 195 / 15%)');
    expect(heatColor(6, 10)).toBe('rgb(43 89 195 / 66%)');
    expect(heatColor(10, 10)).toBe('rgb(43 89 195 / 100%)');
  });
});

describe('chart configurations', () => {
  it('draws one point per day, labelled by date, starting from zero', () => {
    const config = dailyLineConfig([{ date: '2026-11-01', value: 3 }, { date: '2026-11-02', value: 5 }], 'Messages', '#000', '#111');
    expect(config.data.labels).toEqual(['1\u00a0Nov', '2\u00a0Nov']);
    expect(config.data.datasets[0]?.data).toEqual([3, 5]);
    expect(config.options?.animation).toBe(false);
  });

  it('names every room on the bar chart', () => {
    const config = roomBarsConfig([{ roomId: 'a', name: 'general', messages: 9 }, { roomId: 'b', name: 'random', messages: 2 }]);
    expect(config.data.labels).toEqual(['#general', '#random']);
    expect(config.data.datasets[0]?.data).toEqual([9, 2]);
  });

  it('puts each cell of the week at its hour and weekday', () => {
    const cells = Array.from({ length: 168 }, (_, i) => ({ weekday: Math.floor(i / 24) + 1, hour: i % 24, messages: i === 33 ? 7 : 0 }));
    const data = busiestHoursConfig(cells).data.datasets[0]?.data ?? [];
    expect(data).toHaveLength(168);
    expect(data[33]).toEqual({ x: 9, y: 2, v: 7 });
  });
});

describe('fileNameOf', () => {
  it('reads the file name of an attachment', () => {
    expect(fileNameOf('attachment; filename="totals_2026-11-01_2026-11-30.csv"')).toBe('totals_2026-11-01_2026-11-30.csv');
  });

  it('has none without the header or the parameter', () => {
    expect(fileNameOf(null)).toBeNull();
    expect(fileNameOf('attachment')).toBeNull();
  });
});
