import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { ReportTimes } from '../../server/live/report-times';

describe('ReportTimes', () => {
  it('counts a case once, in each of its scopes, over half-open ranges', () => {
    const times = new ReportTimes();
    expect(times.add('c1', 1000, ['g1', 's1'])).toBe(true);
    expect(times.add('c1', 1000, ['g1', 's1'])).toBe(false);
    times.add('c2', 2000, ['g2', 's1']);
    expect(times.between('s1', 1000, 2000)).toBe(1);
    expect(times.between('s1', 1000, 2001)).toBe(2);
    expect(times.between('g2', 0, 5000)).toBe(1);
    expect(times.between('nowhere', 0, 5000)).toBe(0);
    expect(times.between('s1', 3000, 1000)).toBe(0);
  });

  it('forgets what was reported before the cut, and may count a forgotten case again', () => {
    const times = new ReportTimes();
    times.add('old', 100, ['g']);
    times.add('new', 900, ['g']);
    times.prune(500);
    expect(times.between('g', 0, 1000)).toBe(1);
    expect(times.size).toBe(1);
    expect(times.add('old', 100, ['g'])).toBe(true);
  });

  it('equals a brute-force count for any arrival order', () => {
    fc.assert(
      fc.property(
        fc.array(fc.integer({ min: 0, max: 100 }), { maxLength: 60 }),
        fc.integer({ min: 0, max: 100 }),
        fc.integer({ min: 0, max: 100 }),
        (ats, a, b) => {
          const times = new ReportTimes();
          ats.forEach((at, i) => times.add(`c${i}`, at, ['s']));
          const [from, to] = a <= b ? [a, b] : [b, a];
          expect(times.between('s', from, to)).toBe(ats.filter((at) => at >= from && at < to).length);
        },
      ),
    );
  });
});
