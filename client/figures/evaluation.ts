import type { Grade, Period } from '../../contract';
import { NONE } from '../composables/format';

/**
 * What the pages show of the evaluation (docs/evaluation.md), once for the wall's 考核 panel,
 * the tablet's section and the bulletin: which figures, in which order, and how they are toned.
 */

/** The bulletin's counts, as every city's bulletin lists them: 立案, 应结案, 结案, 按期结案. */
export const BULLETIN_COUNTS = ['registered', 'due', 'closed', 'closedOnTime'] as const;
/** The three rates of a bulletin, then 延期率. */
export const EVALUATION_RATES = ['closureRate', 'onTimeClosureRate', 'reworkRate', 'extensionRate'] as const;
export type EvaluationRate = (typeof EVALUATION_RATES)[number];
export type BulletinCount = (typeof BULLETIN_COUNTS)[number];

const LOWER_IS_BETTER: ReadonlySet<EvaluationRate> = new Set(['reworkRate', 'extensionRate']);

export type EvaluationTone = 'good' | 'warn' | 'bad' | 'none';
/** The class that colours a tone (client/styles/base.css), the same on every page. */
export const toneClass = (tone: EvaluationTone): string => `tone-${tone}`;

/** A rate's colour: good from 90 %, a warning from 70 % (inverted for rework and extension, where lower is better). */
export function rateTone(rate: EvaluationRate, value: number | null): EvaluationTone {
  if (value === null) return 'none';
  const good = LOWER_IS_BETTER.has(rate) ? 1 - value : value;
  return good >= 0.9 ? 'good' : good >= 0.7 ? 'warn' : 'bad';
}

/** A grade's colour: A and B good, C a warning, D and E bad. */
export const gradeTone = (grade: Grade): EvaluationTone => (grade === 'A' || grade === 'B' ? 'good' : grade === 'C' ? 'warn' : 'bad');

/** The exact figure a `data-value` holds: the API's number as JSON writes it, or — for none. */
export const exactValue = (value: number | null | undefined): string => (value === null || value === undefined ? NONE : String(value));

/** A score as the screens show it: one decimal (the server rounds it to one). */
export const formatScore = (score: number | null | undefined): string => (score === null || score === undefined ? NONE : score.toFixed(1));

/** The kinds of period the tablet's picker offers (a week is an API period the pages do not offer). */
export const PICKED_PERIODS = ['month', 'quarter', 'year', 'custom'] as const;
export type PickedPeriod = (typeof PICKED_PERIODS)[number];

/** A period as picked: its kind and name (`2026-11`, `2026-Q4`, `2026`), or days from–to. */
export type PeriodPick = { kind: Exclude<PickedPeriod, 'custom'>; name: string } | { kind: 'custom'; from: string; to: string };

/** The period of a kind that holds `today` (YYYY-MM-DD); a custom one is the month so far. */
export function periodHolding(kind: PickedPeriod, today: string): PeriodPick {
  const year = today.slice(0, 4);
  const month = Number(today.slice(5, 7));
  switch (kind) {
    case 'month':
      return { kind, name: today.slice(0, 7) };
    case 'quarter':
      return { kind, name: `${year}-Q${Math.ceil(month / 3)}` };
    case 'year':
      return { kind, name: year };
    case 'custom':
      return { kind, from: `${today.slice(0, 7)}-01`, to: today };
  }
}

/** The API's query for a picked period (docs/evaluation.md#periods). */
export const periodQuery = (pick: PeriodPick): { period: string } | { from: string; to: string } =>
  pick.kind === 'custom' ? { from: pick.from, to: pick.to } : { period: pick.name };

/** A period back from a URL's `period` or `from`/`to`; null when it names none. */
export function pickOf(params: URLSearchParams): PeriodPick | null {
  const from = params.get('from');
  const to = params.get('to');
  if (from && to) return { kind: 'custom', from, to };
  const name = params.get('period');
  if (!name) return null;
  const kind = /^\d{4}-\d{2}$/.test(name) ? 'month' : /^\d{4}-Q[1-4]$/.test(name) ? 'quarter' : /^\d{4}$/.test(name) ? 'year' : null;
  return kind === null ? null : { kind, name };
}

/** The bulletin page of a scope's period (`/bulletin`, docs/client.md#the-bulletin). */
export function bulletinHref(scope: string, pick: PeriodPick, lang: string): string {
  const params = new URLSearchParams({ scope, ...periodQuery(pick) });
  if (lang !== 'zh') params.set('lang', lang);
  return `/bulletin?${params}`;
}

/**
 * The days of a period on which its reports can be read: those within the retained days and not
 * after today, first to last. A period's categories and sources are the sum of these days' summaries.
 */
export function readableDays(period: Pick<Period, 'from' | 'to'>, retained: { first: string; last: string }): string[] {
  const first = period.from > retained.first ? period.from : retained.first;
  const last = period.to < retained.last ? period.to : retained.last;
  const days: string[] = [];
  for (let day = new Date(`${first}T00:00:00Z`); ; day.setUTCDate(day.getUTCDate() + 1)) {
    const iso = day.toISOString().slice(0, 10);
    if (iso > last) break;
    days.push(iso);
  }
  return days;
}

/** Counts by key added up over days, largest first (ties by key), without the zeros. */
export function addedUp(days: readonly Readonly<Record<string, number>>[]): [key: string, count: number][] {
  const totals = new Map<string, number>();
  for (const day of days) for (const [key, count] of Object.entries(day)) totals.set(key, (totals.get(key) ?? 0) + count);
  return [...totals].filter(([, count]) => count > 0).sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0));
}
