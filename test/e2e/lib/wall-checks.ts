import type { Page } from 'playwright-core';
import { RATES, type Summary } from '../../../contract';
import { formatCount, formatRate } from '../../../client/composables/format';
import { readMetrics } from './browser';
import type { TestServer } from './server';

export const COUNT_METRICS = ['reported', 'registered', 'dispatched', 'handled', 'closed', 'open', 'overdue'] as const;

/** What the screen must show for a summary, by `data-metric`. */
export function expectedMetrics(summary: Summary): Record<string, string> {
  const expected: Record<string, string> = {};
  for (const m of COUNT_METRICS) expected[m] = formatCount(summary[m]);
  for (const r of RATES) expected[r] = formatRate(summary[r]);
  return expected;
}

/** Polls until `check` returns undefined (fine) or the time is up; then throws its last complaint. */
export async function eventually(check: () => Promise<string | undefined>, timeoutMs: number): Promise<void> {
  const start = Date.now();
  let complaint: string | undefined = 'never checked';
  while (Date.now() - start < timeoutMs) {
    complaint = await check();
    if (complaint === undefined) return;
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  throw new Error(complaint);
}

/** Every KPI on the screen equals the scope's summary the REST API gives at the same moment. */
export async function metricsMatchServer(page: Page, server: TestServer, timeoutMs = 30_000, scope = 'city'): Promise<Summary> {
  let last: Summary | undefined;
  await eventually(async () => {
    last = await server.get<Summary>(`/api/v1/summary?scope=${scope}`);
    const expected = expectedMetrics(last);
    const shown = await readMetrics(page);
    const wrong = Object.entries(expected).filter(([k, v]) => shown[k] !== v);
    return wrong.length === 0 ? undefined : `screen differs from /api/v1/summary?scope=${scope}: ${wrong.map(([k, v]) => `${k} shows ${shown[k]}, server ${v}`).join('; ')}`;
  }, timeoutMs);
  if (!last) throw new Error('no summary read');
  return last;
}
