import type { BrowserContext, Page } from 'playwright-core';

export interface PlatformFont {
  familyName: string;
  isCustomFont: boolean;
  glyphCount: number;
}

/** The fonts Chromium drew an element's own text with, and how many glyphs each (DevTools' CSS domain). */
export async function platformFonts(page: Page, selector: string): Promise<PlatformFont[]> {
  const cdp = await page.context().newCDPSession(page);
  try {
    await cdp.send('DOM.enable');
    await cdp.send('CSS.enable');
    const { root } = await cdp.send('DOM.getDocument', { depth: 0 });
    const { nodeId } = await cdp.send('DOM.querySelector', { nodeId: root.nodeId, selector });
    if (!nodeId) throw new Error(`no element ${selector}`);
    const { fonts } = await cdp.send('CSS.getPlatformFontsForNode', { nodeId });
    return fonts;
  } finally {
    await cdp.detach();
  }
}

export interface Clip {
  x: number;
  y: number;
  width: number;
  height: number;
}

/** An element's box in the page, to picture the same region again later. */
export async function clipOf(page: Page, selector: string): Promise<Clip> {
  const box = await page.locator(selector).first().boundingBox();
  if (!box) throw new Error(`no box for ${selector}`);
  return box;
}

/**
 * A PNG of the page, or of a region of it, taken through DevTools: Playwright's own
 * screenshots wait for the page's fonts, which `holdFonts` keeps from arriving.
 */
export async function captureNow(page: Page, clip?: Clip): Promise<Buffer> {
  const cdp = await page.context().newCDPSession(page);
  try {
    const { data } = await cdp.send('Page.captureScreenshot', { format: 'png', ...(clip ? { clip: { ...clip, scale: 1 } } : {}) });
    return Buffer.from(data, 'base64');
  } finally {
    await cdp.detach();
  }
}

export interface HeldFonts {
  /** Font files asked for so far. */
  readonly asked: () => number;
  /** Lets the held requests (and all later ones) through. */
  release(): void;
}

/** Holds back every font file the page asks for until `release()`: the page as it is while its faces are on the way. */
export async function holdFonts(page: Page): Promise<HeldFonts> {
  let asked = 0;
  let release = (): void => undefined;
  const gate = new Promise<void>((resolve) => (release = resolve));
  await page.route(/\.woff2?(\?.*)?$/, async (route) => {
    asked += 1;
    await gate;
    await route.continue();
  });
  return { asked: () => asked, release: () => release() };
}

/**
 * The share of pixels that differ (any channel by more than 16 of 255) in one region of two
 * PNGs of the same page (at device scale 1), decoded by Chromium in a blank page of the context.
 */
export async function differingShare(context: BrowserContext, a: Buffer, b: Buffer, region: Clip): Promise<number> {
  const scratch = await context.newPage();
  try {
    return await scratch.evaluate(
      // No named functions in here: the test runner's name-keeping helpers do not exist in the page.
      async ({ pngs, region }) => {
        const [x, y] = await Promise.all(
          pngs.map(async (base64) => {
            const bitmap = await createImageBitmap(await (await fetch(`data:image/png;base64,${base64}`)).blob());
            const ctx = new OffscreenCanvas(bitmap.width, bitmap.height).getContext('2d');
            if (!ctx) throw new Error('no 2d context');
            ctx.drawImage(bitmap, 0, 0);
            return ctx.getImageData(Math.round(region.x), Math.round(region.y), Math.max(1, Math.round(region.width)), Math.max(1, Math.round(region.height)));
          }),
        );
        let differing = 0;
        for (let i = 0; i < x.data.length; i += 4) {
          if ([0, 1, 2, 3].some((c) => Math.abs(x.data[i + c] - y.data[i + c]) > 16)) differing += 1;
        }
        return differing / (x.width * x.height);
      },
      { pngs: [a.toString('base64'), b.toString('base64')], region },
    );
  } finally {
    await scratch.close();
  }
}
