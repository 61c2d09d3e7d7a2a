import { afterAll, describe, expect, it } from 'vitest';
import { loadCity } from '../../server/geo';
import { TileSet, tilesOver } from '../../server/geo/tiles';
import { tileOf } from './tile-address';

const city = loadCity();
const bbox = city.areas().bbox;
const tiles = new TileSet(() => ({ grids: city.grids(), communities: city.communityOutlines(), streets: city.streetOutlines(), districts: city.districtOutlines() }));
afterAll(() => tiles.release());

describe('city tiles', () => {
  it('lists the tiles over an extent: the rectangle from the north-west corner’s tile to the south-east one’s', () => {
    const [west, south, east, north] = bbox;
    expect(tilesOver(bbox, 0)).toEqual([[0, 0]]);
    for (const z of [5, 9, 12]) {
      const nw = tileOf(west, north, z);
      const se = tileOf(east, south, z);
      const listed = tilesOver(bbox, z);
      expect(listed).toHaveLength((se.x - nw.x + 1) * (se.y - nw.y + 1));
      for (const corner of [nw, se, tileOf(west, south, z), tileOf(east, north, z)]) expect(listed).toContainEqual([corner.x, corner.y]);
      expect(listed).not.toContainEqual([nw.x - 1, nw.y]);
      expect(listed).not.toContainEqual([se.x, se.y + 1]);
    }
  });

  it('produces every tile over the city down to a zoom ahead of any request, the ones with grids among them', async () => {
    expect(tiles.size).toBe(0);
    const warming = tiles.prewarm(bbox, 6);
    expect(tiles.warming).toBe(true);
    await warming;
    expect(tiles.warming).toBe(false);
    const expected = [0, 1, 2, 3, 4, 5, 6].reduce((sum, z) => sum + tilesOver(bbox, z).length, 0);
    expect(tiles.size).toBe(expected);
    const core = tileOf(106.5772, 29.5592, 6);
    const tile = await tiles.tile(6, core.x, core.y);
    expect(tile?.gzip.byteLength).toBeGreaterThan(0);
    expect(tiles.size).toBe(expected);
  });

  it('stops quietly when the worker is released meanwhile', async () => {
    const other = new TileSet(() => ({ grids: city.grids(), communities: city.communityOutlines(), streets: city.streetOutlines(), districts: city.districtOutlines() }));
    const warming = other.prewarm(bbox, 11);
    await other.release();
    await expect(warming).resolves.toBeUndefined();
    expect(other.warming).toBe(false);
  });
});
