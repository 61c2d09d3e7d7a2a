import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseIsoTime } from '../../../server/ingest/iso-time';

describe('parseIsoTime', () => {
  it('reads times with an offset or Z, with optional seconds and fraction', () => {
    expect(parseIsoTime('2026-11-28T09:15:02+08:00')).toEqual({ ok: true, ms: Date.UTC(2026, 10, 28, 1, 15, 2) });
    expect(parseIsoTime('2026-11-28T01:15:02Z')).toEqual({ ok: true, ms: Date.UTC(2026, 10, 28, 1, 15, 2) });
    expect(parseIsoTime('2026-11-28T09:15+08:00')).toEqual({ ok: true, ms: Date.UTC(2026, 10, 28, 1, 15) });
    expect(parseIsoTime('2026-11-28T01:15:02.5Z')).toEqual({ ok: true, ms: Date.UTC(2026, 10, 28, 1, 15, 2, 500) });
    expect(parseIsoTime('2026-11-27T20:15:02.123456-05:00')).toEqual({ ok: true, ms: Date.UTC(2026, 10, 28, 1, 15, 2, 123) });
    expect(parseIsoTime('2028-02-29T00:00:00Z').ok).toBe(true);
  });

  it('refuses a time without an offset, saying so', () => {
    const result = parseIsoTime('2026-11-28T09:15:02');
    expect(result).toEqual({ ok: false, problem: expect.stringMatching(/^has no UTC offset/) });
  });

  it('refuses what is not a time, or not a real one', () => {
    for (const bad of ['', '2026-11-28', '28/11/2026 09:15', '2026-11-28 09:15:02+08:00', '2026-11-28T09:15:02+0800', '2026-11-28T09:15:02*08:00', '2026-11-28T09:1x:02+08:00', '2026-11-28T09:15:02Y', 'now']) {
      expect(parseIsoTime(bad), bad).toMatchObject({ ok: false, problem: expect.stringMatching(/not an ISO 8601 time/) });
    }
    for (const bad of ['2026-13-01T00:00:00Z', '2026-02-29T00:00:00Z', '2026-11-28T24:00:00Z', '2026-11-28T09:60:00Z']) {
      expect(parseIsoTime(bad), bad).toMatchObject({ ok: false, problem: expect.stringMatching(/not a real date/) });
    }
    expect(parseIsoTime('2026-11-28T09:00:00+15:00')).toMatchObject({ ok: false, problem: expect.stringMatching(/impossible UTC offset/) });
    expect(parseIsoTime('1969-12-31T23:59:59Z')).toMatchObject({ ok: false, problem: expect.stringMatching(/before 1970/) });
  });

  it('agrees with Date.parse on every valid time', () => {
    fc.assert(
      fc.property(fc.date({ min: new Date('1970-01-02'), max: new Date('2100-01-01'), noInvalidDate: true }), fc.integer({ min: -12, max: 14 }), (date, hours) => {
        const local = new Date(date.getTime() + hours * 3_600_000).toISOString().slice(0, 23);
        const offset = `${hours < 0 ? '-' : '+'}${String(Math.abs(hours)).padStart(2, '0')}:00`;
        expect(parseIsoTime(`${local}${offset}`)).toEqual({ ok: true, ms: date.getTime() });
        const wholeSeconds = date.getTime() - (date.getTime() % 1000);
        expect(parseIsoTime(`${local.slice(0, 19)}${offset}`)).toEqual({ ok: true, ms: wholeSeconds });
        if (hours === 0) expect(parseIsoTime(`${local.slice(0, 19)}Z`)).toEqual({ ok: true, ms: wholeSeconds });
      }),
    );
  });

  it('reads a fraction of 1 to 9 digits as whole milliseconds, and refuses 10', () => {
    const digits = fc.array(fc.integer({ min: 0, max: 9 }), { minLength: 1, maxLength: 10 }).map((d) => d.join(''));
    fc.assert(
      fc.property(fc.integer({ min: 86_400, max: 4_000_000_000 }), digits, fc.constantFrom('Z', '+08:00', '-05:30'), (seconds, fraction, zone) => {
        const offsetMs = zone === 'Z' ? 0 : (zone === '+08:00' ? 1 : -1) * (zone === '+08:00' ? 480 : 330) * 60_000;
        const text = `${new Date(seconds * 1000 + offsetMs).toISOString().slice(0, 19)}.${fraction}${zone}`;
        const expected = fraction.length > 9 ? { ok: false } : { ok: true, ms: seconds * 1000 + Number(`${fraction}00`.slice(0, 3)) };
        expect(parseIsoTime(text), text).toMatchObject(expected);
      }),
    );
  });
});
