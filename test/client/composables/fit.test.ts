import { describe, expect, it } from 'vitest';
import { computeFit } from '../../../client/composables/use-fit';
import { readPageParams } from '../../../client/composables/use-page-params';
import { previousDate } from '../../../client/composables/format';

describe('fit and page parameters', () => {
  it('letterboxes a 4K and a 32:9 wall and fills when asked', () => {
    expect(computeFit(3840, 2160, 'letterbox')).toEqual({ scale: 2, width: 3840, height: 2160 });
    expect(computeFit(7680, 2160, 'letterbox')).toEqual({ scale: 2, width: 3840, height: 2160 });
    expect(computeFit(7680, 2160, 'fill')).toEqual({ scale: 2, width: 7680, height: 2160 });
  });

  it('reads language, fit, colour and scope from the URL with safe defaults', () => {
    expect(readPageParams('abc', '?lang=en&fit=fill&color=overdue&scope=500151')).toEqual({ token: 'abc', lang: 'en', fit: 'fill', color: 'overdue', scope: '500151', replay: null });
    expect(readPageParams(null, '?lang=fr&fit=stretch&color=x&scope=')).toEqual({ token: null, lang: 'zh', fit: 'letterbox', color: 'reported', scope: null, replay: null });
  });

  it('reads a replay: its instant, a + typed into the URL as an offset, and its speed as given', () => {
    expect(readPageParams('t', '?replay=2026-11-20T08:00+08:00&speed=60').replay).toEqual({ from: '2026-11-20T08:00+08:00', speed: 60 });
    expect(readPageParams('t', '?replay=2026-11-20T08:00%2B08:00').replay).toEqual({ from: '2026-11-20T08:00+08:00' });
    expect(readPageParams('t', '?replay=2026-11-20T00:00:00Z&speed=0').replay).toEqual({ from: '2026-11-20T00:00:00Z', speed: 0 });
    expect(readPageParams('t', '?replay=2026-11-20T08:00:00+08:00&speed=fast').replay?.speed).toBeNaN();
  });

  it('knows the day before, across months and years', () => {
    expect(previousDate('2026-03-01')).toBe('2026-02-28');
    expect(previousDate('2027-01-01')).toBe('2026-12-31');
  });
});
