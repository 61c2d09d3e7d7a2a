import type { FastifyPluginAsync, FastifyReply, FastifyRequest } from 'fastify';
import { Type } from '@sinclair/typebox';
import { CityAreasSchema, CommunityGridsSchema, ErrorSchema, GridIndexSchema } from '../../contract';
import { TILE_MAX_ZOOM, type GeoAsset, type GeoAssetName } from '../geo';
import { GridsResponseSchema, OutlineCollectionSchema } from '../geo/schemas';

/** Geography changes only with a restart on other data; the ETag revalidates after that. */
const CACHE_CONTROL = 'public, max-age=3600';

function acceptsGzip(header: string | undefined): boolean {
  if (!header) return false;
  return header.split(',').some((part) => {
    const [coding, ...params] = part.trim().toLowerCase().split(';');
    if (coding.trim() !== 'gzip' && coding.trim() !== '*') return false;
    const q = params.map((p) => p.trim()).find((p) => p.startsWith('q='));
    return q === undefined || Number(q.slice(2)) > 0;
  });
}

/** If-None-Match compares weakly (RFC 9110): either encoding's tag means the client has this content. */
function isFresh(header: string | undefined, asset: GeoAsset): boolean {
  if (!header) return false;
  return header.split(',').some((raw) => {
    const tag = raw.trim().replace(/^W\//, '');
    return tag === '*' || tag === asset.etag || tag === asset.gzipEtag;
  });
}

function sendAsset(request: FastifyRequest, reply: FastifyReply, asset: GeoAsset): FastifyReply {
  const gzip = acceptsGzip(request.headers['accept-encoding']);
  reply.header('cache-control', CACHE_CONTROL).header('vary', 'Accept-Encoding').header('etag', gzip ? asset.gzipEtag : asset.etag);
  if (isFresh(request.headers['if-none-match'], asset)) return reply.code(304).send();
  reply.type(asset.type);
  if (gzip) reply.header('content-encoding', 'gzip');
  return reply.send(gzip ? asset.gzip : asset.body);
}

function badRequest(reply: FastifyReply, message: string): FastifyReply {
  return reply.code(400).send({ statusCode: 400, error: 'Bad Request', message });
}

const JSON_ROUTES: Array<{ path: string; asset: GeoAssetName; schema: object; summary: string }> = [
  { path: '/areas', asset: 'areas', schema: CityAreasSchema, summary: 'Districts, streets and communities: codes, names, parent, centre, extent, grid count' },
  { path: '/grids', asset: 'grids', schema: GridsResponseSchema, summary: 'All grids: the compact lattice, or a FeatureCollection for a city of polygons' },
  {
    path: '/grid-index',
    asset: 'grid-index',
    schema: GridIndexSchema,
    summary: 'Grid codes in index order, grouped by community: a vector tile grid feature has its index as id',
  },
  { path: '/districts', asset: 'districts', schema: OutlineCollectionSchema, summary: 'District outlines (GeoJSON)' },
  { path: '/streets', asset: 'streets', schema: OutlineCollectionSchema, summary: 'Street outlines (GeoJSON)' },
];

const CommunityQuerySchema = Type.Object({
  community: Type.String({ pattern: '^\\d{12}$', description: 'A community (社区/村): its 12-digit code' }),
});

/** Reads one tile coordinate, or explains what is wrong with it. */
function tileCoordinate(name: string, raw: string, max: number): number | string {
  if (!/^\d+$/.test(raw)) return `${name} must be a whole number, got "${raw}"`;
  const value = Number(raw);
  return value > max ? `${name} must be between 0 and ${max}, got ${value}` : value;
}

/** `GET /api/v1/geo/*`: the city's geometry, cacheable (ETag, 304) and served gzipped when accepted. */
const geoRoutes: FastifyPluginAsync = async (fastify) => {
  const { city } = fastify;
  for (const route of JSON_ROUTES) {
    fastify.get(
      `/api/v1/geo${route.path}`,
      { config: { auth: 'reference' }, schema: { summary: route.summary, tags: ['geo'], response: { 200: route.schema } } },
      (request, reply) => {
        // The areas are what a map page asks for first: its tiles follow once its map is made.
        if (route.asset === 'areas') city.prepareTiles();
        return sendAsset(request, reply, city.asset(route.asset));
      },
    );
  }
  fastify.get<{ Querystring: { community: string } }>(
    '/api/v1/geo/community-grids',
    {
      config: { auth: 'reference' },
      schema: {
        summary: "A community's grids: code, name and label point (its wall labels them)",
        tags: ['geo'],
        querystring: CommunityQuerySchema,
        response: { 200: CommunityGridsSchema, 400: ErrorSchema, 404: ErrorSchema },
      },
    },
    (request, reply) => {
      const { community } = request.query;
      const asset = city.communityGrids(community);
      if (!asset) return reply.code(404).send({ statusCode: 404, error: 'Not Found', message: `unknown community "${community}"` });
      return sendAsset(request, reply, asset);
    },
  );
  fastify.get<{ Params: { z: string; x: string; tile: string } }>(
    '/api/v1/geo/tiles/:z/:x/:tile',
    { config: { auth: 'reference' }, schema: { summary: `Mapbox vector tile z/x/y.pbf (layers grids: id = grid index, see /grid-index; communities, streets, districts), z ≤ ${TILE_MAX_ZOOM}`, tags: ['geo'] } },
    async (request, reply) => {
      const match = /^(.*)\.pbf$/.exec(request.params.tile);
      if (!match) return badRequest(reply, `a tile address ends in <y>.pbf, got "${request.params.tile}"`);
      const z = tileCoordinate('z', request.params.z, TILE_MAX_ZOOM);
      if (typeof z === 'string') return badRequest(reply, z);
      const x = tileCoordinate('x', request.params.x, 2 ** z - 1);
      if (typeof x === 'string') return badRequest(reply, `${x} at zoom ${z}`);
      const y = tileCoordinate('y', match[1], 2 ** z - 1);
      if (typeof y === 'string') return badRequest(reply, `${y} at zoom ${z}`);
      const tile = await city.tile(z, x, y);
      if (!tile) return reply.code(204).header('cache-control', CACHE_CONTROL).send();
      return sendAsset(request, reply, tile);
    },
  );
};

export default geoRoutes;
