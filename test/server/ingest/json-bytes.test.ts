import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseJsonBytes } from '../../../server/ingest/json-bytes';

/** The plain way: decode all of it, then parse. */
const plain = (bytes: Buffer): unknown => JSON.parse(bytes.toString('utf8'));

/** JSON text with every char above U+007F written as a `\uXXXX` escape (surrogates in pairs). */
const escaped = (value: unknown) => JSON.stringify(value).replace(/[\u0080-\uffff]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);

/** Parsed JSON, compared with key order, own `__proto__` keys and all. */
const shape = (value: unknown) => JSON.stringify(value, (_key, v: unknown) => (typeof v === 'object' && v !== null && !Array.isArray(v) ? Object.entries(v) : v));

describe('parseJsonBytes', () => {
  it('equals decoding then parsing, for any JSON with any text, raw or escaped', () => {
    const text = fc.jsonValue({ stringUnit: 'binary' });
    fc.assert(
      fc.property(text, fc.boolean(), (value, escape) => {
        const bytes = Buffer.from(escape ? escaped(value) : JSON.stringify(value));
        expect(shape(parseJsonBytes(bytes))).toBe(shape(plain(bytes)));
      }),
      { numRuns: 2000 },
    );
  });

  it('equals decoding then parsing when raw and escaped text meet in one string or one body', () => {
    const piece = fc.oneof(fc.string({ unit: 'binary' }), fc.constantFrom('é', 'ü', 'ÿ', '\u0080', '中', '垃圾', '😀', '\\'));
    fc.assert(
      fc.property(fc.array(fc.tuple(piece, fc.boolean()), { maxLength: 8 }), fc.array(piece, { maxLength: 3 }), (parts, keys) => {
        const inner = parts.map(([p, escape]) => (escape ? escaped(p).slice(1, -1) : JSON.stringify(p).slice(1, -1))).join('');
        const object = keys.map((k, i) => `${JSON.stringify(k)}:${i}`).join(',');
        const bytes = Buffer.from(`[{"description":"${inner}"${object ? `,${object}` : ''}},"${inner}"]`);
        expect(shape(parseJsonBytes(bytes))).toBe(shape(plain(bytes)));
      }),
      { numRuns: 2000 },
    );
  });

  it('turns invalid UTF-8 into U+FFFD as decoding does, and keeps a `__proto__` key an own field', () => {
    const broken = Buffer.concat([Buffer.from('[{"a":"x'), Buffer.from([0xe4, 0xb8]), Buffer.from('","__proto__":"ü","b":"'), Buffer.from([0xff]), Buffer.from('中"}]')]);
    const parsed = parseJsonBytes(broken) as Array<Record<string, unknown>>;
    expect(shape(parsed)).toBe(shape(plain(broken)));
    expect(parsed[0].a).toBe('x\uFFFD');
    expect(Object.getPrototypeOf(parsed[0])).toBe(Object.prototype);
    expect(Object.keys(parsed[0])).toEqual(['a', '__proto__', 'b']);
  });

  it('throws where JSON.parse throws', () => {
    for (const bad of ['', '[1,', '{"a":"é"', '["é" "x"]']) expect(() => parseJsonBytes(Buffer.from(bad)), bad).toThrow();
  });
});
