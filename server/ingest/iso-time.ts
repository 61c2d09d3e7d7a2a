/**
 * ISO 8601 times with an explicit offset, parsed by hand: the ingest parses one per event at
 * its budgeted rate (docs/budgets.md), and `Date.parse` would silently take a time without an
 * offset as local time, which is exactly what must be refused.
 */
const ISO_TIME = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})(?::(\d{2})(?:\.(\d{1,9}))?)?(?:(Z)|([+-])(\d{2}):(\d{2}))$/;
const NO_OFFSET = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(?::\d{2}(?:\.\d{1,9})?)?$/;

export type TimeParse = { ok: true; ms: number } | { ok: false; problem: string };

const DAYS_IN_MONTH = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

function daysIn(year: number, month: number): number {
  const leap = (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
  return month === 2 && leap ? 29 : DAYS_IN_MONTH[month - 1];
}

const ZERO = 48;

/** The number written by the two ASCII digits at i, or NaN. */
function two(value: string, i: number): number {
  const a = value.charCodeAt(i) - ZERO;
  const b = value.charCodeAt(i + 1) - ZERO;
  return a >= 0 && a <= 9 && b >= 0 && b <= 9 ? a * 10 + b : Number.NaN;
}

/**
 * The usual shapes, `2026-11-28T09:15:02+08:00`, `…02Z` and either with a fraction of up to 9
 * digits (`…02.854Z`), read by character codes (no regular expression, no substrings);
 * undefined for any other shape, which the general path reads.
 */
function quickParse(value: string): TimeParse | undefined {
  if (value.length < 20 || value[4] !== '-' || value[7] !== '-' || value[10] !== 'T' || value[13] !== ':' || value[16] !== ':') return undefined;
  const year = two(value, 0) * 100 + two(value, 2);
  const fields = [year, two(value, 5), two(value, 8), two(value, 11), two(value, 14), two(value, 17)];
  if (fields.some(Number.isNaN)) return undefined;
  let i = 19;
  let millis = 0;
  if (value[i] === '.') {
    let digits = 0;
    for (i++; i < value.length && digits < 10; i++, digits++) {
      const d = value.charCodeAt(i) - ZERO;
      if (d < 0 || d > 9) break;
      if (digits < 3) millis = millis * 10 + d;
    }
    if (digits === 0 || digits > 9) return undefined;
    millis *= digits === 1 ? 100 : digits === 2 ? 10 : 1;
  }
  if (value.length === i + 1) return value[i] === 'Z' ? checked(value, fields, millis, '', 0, 0) : undefined;
  if (value.length !== i + 6) return undefined;
  const sign = value[i];
  if ((sign !== '+' && sign !== '-') || value[i + 3] !== ':') return undefined;
  const offsetHours = two(value, i + 1);
  const offsetMins = two(value, i + 4);
  if (Number.isNaN(offsetHours) || Number.isNaN(offsetMins)) return undefined;
  return checked(value, fields, millis, sign, offsetHours, offsetMins);
}

/** Epoch ms of `2026-11-28T09:15:02+08:00` (seconds and fraction optional, `Z` allowed). */
export function parseIsoTime(value: string): TimeParse {
  const quick = quickParse(value);
  if (quick !== undefined) return quick;
  const m = ISO_TIME.exec(value);
  if (m === null) {
    if (NO_OFFSET.test(value)) {
      return { ok: false, problem: `has no UTC offset: "${value}" (write it like ${value}+08:00 or ${value}Z)` };
    }
    return { ok: false, problem: `is not an ISO 8601 time with offset such as 2026-11-28T09:15:02+08:00: "${value}"` };
  }
  const fields = [Number(m[1]), Number(m[2]), Number(m[3]), Number(m[4]), Number(m[5]), m[6] === undefined ? 0 : Number(m[6])];
  const millis = m[7] === undefined ? 0 : Number(`${m[7]}00`.slice(0, 3));
  return m[8] === undefined ? checked(value, fields, millis, m[9], Number(m[10]), Number(m[11])) : checked(value, fields, millis, '', 0, 0);
}

/** The instant of [year, month, day, hour, minute, second], or why it is not one; `sign` '' for Z. */
function checked(value: string, fields: number[], millis: number, sign: string, offsetHours: number, offsetMins: number): TimeParse {
  const [year, month, day, hour, minute, second] = fields;
  if (month < 1 || month > 12 || day < 1 || day > daysIn(year, month) || hour > 23 || minute > 59 || second > 59) {
    return { ok: false, problem: `is not a real date and time: "${value}"` };
  }
  if (year < 1970) return { ok: false, problem: `is before 1970: "${value}"` };
  let offsetMinutes = 0;
  if (sign !== '') {
    if (offsetHours > 14 || offsetMins > 59) return { ok: false, problem: `has an impossible UTC offset: "${value}"` };
    offsetMinutes = (sign === '-' ? -1 : 1) * (offsetHours * 60 + offsetMins);
  }
  return { ok: true, ms: Date.UTC(year, month - 1, day, hour, minute, second, millis) - offsetMinutes * 60_000 };
}
