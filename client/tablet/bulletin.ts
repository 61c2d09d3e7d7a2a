import type { DepartmentEvaluation, Evaluation, EvaluationChild, EvaluationFigures, Source } from '../../contract';
import { formatRate } from '../composables/format';
import { BULLETIN_COUNTS, EVALUATION_RATES, formatScore, type BulletinCount, type EvaluationRate } from '../figures/evaluation';
import type { Translate } from '../i18n';
import { csvField } from './summary-csv';

/**
 * The bulletin (月报) of a scope's period, in the shape every city's bulletin has: the totals
 * (立案, 应结案, 结案, 按期结案), the three rates and 延期率, each with 环比 and 同比; the period's
 * categories and sources; the children and departments ranked with their scores and grades.
 */
export interface BulletinData {
  evaluation: Evaluation;
  departments: readonly DepartmentEvaluation[];
  /** Reports by minor category's major and by source over `days`, largest first. */
  categories: readonly (readonly [code: string, count: number])[];
  sources: readonly (readonly [source: string, count: number])[];
  /** The days of the period whose summaries were added up (the retained ones, up to today). */
  days: readonly string[];
}

/** Categories a bulletin lists. */
export const TOP_CATEGORIES = 10;

export interface FigureRow {
  key: BulletinCount | EvaluationRate;
  label: string;
  kind: 'count' | 'rate';
  value: number | null;
  previous: number | null;
  lastYear: number | null;
}

/** The totals and rates with their 环比 (`previous`) and 同比 (`lastYear`): null where the compared period is unknown. */
export function bulletinFigures(evaluation: Evaluation, t: Translate): FigureRow[] {
  const of = (figures: EvaluationFigures | null, key: BulletinCount | EvaluationRate): number | null => (figures === null ? null : figures[key]);
  const row = (key: BulletinCount | EvaluationRate, kind: 'count' | 'rate'): FigureRow => ({
    key,
    label: t(`eval.${key}`),
    kind,
    value: evaluation[key],
    previous: of(evaluation.previous, key),
    lastYear: of(evaluation.lastYear, key),
  });
  return [...BULLETIN_COUNTS.map((key) => row(key, 'count')), ...EVALUATION_RATES.map((key) => row(key, 'rate'))];
}

/** A figure as the bulletin writes it: a count whole, a rate as a percentage with one decimal, an unknown one —. */
export const figureText = (kind: 'count' | 'rate', value: number | null): string =>
  kind === 'rate' ? formatRate(value) : value === null ? '—' : String(value);

/** Each count with its share of the total (0–1). */
export function withShares(rows: readonly (readonly [string, number])[]): { key: string; count: number; share: number }[] {
  const total = rows.reduce((sum, [, count]) => sum + count, 0);
  return rows.map(([key, count]) => ({ key, count, share: total === 0 ? 0 : count / total }));
}

/** A ranked row: a child area or a department with its score, grade and rates. */
export interface RankedRow {
  rank: number;
  name: string;
  figures: EvaluationFigures;
}

export const rankedChildren = (children: readonly EvaluationChild[]): RankedRow[] => children.map((c, i) => ({ rank: i + 1, name: c.name, figures: c }));
export const rankedDepartments = (rows: readonly DepartmentEvaluation[]): RankedRow[] => rows.map((d, i) => ({ rank: i + 1, name: d.department, figures: d }));

/** The bulletin's title: 铜梁区数字化城市管理月报 (季报, 年报, 考核报告 for a custom period). */
export const bulletinTitle = (evaluation: Evaluation, t: Translate): string =>
  t('bulletin.title', { name: evaluation.name, kind: t(`bulletin.kind.${evaluation.period.kind}`) });

export interface BulletinNames {
  category: (code: string) => string;
  source: (source: Source) => string;
}

type Cell = string | number | null;
const line = (cells: readonly Cell[]): string => cells.map(csvField).join(',');
const BOM = '\uFEFF';

/** The bulletin as a CSV an office spreadsheet opens in Chinese (UTF-8 with a byte-order mark, CRLF lines), section by section. */
export function bulletinCsv(data: BulletinData, t: Translate, names: BulletinNames): string {
  const e = data.evaluation;
  const rows: Cell[][] = [
    [bulletinTitle(e, t)],
    [t('bulletin.period', { from: e.period.from, to: e.period.to }), e.period.label, e.scope],
    [t('bulletin.asOf', { time: e.asOf })],
    [],
    [t('bulletin.totals')],
    [t('bulletin.figure'), t('bulletin.value'), t('eval.previous'), t('eval.lastYear')],
    ...bulletinFigures(e, t).map((f) => [f.label, figureText(f.kind, f.value), figureText(f.kind, f.previous), figureText(f.kind, f.lastYear)]),
    [t('eval.score'), formatScore(e.score), e.grade],
    [],
    [t('bulletin.categories', { n: TOP_CATEGORIES })],
    [t('eval.name'), t('bulletin.count'), t('bulletin.share')],
    ...withShares(data.categories)
      .slice(0, TOP_CATEGORIES)
      .map((c) => [names.category(c.key), c.count, formatRate(c.share)]),
    [],
    [t('bulletin.sources')],
    [t('eval.name'), t('bulletin.count'), t('bulletin.share')],
    ...withShares(data.sources).map((s) => [names.source(s.key as Source), s.count, formatRate(s.share)]),
  ];
  const ranking = (title: string, ranked: readonly RankedRow[]): void => {
    rows.push([], [title], [t('eval.rank'), t('eval.name'), t('eval.score'), t('eval.grade'), t('eval.due'), t('eval.closureRate'), t('eval.onTimeClosureRate'), t('eval.reworkRate')]);
    for (const r of ranked) {
      const f = r.figures;
      rows.push([r.rank, r.name, formatScore(f.score), f.grade, f.due, formatRate(f.closureRate), formatRate(f.onTimeClosureRate), formatRate(f.reworkRate)]);
    }
  };
  ranking(t('bulletin.children'), rankedChildren(e.children));
  ranking(t('bulletin.departments'), rankedDepartments(data.departments));
  return `${BOM}${rows.map(line).join('\r\n')}\r\n`;
}

/** A file name that says what and which period, e.g. `铜梁区-2026-11.csv`. */
export const bulletinFileName = (evaluation: Evaluation): string => `${evaluation.name.replace(/[\\/:*?"<>|\s]+/g, '_')}-${evaluation.period.label.replace('..', '_')}.csv`;
