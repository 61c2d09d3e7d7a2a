import { httpError } from '../http-error';
import { parseJsonBytes } from './json-bytes';
import { describeJsonError } from './json-error';
import { parseNdjson } from './ndjson';

export type BodyFormat = 'json' | 'ndjson';

/**
 * A `POST /api/v1/events` body as received: bytes, parsed where the events are validated (a
 * worker thread for the embedded log), not by the HTTP layer.
 */
export class EventBody {
  constructor(
    readonly bytes: Buffer,
    readonly format: BodyFormat,
  ) {}
}

/**
 * The items of a body: the JSON array, or one per NDJSON line (bad lines become MalformedLine
 * items). Throws an HttpError for a body that is no batch at all, or one over `maxBatch` events.
 */
export function parseEventBody(bytes: Uint8Array, format: BodyFormat, maxBatch: number): unknown[] {
  const items = parseItems(Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength), format);
  if (items.length > maxBatch) throw httpError(413, `batch of ${items.length} events is over the maximum of ${maxBatch} (ONESCREEN_MAX_BATCH): split it`);
  return items;
}

function parseItems(buffer: Buffer, format: BodyFormat): unknown[] {
  if (format === 'ndjson') return parseNdjson(buffer.toString('utf8'));
  let items: unknown;
  try {
    items = parseJsonBytes(buffer);
  } catch {
    const text = buffer.toString('utf8');
    throw httpError(400, text.trim() === '' ? 'body is empty: send a JSON array of events' : describeJsonError(text));
  }
  if (!Array.isArray(items)) throw httpError(400, `body must be a JSON array of events, not ${items === null ? 'null' : typeof items}`);
  return items;
}
