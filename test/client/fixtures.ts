import type { Alert, CaseItem, ChildSummary, Delta, GridRow, Snapshot, Summary, WallEvaluation } from '../../contract';

/** The counts and rates of a scope with no cases. */
const NO_FIGURES = {
  reported: 0,
  registered: 0,
  dispatched: 0,
  handled: 0,
  closed: 0,
  cancelled: 0,
  open: 0,
  overdue: 0,
  closureRate: null,
  onTimeClosureRate: null,
  handlingRate: null,
  onTimeHandlingRate: null,
  reworkRate: null,
} as const;

export function summaryOf(date: string, figures: Partial<Summary> = {}): Summary {
  return {
    scope: 'city',
    level: 'city',
    name: '重庆市',
    date,
    asOf: `${date}T10:00:00+08:00`,
    ...NO_FIGURES,
    closeMinutes: { p50: null, p90: null },
    hourly: Array.from({ length: 24 }, () => 0),
    byCategory: {},
    bySource: {},
    children: [],
    ...figures,
  };
}

export function caseOf(n: number, updatedAt: string, overrides: Partial<CaseItem> = {}): CaseItem {
  return {
    caseId: `C${String(n).padStart(6, '0')}`,
    status: 'reported',
    overdue: false,
    category: 'E.05.02',
    categoryName: '占道经营',
    source: 'inspector',
    gridCode: '500103001001003',
    streetCode: '500103001',
    streetName: '解放碑街道',
    districtCode: '500103',
    districtName: '渝中区',
    lng: 106.57 + n * 1e-5,
    lat: 29.55,
    reportedAt: updatedAt,
    registeredAt: null,
    deadline: null,
    closedAt: null,
    department: null,
    updatedAt,
    urged: 0,
    ...overrides,
  };
}

export function alertOf(id: string, state: Alert['state'], at: string): Alert {
  return {
    id,
    kind: 'surge',
    state,
    scope: '500103001',
    level: 'street',
    name: '解放碑街道',
    at,
    message: '解放碑街道 1 小时上报 42 件',
    count: 42,
    lng: 106.57,
    lat: 29.55,
  };
}

/** A month with no case yet: every count 0, every rate unknown. */
export function evaluationOf(date: string, parts: Partial<WallEvaluation> = {}): WallEvaluation {
  const zero = { registered: 0, cancelled: 0, suspended: 0, due: 0, closed: 0, closedOnTime: 0, dueForHandling: 0, handled: 0, handledOnTime: 0, reworked: 0, extended: 0, returned: 0, urged: 0, overdueOpen: 0 };
  const rates = { closureRate: null, onTimeClosureRate: null, handlingRate: null, onTimeHandlingRate: null, reworkRate: null, extensionRate: null };
  const month = date.slice(0, 7);
  return {
    period: { kind: 'month', label: month, from: `${month}-01`, to: date },
    asOf: `${date}T10:00:00+08:00`,
    figures: { ...zero, ...rates, score: 100, grade: 'A' },
    children: [],
    lights: { red: 0, yellow: 0 },
    ...parts,
  };
}

export function snapshotOf(seq: number, date: string, parts: Partial<Snapshot> = {}): Snapshot {
  return { seq, scope: 'city', date, summary: summaryOf(date), grids: [], recent: [], alerts: [], evaluation: evaluationOf(date), ...parts };
}

export const deltaOf = (seq: number, parts: Partial<Delta> = {}): Delta => ({ seq, ...parts });

export const row = (code: string, reported: number, open: number, overdue: number): GridRow => [code, reported, open, overdue];

export function childOf(code: string, name: string, figures: Partial<ChildSummary> = {}): ChildSummary {
  return {
    code,
    name,
    level: code.length === 6 ? 'district' : code.length === 9 ? 'street' : 'grid',
    ...NO_FIGURES,
    ...figures,
  };
}
