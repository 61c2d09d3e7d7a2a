import { createAdapter } from '@socket.io/redis-adapter';
import fp from 'fastify-plugin';
import type { Redis } from 'ioredis';
import { replayLog, type ReplayProgress } from '../log/replay';
import { NodeCopy } from '../scale/node-copy';
import { RedisEventLog } from '../scale/redis-event-log';
import { connectRedis, subscriberOf } from '../scale/redis-connections';
import { StreamTail } from '../scale/stream-tail';
import { StreamTrimmer } from '../scale/stream-trimmer';

/** Scale-out (ONESCREEN_REDIS_URL): what replaces the embedded log for replay and ingest (plugins/ingest.ts). */
export interface Scale {
  log: RedisEventLog;
  tail: StreamTail;
  /** This node's own copy of the stream. */
  copy: NodeCopy;
  trimmer: StreamTrimmer;
  /** The start-up replay: this node's copy, the shared stream from there up to now, then following it. */
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

/**
 * Several nodes, one shared log: ingest on any node appends to a Redis Stream (idempotent by
 * event id), every node tails the stream into its own aggregator. Each node pushes deltas to
 * its own sockets from its own aggregates; the Socket.IO Redis adapter is installed for
 * server-side emits that must reach every node.
 */
export default fp(
  async (fastify) => {
    const { config, aggregator, eventLog } = fastify;
    const url = config.redisUrl;
    if (url === undefined) return;
    const options = config.scale;
    const where = safeAddress(url);
    let unreachable = false;
    const onError = (error: Error): void => {
      if (!unreachable) fastify.log.error({ redis: where }, `cannot reach Redis (ONESCREEN_REDIS_URL): ${error.message}; retrying`);
      unreachable = true;
    };
    // Commands fail at once while Redis is away, so that ingest answers 503 instead of hanging.
    const redis = connectRedis(url, { enableOfflineQueue: false, maxRetriesPerRequest: 1 }, onError);
    // The replay's and the tail's reads wait across reconnects.
    const reader = connectRedis(url, { maxRetriesPerRequest: null }, onError);
    // Only the Socket.IO adapter publishes, and it cannot retry: its publications wait for Redis.
    const pub = connectRedis(url, { maxRetriesPerRequest: null }, onError);
    const sub = subscriberOf(pub, onError);
    redis.on('ready', () => {
      if (unreachable) fastify.log.info({ redis: where }, 'Redis reachable again');
      unreachable = false;
      void checkDurability(redis).then((warning) => {
        if (warning !== undefined) fastify.log.warn({ redis: where }, warning);
      });
    });

    const copy = new NodeCopy(eventLog, config.dataDir);
    const log = new RedisEventLog(redis);
    const report = {
      error: (message: string) => fastify.log.error({ redis: where }, message),
      info: (message: string) => fastify.log.info({ redis: where }, message),
      debug: (message: string) => fastify.log.debug({ redis: where }, message),
    };
    const tail = new StreamTail(new RedisEventLog(reader), copy, aggregator, report);
    const trimmer = new StreamTrimmer(log, options.nodeExpiryHours * 3_600_000, report);
    fastify.decorate('scale', {
      log,
      tail,
      copy,
      trimmer,
      async replay(progress: ReplayProgress, signal: AbortSignal) {
        // The node's own copy first (no Redis needed), then what the stream holds beyond it.
        const local: ReplayProgress = { done: false, events: 0, ms: 0 };
        await replayLog(fastify.startContext, local, signal);
        progress.events = local.events;
        progress.checkpoint = local.checkpoint;
        await tail.catchUp(progress, signal);
        if (signal.aborted) return;
        tail.follow();
        // Its own schedule, not the ticker's: trimming is housekeeping of the shared stream, a
        // minute apart by default, waiting on Redis, and no part of what a wall sees each tick.
        trimmer.start(options.trimSeconds * 1000);
      },
    });
    fastify.log.info({ redis: where, stream: log.stream, node: copy.nodeId }, 'scale-out: the shared event log is a Redis Stream');

    fastify.addHook('onReady', async () => {
      if (fastify.hasDecorator('live')) fastify.live.io.adapter(createAdapter(pub, sub));
    });
    fastify.addHook('onClose', async () => {
      reader.disconnect();
      await Promise.all([tail.stop(), trimmer.stop()]);
      for (const connection of [redis, pub, sub]) connection.disconnect();
    });
  },
  { name: 'scale', dependencies: ['config', 'event-log', 'aggregator'] },
);

/** A warning when Redis's persistence is weaker than "an acknowledged append survives a power cut". */
async function checkDurability(redis: Redis): Promise<string | undefined> {
  const durability = await redis.config('GET', 'append*').catch(() => [] as unknown);
  const settings = new Map<string, string>();
  if (Array.isArray(durability)) for (let i = 0; i + 1 < durability.length; i += 2) settings.set(String(durability[i]), String(durability[i + 1]));
  if (settings.get('appendonly') !== 'yes') return 'Redis runs without appendonly: accepted events are lost if Redis restarts; set appendonly yes and appendfsync always';
  if (settings.get('appendfsync') !== 'always') return `Redis appendfsync is "${settings.get('appendfsync') ?? '?'}", not "always": up to a second of accepted events can be lost on a power cut`;
  return undefined;
}
