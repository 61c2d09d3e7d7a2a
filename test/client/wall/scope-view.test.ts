import { describe, expect, it } from 'vitest';
import type { Area, CityAreas } from '../../../contract';
import { scopeBounds } from '../../../client/map/focus-bounds';
import { pickLevelAt, SCOPE_LAYER, scopeLayers, scopeSizedPaint } from '../../../client/map/scope-view';

const filterOf = (scope: string) => new Map(scopeLayers(scope).map((layer) => [layer.id, 'filter' in layer ? layer.filter : undefined]));

describe('a centre’s map', () => {
  it('veils nothing on the city’s wall', () => {
    expect(scopeLayers('city')).toEqual([]);
  });

  it('veils the other districts on a district’s wall and outlines the district', () => {
    const filters = filterOf('500151');
    expect([...filters.keys()]).toEqual([SCOPE_LAYER.districts, SCOPE_LAYER.outline]);
    expect(filters.get(SCOPE_LAYER.districts)).toEqual(['!=', ['get', 'code'], '500151']);
    expect(filters.get(SCOPE_LAYER.outline)).toEqual(['==', ['get', 'code'], '500151']);
  });

  it('veils the other districts, and the other streets of its own, on a street’s wall', () => {
    const filters = filterOf('500151001');
    expect([...filters.keys()]).toEqual([SCOPE_LAYER.districts, SCOPE_LAYER.streets, SCOPE_LAYER.outline]);
    expect(filters.get(SCOPE_LAYER.streets)).toEqual(['all', ['==', ['get', 'district'], '500151'], ['!=', ['get', 'code'], '500151001']]);
    const outline = scopeLayers('500151001').find((layer) => layer.id === SCOPE_LAYER.outline);
    expect(outline && 'source-layer' in outline ? outline['source-layer'] : undefined).toBe('streets');
  });

  it('outlines a grid’s community on a grid’s wall', () => {
    const filters = filterOf('500151001002003');
    expect(filters.get(SCOPE_LAYER.communities)).toEqual(['all', ['==', ['get', 'street'], '500151001'], ['!=', ['get', 'code'], '500151001002']]);
    expect(filters.get(SCOPE_LAYER.outline)).toEqual(['==', ['get', 'code'], '500151001002']);
  });

  it('draws the outline as wide as the wall’s scale says, as setScale does', () => {
    const outline = scopeLayers('500151', 2).find((layer) => layer.id === SCOPE_LAYER.outline);
    expect(outline && 'paint' in outline ? outline.paint : undefined).toMatchObject(scopeSizedPaint(2)[SCOPE_LAYER.outline]);
  });

  it('picks the scope’s children at the start, then finer when zoomed in', () => {
    expect([0, 1.2, 3].map((zoomIn) => pickLevelAt('city', zoomIn))).toEqual(['district', 'street', 'grid']);
    expect([0, 1.2, 3].map((zoomIn) => pickLevelAt('500151', zoomIn))).toEqual(['street', 'grid', 'grid']);
    expect(pickLevelAt('500151001', 0)).toBe('grid');
    expect(pickLevelAt('500151001002', 0)).toBe('grid');
  });

  it('frames where the scope’s grids are, a grid by its community’s', () => {
    const area = (code: string, level: Area['level'], bbox: Area['bbox'], gridCount = 1): Area => ({
      code,
      name: code,
      level,
      parent: code.length === 6 ? 'city' : code.slice(0, code.length - 3),
      center: [0, 0],
      bbox,
      gridCount,
    });
    const city: CityAreas = {
      code: '500000',
      name: '重庆市',
      center: [0, 0],
      bbox: [100, 20, 110, 30],
      gridCount: 1,
      areas: [
        area('500151', 'district', [105, 29, 106, 30]),
        area('500151001', 'street', [105.1, 29.1, 105.3, 29.2]),
        area('500151002', 'street', [105.2, 29.15, 105.4, 29.3]),
        area('500151101', 'street', [105, 29, 106, 30], 0),
        area('500151001002', 'community', [105.1, 29.1, 105.2, 29.2]),
        area('500152', 'district', [106, 29, 107, 30], 0),
      ],
    };
    expect(scopeBounds(city, '500151')).toEqual([105.1, 29.1, 105.4, 29.3]);
    expect(scopeBounds(city, '500152')).toEqual([106, 29, 107, 30]);
    expect(scopeBounds(city, '500151001002003')).toEqual([105.1, 29.1, 105.2, 29.2]);
    expect(scopeBounds(city, 'city')).toEqual([100, 20, 110, 30]);
    expect(scopeBounds(city, '500199')).toBeUndefined();
  });
});
