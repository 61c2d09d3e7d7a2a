import fp from 'fastify-plugin';
import type { Config } from '../config';

/** The configuration in force, plus the clock everything time-dependent reads. */
export interface AppConfig extends Config {
  now: () => number;
}

declare module 'fastify' {
  interface FastifyInstance {
    config: AppConfig;
  }
}

export default fp<{ config: AppConfig }>(
  async (fastify, options) => {
    fastify.decorate('config', options.config);
  },
  { name: 'config' },
);
