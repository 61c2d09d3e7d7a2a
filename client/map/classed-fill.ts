import type { Map as GlMap } from 'mapbox-gl';
import type { GridValue } from '../../contract';
import { classColors, nextBreaks, type Breaks } from './class-breaks';
import { classedColor } from './layers';
import { CLASS_PALETTES } from './paint-presets';

/** The live figures of a grid or an area, as its feature state holds them. */
export type Figures = Readonly<Record<GridValue, number>>;

/** What a fill is coloured by now: the value, its classes' lower bounds and their colours (the legend). */
export interface Classes {
  value: GridValue;
  breaks: Breaks;
  colors: readonly string[];
}

/**
 * One fill layer coloured by class of a value of its features' state: the live figures go to the
 * features' state (the tiles are never loaded again), and a histogram of the value is kept per
 * change, from which the breaks are derived again when the figures have moved enough
 * (class-breaks.ts). The layer's colour expression changes only with the breaks.
 */
export class ClassedFill {
  private readonly figures = new Map<number, Figures>();
  private readonly histogram = new Map<number, number>();
  private breaks: Breaks = [];

  constructor(
    private readonly map: GlMap,
    private readonly layer: string,
    private readonly target: { source: string; sourceLayer: string },
    private value: GridValue,
  ) {}

  /** Figures of features by id; returns whether the classes changed. */
  set(changes: Iterable<readonly [id: number, figures: Figures]>): boolean {
    const state = { ...this.target, id: 0 };
    for (const [id, next] of changes) {
      const before = this.figures.get(id);
      if (before && before.reported === next.reported && before.open === next.open && before.overdue === next.overdue) continue;
      if (before) this.count(before[this.value], -1);
      this.count(next[this.value], 1);
      this.figures.set(id, next);
      state.id = id;
      this.map.setFeatureState(state, next);
    }
    return this.reclass(this.breaks);
  }

  /** Colours by another value, with breaks of its own. */
  setValue(value: GridValue): void {
    this.value = value;
    this.histogram.clear();
    for (const figures of this.figures.values()) this.count(figures[value], 1);
    this.reclass([]);
  }

  classes(): Classes {
    return { value: this.value, breaks: this.breaks, colors: classColors(CLASS_PALETTES[this.value], this.breaks.length) };
  }

  private count(value: number, by: 1 | -1): void {
    const n = (this.histogram.get(value) ?? 0) + by;
    if (n > 0) this.histogram.set(value, n);
    else this.histogram.delete(value);
  }

  private reclass(current: Breaks): boolean {
    const next = nextBreaks(this.histogram, current);
    const changed = next !== this.breaks;
    this.breaks = next;
    if (changed) this.map.setPaintProperty(this.layer, 'fill-color', classedColor(this.value, next));
    return changed;
  }
}
