import { COLORS } from '../charts/theme';
import { loadFontsFor, TEXT_FONT } from '../fonts';
import { changeText, type KpiTile } from './kpi-model';

export interface ImageChart {
  title: string;
  /** A PNG data URL, e.g. ECharts' `getDataURL`. */
  url: string;
}

export interface SummaryImageInput {
  title: string;
  subtitle: string;
  badge: { text: string; live: boolean };
  /** What the changes compare, the line the overview shows above its tiles. */
  caption: string;
  counts: readonly KpiTile[];
  rates: readonly KpiTile[];
  charts: readonly ImageChart[];
  footer: string;
}

/** Layout in CSS pixels; the canvas has `pixelRatio` device pixels per CSS pixel. */
const WIDTH = 1080;
const PAD = 40;
const GAP = 14;
const TILE_HEIGHT = 148;
/** Title, subtitle and the comparisons' caption, above the tiles. */
const HEADER = 140;
const BG = '#071226';
const TILE_BG = 'rgba(30, 80, 170, 0.30)';
const EDGE = 'rgba(64, 140, 255, 0.35)';
const TONE_COLOR = { normal: '#ffffff', warn: COLORS.warn, bad: COLORS.bad } as const;
const CHANGE_COLOR = { good: COLORS.good, bad: COLORS.bad, neutral: COLORS.text } as const;

const font = (px: number, weight = 400): string => `${weight} ${px}px ${TEXT_FONT}`;

function roundRect(ctx: CanvasRenderingContext2D, x: number, y: number, w: number, h: number, r: number): void {
  ctx.beginPath();
  ctx.roundRect(x, y, w, h, r);
}

function drawTile(ctx: CanvasRenderingContext2D, tile: KpiTile, x: number, y: number, w: number): void {
  roundRect(ctx, x, y, w, TILE_HEIGHT, 10);
  ctx.fillStyle = TILE_BG;
  ctx.fill();
  ctx.strokeStyle = EDGE;
  ctx.lineWidth = 1;
  ctx.stroke();
  const left = x + 16;
  ctx.textBaseline = 'top';
  ctx.textAlign = 'left';
  ctx.fillStyle = COLORS.textDim;
  ctx.font = font(19);
  ctx.fillText(tile.label, left, y + 14, w - 32);
  ctx.fillStyle = TONE_COLOR[tile.tone];
  ctx.font = font(42, 700);
  ctx.fillText(tile.text, left, y + 42, w - 32);
  ctx.font = font(16);
  if (tile.note) {
    ctx.fillStyle = COLORS.textDim;
    ctx.fillText(tile.note, left, y + 100, w - 32);
    return;
  }
  tile.changes.forEach((line, i) => {
    const lineY = y + 98 + i * 22;
    ctx.textAlign = 'left';
    ctx.fillStyle = COLORS.textDim;
    ctx.fillText(line.label, left, lineY);
    ctx.textAlign = 'right';
    ctx.fillStyle = CHANGE_COLOR[line.change?.tone ?? 'neutral'];
    ctx.fillText(changeText(line.change), x + w - 16, lineY);
  });
  ctx.textAlign = 'left';
}

/** Tiles in rows of `columns`; returns the y below them. */
function drawTiles(ctx: CanvasRenderingContext2D, tiles: readonly KpiTile[], columns: number, top: number): number {
  const w = (WIDTH - 2 * PAD - (columns - 1) * GAP) / columns;
  tiles.forEach((tile, i) => {
    const row = Math.floor(i / columns);
    const col = i % columns;
    drawTile(ctx, tile, PAD + col * (w + GAP), top + row * (TILE_HEIGHT + GAP), w);
  });
  const rows = Math.ceil(tiles.length / columns);
  return top + rows * TILE_HEIGHT + (rows - 1) * GAP;
}

async function loadImage(url: string): Promise<HTMLImageElement> {
  const image = new Image();
  image.src = url;
  await image.decode();
  return image;
}

/**
 * The summary as one PNG a leader can forward: title, day and live/history badge, what the
 * changes compare, the KPI and rate tiles exactly as on screen, then the charts' own images. Drawn on a canvas, offline.
 */
