import type { Size, WallLayout } from '../../../contract';
import type { FitMode } from '../../composables/use-page-params';

/**
 * A layout's sizes as CSS. Letterboxed, a column of fixed width keeps it and the grown columns
 * share the rest; filling a wider screen, the fixed columns grow too, half as fast as the grown.
 */
export function columnTracks(layout: WallLayout, fit: FitMode): string {
  return layout.columns
    .map(({ width = 'grow' }) => {
      if (fit === 'fill') return width === 'grow' ? 'minmax(0, 2fr)' : `minmax(${width}rem, 1fr)`;
      return width === 'grow' ? 'minmax(0, 1fr)' : `${width}rem`;
    })
    .join(' ');
}

/** A panel's `flex` in its column: a fixed height, or a share of what the fixed ones leave. */
export const panelFlex = (size: Size = 'grow'): string => (size === 'grow' ? '1 1 0' : `0 0 ${size}rem`);
