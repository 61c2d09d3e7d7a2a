import type { Component } from 'vue';
import { PANEL_KINDS, type GridValue, type Panel, type PanelKind, type ScopeLevel, type Summary } from '../../../contract';
import AlertsPanel from '../alerts/AlertsPanel.vue';
import EvaluationPanel from '../evaluation/EvaluationPanel.vue';
import KpiCards from '../kpi/KpiCards.vue';
import CityMapPanel from '../map/CityMapPanel.vue';
import CategoryPanel from '../panels/CategoryPanel.vue';
import ChildRankPanel from '../panels/ChildRankPanel.vue';
import CloseTimePanel from '../panels/CloseTimePanel.vue';
import DepartmentRankPanel from '../panels/DepartmentRankPanel.vue';
import RatesPanel from '../panels/RatesPanel.vue';
import SourcePanel from '../panels/SourcePanel.vue';
import TopicPanel from '../panels/TopicPanel.vue';
import TrendPanel from '../panels/TrendPanel.vue';
import CaseTicker from '../ticker/CaseTicker.vue';

/** What every panel of a wall may be given: the wall's scope, its live summary and the page's settings. */
export interface WallContext {
  scope: string;
  level: ScopeLevel;
  summary: Summary | null;
  /** What the map colours grids by at start. */
  colorBy: GridValue;
}

/** A panel as the wall renders it: a component and its props. */
export interface PanelView {
  component: Component;
  props: Record<string, unknown>;
}

type PanelOf<K extends PanelKind> = Extract<Panel, { kind: K }>;
type PanelEntry<K extends PanelKind> = (panel: PanelOf<K>, wall: WallContext) => PanelView;

/** Every panel kind a layout may name, with what it renders (contract/wall-layout.ts lists them). */
export const PANEL_VIEWS: { readonly [K in PanelKind]: PanelEntry<K> } = {
  rates: (_, wall) => ({ component: RatesPanel, props: { summary: wall.summary } }),
  trend: () => ({ component: TrendPanel, props: {} }),
  categories: () => ({ component: CategoryPanel, props: {} }),
  sources: () => ({ component: SourcePanel, props: {} }),
  kpis: (_, wall) => ({ component: KpiCards, props: { summary: wall.summary } }),
  map: (_, wall) => ({ component: CityMapPanel, props: { colorBy: wall.colorBy, scope: wall.scope } }),
  ticker: () => ({ component: CaseTicker, props: {} }),
  children: (_, wall) => ({ component: ChildRankPanel, props: { level: wall.level } }),
  departments: () => ({ component: DepartmentRankPanel, props: {} }),
  closeTime: () => ({ component: CloseTimePanel, props: {} }),
  alerts: () => ({ component: AlertsPanel, props: {} }),
  evaluation: (_, wall) => ({ component: EvaluationPanel, props: { scope: wall.scope } }),
  topic: (panel) => ({ component: TopicPanel, props: { family: panel.family, ...(panel.title ? { title: panel.title } : {}) } }),
};

/** The view of a layout's panel; a kind this client does not know is a programming error and throws. */
export function panelView(panel: Panel, wall: WallContext): PanelView {
  if (!Object.hasOwn(PANEL_VIEWS, panel.kind)) {
    throw new Error(`Unknown panel kind "${String(panel.kind)}"; known: ${PANEL_KINDS.join(', ')}`);
  }
  // TypeScript cannot pair a union's member with the table's entry for its kind; the table does.
  const entry = PANEL_VIEWS[panel.kind] as PanelEntry<PanelKind>;
  return entry(panel, wall);
}
