import { Type } from '@sinclair/typebox';
import { LatticeGridsSchema } from '../../contract';

/** Response schemas of the geo routes that are not in the contract: GeoJSON as we serve it. */

const Position = Type.Array(Type.Number(), { minItems: 2 });
const PolygonCoordinates = Type.Array(Type.Array(Position));

const PolygonGeometry = Type.Union([
  Type.Object({ type: Type.Literal('Polygon'), coordinates: PolygonCoordinates }),
  Type.Object({ type: Type.Literal('MultiPolygon'), coordinates: Type.Array(PolygonCoordinates) }),
]);

export const OutlineCollectionSchema = Type.Object({
  type: Type.Literal('FeatureCollection'),
  features: Type.Array(
    Type.Object({
      type: Type.Literal('Feature'),
      properties: Type.Object({ code: Type.String(), name: Type.String(), district: Type.Optional(Type.String()) }),
      geometry: PolygonGeometry,
    }),
  ),
});

export const GridFeatureCollectionSchema = Type.Object({
  type: Type.Literal('FeatureCollection'),
  kind: Type.Literal('polygons'),
  features: Type.Array(
    Type.Object({
      type: Type.Literal('Feature'),
      properties: Type.Object({ code: Type.String() }),
      geometry: PolygonGeometry,
    }),
  ),
});

export const GridsResponseSchema = Type.Union([LatticeGridsSchema, GridFeatureCollectionSchema]);
