import { inject, onScopeDispose, provide, ref, type InjectionKey, type Ref } from 'vue';
import type { Summary } from '../../../contract';
import type { ChartImageSource } from '../../charts/chart-image';
import { formatHourMinute } from '../../composables/format';
import type { MessageKey } from '../../i18n';
import { comparisonCaption, type ComparisonSpan } from '../comparison';
import type { KpiTile } from '../kpi-model';
import { exportFileName, summaryCsv } from '../summary-csv';
import { summaryImage, type ImageChart } from '../summary-png';
import type { TabletTranslate } from './use-tablet-i18n';

/** What is exported: the summary on screen, its reference days and its tiles. */
export interface SummaryExport {
  summary: Summary;
  previous: Summary | null;
  lastWeek: Summary | null;
  live: boolean;
  /** What the changes compare, as the overview says it. */
  span: ComparisonSpan;
  comparedAt: string | null;
  levelLabel: string;
  counts: readonly KpiTile[];
  rates: readonly KpiTile[];
  t: TabletTranslate;
}

export interface TabletExport {
  busy: Ref<boolean>;
  error: Ref<string | null>;
  run(format: 'csv' | 'png', what: SummaryExport): Promise<void>;
}

export type ExportedChart = 'trend' | 'categories';
/** The overview's charts the image shows, in its order, with their titles. */
const EXPORTED_CHARTS: readonly { name: ExportedChart; title: MessageKey }[] = [
  { name: 'trend', title: 'panel.trend' },
  { name: 'categories', title: 'panel.category' },
];

/** The charts the cards on screen offer to the export: the export is handed them, it does not look for them. */
type ExportCharts = Map<ExportedChart, Readonly<Ref<ChartImageSource | null>>>;
const EXPORT_CHARTS_KEY: InjectionKey<ExportCharts> = Symbol('tablet-export-charts');

const CHART_IMAGE = { pixelRatio: 2, backgroundColor: '#071226' } as const;

/** Hands a file to the browser's download (a tablet saves or shares it from there). */
export function download(blob: Blob, fileName: string): void {
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

function image(what: SummaryExport, offered: ExportCharts): Promise<Blob> {
  const { summary: s, t } = what;
  const charts: ImageChart[] = [];
  for (const { name, title } of EXPORTED_CHARTS) {
    const url = offered.get(name)?.value?.imageUrl(CHART_IMAGE);
    if (url) charts.push({ title: t(title), url });
  }
  return summaryImage({
    title: s.name,
    subtitle: `${s.date} · ${what.levelLabel} · ${t('tablet.asOf', { time: formatHourMinute(s.asOf) })}`,
    badge: { text: t(what.live ? 'tablet.badge.live' : 'tablet.badge.history'), live: what.live },
    caption: comparisonCaption(what.span, what.comparedAt, t),
    counts: what.counts,
    rates: what.rates,
    charts,
    footer: t('tablet.title'),
  });
}

/** The tablet's exports: the summary as CSV and as a PNG image with the charts the page's cards offer. */
export function useTabletExport(): TabletExport {
  const busy = ref(false);
  const error = ref<string | null>(null);
  const charts: ExportCharts = new Map();
  provide(EXPORT_CHARTS_KEY, charts);

  async function run(format: 'csv' | 'png', what: SummaryExport): Promise<void> {
    busy.value = true;
    error.value = null;
    try {
      if (format === 'csv') {
        const text = summaryCsv(what);
        download(new Blob([text], { type: 'text/csv;charset=utf-8' }), exportFileName(what.summary, 'csv'));
      } else {
        download(await image(what, charts), exportFileName(what.summary, 'png'));
      }
    } catch (e) {
      error.value = e instanceof Error ? e.message : String(e);
    } finally {
      busy.value = false;
    }
  }

  return { busy, error, run };
}

/** A card offers its chart to the page's export while it is mounted (outside a tablet page, to nobody). */
export function useExportedChart(name: ExportedChart, chart: Readonly<Ref<ChartImageSource | null>>): void {
  const charts = inject(EXPORT_CHARTS_KEY, null);
  if (!charts) return;
  charts.set(name, chart);
  onScopeDispose(() => {
    if (charts.get(name) === chart) charts.delete(name);
  });
}
