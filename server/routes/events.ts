import { closeSync, openSync, unlinkSync } from 'node:fs';
import { join } from 'node:path';
import { Type } from '@sinclair/typebox';
import type { FastifyPluginAsyncTypebox } from '../type-provider';
import { ErrorSchema, IngestResultSchema } from '../../contract';
import { httpError } from '../http-error';
import { IngestQueue } from '../ingest/ingest-queue';
import { isStorageError, type StorageError } from '../log/event-log';

/** Whether a file can be made in `dir`: access(2) misses a file system the kernel turned read-only after an error. */
function writable(dir: string): boolean {
  const probe = join(dir, '.write-probe');
  try {
    closeSync(openSync(probe, 'w'));
    unlinkSync(probe);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code !== 'EROFS' && (error as NodeJS.ErrnoException).code !== 'EACCES';
  }
}

/** SQLite's reason a write failed, as a reply: nothing of the batch was stored. */
function logWriteFailure(error: StorageError, dataDir: string) {
  const { code, message: reason } = error;
  if (code === 'SQLITE_IOERR_FSYNC') {
    return httpError(503, `${reason}; this batch may not be on disk: send it again (events already stored count once)`);
  }
  if (code === 'SQLITE_FULL') {
    return httpError(507, `the data directory is full (${reason}); nothing of this batch was stored: free space and send it again`);
  }
  // SQLite says only "disk I/O error" when the file system under an open log turns read-only.
  if (!writable(dataDir)) {
    return httpError(503, `the data directory ${dataDir} is read-only (${code}: ${reason}); nothing of this batch was stored: make it writable (a file system the kernel turned read-only needs a check and a restart) and send it again`);
  }
  return httpError(503, `the event log cannot be written (${code}: ${reason}); nothing of this batch was stored: send it again later`);
}

const events: FastifyPluginAsyncTypebox = async (app) => {
  const { config, city, eventLog, aggregator, metrics } = app;
  // Scale-out appends to the shared stream instead of the embedded log.
  const queue = app.scale?.ingest ?? new IngestQueue({ log: eventLog, aggregator, city, now: config.now });
  app.post(
    '/api/v1/events',
    {
      config: { auth: 'ingest' },
      preHandler: app.requireReplayed,
      schema: {
        summary: 'Ingest case events',
        description:
          'A JSON array of CaseEvent objects, or application/x-ndjson with one per line. Each event is validated on its own: rejected ones are listed with their index and why; the others are stored before the reply.',
        body: Type.Array(Type.Unknown()),
        response: { 200: IngestResultSchema, 400: ErrorSchema, 401: ErrorSchema, 403: ErrorSchema, 413: ErrorSchema, 415: ErrorSchema, 503: ErrorSchema, 507: ErrorSchema },
      },
    },
    async (request, reply) => {
      const items = request.body;
      if (items.length > config.maxBatch) {
        throw httpError(413, `batch of ${items.length} events is over the maximum of ${config.maxBatch} (ONESCREEN_MAX_BATCH): split it`);
      }
      let outcome;
      try {
        outcome = await queue.submit(items);
      } catch (error) {
        if (!isStorageError(error)) throw error;
        request.log.error({ err: error }, 'event log write failed');
        reply.header('retry-after', '5');
        throw logWriteFailure(error, config.dataDir);
      }
      metrics.recordIngest(outcome);
      return outcome.result;
    },
  );
};

export default events;
