import { ref, type Ref } from 'vue';
import { echarts } from '../charts/echarts';
import { summaryImage, type ImageChart, type SummaryImageInput } from '../components/tablet/summary-png';

export interface TabletExport {
  busy: Ref<boolean>;
  error: Ref<string | null>;
  csv(text: string, fileName: string): void;
  png(input: Omit<SummaryImageInput, 'charts'>, charts: readonly { title: string; host: Element | null }[], fileName: string): Promise<void>;
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

/** A rendered chart's own image, from the ECharts instance living in `host`. */
function chartImage(title: string, host: Element | null): ImageChart | null {
  const el = host?.matches('[data-chart]') ? host : host?.querySelector('[data-chart]');
  const chart = el instanceof HTMLElement ? echarts.getInstanceByDom(el) : undefined;
  if (!chart) return null;
  return { title, url: chart.getDataURL({ type: 'png', pixelRatio: 2, backgroundColor: CHART_BACKGROUND }) };
}

/** The tablet's exports: the summary as CSV and as a PNG image. */
export function useTabletExport(): TabletExport {
  const busy = ref(false);
  const error = ref<string | null>(null);

  function csv(text: string, fileName: string): void {
    error.value = null;
    download(new Blob([text], { type: 'text/csv;charset=utf-8' }), fileName);
  }

  async function png(input: Omit<SummaryImageInput, 'charts'>, charts: readonly { title: string; host: Element | null }[], fileName: string): Promise<void> {
    busy.value = true;
    error.value = null;
    try {
      const images = charts.map((c) => chartImage(c.title, c.host)).filter((c): c is ImageChart => c !== null);
      download(await summaryImage({ ...input, charts: images }), fileName);
    } catch (e) {
      error.value = e instanceof Error ? e.message : String(e);
    } finally {
      busy.value = false;
    }
  }

  return { busy, error, csv, png };
}
