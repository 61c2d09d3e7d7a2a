import fp from 'fastify-plugin';
import { PastLog } from '../replay/past-log';
import { Replicas } from '../replay/replicas';

declare module 'fastify' {
  interface FastifyInstance {
    replicas: Replicas;
  }
}

/**
 * The past rebuilt on demand: the reads that take `at`, replaying walls (docs/replay.md), and
 * evaluations of periods before the retained window (docs/evaluation.md#periods), from the
 * aggregator's memory or from the log (in scale-out, the node's own copy of the stream).
 */
export default fp(
  async (fastify) => {
    const { aggregator, eventLog, config } = fastify;
    fastify.decorate('replicas', new Replicas(aggregator, new PastLog(eventLog, aggregator, config.now), config.now));
  },
  { name: 'replicas', dependencies: ['config', 'event-log', 'aggregator'] },
);
