import { describe, expect, it } from 'vitest';
import { shortAreaName } from '../../../contract';
import { childLabel } from '../../../client/figures/area-names';
import { areaLabels } from '../../../client/map/area-labels';
import { childRanking } from '../../../client/figures/chart-data';
import { summaryOf } from '../fixtures';

describe('area names on screens', () => {
  it('drop the committee from a community’s name and keep 社区 or 村', () => {
    expect(shortAreaName('华一坡社区居民委员会')).toBe('华一坡社区');
    expect(shortAreaName('石坪村村民委员会')).toBe('石坪村');
    expect(shortAreaName('先锋社区村民委员会')).toBe('先锋社区');
    expect(shortAreaName('东风居民委员会')).toBe('东风社区');
    expect(shortAreaName('桥头村委会')).toBe('桥头村');
    expect(shortAreaName('化龙桥社区工作站')).toBe('化龙桥社区工作站');
    expect(shortAreaName('巴川街道')).toBe('巴川街道');
  });

  it('name a ranking’s children short, a grid without its community', () => {
    expect(childLabel('华一坡社区居民委员会', '巴川街道')).toBe('华一坡社区');
    expect(childLabel('华一坡社区第3网格', '华一坡社区居民委员会')).toBe('第3网格');
    expect(childLabel('巴川街道', '铜梁区')).toBe('巴川街道');
  });

  it('on the map', () => {
    const community = { code: '500151001001', name: '东方社区居民委员会', level: 'community' as const, parent: '500151001', center: [106, 29.8] as [number, number], bbox: [106, 29.8, 106.1, 29.9] as [number, number, number, number], gridCount: 3 };
    const city = { code: '500000', name: '重庆市', center: [106, 29.8] as [number, number], bbox: [105, 29, 107, 31] as [number, number, number, number], gridCount: 3, areas: [community] };
    expect(areaLabels(city, 'community').map((label) => label.text)).toEqual(['东方社区']);
  });

  it('in the wall’s ranking chart', () => {
    const child = (code: string, name: string, reported: number) => ({ ...summaryOf('2026-11-28', { reported }), code, name, level: 'community' as const });
    const children = [child('500151001001', '华一坡社区居民委员会', 1), child('500151001002', '石坪村村民委员会', 2)];
    const ranked = childRanking(summaryOf('2026-11-28', { name: '巴川街道', level: 'street', children }), 'reported', 10);
    expect(ranked.names).toEqual(['石坪村', '华一坡社区']);
  });
});
