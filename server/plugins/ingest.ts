import fp from 'fastify-plugin';
import type { EventBody } from '../ingest/event-body';
import type { IngestOutcome } from '../ingest/ingest-batch';
import { IngestPipeline } from '../ingest/ingest-pipeline';
import { SharedIngest } from '../scale/shared-ingest';

/** Where `POST /api/v1/events` hands its bodies: validated, stored, folded into the aggregator, then answered. */
export interface EventIngest {
  submit(body: EventBody): Promise<IngestOutcome>;
  /** What the stored event of an id says (recordContent), if the log holds it. */
  storedContent(id: string): Promise<string | undefined>;
  /** The seq of the (local) log up to which the aggregator holds every event and none after: what a checkpoint taken now covers. */
  position(): number;
}

declare module 'fastify' {
  interface FastifyInstance {
    ingest: EventIngest;
  }
}

/**
 * The ingest pipeline of the mode the server runs in: with the embedded log, its own thread that
 * parses, validates and stores (IngestPipeline); in scale-out, appends to the shared stream on
 * this thread (SharedIngest), whose events come back through this node's tail.
 */
export default fp(
  async (fastify) => {
    const { config, city, aggregator, eventLog, scale } = fastify;
    if (scale) {
      const shared = new SharedIngest({ log: scale.log, tail: scale.tail, copy: scale.copy, aggregator, city, now: config.now, maxBatch: config.maxBatch });
      fastify.decorate('ingest', {
        submit: (body: EventBody) => shared.submit(body),
        storedContent: async (id: string) => (await scale.log.contentsOf([id]))[0] ?? undefined,
        // The tail stores each page in the node's copy and folds it in within one turn of the event loop.
        position: () => eventLog.count(),
      });
      return;
    }
    const pipeline = new IngestPipeline({
      worker: { dataDir: config.dataDir, city: { geojson: config.cityGeojson, code: city.code, gridCount: city.gridCount } },
      log: eventLog,
      aggregator,
      now: config.now,
      maxBatch: config.maxBatch,
    });
    fastify.addHook('onClose', async () => pipeline.close());
    fastify.decorate('ingest', {
      submit: (body: EventBody) => pipeline.submit(body),
      storedContent: async (id: string) => eventLog.contentOf(id),
      position: () => pipeline.position(),
    });
  },
  { name: 'ingest', dependencies: ['config', 'city', 'event-log', 'aggregator', 'scale'] },
);
