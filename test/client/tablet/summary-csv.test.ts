import { parse } from 'csv-parse/sync';
import { describe, expect, it } from 'vitest';
import { RATES, type ChildSummary } from '../../../contract';
import { CSV_COUNTS, csvField, exportFileName, summaryCsv } from '../../../client/tablet/summary-csv';
import { formatRate } from '../../../client/composables/format';
import { tabletTranslate } from '../../../client/tablet/composables/use-tablet-i18n';
import { createI18n } from '../../../client/i18n';
import { summaryOf } from '../fixtures';

const translate = (lang: 'zh' | 'en') => tabletTranslate(createI18n(lang));

function child(code: string, name: string, figures: Partial<ChildSummary>): ChildSummary {
  const zero = summaryOf('2026-11-28');
  const counts = Object.fromEntries(CSV_COUNTS.map((c) => [c, zero[c]]));
  const rates = Object.fromEntries(RATES.map((r) => [r, zero[r]]));
  return { code, name, level: 'street', ...(counts as Record<(typeof CSV_COUNTS)[number], number>), ...(rates as Record<(typeof RATES)[number], null>), ...figures };
}

const today = summaryOf('2026-11-28', {
  scope: '500103',
  level: 'district',
  name: '渝中区',
  reported: 120,
  registered: 110,
  dispatched: 100,
  handled: 80,
  closed: 60,
  cancelled: 3,
  open: 45,
  overdue: 7,
  closureRate: 0.934,
  onTimeClosureRate: 0.8512,
  handlingRate: 0.8,
  onTimeHandlingRate: null,
  reworkRate: 0.05,
  children: [
    child('500103001', '七星岗街道', { reported: 70, overdue: 5, closureRate: 0.9 }),
    child('500103003', '解放碑街道, "中心"', { reported: 50, overdue: 2, closureRate: null }),
  ],
});
const previous = summaryOf('2026-11-27', { reported: 100, registered: 110, closureRate: 0.92, reworkRate: 0.1 });
const lastWeek = summaryOf('2026-11-21', { reported: 130, closureRate: 0.95 });

describe('the summary as CSV', () => {
  const comparedAt = '2026-11-28T14:32:10.000+08:00';
  const csv = summaryCsv({ summary: today, previous, lastWeek, live: true, span: 'sameTime', comparedAt, t: translate('zh') });
  const rows = parse(csv.slice(1), { relaxColumnCount: true, skipEmptyLines: false }) as string[][];
  const byLabel = new Map(rows.map((r) => [r[0], r]));

  it('starts with a UTF-8 byte-order mark and uses CRLF lines, so Excel opens the Chinese right', () => {
    expect(csv.charCodeAt(0)).toBe(0xfeff);
    expect(new TextEncoder().encode(csv).slice(0, 3)).toEqual(new Uint8Array([0xef, 0xbb, 0xbf]));
    expect(csv.endsWith('\r\n')).toBe(true);
    expect(csv.includes('\n') && !/[^\r]\n/.test(csv)).toBe(true);
  });

  it('names the scope, the day, whether the figures are live and what the changes compare', () => {
    expect(rows[0]).toEqual(['范围', '渝中区', '500103']);
    expect(rows[1]).toEqual(['日期', '2026-11-28', '实时']);
    expect(rows[3]).toEqual(['对比', '同时段（截至 14:32）', comparedAt]);
    expect(rows[5]).toEqual(['指标', '2026-11-28', '前一日 2026-11-27', '较前一日', '上周同日 2026-11-21', '较上周同日']);
  });

  it('lists every count and rate as the summary has it, with the reference days and the changes', () => {
    expect(byLabel.get('上报')).toEqual(['上报', '120', '100', '20', '130', '-10']);
    expect(byLabel.get('立案')).toEqual(['立案', '110', '110', '0', '0', '110']);
    expect(byLabel.get('作废')?.[1]).toBe('3');
    expect(byLabel.get('在办')).toEqual(['在办', '45', '', '', '', '']);
    expect(byLabel.get('超期')).toEqual(['超期', '7', '', '', '', '']);
    expect(byLabel.get('结案率')).toEqual(['结案率', '93.4%', '92.0%', '1.4%', '95.0%', '-1.6%']);
    expect(byLabel.get('按期处置率')).toEqual(['按期处置率', '', '', '', '', '']);
    expect(byLabel.get('返工率')).toEqual(['返工率', '5.0%', '10.0%', '-5.0%', '', '']);
    const counts = ['上报', '立案', '派遣', '处置', '结案', '作废', '在办', '超期'];
    expect(counts.map((label) => Number(byLabel.get(label)?.[1]))).toEqual(CSV_COUNTS.map((c) => today[c]));
  });

  it('gives one row per child with every count and rate, quoting names that need it', () => {
    const header = rows.findIndex((r) => r[0] === '编码');
    expect(rows[header]).toEqual(['编码', '名称', '上报', '立案', '派遣', '处置', '结案', '作废', '在办', '超期', '处置率', '按期处置率', '结案率', '按期结案率', '返工率']);
    const children = rows.slice(header + 1).filter((r) => r.length > 1);
    expect(children.map((r) => r[1])).toEqual(['七星岗街道', '解放碑街道, "中心"']);
    for (const [i, row] of children.entries()) {
      const c = today.children[i];
      expect(row[0]).toBe(c.code);
      expect(row.slice(2, 2 + CSV_COUNTS.length).map(Number)).toEqual(CSV_COUNTS.map((k) => c[k]));
      expect(row.slice(2 + CSV_COUNTS.length)).toEqual(RATES.map((r) => (c[r] === null ? '' : formatRate(c[r]))));
    }
  });

  it('works without reference days and in English', () => {
    const en = summaryCsv({ summary: today, previous: null, lastWeek: null, live: false, span: 'wholeDay', comparedAt: null, t: translate('en') });
    const parsed = parse(en.slice(1), { relaxColumnCount: true }) as string[][];
    expect(parsed[1]).toEqual(['Date', '2026-11-28', 'History']);
    expect(parsed[3]).toEqual(['Compared', 'whole days', '']);
    expect(parsed.find((r) => r[0] === 'Reported')).toEqual(['Reported', '120', '', '', '', '']);
  });

  it('defuses text a spreadsheet would run as a formula, but not figures', () => {
    expect(csvField('=HYPERLINK("x")')).toBe(`"'=HYPERLINK(""x"")"`);
    expect(csvField('@SUM(A1)')).toBe(`'@SUM(A1)`);
    expect(csvField('-1.6%')).toBe('-1.6%');
    expect(csvField(-10)).toBe('-10');
    expect(csvField(null)).toBe('');
  });

  it('names the file after the scope and day', () => {
    expect(exportFileName(today, 'csv')).toBe('渝中区-2026-11-28.csv');
    expect(exportFileName({ ...today, name: 'a/b c' }, 'png')).toBe('a_b_c-2026-11-28.png');
  });
});
