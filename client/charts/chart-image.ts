export interface ChartImageOptions {
  /** Device pixels per CSS pixel of the image. */
  pixelRatio: number;
  backgroundColor: string;
}

/** What the base chart lets its parent have: its picture as drawn, a PNG data URL (null before it is drawn). */
export interface ChartImageSource {
  imageUrl(options: ChartImageOptions): string | null;
}
