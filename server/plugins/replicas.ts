import fp from 'fastify-plugin';
import { Replicas } from '../replay/replicas';

declare module 'fastify' {
  interface FastifyInstance {
    replicas: Replicas;
  }
}

/** The past rebuilt on demand: the reads that take `at`, and replaying walls (docs/replay.md). */
export default fp(
  async (fastify) => {
    fastify.decorate('replicas', new Replicas(fastify.aggregator, fastify.config.now));
  },
  { name: 'replicas', dependencies: ['config', 'aggregator'] },
);