export async function summaryImage(input: SummaryImageInput, pixelRatio = 2): Promise<Blob> {
  const images = await Promise.all(input.charts.map((c) => loadImage(c.url)));
  // A canvas draws the characters whose slices have not arrived in the fallback, and never again.
  await loadFontsFor(JSON.stringify({ ...input, charts: input.charts.map((c) => c.title) }));
  // Charts side by side at about their size on a tablet, so their text reads like the tiles'.
  const columns = Math.min(2, Math.max(1, images.length));
  const chartWidth = (WIDTH - 2 * PAD - (columns - 1) * GAP) / columns;
  const chartHeight = Math.max(0, ...images.map((img) => Math.round((img.naturalHeight / Math.max(1, img.naturalWidth)) * chartWidth)));
  const chartRows = Math.ceil(images.length / columns);
  const countRows = Math.ceil(input.counts.length / 4);
  const rateRows = Math.ceil(input.rates.length / 5);
  const height =
    PAD + HEADER + countRows * (TILE_HEIGHT + GAP) + 20 + rateRows * (TILE_HEIGHT + GAP) + chartRows * (chartHeight + 56) + 70;

  const canvas = document.createElement('canvas');
  canvas.width = WIDTH * pixelRatio;
  canvas.height = height * pixelRatio;
  const ctx = canvas.getContext('2d');
  if (!ctx) throw new Error('this browser cannot draw on a canvas');
  ctx.scale(pixelRatio, pixelRatio);
  ctx.fillStyle = BG;
  ctx.fillRect(0, 0, WIDTH, height);

  ctx.textBaseline = 'top';
  ctx.fillStyle = '#ffffff';
  ctx.font = font(44, 700);
  ctx.fillText(input.title, PAD, PAD, WIDTH - 2 * PAD - 140);
  const badgeWidth = 96;
  roundRect(ctx, WIDTH - PAD - badgeWidth, PAD + 4, badgeWidth, 40, 20);
  ctx.fillStyle = input.badge.live ? COLORS.good : COLORS.warn;
  ctx.fill();
  ctx.fillStyle = '#061020';
  ctx.font = font(22, 700);
  ctx.textAlign = 'center';
  ctx.fillText(input.badge.text, WIDTH - PAD - badgeWidth / 2, PAD + 13);
  ctx.textAlign = 'left';
  ctx.fillStyle = COLORS.textDim;
  ctx.font = font(22);
  ctx.fillText(input.subtitle, PAD, PAD + 62, WIDTH - 2 * PAD);
  ctx.font = font(20);
  ctx.fillText(input.caption, PAD, PAD + 98, WIDTH - 2 * PAD);

  let y = drawTiles(ctx, input.counts, 4, PAD + HEADER) + 20;
  y = drawTiles(ctx, input.rates, 5, y) + GAP;
  images.forEach((image, i) => {
    const x = PAD + (i % columns) * (chartWidth + GAP);
    const top = y + Math.floor(i / columns) * (chartHeight + 56);
    roundRect(ctx, x, top, chartWidth, chartHeight + 50, 10);
    ctx.strokeStyle = EDGE;
    ctx.lineWidth = 1;
    ctx.stroke();
    ctx.fillStyle = COLORS.accent;
    ctx.fillRect(x + 14, top + 16, 4, 20);
    ctx.fillStyle = COLORS.text;
    ctx.font = font(20, 600);
    ctx.fillText(input.charts[i].title, x + 26, top + 15, chartWidth - 40);
    const drawn = Math.round((image.naturalHeight / Math.max(1, image.naturalWidth)) * chartWidth);
    ctx.drawImage(image, x, top + 46, chartWidth, drawn);
  });
  ctx.fillStyle = COLORS.textDim;
  ctx.font = font(16);
  ctx.fillText(input.footer, PAD, height - 40);

  return new Promise((resolve, reject) =>
    canvas.toBlob((blob) => (blob ? resolve(blob) : reject(new Error('the image could not be encoded'))), 'image/png'),
  );
}
