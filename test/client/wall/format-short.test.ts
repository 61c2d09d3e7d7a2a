import { describe, expect, it } from 'vitest';
import { formatCount, formatCountShort } from '../../../client/composables/format';

describe('counts from across the room', () => {
  it('stay exact below 10,000 and go to 万 above, as Chinese walls show them', () => {
    expect(formatCountShort(9999, 'zh')).toBe('9999');
    expect(formatCountShort(10_000, 'zh')).toBe('1.0万');
    expect(formatCountShort(12_345, 'zh')).toBe('1.2万');
    expect(formatCountShort(123_456, 'zh')).toBe('12.3万');
    expect(formatCountShort(999_499, 'zh')).toBe('99.9万');
    expect(formatCountShort(999_999, 'zh')).toBe('100万');
    expect(formatCountShort(1_234_567, 'zh')).toBe('123万');
    expect(formatCountShort(99_999_999, 'zh')).toBe('1.0亿');
    expect(formatCountShort(null, 'zh')).toBe('—');
  });

  it('in English go to k and M', () => {
    expect(formatCountShort(9999, 'en')).toBe('9999');
    expect(formatCountShort(12_345, 'en')).toBe('12.3k');
    expect(formatCountShort(999_999, 'en')).toBe('1.0M');
    expect(formatCountShort(2_500_000, 'en')).toBe('2.5M');
  });

  it('the exact figure is still formatCount', () => {
    expect(formatCount(999_999)).toBe('999999');
  });
});
