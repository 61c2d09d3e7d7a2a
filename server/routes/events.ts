import { Type } from '@sinclair/typebox';
import type { FastifyPluginAsyncTypebox } from '../type-provider';
import { ErrorSchema, IngestResultSchema } from '../../contract';
import { httpError } from '../http-error';
import { EventBody } from '../ingest/event-body';
import { isStorageError, type StorageError } from '../log/event-log';
import { isReadOnlyDir } from '../log/read-only-dir';

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
  if (isReadOnlyDir(dataDir)) {
    return httpError(503, `the data directory ${dataDir} is read-only (${code}: ${reason}); nothing of this batch was stored: make it writable (a file system the kernel turned read-only needs a check and a restart) and send it again`);
  }
  return httpError(503, `the event log cannot be written (${code}: ${reason}); nothing of this batch was stored: send it again later`);
}

const events: FastifyPluginAsyncTypebox = async (app) => {
  const { config, ingest, metrics } = app;
  app.post(
    '/api/v1/events',
    {
      config: { auth: 'ingest' },
      preHandler: app.requireReplayed,
      // The body stays bytes (an EventBody) until the ingest parses it; the schema documents it.
      validatorCompiler: () => () => true,
      schema: {
        summary: 'Ingest case events',
        description:
          'A JSON array of CaseEvent objects, or application/x-ndjson with one per line. Each event is validated on its own: rejected ones are listed with their index and why; the others are stored before the reply.',
        body: Type.Array(Type.Unknown()),
        response: { 200: IngestResultSchema, 400: ErrorSchema, 401: ErrorSchema, 403: ErrorSchema, 413: ErrorSchema, 415: ErrorSchema, 503: ErrorSchema, 507: ErrorSchema },
      },
    },
    async (request, reply) => {
      let outcome;
      try {
        const body: unknown = request.body;
        if (!(body instanceof EventBody)) throw httpError(400, 'body is empty: send a JSON array of events');
        outcome = await ingest.submit(body);
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
