import { DateTime } from 'luxon';
import { clean, coordinates, type SourceFormat, type SourceRow } from '../source-row';

/**
 * Open311 GeoReport v2 `requests.json`. The spec's own example is not valid JSON
 * (`"service_code":006`), so numbers with leading zeros are read as the strings they mean.
 * Times carry their offset; one without is read in the format's zone.
 */
export const open311: SourceFormat = {
  name: 'open311',
  zone: 'America/Los_Angeles',
  read: (text) => {
    const { json, objectLines } = tolerantJson(text);
    let body: unknown;
    try {
      body = JSON.parse(json);
    } catch (error) {
      throw new Error(`not a GeoReport v2 JSON document: ${error instanceof Error ? error.message : String(error)}`);
    }
    if (!Array.isArray(body)) throw new Error('not a GeoReport v2 requests document: expected a JSON array of service requests');
    return body.map((item: unknown, i): SourceRow => {
      const r = (item && typeof item === 'object' ? item : {}) as Record<string, unknown>;
      const text = (key: string): string => (r[key] === null || r[key] === undefined ? '' : clean(String(r[key])));
      const status = text('status');
      return {
        line: objectLines[i] ?? 0,
        id: text('service_request_id'),
        typeKeys: [text('service_code'), text('service_name')].filter(Boolean),
        status,
        notes: text('status_notes'),
        channel: '',
        district: text('zipcode'),
        created: text('requested_datetime'),
        closed: status.toLowerCase() === 'closed' ? text('updated_datetime') : '',
        ...coordinates(text('long'), text('lat')),
        description: [text('service_name'), text('description'), text('address')].filter(Boolean).join(' — '),
      };
    });
  },
  parseTime: (text, zone) => {
    const t = DateTime.fromISO(text.trim(), { zone, setZone: true });
    return t.isValid ? t.toMillis() : undefined;
  },
};

/** Quotes bare numbers with leading zeros and notes the line each top-level array item starts on. */
function tolerantJson(text: string): { json: string; objectLines: number[] } {
  const objectLines: number[] = [];
  let out = '';
  let line = 1;
  let depth = 0;
  let inString = false;
  for (let i = 0; i < text.length; i += 1) {
    const ch = text[i];
    if (ch === '\n') line += 1;
    if (inString) {
      out += ch;
      if (ch === '\\') out += text[++i] ?? '';
      else if (ch === '"') inString = false;
      continue;
    }
    if (ch === '"') inString = true;
    else if (ch === '{' || ch === '[') {
      if (depth === 1 && ch === '{') objectLines.push(line);
      depth += 1;
    } else if (ch === '}' || ch === ']') depth -= 1;
    else if (ch === '0' && /[\d]/.test(text[i + 1] ?? '') && !/[\d.eE+-]/.test(text[i - 1] ?? '')) {
      const digits = /^\d+/.exec(text.slice(i))?.[0] ?? '';
      out += `"${digits}"`;
      i += digits.length - 1;
      continue;
    }
    out += ch;
  }
  return { json: out, objectLines };
}
