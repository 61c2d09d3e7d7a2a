import type { LatticeGrids } from '../../contract';

/** The compact lattice of `/api/v1/geo/grids` as polygons: the reference map page's GeoJSON. */
export function latticeToGeoJSON(lattice: LatticeGrids): GeoJSON.FeatureCollection<GeoJSON.Polygon, { code: string }> {
  const features: GeoJSON.Feature<GeoJSON.Polygon, { code: string }>[] = new Array(lattice.codes.length);
  for (let i = 0; i < lattice.codes.length; i += 1) {
    const cell = lattice.cells[i];
    const row = Math.floor(cell / lattice.cols);
    const col = cell % lattice.cols;
    const w = lattice.west + col * lattice.dLng;
    const s = lattice.south + row * lattice.dLat;
    const e = w + lattice.dLng;
    const n = s + lattice.dLat;
    features[i] = {
      type: 'Feature',
      properties: { code: lattice.codes[i] },
      geometry: { type: 'Polygon', coordinates: [[[w, s], [e, s], [e, n], [w, n], [w, s]]] },
    };
  }
  return { type: 'FeatureCollection', features };
}
