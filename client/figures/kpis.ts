import type { Rate } from '../../contract';

/**
 * The KPIs both screens show, in one place: the wall's cards and rings and the tablet's tiles
 * list the same counts in the same order and colour them by the same rule.
 */

/** The day's counts, in lifecycle order. */
export const DAY_KPIS = ['reported', 'registered', 'dispatched', 'handled', 'closed'] as const;
/** Values of now, not of a day. */
export const LIVE_KPIS = ['open', 'overdue'] as const;
/** Every count KPI as the screens list them: the day's five, then open and overdue. */
export const COUNT_KPIS = [...DAY_KPIS, ...LIVE_KPIS] as const;
export type CountKpi = (typeof COUNT_KPIS)[number];

export type KpiTone = 'normal' | 'warn' | 'bad';

const TONE: Partial<Record<CountKpi, KpiTone>> = { open: 'warn', overdue: 'bad' };

export const isLiveKpi = (count: string): boolean => (LIVE_KPIS as readonly string[]).includes(count);

/** Open cases are a warning and overdue ones an alarm; none of them is neither. */
export function countTone(kpi: CountKpi, value: number | null | undefined): KpiTone {
  return value === 0 ? 'normal' : (TONE[kpi] ?? 'normal');
}

/** A rate where lower is better. */
const LOWER_IS_BETTER: ReadonlySet<Rate> = new Set(['reworkRate']);

/** Whether a rate is better the higher it is (all but rework). */
export const higherIsBetter = (rate: Rate): boolean => !LOWER_IS_BETTER.has(rate);
