import { describe, expect, it } from 'vitest';
import { cityLayers, sizedPaint } from '../../client/map/layers';

type Paint = Record<string, unknown>;
const paintOf = (scale: number): Map<string, Paint> =>
  new Map(cityLayers('reported', 9, scale).map((layer) => [layer.id, ('paint' in layer ? layer.paint : {}) as Paint]));

describe('map layers on a scaled wall', () => {
  it('draw every line and the heat spots scale times wider, so a 4K wall keeps the 1080p look', () => {
    const design = paintOf(1);
    const fourK = paintOf(2);
    const lines = [...design].filter(([, paint]) => typeof paint['line-width'] === 'number');
    expect(lines.length).toBeGreaterThanOrEqual(6);
    for (const [id, paint] of lines) expect(fourK.get(id)?.['line-width'], id).toBe((paint['line-width'] as number) * 2);
    const radius = (paint: Paint | undefined): unknown[] => paint?.['heatmap-radius'] as unknown[];
    expect(radius(fourK.get('case-heat'))[4]).toBe((radius(design.get('case-heat'))[4] as number) * 2);
  });

  it('start with exactly the sized paint that setScale re-applies after a resize', () => {
    const layers = new Map(cityLayers('open', 9, 1.5).map((layer) => [layer.id, layer]));
    for (const [id, paint] of Object.entries(sizedPaint(1.5, 9))) {
      const layer = layers.get(id);
      expect(layer && 'paint' in layer ? layer.paint : undefined, id).toMatchObject(paint);
    }
  });
});
