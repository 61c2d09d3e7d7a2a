import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { CaseNumbers } from '../../server/core/case-numbers';

describe('case numbers', () => {
  it('finds every added id and nothing else, across rehashes', () => {
    fc.assert(
      fc.property(fc.uniqueArray(fc.string({ maxLength: 20 }), { maxLength: 300 }), fc.array(fc.string({ maxLength: 20 }), { maxLength: 50 }), (ids, probes) => {
        const stored: string[] = [];
        const numbers = new CaseNumbers(stored);
        for (const id of ids) {
          stored.push(id);
          numbers.add(stored.length - 1);
        }
        ids.forEach((id, n) => expect(numbers.get(id)).toBe(n));
        for (const probe of probes) expect(numbers.get(probe)).toBe(ids.includes(probe) ? ids.indexOf(probe) : undefined);
      }),
    );
  });

  it('holds a hundred thousand sequential ids', () => {
    const stored = Array.from({ length: 100_000 }, (_, i) => `C2026112800${String(i).padStart(4, '0')}`);
    const numbers = new CaseNumbers(stored);
    stored.forEach((_, n) => numbers.add(n));
    expect(stored.every((id, n) => numbers.get(id) === n)).toBe(true);
    expect(numbers.get('C20261128009999x')).toBeUndefined();
  });
});
