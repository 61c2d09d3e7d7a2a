import type { Page } from 'playwright-core';

/** In-page measurements shared by the wall and its reference pages. */

declare global {
  interface Window {
    onescreenBenchFrames?: number[];
  }
}

export function quantile(sorted: readonly number[], q: number): number {
  if (sorted.length === 0) return Number.NaN;
  return sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))];
}

/** Starts recording the gaps between animation frames (what a person sees as smoothness). */
export async function recordFrames(page: Page): Promise<void> {
  // A string, not a function: tsx's name-keeping helpers do not exist in the page.
  await page.evaluate(`(() => {
    const frames = [];
    window.onescreenBenchFrames = frames;
    let last = performance.now();
    const loop = (t) => {
      frames.push(t - last);
      last = t;
      if (window.onescreenBenchFrames === frames) requestAnimationFrame(loop);
    };
    requestAnimationFrame(loop);
  })()`);
}

/** Frame-gap p50 and p95 since `recordFrames`, in ms; stops the recording. */
export async function frameTimes(page: Page): Promise<{ p50: number; p95: number; frames: number }> {
  const frames = await page.evaluate(() => {
    const recorded = window.onescreenBenchFrames ?? [];
    window.onescreenBenchFrames = undefined;
    return recorded.slice(1);
  });
  const sorted = [...frames].sort((a, b) => a - b);
  return { p50: quantile(sorted, 0.5), p95: quantile(sorted, 0.95), frames: frames.length };
}

export interface TransferCounter {
  /** HTTP bytes on the wire (compressed bodies and headers) and live-socket payload bytes (after inflation). */
  read(): { http: number; socket: number };
  stop(): Promise<void>;
}

/** Counts what a page transfers from now on, through the DevTools protocol. */
export async function countTransfer(page: Page): Promise<TransferCounter> {
  const cdp = await page.context().newCDPSession(page);
  let http = 0;
  let socket = 0;
  cdp.on('Network.loadingFinished', (e) => (http += e.encodedDataLength));
  cdp.on('Network.webSocketFrameReceived', (e) => (socket += e.response.payloadData.length));
  await cdp.send('Network.enable');
  return { read: () => ({ http, socket }), stop: () => cdp.detach() };
}

/** Bytes that crossed the network for the document and everything it loaded (resource timing). */
export function transferredBytes(page: Page): Promise<number> {
  return page.evaluate(() =>
    performance
      .getEntries()
      .filter((e): e is PerformanceResourceTiming => 'transferSize' in e)
      .reduce((sum, e) => sum + e.transferSize, 0),
  );
}

/** Bytes and count of the font files among what `transferredBytes` counts. */
export function transferredFontBytes(page: Page): Promise<{ bytes: number; files: number }> {
  return page.evaluate(() => {
    const fonts = performance
      .getEntries()
      .filter((e): e is PerformanceResourceTiming => 'transferSize' in e && /\.woff2?$/.test(new URL(e.name).pathname));
    return { bytes: fonts.reduce((sum, e) => sum + e.transferSize, 0), files: fonts.length };
  });
}

/** Used JS heap after a full garbage collection, in bytes. */
export async function heapAfterGc(page: Page): Promise<number> {
  const cdp = await page.context().newCDPSession(page);
  await cdp.send('HeapProfiler.collectGarbage');
  const { usedSize } = await cdp.send('Runtime.getHeapUsage');
  await cdp.detach();
  return usedSize;
}

/** Milliseconds since navigation start, as the page sees it. */
export function pageNow(page: Page): Promise<number> {
  return page.evaluate(() => performance.now());
}
