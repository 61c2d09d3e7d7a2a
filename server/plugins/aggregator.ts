import type { FastifyReply, FastifyRequest } from 'fastify';
import fp from 'fastify-plugin';
import { Aggregator } from '../core/aggregator';
import { httpError } from '../http-error';
import { checkpointFingerprint } from '../log/checkpoint-fingerprint';
import { EvictedStore } from '../log/evicted-store';
import { replayLog, type ReplayProgress, type StartContext } from '../log/replay';

declare module 'fastify' {
  interface FastifyInstance {
    aggregator: Aggregator;
    /** Progress of the start-up replay of the log into the aggregator. */
    replay: ReplayProgress;
    /** Settles when the replay has finished (rejects if it failed). */
    replayed: Promise<void>;
    /** preHandler of routes whose answers need the whole log folded in. */
    requireReplayed: (request: FastifyRequest, reply: FastifyReply) => Promise<void>;
    /** What a start (checkpoint, replay) and the checkpoints written later work with. */
    startContext: StartContext;
  }
}

/**
 * The aggregator, rebuilt after start from the newest usable checkpoint and the log after it, or
 * from the whole log (in pages, so /healthz and /readyz answer meanwhile), with the store of the
 * cases it forgets. Advancing it is the ticker's job (plugins/ticker.ts), draining its changes the
 * live push's, writing checkpoints plugins/checkpoints.ts's.
 */
export default fp(
  async (fastify) => {
    const { config, city, eventLog } = fastify;
    const evicted = new EvictedStore(config.dataDir);
    fastify.addHook('onClose', async () => evicted.close());
    const aggregator = new Aggregator({
      evicted,
      city,
      zone: config.zone,
      retentionDays: config.retentionDays,
      officeHours: config.officeHours,
      now: config.now,
      evaluationRules: config.evaluationRules,
    });
    const progress: ReplayProgress = { done: false, events: 0, ms: 0 };
    const stop = new AbortController();
    let settle: { resolve: () => void; reject: (error: Error) => void } | undefined;
    const replayed = new Promise<void>((resolve, reject) => {
      settle = { resolve, reject };
    });
    // A failed replay is reported through /readyz and the log; nobody has to await it.
    replayed.catch(() => undefined);

    const startContext: StartContext = {
      dataDir: config.dataDir,
      log: eventLog,
      aggregator,
      evicted,
      fingerprint: checkpointFingerprint(city, config),
      notice: (message) => fastify.log.info(message),
    };
    fastify.decorate('aggregator', aggregator);
    fastify.decorate('startContext', startContext);
    fastify.decorate('replay', progress);
    fastify.decorate('replayed', replayed);
    fastify.decorate('requireReplayed', async (_request: FastifyRequest, reply: FastifyReply) => {
      if (progress.done) return;
      reply.header('retry-after', '5');
      throw httpError(
        503,
        progress.error
          ? `the event log could not be replayed: ${progress.error}`
          : `the server is replaying its event log (${progress.events} events so far); retry in a few seconds`,
      );
    });

    let running: Promise<void> | undefined;
    fastify.addHook('onReady', async () => {
      // Scale-out: the shared stream instead of the embedded log.
      const replay = fastify.scale ? fastify.scale.replay(progress, stop.signal) : replayLog(startContext, progress, stop.signal);
      running = replay.then(
        () => {
          if (stop.signal.aborted) {
            settle?.reject(new Error('the server closed before the replay finished'));
            return;
          }
          fastify.log.info({ events: progress.events, ms: progress.ms, checkpoint: progress.checkpoint }, 'event log replayed');
          settle?.resolve();
        },
        (error: Error) => {
          fastify.log.error({ err: error }, 'event log replay failed');
          settle?.reject(error);
        },
      );
    });
    fastify.addHook('onClose', async () => {
      stop.abort();
      await running;
    });
  },
  { name: 'aggregator', dependencies: ['config', 'city', 'event-log'] },
);
