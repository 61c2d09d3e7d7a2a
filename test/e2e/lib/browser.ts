import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type BrowserContext, type ConsoleMessage, type Page } from 'playwright-core';
import { fontconfigWithoutCjk } from './fontconfig';

/** Debian's Chromium; never a downloaded browser. */
export const CHROMIUM = process.env.ONESCREEN_CHROMIUM ?? '/usr/bin/chromium';

export const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--use-angle=swiftshader',
  '--enable-unsafe-swiftshader',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
  '--disable-quic',
  // No GPU here: SwiftShader then runs WebGL only, and the page is composited and rasterized by
  // Skia on the CPU with damage tracking, as Chromium does on a machine without a usable GPU.
  // Compositing through SwiftShader redrew the whole 1920×1080 frame for any change, a cost a
  // wall's real GPU never has (bench/README.md#the-reference-machine).
  '--disable-gpu-compositing',
  // Chromium 156 loads its address bar's popup as a web page in a renderer of its own at every
  // start, even headless, taking CPU from the page under test while it loads (seen in a trace as
  // "WebUI Top Renderer"; bench/README.md#the-reference-machine). A wall's kiosk window has no
  // address bar either.
  '--disable-features=WebUIOmniboxPopup,WebUIOmniboxFullPopup,WebUIOmniboxAimPopup',
];

export interface PageOptions {
  width: number;
  height: number;
  deviceScaleFactor?: number;
  /** The city's zone, so the wall's clock reads as the command centre's. */
  timezoneId?: string;
  /** A tablet or phone: touch events and a mobile viewport. */
  hasTouch?: boolean;
  isMobile?: boolean;
}

export interface WatchedPage {
  readonly context: BrowserContext;
  readonly page: Page;
  /** Console errors and uncaught exceptions seen so far. */
  readonly errors: string[];
  /** Every request (page, workers, sockets) to anywhere but this machine: the offline wall makes none. */
  readonly offsite: string[];
  close(): Promise<void>;
}

/**
 * Chromium with a fresh profile directory (removed on close) and one page whose console
 * errors and uncaught exceptions are collected. Playwright takes the profile directory as
 * the persistent context's, rather than as a `--user-data-dir` argument. Chromium sees none
 * of the machine's CJK fonts, as on a wall PC that has none: the pages draw with their own.
 */
export async function openPage(url: string, options: PageOptions): Promise<WatchedPage> {
  const profile = mkdtempSync(join(tmpdir(), 'onescreen-chromium-'));
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: CHROMIUM,
    args: CHROMIUM_ARGS,
    env: { ...process.env, FONTCONFIG_FILE: fontconfigWithoutCjk() },
    viewport: { width: options.width, height: options.height },
    deviceScaleFactor: options.deviceScaleFactor ?? 1,
    timezoneId: options.timezoneId ?? 'Asia/Shanghai',
    hasTouch: options.hasTouch ?? false,
    isMobile: options.isMobile ?? false,
  });
  const page = context.pages()[0] ?? (await context.newPage());
  const errors: string[] = [];
  page.on('console', (message: ConsoleMessage) => {
    if (message.type() === 'error') errors.push(`console: ${message.text()} @ ${message.location().url}`);
  });
  page.on('pageerror', (error) => errors.push(`page: ${error.message}`));
  const offsite: string[] = [];
  context.on('request', (request) => {
    if (leavesMachine(request.url())) offsite.push(request.url());
  });
  page.on('websocket', (socket) => {
    if (leavesMachine(socket.url())) offsite.push(socket.url());
  });
  await page.goto(url);
  return {
    context,
    page,
    errors,
    offsite,
    async close() {
      await context.close();
      rmSync(profile, { recursive: true, force: true });
    },
  };
}

const LOCAL_HOSTS = new Set(['127.0.0.1', 'localhost', '[::1]']);

/** Whether a URL goes over the network to another machine (data:, blob: and about: stay in the page). */
function leavesMachine(url: string): boolean {
  const { protocol, hostname } = new URL(url);
  return /^(https?|wss?):$/.test(protocol) && !LOCAL_HOSTS.has(hostname);
}

/** Every `data-metric` element's figure by metric name: its exact `data-value` where the screen shows it short (12.3万), else its text. */
export function readMetrics(page: Page): Promise<Record<string, string>> {
  return page.$$eval('[data-metric]', (els) =>
    Object.fromEntries(els.map((el) => [el.getAttribute('data-metric') ?? '', el.getAttribute('data-value') ?? el.textContent?.trim() ?? ''])),
  );
}
