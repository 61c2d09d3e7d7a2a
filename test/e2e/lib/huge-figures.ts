import type { Page, WebSocketRoute } from 'playwright-core';
import { DAY_COUNTS, LIVE_COUNTS } from '../../../contract';

/**
 * Feeds a page the figures of a city far busier than the simulator: every count the live push
 * and the topic and department routes carry is set to `value`, on the way from the real server
 * to the page. The page itself runs unchanged, so what it draws is what it would draw for them.
 */

const COUNTS: readonly string[] = [...DAY_COUNTS, ...LIVE_COUNTS];

function inflate(record: Record<string, unknown>, value: number, keys: readonly string[]): void {
  for (const key of keys) if (typeof record[key] === 'number') record[key] = value;
}

function inflateSummary(summary: Record<string, unknown>, value: number): void {
  inflate(summary, value, COUNTS);
  for (const child of (summary.children as Record<string, unknown>[] | undefined) ?? []) inflate(child, value, COUNTS);
  if (Array.isArray(summary.hourly)) summary.hourly = summary.hourly.map(() => value);
  for (const key of ['byCategory', 'bySource'] as const) {
    const shares = summary[key] as Record<string, number> | undefined;
    if (shares) for (const name of Object.keys(shares)) shares[name] = value;
  }
}

/** A Socket.IO event frame of the live namespace, e.g. `42/live,["snapshot",{…}]`, with its summary inflated. */
function inflateFrame(frame: string, value: number): string {
  const match = /^42(\/live,)(.*)$/s.exec(frame);
  if (!match) return frame;
  const [name, body] = JSON.parse(match[2]) as [string, Record<string, unknown>];
  if ((name === 'snapshot' || name === 'delta') && body.summary) inflateSummary(body.summary as Record<string, unknown>, value);
  return `42${match[1]}${JSON.stringify([name, body])}`;
}

/** Routes the page's live socket and its topic and department reads through the inflation; call before the page loads. */
export async function feedHugeFigures(page: Page, value: number): Promise<void> {
  await page.routeWebSocket(/\/socket\.io\//, (ws: WebSocketRoute) => {
    const server = ws.connectToServer();
    server.onMessage((message) => ws.send(typeof message === 'string' ? inflateFrame(message, value) : message));
    ws.onMessage((message) => server.send(message));
  });
  await page.route(/\/api\/v1\/(topic|departments)\?/, async (route) => {
    const response = await route.fetch();
    const body = (await response.json()) as Record<string, unknown> | Record<string, unknown>[];
    const rows = Array.isArray(body) ? body : [body, ...((body.items as Record<string, unknown>[] | undefined) ?? [])];
    for (const row of rows) inflate(row, value, ['reported', 'dispatched', 'handled', 'onTime', 'reworked', 'overdue']);
    await route.fulfill({ response, json: body });
  });
}
