import fp from 'fastify-plugin';
import { writeCheckpoint, CHECKPOINT_FORMAT } from '../log/checkpoint-file';

/** How often the schedule looks whether a checkpoint is due. */
const CHECK_EVERY_MS = 15_000;
/**
 * While running, cases closed before the retained window are forgotten once they are this share
 * of the cases held: a compaction rewrites every case, so it waits until it frees enough.
 */
const EVICT_SHARE = 0.01;

export interface CheckpointWriter {
  /** Forgets what the retained window no longer needs, then writes a checkpoint of now (after any being written). */
  write(): Promise<void>;
  /** The last one written or loaded: its log position and when. */
  readonly last: { position: number; at: number } | undefined;
}

declare module 'fastify' {
  interface FastifyInstance {
    checkpoints: CheckpointWriter;
  }
}

/**
 * Writes the aggregator's state to a checkpoint in the data directory (docs/storage.md#checkpoints):
 * every ONESCREEN_CHECKPOINT_MINUTES or ONESCREEN_CHECKPOINT_EVENTS events, whichever comes first,
 * and at a clean shutdown. On its own schedule, not the ticker's: a checkpoint takes seconds to
 * write, and the aggregator goes on meanwhile (its image is frozen copy-on-write), so the tick and
 * ingest are never held for it. Before each, cases closed before the retained window are
 * forgotten when there are enough of them.
 */
export default fp(
  async (fastify) => {
    const { config, aggregator, ingest, startContext } = fastify;
    const { minutes, events } = config.checkpoint;
    let last: CheckpointWriter['last'];
    let writing: Promise<void> | undefined;

    const writeNow = async (): Promise<void> => {
      const started = performance.now();
      const forgotten = aggregator.evict(EVICT_SHARE);
      const position = ingest.position();
      const image = aggregator.checkpoint();
      const { cases, events: held } = image.counts;
      const header = {
        format: CHECKPOINT_FORMAT,
        fingerprint: startContext.fingerprint,
        position,
        positionId: position > 0 ? (startContext.log.idAt(position) ?? null) : null,
        evicted: { generation: startContext.evicted.generation, rows: startContext.evicted.rows },
        cases,
        events: held,
        writtenAt: new Date(config.now()).toISOString(),
      };
      const { file, bytes } = await writeCheckpoint(config.dataDir, header, image);
      last = { position, at: config.now() };
      fastify.log.info({ file, bytes, position, cases, events: held, forgotten, ms: Math.round(performance.now() - started) }, 'checkpoint written');
    };
    // One at a time: a write asked for meanwhile follows the one being written.
    const write = async (): Promise<void> => {
      while (writing !== undefined) await writing.catch(() => undefined);
      writing = writeNow();
      try {
        await writing;
      } finally {
        writing = undefined;
      }
    };
    fastify.decorate('checkpoints', {
      write,
      get last() {
        return last;
      },
    });
    if (minutes === 0 && events === 0) return;

    /** A start that loaded no checkpoint writes one at once: the next start would replay the whole log again. */
    const due = (): boolean => {
      if (last === undefined) return false;
      const position = ingest.position();
      if (position === last.position) return false;
      if (last.position < 0) return position > 0;
      return (events > 0 && position - last.position >= events) || (minutes > 0 && config.now() - last.at >= minutes * 60_000);
    };
    let timer: NodeJS.Timeout | undefined;
    fastify.addHook('onReady', async () => {
      fastify.replayed.then(
        () => {
          last = { position: fastify.replay.checkpoint ?? -1, at: config.now() };
          const check = () => {
            if (writing !== undefined || !due()) return;
            write().catch((error: unknown) => fastify.log.error({ err: error }, 'checkpoint not written; the next is tried later'));
          };
          check();
          timer = setInterval(check, Math.min(CHECK_EVERY_MS, Math.max(1000, minutes * 60_000)));
          timer.unref();
        },
        () => undefined,
      );
    });
    // After the HTTP server has drained (no batch in flight), before the log closes.
    fastify.addHook('onClose', async () => {
      clearInterval(timer);
      await writing?.catch(() => undefined);
      if (!fastify.replay.done || last?.position === ingest.position()) return;
      await write().catch((error: unknown) => fastify.log.error({ err: error }, 'checkpoint at shutdown not written; the next start replays more of the log'));
    });
  },
  { name: 'checkpoints', dependencies: ['config', 'aggregator', 'ingest'] },
);
