import { RATES, type Rate, type Summary } from '../../contract';
import { formatCount, formatRate } from '../composables/format';
import type { TabletTranslate } from './composables/use-tablet-i18n';
import { COUNT_KPIS, countTone, isLiveKpi, type CountKpi, type KpiTone } from '../figures/kpis';
import { compareKpi, compareRate, type Change } from './comparison';
import { countLabelKey, rateLabelKey } from './summary-csv';

/** The reference days a day is compared with. */
export type Reference = 'previous' | 'lastWeek';

export interface ChangeLine {
  reference: Reference;
  label: string;
  change: Change | null;
}

/** One KPI as the tablet shows it, on screen and in the exported image alike. */
export interface KpiTile {
  metric: CountKpi | Rate;
  label: string;
  /** Exactly the `data-metric` text: `1234`, `93.4%` or `—`. */
  text: string;
  tone: KpiTone;
  changes: ChangeLine[];
  /** Said instead of changes for values of now (open, overdue). */
  note: string | null;
}

export interface KpiInput {
  summary: Summary | null;
  previous: Summary | null;
  lastWeek: Summary | null;
  live: boolean;
  t: TabletTranslate;
}

function changeLines(input: KpiInput, compare: (reference: Summary | null) => Change | null): ChangeLine[] {
  const { t, live } = input;
  return [
    { reference: 'previous', label: t(live ? 'tablet.vs.previous' : 'tablet.vs.previousDay'), change: compare(input.previous) },
    { reference: 'lastWeek', label: t('tablet.vs.lastWeek'), change: compare(input.lastWeek) },
  ];
}

/** The seven count tiles: the day's five, then open and overdue (values of now, not compared). */
export function countTiles(input: KpiInput): KpiTile[] {
  const { summary, t, live } = input;
  return COUNT_KPIS.map((metric) => {
    const isLive = isLiveKpi(metric);
    return {
      metric,
      label: t(countLabelKey(metric)),
      text: formatCount(summary?.[metric]),
      tone: countTone(metric, summary?.[metric]),
      changes: isLive ? [] : changeLines(input, (reference) => compareKpi(metric, summary, reference)),
      note: isLive ? t(live ? 'conn.live' : 'tablet.current') : null,
    };
  });
}

/** The five rate tiles, changes in percentage points. */
export function rateTiles(input: KpiInput): KpiTile[] {
  const { summary, t } = input;
  return RATES.map((metric) => ({
    metric,
    label: t(rateLabelKey(metric)),
    text: formatRate(summary?.[metric]),
    tone: 'normal',
    changes: changeLines(input, (reference) => compareRate(metric, summary?.[metric], reference?.[metric])),
    note: null,
  }));
}

export const ARROW: Record<Change['direction'], string> = { up: '↑', down: '↓', flat: '→' };

/** `↑20`, `↓1.2pp`, or a dash when there is nothing to compare with. */
export const changeText = (change: Change | null): string => (change ? `${ARROW[change.direction]}${change.text}` : '—');
