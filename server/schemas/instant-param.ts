import { httpError } from '../http-error';
import { parseIsoTime } from '../ingest/iso-time';

/**
 * An instant given in a query (`asOf`, `at`): ISO 8601 with an offset, or a 400 saying what is
 * wrong. A `+` typed into a URL's query arrives as a space: an offset so written still counts.
 */
export function instantParam(name: string, raw: string): number {
  const time = parseIsoTime(raw.replace(/ (\d{2}:\d{2})$/, '+$1'));
  if (!time.ok) throw httpError(400, `${name} "${raw}": ${time.problem}`);
  return time.ms;
}
