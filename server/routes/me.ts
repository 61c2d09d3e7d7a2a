import type { FastifyPluginAsyncTypebox } from '../type-provider';
import { MeSchema } from '../../contract';
import { SCOPED_ROLES } from '../auth/token-entry';
import { READ_ERRORS } from '../schemas/read-queries';

/** Mapbox's dark style: the wall's own layers read best on it. */
const MAPBOX_STYLE = 'mapbox://styles/mapbox/dark-v10';

/** `GET /api/v1/me`: who the token is and what it reads, so a page never offers what it would be refused. */
const me: FastifyPluginAsyncTypebox = async (app) => {
  app.get(
    '/api/v1/me',
    {
      config: { auth: 'read' },
      preHandler: app.requireReplayed,
      schema: {
        summary: 'The token’s role, name, readable scopes, the city’s time zone, today and the retained days',
        response: { 200: MeSchema, ...READ_ERRORS },
      },
    },
    async (request) => {
      const principal = request.principal;
      if (principal === null) throw new Error('a read route ran without a principal');
      const { city, aggregator, config } = app;
      const scopes = SCOPED_ROLES.has(principal.role) ? principal.scopes : ['city'];
      const cityWide = scopes.includes('city');
      const districts = cityWide ? city.childrenOf('city') : scopes.filter((code) => city.levelOf(code) === 'district');
      const first = await app.replicas.firstEventAt();
      const named = (code: string) => ({ code, name: code === 'city' ? city.name : (city.nameOf(code) ?? code) });
      return {
        role: principal.role,
        name: principal.name,
        city: cityWide,
        scopes: scopes.map((code) => ({ ...named(code), level: city.levelOf(code) ?? 'city' })),
        districts: districts.map(named),
        timeZone: config.zone,
        today: aggregator.today(),
        retained: aggregator.retained(),
        ...(Number.isFinite(first) ? { firstEventAt: new Date(first).toISOString() } : {}),
        ...(config.mapboxToken ? { basemap: { style: MAPBOX_STYLE, accessToken: config.mapboxToken } } : {}),
      };
    },
  );
};

export default me;
