// @vitest-environment happy-dom
import { describe, expect, it } from 'vitest';
import { DEFAULT_WALL_LAYOUT, PANEL_KINDS, type Panel } from '../../../contract';
import { columnTracks, panelFlex } from '../../../client/components/wall/layout-style';
import { PANEL_VIEWS, panelView, type WallContext } from '../../../client/components/wall/panel-kinds';
import CityMapPanel from '../../../client/components/map/CityMapPanel.vue';
import TopicPanel from '../../../client/components/panels/TopicPanel.vue';

const wall: WallContext = { scope: '500151', level: 'district', summary: null, colorBy: 'open' };

describe('a wall layout', () => {
  it('as CSS: the default is the city wall as designed, letterboxed and filling a wider screen', () => {
    expect(columnTracks(DEFAULT_WALL_LAYOUT, 'letterbox')).toBe('48rem minmax(0, 1fr) 48rem');
    expect(columnTracks(DEFAULT_WALL_LAYOUT, 'fill')).toBe('minmax(48rem, 1fr) minmax(0, 2fr) minmax(48rem, 1fr)');
    expect(columnTracks({ columns: [{ panels: [{ kind: 'map' }] }] }, 'letterbox')).toBe('minmax(0, 1fr)');
    expect(panelFlex(17)).toBe('0 0 17rem');
    expect(panelFlex('grow')).toBe('1 1 0');
    expect(panelFlex()).toBe('1 1 0');
  });

  it('renders every panel kind of the contract, with the wall’s scope and the panel’s own options', () => {
    expect(Object.keys(PANEL_VIEWS).sort()).toEqual([...PANEL_KINDS].sort());
    expect(panelView({ kind: 'map' }, wall)).toEqual({ component: CityMapPanel, props: { colorBy: 'open', scope: '500151' } });
    expect(panelView({ kind: 'topic', family: 'E.06', title: '非法金融活动' }, wall)).toEqual({
      component: TopicPanel,
      props: { family: 'E.06', title: '非法金融活动' },
    });
  });

  it('fails loudly on a panel kind it does not know', () => {
    const unknown = JSON.parse('{"kind": "clock"}') as Panel;
    expect(() => panelView(unknown, wall)).toThrow('Unknown panel kind "clock"; known: rates, trend,');
  });
});
