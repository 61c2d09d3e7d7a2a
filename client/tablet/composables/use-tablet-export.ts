import { ref, type Ref } from 'vue';
import type { Summary } from '../../../contract';
import { echarts } from '../../charts/echarts';
import type { KpiTile } from '../kpi-model';
import { exportFileName, summaryCsv } from '../summary-csv';
import { summaryImage, type ImageChart } from '../summary-png';
import { formatHourMinute } from '../../composables/format';
import type { TabletTranslate } from './use-tablet-i18n';

/** What is exported: the summary on screen, its reference days, its tiles and the page holding its charts. */
export interface SummaryExport {
  summary: Summary;
  previous: Summary | null;
  lastWeek: Summary | null;
  live: boolean;
  levelLabel: string;
  counts: readonly KpiTile[];
  rates: readonly KpiTile[];
  /** Where the overview's charts are (`[data-card="trend"]`, `[data-card="categories"]`). */
  page: ParentNode | null;
  t: TabletTranslate;
}

export interface TabletExport {
  busy: Ref<boolean>;
  error: Ref<string | null>;
  run(format: 'csv' | 'png', what: SummaryExport): Promise<void>;
}

const CHART_BACKGROUND = '#071226';

/** Hands a file to the browser's download (a tablet saves or shares it from there). */
function download(blob: Blob, fileName: string): void {
  const url = URL.createObjectURL(blob);
  const link = document.createElement('a');
  link.href = url;
  link.download = fileName;
  link.rel = 'noopener';
  document.body.append(link);
  link.click();
  link.remove();
  // The download has its own copy once started; the URL is released a little later.
  setTimeout(() => URL.revokeObjectURL(url), 30_000);
}

/** A rendered chart's own image, from the ECharts instance in the card. */
function chartImage(title: string, card: Element | null | undefined): ImageChart | null {
  const el = card?.querySelector('[data-chart]');
  const chart = el instanceof HTMLElement ? echarts.getInstanceByDom(el) : undefined;
  if (!chart) return null;
  return { title, url: chart.getDataURL({ type: 'png', pixelRatio: 2, backgroundColor: CHART_BACKGROUND }) };
}

function image(what: SummaryExport): Promise<Blob> {
  const { summary: s, t } = what;
  const charts = [
    chartImage(t('panel.trend'), what.page?.querySelector('[data-card="trend"]')),
    chartImage(t('panel.category'), what.page?.querySelector('[data-card="categories"]')),
  ].filter((c): c is ImageChart => c !== null);
  return summaryImage({
    title: s.name,
    subtitle: `${s.date} · ${what.levelLabel} · ${t('tablet.asOf', { time: formatHourMinute(s.asOf) })}`,
    badge: { text: t(what.live ? 'tablet.badge.live' : 'tablet.badge.history'), live: what.live },
    counts: what.counts,
    rates: what.rates,
    charts,
    footer: t('tablet.title'),
  });
}

/** The tablet's exports: the summary as CSV and as a PNG image. */
export function useTabletExport(): TabletExport {
  const busy = ref(false);
  const error = ref<string | null>(null);

  async function run(format: 'csv' | 'png', what: SummaryExport): Promise<void> {
    busy.value = true;
    error.value = null;
    try {
      if (format === 'csv') {
        const text = summaryCsv({ summary: what.summary, previous: what.previous, lastWeek: what.lastWeek, live: what.live, t: what.t });
        download(new Blob([text], { type: 'text/csv;charset=utf-8' }), exportFileName(what.summary, 'csv'));
      } else {
        download(await image(what), exportFileName(what.summary, 'png'));
      }
    } catch (e) {
      error.value = e instanceof Error ? e.message : String(e);
    } finally {
      busy.value = false;
    }
  }

  return { busy, error, run };
}
