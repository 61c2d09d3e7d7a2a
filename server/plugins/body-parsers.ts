import fp from 'fastify-plugin';
import { httpError } from '../http-error';
import { parseJsonBytes } from '../ingest/json-bytes';
import { describeJsonError } from '../ingest/json-error';
import { parseNdjson } from '../ingest/ndjson';

export const NDJSON = 'application/x-ndjson';

/**
 * JSON bodies with an error that says where the JSON breaks, and NDJSON bodies whose bad
 * lines become per-event rejections instead of failing the whole batch.
 */
export default fp(
  async (fastify) => {
    fastify.removeContentTypeParser('application/json');
    fastify.addContentTypeParser('application/json', { parseAs: 'buffer' }, (_request, body, done) => {
      const bytes = body as Buffer;
      try {
        done(null, parseJsonBytes(bytes));
      } catch {
        const text = bytes.toString('utf8');
        done(httpError(400, text.trim() === '' ? 'body is empty: send a JSON array of events' : describeJsonError(text)), undefined);
      }
    });
    fastify.addContentTypeParser(NDJSON, { parseAs: 'buffer' }, (_request, body, done) => {
      done(null, parseNdjson((body as Buffer).toString('utf8')));
    });
  },
  { name: 'body-parsers' },
);
