import type { Map as GlMap } from 'mapbox-gl';
import type { GridValue } from '../../contract';
import { classColors, nextBreaks, toneOf, type Breaks } from './class-breaks';
import { toneColor, TONE } from './layers';
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
 * One fill layer coloured by class of a value of its features' figures. The figures and each
 * feature's tone (its class's colour, layers.ts) go to the features' state, so the tiles are
 * never parsed again: new figures set the changed features' state, and new breaks the tones
 * that change with them. A histogram of the value is kept per change, from which the breaks are
 * derived again when the figures have moved enough (class-breaks.ts). Only another value
 * changes the layer's colour expression.
 */
export class ClassedFill {
  private readonly figures = new Map<number, Figures>();
  private readonly tones = new Map<number, number>();
  private readonly histogram = new Map<number, number>();
  private breaks: Breaks = [];
  /** Whether the layer is drawn at the map's zoom: a hidden one keeps its figures but derives no classes. */
  private shown = true;

  constructor(
    private readonly map: GlMap,
    private readonly layer: string,
    private readonly target: { source: string; sourceLayer: string },
    private value: GridValue,
  ) {}

  /** Figures of features by id; returns whether the classes changed. */
  set(changes: Iterable<readonly [id: number, figures: Figures]>): boolean {
    const state = { ...this.target, id: 0 };
    const palette = CLASS_PALETTES[this.value].length;
    for (const [id, next] of changes) {
      const before = this.figures.get(id);
      if (before && before.reported === next.reported && before.open === next.open && before.overdue === next.overdue) continue;
      if (before) this.count(before[this.value], -1);
      this.count(next[this.value], 1);
      this.figures.set(id, next);
      state.id = id;
      if (!this.shown) {
        this.map.setFeatureState(state, next);
        continue;
      }
      const tone = toneOf(next[this.value], this.breaks, palette);
      this.tones.set(id, tone);
      this.map.setFeatureState(state, { ...next, [TONE]: tone });
    }
    return this.shown && this.reclass(this.breaks);
  }

  /**
   * Shown or hidden by the map's zoom. New breaks may recolour tens of thousands of grids (one
   * state change each), so the grids hidden under the wall's areas get theirs only when shown.
   */
  show(shown: boolean): void {
    if (shown === this.shown) return;
    this.shown = shown;
    if (shown) this.reclass([]);
  }

  /** Colours by another value, with breaks of its own. */
  setValue(value: GridValue): void {
    this.value = value;
    this.histogram.clear();
    for (const figures of this.figures.values()) this.count(figures[value], 1);
    this.map.setPaintProperty(this.layer, 'fill-color', toneColor(value));
    if (this.shown) this.reclass([]);
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
    if (changed) this.retone();
    return changed;
  }

  /** The tones of the features whose class's colour the breaks changed. */
  private retone(): void {
    const state = { ...this.target, id: 0 };
    const palette = CLASS_PALETTES[this.value].length;
    for (const [id, figures] of this.figures) {
      const tone = toneOf(figures[this.value], this.breaks, palette);
      if (this.tones.get(id) === tone) continue;
      this.tones.set(id, tone);
      state.id = id;
      this.map.setFeatureState(state, { [TONE]: tone });
    }
  }
}
