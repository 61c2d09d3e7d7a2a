import { createAdapter } from '@socket.io/redis-adapter';
import fp from 'fastify-plugin';
import { Redis, type RedisOptions } from 'ioredis';
import type { ReplayProgress } from '../log/replay';
import { RedisEventLog } from '../scale/redis-event-log';
import { SharedIngest } from '../scale/shared-ingest';
import { StreamTail } from '../scale/stream-tail';

/** Scale-out (ONESCREEN_REDIS_URL): what replaces the embedded log for replay and ingest. */
export interface Scale {
  log: RedisEventLog;
  tail: StreamTail;
  ingest: SharedIngest;
  /** The start-up replay: the shared stream up to now, then following it. */
  replay(progress: ReplayProgress, signal: AbortSignal): Promise<void>;
}

declare module 'fastify' {
  interface FastifyInstance {
    /** Set only in scale-out mode. */
    scale?: Scale;
  }
}

/** The Redis address without its password, for logs. */
function safeAddress(url: string): string {
  try {
    const parsed = new URL(url);
    return `${parsed.protocol}//${parsed.host}${parsed.pathname}`;
  } catch {
    return '(unparseable ONESCREEN_REDIS_URL)';
  }
}

async function connect(url: string, options: RedisOptions): Promise<Redis> {
  const redis = new Redis(url, { lazyConnect: true, ...options });
  redis.on('error', () => undefined);
  try {
    await redis.connect();
  } catch (error) {
    redis.disconnect();
    throw new Error(`cannot reach Redis at ${safeAddress(url)} (ONESCREEN_REDIS_URL): ${(error as Error).message}`);
  }
  return redis;
}

/**
 * Several nodes, one shared log: ingest on any node appends to a Redis Stream (idempotent by
 * event id), every node tails the stream into its own aggregator. Each node pushes deltas to
 * its own sockets from its own aggregates; the Socket.IO Redis adapter is installed for
 * server-side emits that must reach every node.
 */
export default fp(
  async (fastify) => {
    const { config, aggregator, city } = fastify;
    const url = config.redisUrl;
    if (url === undefined) return;
    const where = safeAddress(url);
    // Commands fail at once while Redis is away, so that ingest answers 503 instead of hanging.
    const redis = await connect(url, { enableOfflineQueue: false, maxRetriesPerRequest: 1 });
    // The tail's blocking reads wait across reconnects.
    const reader = await connect(url, { maxRetriesPerRequest: null });
    const pub = await connect(url, {});
    const sub = pub.duplicate();
    sub.on('error', () => undefined);
    const durability = await redis.config('GET', 'append*').catch(() => [] as unknown);
    const settings = new Map<string, string>();
    if (Array.isArray(durability)) for (let i = 0; i + 1 < durability.length; i += 2) settings.set(String(durability[i]), String(durability[i + 1]));
    if (settings.get('appendonly') !== 'yes') {
      fastify.log.warn({ redis: where }, 'Redis runs without appendonly: accepted events are lost if Redis restarts; set appendonly yes and appendfsync always');
    } else if (settings.get('appendfsync') !== 'always') {
      fastify.log.warn({ redis: where, appendfsync: settings.get('appendfsync') }, 'Redis appendfsync is not "always": up to a second of accepted events can be lost on a power cut');
    }

    const log = new RedisEventLog(redis);
    const tailLog = new RedisEventLog(reader);
    const tail = new StreamTail(tailLog, aggregator, {
      error: (message) => fastify.log.error({ redis: where }, message),
      info: (message) => fastify.log.info({ redis: where }, message),
    });
    const ingest = new SharedIngest({ log, redis, tail, aggregator, city, now: config.now });
    fastify.decorate('scale', {
      log,
      tail,
      ingest,
      async replay(progress: ReplayProgress, signal: AbortSignal) {
        await tail.catchUp(progress, signal);
        if (!signal.aborted) tail.follow();
      },
    });
    fastify.log.info({ redis: where, stream: log.stream }, 'scale-out: the shared event log is a Redis Stream');

    fastify.addHook('onReady', async () => {
      if (fastify.hasDecorator('live')) fastify.live.io.adapter(createAdapter(pub, sub));
    });
    fastify.addHook('onClose', async () => {
      reader.disconnect();
      await tail.stop();
      for (const connection of [redis, pub, sub]) connection.disconnect();
    });
  },
  { name: 'scale', dependencies: ['config', 'city', 'aggregator'] },
);
