import type { CityAreas, LatticeGrids } from '../../contract';

/**
 * A small lattice city for tests that must not wait for the demo city: `cols × rows` cells,
 * a ring of empty cells around it (so "outside the city" exists), districts as vertical bands
 * and streets as horizontal bands within them.
 */
export function smallCity(cols = 40, rows = 30, districts = 3): { grids: LatticeGrids; areas: CityAreas } {
  const west = 106.3;
  const south = 29.4;
  const dLng = 0.005;
  const dLat = 0.0045;
  const codes: string[] = [];
  const cells: number[] = [];
  const areas: CityAreas['areas'] = [];
  const bandWidth = Math.ceil((cols - 2) / districts);
  for (let row = 1; row < rows - 1; row += 1) {
    for (let col = 1; col < cols - 1; col += 1) {
      const d = Math.floor((col - 1) / bandWidth);
      const street = Math.floor((row - 1) / 7);
      const district = `5001${String(d + 1).padStart(2, '0')}`;
      const streetCode = `${district}${String(street + 1).padStart(3, '0')}`;
      codes.push(`${streetCode}001${String(codes.length % 1000).padStart(3, '0')}`);
      cells.push(row * cols + col);
      if (!areas.some((a) => a.code === district)) {
        areas.push({ code: district, name: `第${d + 1}区`, level: 'district', parent: 'city', center: [west, south], bbox: [west, south, west, south], gridCount: 0 });
      }
      if (!areas.some((a) => a.code === streetCode)) {
        areas.push({ code: streetCode, name: `第${d + 1}区${street + 1}街道`, level: 'street', parent: district, center: [west, south], bbox: [west, south, west, south], gridCount: 0 });
      }
    }
  }
  const center: [number, number] = [west + (cols / 2) * dLng, south + (rows / 2) * dLat];
  const bbox: [number, number, number, number] = [west, south, west + cols * dLng, south + rows * dLat];
  return {
    grids: { kind: 'lattice', west, south, dLng, dLat, cols, rows, codes, cells },
    areas: { code: 'city', name: '测试市', center, bbox, gridCount: codes.length, areas },
  };
}
