import { parse } from 'csv-parse/sync';
import { describe, expect, it } from 'vitest';
import { gradeOf, type DepartmentEvaluation, type Evaluation, type EvaluationFigures } from '../../../contract';
import { bulletinCsv, bulletinFigures, bulletinFileName, bulletinTitle, withShares, type BulletinData } from '../../../client/tablet/bulletin';
import { createI18n } from '../../../client/i18n';

/** Tianmen's December 2016 bulletin (docs/evaluation.md): 立案 996, 应结案 972, 结案 911, 按期结案 737. */
function figures(over: Partial<EvaluationFigures> = {}): EvaluationFigures {
  const f: EvaluationFigures = {
    registered: 996,
    cancelled: 4,
    suspended: 0,
    due: 972,
    closed: 911,
    closedOnTime: 737,
    closureRate: 911 / 972,
    onTimeClosureRate: 737 / 972,
    dueForHandling: 960,
    handled: 930,
    handledOnTime: 800,
    handlingRate: 930 / 960,
    onTimeHandlingRate: 800 / 960,
    reworked: 30,
    reworkRate: 30 / 972,
    extended: 12,
    extensionRate: 12 / 960,
    returned: 5,
    urged: 9,
    overdueOpen: 40,
    score: 86.4,
    grade: 'B',
    ...over,
  };
  return { ...f, grade: gradeOf(f.score) };
}

const evaluation: Evaluation = {
  scope: '500151',
  level: 'district',
  name: '铜梁区',
  period: { kind: 'month', label: '2016-12', from: '2016-12-01', to: '2016-12-31' },
  asOf: '2017-01-01T00:00:00.000+08:00',
  children: [
    { code: '500151002', name: '东城街道', level: 'street', ...figures({ score: 91.2 }) },
    { code: '500151001', name: '巴川街道', level: 'street', ...figures({ score: 58, closureRate: null }) },
  ],
  previous: { period: { kind: 'month', label: '2016-11', from: '2016-11-01', to: '2016-11-30' }, asOf: '2016-12-01T00:00:00.000+08:00', ...figures({ registered: 900, closureRate: 0.9 }) },
  lastYear: null,
  ...figures(),
};
const departments: DepartmentEvaluation[] = [{ department: '=环卫处', ...figures({ score: 80 }) }];
const data: BulletinData = {
  evaluation,
  departments,
  categories: [
    ['A.01', 30],
    ['B.02', 10],
  ],
  sources: [['hotline', 40]],
  days: ['2016-12-01'],
};

describe('the bulletin', () => {
  const { t, categoryName } = createI18n('zh');

  it('lists the bulletin’s totals and rates with 环比 and 同比, unknown ones as null', () => {
    const rows = bulletinFigures(evaluation, t);
    expect(rows.map((r) => r.label)).toEqual(['立案', '应结案', '结案', '按期结案', '结案率', '按期结案率', '返工率', '延期率']);
    expect(rows[0]).toEqual({ key: 'registered', label: '立案', kind: 'count', value: 996, previous: 900, lastYear: null });
    expect(rows[4]).toMatchObject({ key: 'closureRate', kind: 'rate', value: 911 / 972, previous: 0.9, lastYear: null });
    expect(bulletinTitle(evaluation, t)).toBe('铜梁区数字化城市管理月报');
    expect(bulletinTitle({ ...evaluation, period: { ...evaluation.period, kind: 'quarter' } }, t)).toBe('铜梁区数字化城市管理季报');
    expect(bulletinFileName({ ...evaluation, period: { ...evaluation.period, label: '2016-12-01..2016-12-15' } })).toBe('铜梁区-2016-12-01_2016-12-15.csv');
  });

  it('gives each count its share of the total', () => {
    expect(withShares(data.categories)).toEqual([
      { key: 'A.01', count: 30, share: 0.75 },
      { key: 'B.02', count: 10, share: 0.25 },
    ]);
    expect(withShares([])).toEqual([]);
  });

  it('as CSV: a spreadsheet reads the same figures, sections and rankings, formulas defused', () => {
    const text = bulletinCsv(data, t, { category: categoryName, source: (s) => t(`source.${s}`) });
    expect(text.startsWith('\uFEFF')).toBe(true);
    expect(text.endsWith('\r\n')).toBe(true);
    const rows = parse(text.slice(1), { relaxColumnCount: true }) as string[][];
    const row = (first: string) => rows.find((r) => r[0] === first);
    expect(rows[0]).toEqual(['铜梁区数字化城市管理月报']);
    expect(row('立案')).toEqual(['立案', '996', '900', '—']);
    expect(row('结案率')).toEqual(['结案率', '93.7%', '90.0%', '—']);
    expect(row('按期结案率')).toEqual(['按期结案率', '75.8%', '75.8%', '—']);
    expect(row('综合指标值')).toEqual(['综合指标值', '86.4', 'B']);
    expect(row(categoryName('A.01'))).toEqual([categoryName('A.01'), '30', '75.0%']);
    expect(row('12345热线')).toEqual(['12345热线', '40', '100.0%']);
    const children = rows.findIndex((r) => r[0] === '四、下级考核排名');
    expect(rows[children + 2]).toEqual(['1', '东城街道', '91.2', 'A', '972', '93.7%', '75.8%', '3.1%']);
    expect(rows[children + 3]).toEqual(['2', '巴川街道', '58.0', 'D', '972', '—', '75.8%', '3.1%']);
    const depts = rows.findIndex((r) => r[0] === '五、部门考核排名');
    expect(rows[depts + 2].slice(0, 4)).toEqual(['1', "'=环卫处", '80.0', 'B']);
  });
});
