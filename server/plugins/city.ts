import fp from 'fastify-plugin';
import { loadCity, type City } from '../geo';

declare module 'fastify' {
  interface FastifyInstance {
    city: City;
  }
}

/** The city's geography: the committed demo city, or the grid GeoJSON the config names. */
export default fp<{ city?: City }>(
  async (fastify, options) => {
    const { cityGeojson } = fastify.config;
    fastify.decorate('city', options.city ?? loadCity(cityGeojson ? { geojson: cityGeojson } : undefined));
  },
  { name: 'city', dependencies: ['config'] },
);
