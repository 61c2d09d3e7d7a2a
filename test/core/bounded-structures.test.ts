import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { OverdueQueue } from '../../server/core/overdue-queue';
import { RecentList } from '../../server/core/recent-list';

function contents(list: RecentList): number[] {
  return Array.from({ length: list.size }, (_, i) => list.at(i));
}

describe('recent list', () => {
  it('keeps the newest cases first, ties by higher case number, and drops the oldest past capacity', () => {
    const list = new RecentList(3);
    list.insert(1, 100);
    list.insert(2, 300);
    list.insert(3, 200);
    list.insert(4, 200);
    expect(contents(list)).toEqual([2, 4, 3]);
    list.insert(5, 50);
    expect(contents(list)).toEqual([2, 4, 3]);
    list.remove(4, 200);
    list.remove(9, 200);
    expect(contents(list)).toEqual([2, 3]);
    list.remove(2, 300);
    list.insert(2, 400);
    expect(contents(list)).toEqual([2, 3]);
  });

  it('matches a sort of everything it was given while nothing is retracted', () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 0, max: 50 }), { maxLength: 60 }), (times) => {
        const list = new RecentList(10);
        times.forEach((time, n) => list.insert(n, time));
        const expected = times.map((time, n) => ({ time, n })).sort((a, b) => b.time - a.time || b.n - a.n).slice(0, 10).map((x) => x.n);
        expect(contents(list)).toEqual(expected);
      }),
    );
  });
});

describe('overdue queue', () => {
  it('pops deadlines in order and compacts away what is no longer wanted', () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 0, max: 1000 }), { maxLength: 80 }), (deadlines) => {
        const queue = new OverdueQueue();
        deadlines.forEach((deadline, n) => queue.push(deadline, n));
        queue.compact((_deadline, n) => n % 2 === 0);
        const popped: number[] = [];
        while (queue.size > 0) {
          popped.push(queue.peekDeadline());
          expect(queue.peekCase() % 2).toBe(0);
          queue.pop();
        }
        expect(popped).toEqual(deadlines.filter((_d, n) => n % 2 === 0).sort((a, b) => a - b));
        expect(queue.peekDeadline()).toBe(Number.POSITIVE_INFINITY);
      }),
    );
  });
});
