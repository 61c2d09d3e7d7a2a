import { describe, expect, it } from 'vitest';
import type { Area, CityAreas } from '../../contract';
import { focusBounds } from '../../client/map/focus-bounds';

const area = (code: string, level: Area['level'], parent: string, bbox: Area['bbox'], gridCount: number): Area => ({
  code,
  name: code,
  level,
  parent,
  center: [(bbox[0] + bbox[2]) / 2, (bbox[1] + bbox[3]) / 2],
  bbox,
  gridCount,
});

describe('focusBounds', () => {
  it('frames the streets of the densest districts holding the asked share of grids', () => {
    const city: CityAreas = {
      code: '500000',
      name: '重庆市',
      center: [107, 30],
      bbox: [105, 28, 110, 32],
      gridCount: 1000,
      areas: [
        area('500103', 'district', 'city', [106.5, 29.5, 106.6, 29.6], 500),
        area('500103001', 'street', '500103', [106.52, 29.52, 106.55, 29.55], 300),
        area('500103002', 'street', '500103', [106.55, 29.55, 106.58, 29.58], 200),
        area('500101', 'district', 'city', [108, 30, 109, 31], 500),
        area('500101001', 'street', '500101', [108.2, 30.2, 108.3, 30.3], 500),
      ],
    };
    expect(focusBounds(city, 0.5)).toEqual([106.52, 29.52, 106.58, 29.58]);
    expect(focusBounds(city, 0.9)).toEqual([106.52, 29.52, 108.3, 30.3]);
  });

  it('falls back to the whole city when no street has grids', () => {
    const city: CityAreas = { code: 'c', name: 'c', center: [0, 0], bbox: [0, 0, 1, 1], gridCount: 0, areas: [] };
    expect(focusBounds(city)).toEqual([0, 0, 1, 1]);
  });
});
