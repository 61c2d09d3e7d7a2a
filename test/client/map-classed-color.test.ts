import spec from 'mapbox-gl/dist/style-spec/index.js';
import { describe, expect, it } from 'vitest';
import { GRID_VALUES, type GridValue } from '../../contract';
import { childAreaLayers, childAreasOf, childAreaSizedPaint, childGridLines, childGridsOf, gridZoomOf } from '../../client/map/child-areas';
import { toneOf } from '../../client/map/class-breaks';
import { toneColor } from '../../client/map/layers';
import { CLASS_PALETTES, ZERO_COLOR } from '../../client/map/paint-presets';

/**
 * The fill colour mapbox-gl draws a feature with whose figures are `state`, as the map sets its
 * state (its figures and its tone under the breaks): the layer's expression evaluated by
 * mapbox-gl's own style-spec.
 */
function drawn(value: GridValue, breaks: readonly number[], state: Record<string, number>): string {
  const parsed = spec.expression.createExpression(toneColor(value), spec.latest.paint_fill['fill-color']);
  const tone = toneOf(state[value] ?? 0, breaks, CLASS_PALETTES[value].length);
  if (parsed.result !== 'success' || Array.isArray(parsed.value)) throw new Error(`bad expression: ${JSON.stringify(parsed.value)}`);
  return parsed.value.evaluate({ zoom: 12 }, { properties: {} }, { ...state, tone }).toString();
}

/** `#rrggbb` or `rgba(…)` as mapbox-gl prints a colour. */
function rgba(css: string): string {
  const hex = /^#([0-9a-f]{2})([0-9a-f]{2})([0-9a-f]{2})$/i.exec(css);
  if (hex) return `rgba(${hex.slice(1).map((h) => parseInt(h, 16)).join(',')},1)`;
  return css.replace(/\s+/g, '');
}

describe('a fill coloured by class', () => {
  it('draws each value in the colour of its class, zero and missing state in the zero colour', () => {
    const breaks = [1, 4, 10];
    const [cool, middle, hot] = [CLASS_PALETTES.reported[0], CLASS_PALETTES.reported[2], CLASS_PALETTES.reported[4]];
    const cases: [number | undefined, string][] = [
      [undefined, ZERO_COLOR],
      [0, ZERO_COLOR],
      [1, cool],
      [3, cool],
      [4, middle],
      [9, middle],
      [10, hot],
      [500, hot],
    ];
    for (const [reported, expected] of cases) {
      expect(drawn('reported', breaks, reported === undefined ? {} : { reported }), `reported ${reported}`).toBe(rgba(expected));
    }
  });

  it('reads the value it is coloured by and no other', () => {
    for (const value of GRID_VALUES) {
      const state = { reported: 0, open: 0, overdue: 0, [value]: 7 };
      expect(drawn(value, [2, 5], state), value).toBe(rgba(CLASS_PALETTES[value][4]));
      const other = GRID_VALUES.find((v) => v !== value) ?? value;
      expect(drawn(other, [2, 5], state)).toBe(rgba(ZERO_COLOR));
    }
  });

  it('is the zero colour for a feature without a state yet', () => {
    const parsed = spec.expression.createExpression(toneColor('open'), spec.latest.paint_fill['fill-color']);
    if (parsed.result !== 'success' || Array.isArray(parsed.value)) throw new Error('bad expression');
    expect(parsed.value.evaluate({ zoom: 12 }, { properties: {} }, {}).toString()).toBe(rgba(ZERO_COLOR));
  });
});

describe('the children a wall colours as areas', () => {
  it('are the city’s districts, a district’s streets, a street’s communities; a community’s are grids', () => {
    expect(childAreasOf('city')).toEqual({ sourceLayer: 'districts' });
    expect(childAreasOf('500151')).toEqual({ sourceLayer: 'streets', filter: ['==', ['get', 'district'], '500151'] });
    expect(childAreasOf('500151001')).toEqual({ sourceLayer: 'communities', filter: ['==', ['get', 'street'], '500151001'] });
    expect(childAreasOf('500151001001')).toBeUndefined();
    expect(childAreasOf('500151001001001')).toBeUndefined();
  });

  it('are a community’s grids, one run of the grid index, outlined at every zoom with the other walls’ children’s line', () => {
    const codes = ['500151001001001', '500151001001002', '500151001002001', '500151001002002', '500151001002003', '500151002001001'];
    expect(childGridsOf('500151001002', codes)).toEqual({ first: 2, last: 4 });
    for (const scope of ['city', '500151', '500151001', '500151001003', '500151001002001']) expect(childGridsOf(scope, codes), scope).toBeUndefined();
    const [line] = childGridLines({ first: 2, last: 4 }, 2);
    expect(line).toMatchObject({ type: 'line', 'source-layer': 'grids', paint: childAreaSizedPaint(2)['area-line'] });
    expect('maxzoom' in line || 'minzoom' in line).toBe(false);
    const filter = spec.expression.createExpression('filter' in line ? line.filter : undefined, { type: 'boolean' });
    if (filter.result !== 'success' || Array.isArray(filter.value)) throw new Error(`bad filter: ${JSON.stringify(filter.value)}`);
    const { value } = filter;
    const drawnIds = codes.map((_, id) => id).filter((id) => String(value.evaluate({ zoom: 15 }, { id, properties: {} }, {})) === 'true');
    expect(drawnIds).toEqual([2, 3, 4]);
  });

  it('give way to the grids a few levels in from the frame, never before a grid is a few pixels wide', () => {
    expect(gridZoomOf(9.2)).toBe(12);
    expect(gridZoomOf(11.5)).toBe(13.5);
    const layers = childAreaLayers({ sourceLayer: 'streets' }, 'reported', 13.5);
    expect(layers.map((layer) => ('maxzoom' in layer ? layer.maxzoom : undefined))).toEqual([13.5, 13.5]);
  });
});
