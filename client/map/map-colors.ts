import type { Map as GlMap } from 'mapbox-gl';
import type { ChildSummary, GridValue } from '../../contract';
import { AREA_LAYER, childAreaLayers, type ChildAreas } from './child-areas';
import { ClassedFill, type Classes, type Figures } from './classed-fill';
import { GRID_SOURCE_LAYER, LAYER, SOURCE } from './layers';

/** What the map colours by at its present zoom: the scope's children as areas, or the grids. */
export interface ShownClasses extends Classes {
  level: 'areas' | 'grids';
}

/**
 * The map's live colours: the grids', and on a wall its scope's children as areas up to
 * `gridZoom` (child-areas.ts), each by class of the chosen value; and what is shown at the
 * present zoom, for the legend.
 */
export class MapColors {
  private readonly grids: ClassedFill;
  private readonly areas: ClassedFill | undefined;
  /** The children's codes by feature id. */
  private readonly childCodes = new Map<number, string>();
  private shownLevel: ShownClasses['level'];

  /** Adds the children's layers (over the grids, under the heat and the outlines) when there are any. */
  constructor(
    private readonly map: GlMap,
    value: GridValue,
    children: ChildAreas | undefined,
    private readonly gridZoom: number,
    scale: number,
    /** Told what is shown whenever it changes (new breaks, another value, zoomed past the grids' zoom). */
    private readonly onChange: (classes: ShownClasses) => void,
  ) {
    this.grids = new ClassedFill(map, LAYER.gridFill, { source: SOURCE.tiles, sourceLayer: GRID_SOURCE_LAYER }, value);
    if (children) {
      for (const layer of childAreaLayers(children, value, gridZoom, scale)) map.addLayer(layer, LAYER.heat);
      this.areas = new ClassedFill(map, AREA_LAYER.fill, { source: SOURCE.tiles, sourceLayer: children.sourceLayer }, value);
    }
    this.shownLevel = this.levelAtZoom();
    this.grids.show(this.shownLevel === 'grids');
    map.on('zoomend', () => this.note(false));
  }

  setGrids(changes: Iterable<readonly [id: number, figures: Figures]>): void {
    if (this.grids.set(changes)) this.note(this.shownLevel === 'grids');
  }

  /** The summary's children (a community's are its grids, coloured by their rows instead). */
  setChildren(children: readonly ChildSummary[]): void {
    if (!this.areas) return;
    const changes = children.map((child): [number, Figures] => {
      const id = Number(child.code);
      this.childCodes.set(id, child.code);
      return [id, { reported: child.reported, open: child.open, overdue: child.overdue }];
    });
    if (this.areas.set(changes)) this.note(this.shownLevel === 'areas');
  }

  setValue(value: GridValue): void {
    this.grids.setValue(value);
    this.areas?.setValue(value);
    this.note(true);
  }

  classes(): ShownClasses {
    const level = this.levelAtZoom();
    return { ...(level === 'areas' && this.areas ? this.areas : this.grids).classes(), level };
  }

  /** The fill colour drawn for each of the scope's children in view, by code. */
  areaColors(): Record<string, string> {
    // Tiles keep the layer's features past its maxzoom (their own zoom is below it): it is not drawn.
    if (!this.areas || this.levelAtZoom() !== 'areas') return {};
    return this.drawnColors(AREA_LAYER.fill, (id) => this.childCodes.get(id));
  }

  /** The fill colour drawn for each grid in view that `codeOf` names (a community's, its children), by code. */
  gridColors(codeOf: (id: number) => string | undefined): Record<string, string> {
    return this.drawnColors(LAYER.gridFill, codeOf);
  }

  private drawnColors(layer: string, codeOf: (id: number) => string | undefined): Record<string, string> {
    const colors: Record<string, string> = {};
    for (const feature of this.map.queryRenderedFeatures(undefined, { layers: [layer] })) {
      // Rendered features carry their layer's paint evaluated for them, feature state included.
      const color: unknown = feature.layer.paint && 'fill-color' in feature.layer.paint ? feature.layer.paint['fill-color'] : undefined;
      const code = typeof feature.id === 'number' ? codeOf(feature.id) : undefined;
      if (code !== undefined && color) colors[code] = String(color);
    }
    return colors;
  }

  private levelAtZoom(): ShownClasses['level'] {
    return this.areas && this.map.getZoom() < this.gridZoom ? 'areas' : 'grids';
  }

  /** Tells what is shown when the level changed, or anyway when `changed` says the classes did. */
  private note(changed: boolean): void {
    const level = this.levelAtZoom();
    if (!changed && level === this.shownLevel) return;
    this.shownLevel = level;
    this.grids.show(level === 'grids');
    this.onChange(this.classes());
  }
}
