import fp from 'fastify-plugin';
import { EventBody } from '../ingest/event-body';

export const NDJSON = 'application/x-ndjson';

/**
 * Event bodies are kept as bytes (an EventBody): the ingest parses them where it validates
 * them, off the main thread, with errors that say where the JSON breaks and NDJSON lines
 * rejected one by one.
 */
export default fp(
  async (fastify) => {
    // Only events are posted; any other type (text/plain included) is refused with 415.
    fastify.removeAllContentTypeParsers();
    fastify.addContentTypeParser('application/json', { parseAs: 'buffer' }, (_request, body, done) => {
      done(null, new EventBody(body as Buffer, 'json'));
    });
    fastify.addContentTypeParser(NDJSON, { parseAs: 'buffer' }, (_request, body, done) => {
      done(null, new EventBody(body as Buffer, 'ndjson'));
    });
  },
  { name: 'body-parsers' },
);
