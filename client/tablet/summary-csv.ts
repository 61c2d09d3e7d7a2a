import { RATES, type ChildSummary, type Rate, type Summary } from '../../contract';
import { formatRate } from '../composables/format';
import type { MessageKey } from '../i18n';
import type { TabletTranslate } from './composables/use-tablet-i18n';
import { DAY_KPIS, isLiveKpi, LIVE_KPIS } from '../figures/kpis';
import { compareCount, compareRate, comparisonBasis, referenceDays, type ComparisonSpan } from './comparison';

/** Every count a CSV lists, in lifecycle order; open and overdue are values of now. */
export const CSV_COUNTS = [...DAY_KPIS, 'cancelled', ...LIVE_KPIS] as const;
export type CsvCount = (typeof CSV_COUNTS)[number];

const COUNT_LABEL: Record<CsvCount, MessageKey> = {
  reported: 'status.reported',
  registered: 'status.registered',
  dispatched: 'status.dispatched',
  handled: 'status.handled',
  closed: 'status.closed',
  cancelled: 'status.cancelled',
  open: 'kpi.open',
  overdue: 'kpi.overdue',
};
export const countLabelKey = (count: CsvCount): MessageKey => COUNT_LABEL[count];
export const rateLabelKey = (rate: Rate): MessageKey => `rate.${rate}`;

export interface SummaryCsvInput {
  summary: Summary;
  /** The day before and the same weekday a week before, when known. */
  previous: Summary | null;
  lastWeek: Summary | null;
  /** Whether the figures are live (today) or a past day's. */
  live: boolean;
  /** What the changes compare, as the screen says it: up to the same time of day as `comparedAt`, or whole days. */
  span: ComparisonSpan;
  comparedAt: string | null;
  t: TabletTranslate;
}

type Cell = string | number | null;

const BOM = '\uFEFF';
/** Figures Excel reads as numbers: they are not text that could start a formula. */
const FIGURE = /^-?\d+(\.\d+)?%?$/;

/** One CSV field (RFC 4180); text a spreadsheet would run as a formula is defused with a leading quote. */
export function csvField(value: Cell): string {
  if (value === null) return '';
  let text = String(value);
  if (typeof value === 'string' && /^[=+\-@\t\r]/.test(text) && !FIGURE.test(text)) text = `'${text}`;
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

const line = (cells: readonly Cell[]): string => cells.map(csvField).join(',');
const rate = (value: number | null | undefined): string | null => (value === null || value === undefined ? null : formatRate(value));

function childRow(child: ChildSummary): Cell[] {
  return [child.code, child.name, ...CSV_COUNTS.map((c) => child[c]), ...RATES.map((r) => rate(child[r]))];
}

/**
 * The summary as a CSV an office spreadsheet opens in Chinese: UTF-8 with a byte-order mark,
 * CRLF lines; the scope and day, what the changes compare (the same time of day, with the
 * instant of the day compared up to, or whole days), every count and rate with the two
 * reference days and the changes against them, then one row per child area. Rates read as on
 * the screen (`93.4%`).
 */
export function summaryCsv(input: SummaryCsvInput): string {
  const { summary, previous, lastWeek, live, span, comparedAt, t } = input;
  const days = referenceDays(summary.date);
  const rows: Cell[][] = [
    [t('tablet.csv.scope'), summary.name, summary.scope],
    [t('tablet.csv.date'), summary.date, t(live ? 'tablet.badge.live' : 'tablet.badge.history')],
    [t('tablet.csv.asOf'), summary.asOf],
    [t('tablet.csv.compared'), comparisonBasis(span, comparedAt, t), span === 'sameTime' ? comparedAt : null],
    [],
    [
      t('tablet.csv.metric'),
      summary.date,
      `${t('tablet.csv.previous')} ${days.previous}`,
      t('tablet.csv.changePrevious'),
      `${t('tablet.csv.lastWeek')} ${days.lastWeek}`,
      t('tablet.csv.changeLastWeek'),
    ],
  ];
  for (const count of CSV_COUNTS) {
    const compared = !isLiveKpi(count);
    const of = (s: Summary | null): number | null => (compared && s ? s[count] : null);
    rows.push([
      t(countLabelKey(count)),
      summary[count],
      of(previous),
      compared ? (compareCount(summary[count], previous?.[count])?.delta ?? null) : null,
      of(lastWeek),
      compared ? (compareCount(summary[count], lastWeek?.[count])?.delta ?? null) : null,
    ]);
  }
  for (const r of RATES) {
    const change = (s: Summary | null): string | null => {
      const c = compareRate(r, summary[r], s?.[r]);
      return c ? formatRate(c.delta) : null;
    };
    rows.push([t(rateLabelKey(r)), rate(summary[r]), rate(previous?.[r]), change(previous), rate(lastWeek?.[r]), change(lastWeek)]);
  }
  rows.push([]);
  rows.push([
    t('tablet.csv.code'),
    t('tablet.csv.name'),
    ...CSV_COUNTS.map((c) => t(countLabelKey(c))),
    ...RATES.map((r) => t(rateLabelKey(r))),
  ]);
  for (const child of summary.children) rows.push(childRow(child));
  return `${BOM}${rows.map(line).join('\r\n')}\r\n`;
}

/** A file name that says what and which day, e.g. `渝中区-2026-11-28.csv`. */
export function exportFileName(summary: Summary, extension: 'csv' | 'png'): string {
  const name = summary.name.replace(/[\\/:*?"<>|\s]+/g, '_');
  return `${name}-${summary.date}.${extension}`;
}
