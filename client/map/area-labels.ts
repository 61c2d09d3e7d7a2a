import type { Map as GlMap, Marker } from 'mapbox-gl';
import { shortAreaName, type Area, type CityAreas, type CommunityGrids } from '../../contract';
import { childLabel } from '../figures/area-names';
import type { MapboxGl } from './gl';
import { overlayBoxes } from './frame-padding';
import { placeLabels, type LabelBox } from './label-placement';

export interface AreaLabel {
  code: string;
  text: string;
  /** The area's label point, [lng, lat]. */
  at: [number, number];
  /** Where labels would overlap, the one of higher priority is shown. */
  priority: number;
  /** The area's figure the map colours it by, under its name: the count and how it is written. */
  count?: { value: number; text: string };
}

/** The areas of one level as labels, named short (a community without its committee), the areas with more grids first where they crowd. */
export function areaLabels(city: CityAreas, level: Area['level']): AreaLabel[] {
  return city.areas
    .filter((area) => area.level === level && area.gridCount > 0)
    .map((area) => ({ code: area.code, text: shortAreaName(area.name), at: area.center, priority: area.gridCount }));
}

/**
 * A community's grids as labels, named as its ranking names them (第3网格, without the
 * community in front), all of one priority until their counts rank them.
 */
export function gridLabels(grids: CommunityGrids, communityName: string): AreaLabel[] {
  return grids.grids.map((grid) => ({ code: grid.code, text: childLabel(grid.name, communityName), at: grid.center, priority: 0 }));
}

const HIDDEN = 'area-label--hidden';

/** A label's element: its name, then its count in the figures' face; the count's value stays in `data-count`. */
function labelElement(code: string): HTMLElement {
  const el = document.createElement('div');
  el.className = `area-label ${HIDDEN}`;
  el.dataset.areaLabel = code;
  const name = document.createElement('span');
  name.className = 'area-label__name';
  const count = document.createElement('span');
  count.className = 'area-label__count num';
  el.append(name, count);
  return el;
}

/** Writes what changed of a label (a rewritten text is laid out and painted again); returns whether anything did. */
function write(el: HTMLElement, label: AreaLabel): boolean {
  const [name, count] = el.children;
  const texts: [Element, string][] = [
    [name, label.text],
    [count, label.count?.text ?? ''],
  ];
  const changed = texts.filter(([part, text]) => part.textContent !== text);
  for (const [part, text] of changed) part.textContent = text;
  if (label.count) el.dataset.count = String(label.count.value);
  else delete el.dataset.count;
  return changed.length > 0;
}

/**
 * Names of areas on the map, each with the count the map colours it by, as HTML markers set in
 * the pages' own face. Not a symbol layer:
 * mapbox-gl 1.13 draws a symbol's text from glyph PBFs a server provides for every character
 * but CJK ideographs and kana (`localIdeographFontFamily` covers only those), so figures and
 * Latin names would need SDF glyph ranges cut from the font by native tooling we do not ship.
 * A wall shows a few dozen labels at most; an HTML label is drawn by the browser in the page's
 * face, offline, laid out again when a slice arrives, and sized in rem with the layout.
 * Labels that would overlap one of higher priority, or stick out of the view, are hidden.
 */
export class AreaLabels {
  private readonly labels = new Map<string, { marker: Marker; el: HTMLElement; label: AreaLabel }>();
  private readonly place = (): void => this.placeNow();
  /** An overlay that grows (the legend, as its classes arrive) may come over a label placed before. */
  private readonly overlays = new ResizeObserver(this.place);

  constructor(
    private readonly gl: MapboxGl,
    private readonly map: GlMap,
    /** What lies over the map (its controls, a legend): no label hides under it. */
    private readonly keepClearOf: readonly HTMLElement[] = [],
  ) {
    map.on('moveend', this.place);
    map.on('resize', this.place);
    // A label's size changes when its face arrives.
    document.fonts.addEventListener('loadingdone', this.place);
    for (const overlay of keepClearOf) this.overlays.observe(overlay);
  }

  set(labels: Iterable<AreaLabel>): void {
    const keep = new Set<string>();
    let moved = false;
    for (const label of labels) {
      keep.add(label.code);
      const known = this.labels.get(label.code);
      if (known && known.label.at[0] === label.at[0] && known.label.at[1] === label.at[1]) {
        if (write(known.el, label)) moved = true;
        known.label = label;
        continue;
      }
      moved = true;
      known?.marker.remove();
      const el = labelElement(label.code);
      write(el, label);
      const marker = new this.gl.Marker({ element: el }).setLngLat(label.at).addTo(this.map);
      this.labels.set(label.code, { marker, el, label });
    }
    for (const [code, { marker }] of this.labels) {
      if (keep.has(code)) continue;
      marker.remove();
      this.labels.delete(code);
      moved = true;
    }
    // Same labels with the same texts: where they go has not changed.
    if (moved) this.placeNow();
  }

  private placeNow(): void {
    const container = this.map.getContainer();
    const boxes: LabelBox[] = [];
    for (const { el, label } of this.labels.values()) {
      const { x, y } = this.map.project(label.at);
      boxes.push({ code: label.code, x, y, width: el.offsetWidth, height: el.offsetHeight, priority: label.priority });
    }
    const shown = placeLabels(boxes, { width: container.clientWidth, height: container.clientHeight }, overlayBoxes(container, this.keepClearOf));
    for (const [code, { el }] of this.labels) el.classList.toggle(HIDDEN, !shown.has(code));
  }

  destroy(): void {
    this.map.off('moveend', this.place);
    this.map.off('resize', this.place);
    document.fonts.removeEventListener('loadingdone', this.place);
    this.overlays.disconnect();
    for (const { marker } of this.labels.values()) marker.remove();
    this.labels.clear();
  }
}
