import rateLimit from '@fastify/rate-limit';
import fp from 'fastify-plugin';
import { httpError } from '../http-error';
import { tokenOf } from './auth';

/**
 * A generous per-token ceiling on ingest requests (ONESCREEN_INGEST_RATE a minute, 0 = none),
 * so that one runaway sender cannot starve the others; the sender backs off on 429 and resends.
 */
export default fp(
  async (fastify) => {
    const max = fastify.config.ingestRatePerMinute;
    if (max === 0) return;
    // Before the rate limiter's own onRoute hook, which reads `config.rateLimit`.
    fastify.addHook('onRoute', (route) => {
      if (route.config?.auth === 'ingest') route.config = { ...route.config, rateLimit: {} };
    });
    await fastify.register(rateLimit, {
      global: false,
      max,
      timeWindow: 60_000,
      keyGenerator: (request) => tokenOf(request) ?? request.ip,
      errorResponseBuilder: (_request, context) =>
        httpError(
          429,
          `more than ${context.max} ingest requests a minute with this token (ONESCREEN_INGEST_RATE): retry in ${context.after}, or send bigger batches`,
        ),
    });
  },
  { name: 'ingest-rate-limit', dependencies: ['config', 'auth'] },
);
