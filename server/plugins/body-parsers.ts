import fp from 'fastify-plugin';
import { httpError } from '../http-error';
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
    fastify.addContentTypeParser('application/json', { parseAs: 'string' }, (_request, body, done) => {
      const text = body as string;
      if (text.trim() === '') {
        done(httpError(400, 'body is empty: send a JSON array of events'), undefined);
        return;
      }
      try {
        done(null, JSON.parse(text));
      } catch {
        done(httpError(400, describeJsonError(text)), undefined);
      }
    });
    fastify.addContentTypeParser(NDJSON, { parseAs: 'string' }, (_request, body, done) => {
      done(null, parseNdjson(body as string));
    });
  },
  { name: 'body-parsers' },
);
