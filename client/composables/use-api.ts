import { inject, type InjectionKey } from 'vue';
import {
  gridCodesOf,
  type CaseItem,
  type CaseListStatus,
  type CasePoints,
  type CityAreas,
  type CommunityGrids,
  type DepartmentEvaluations,
  type DepartmentRow,
  type Evaluation,
  type GridIndex,
  type Me,
  type ReporterRows,
  type Summary,
  type Topic,
  type WallSetup,
} from '../../contract';

export class ApiError extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
    this.name = 'ApiError';
  }
}

/** An evaluation's period (docs/evaluation.md#periods): a named one (`2026-11`, `2026-Q4`, `2026`), or days from–to. */
export type PeriodQuery = { period: string } | { from: string; to: string };

/** What an urge answers: the `urged` event as stored, and whether an earlier click with the same key had sent it. */
export interface UrgeReply {
  id: string;
  caseId: string;
  at: string;
  repeated: boolean;
}

/**
 * Which day a read is of: a local day `YYYY-MM-DD` (undefined: today), or `{at}`, the day that
 * holds an instant as it stood then (docs/replay.md#reads-at-an-instant).
 */
export type ReadDay = string | { at: string } | undefined;

/** The query parameter a read day is sent as: `date` or `at`, never both. */
const dayQuery = (day: ReadDay): { date?: string; at?: string } => (typeof day === 'object' ? { at: day.at } : { date: day });

/** The read API (docs/api.md), with the page's token. */
export interface Api {
  readonly token: string;
  /** Absolute URL of an API path (the map's tile requests need it). */
  url(path: string): string;
  summary(scope: string, day?: ReadDay): Promise<Summary>;
  /** The open or overdue cases now, or with `at` as they stood then. */
  cases(scope: string, status: CaseListStatus, limit: number, at?: string): Promise<CaseItem[]>;
  /** One case whatever its status; an ApiError with status 404 when it was never reported. */
  case(caseId: string): Promise<CaseItem>;
  /** Where the cases reported in a scope on a day were, newest first (the heat map's points). */
  casePoints(scope: string, day: ReadDay, limit: number): Promise<CasePoints>;
  departments(scope: string, day?: ReadDay): Promise<DepartmentRow[]>;
  /** A special topic (专项): a category family's sub-items with their handling rate. */
  topic(scope: string, family: string, day?: ReadDay): Promise<Topic>;
  /** The official evaluation of a scope for a period (docs/evaluation.md#read-api). */
  evaluation(scope: string, period: PeriodQuery): Promise<Evaluation>;
  evaluationDepartments(scope: string, period: PeriodQuery): Promise<DepartmentEvaluations>;
  evaluationReporters(scope: string, period: PeriodQuery): Promise<ReporterRows>;
  /** 督办: urges a case; the same `key` urges once however often it is sent (docs/evaluation.md#urging-from-the-pages). */
  urge(caseId: string, key: string): Promise<UrgeReply>;
  /** What a scope's wall shows: its layout and name. */
  wallLayout(scope: string): Promise<WallSetup>;
  areas(): Promise<CityAreas>;
  /** The grid codes in index order: a grid tile feature's id is its index here. */
  gridCodes(): Promise<readonly string[]>;
  /** A community's grids with their names and label points (its wall labels them). */
  communityGrids(community: string): Promise<CommunityGrids>;
  /** What the token reads (the tablet lists only that). */
  me(): Promise<Me>;
  /**
   * Starts the requests every map page needs (areas, me, grid codes) before the page's code has
   * loaded, so the map can start as soon as it has. Their answers do not change while a page is open.
   */
  prefetchMapData(): void;
}

async function failure(response: Response): Promise<ApiError> {
  let message = response.statusText;
  try {
    const body: unknown = await response.json();
    if (body && typeof body === 'object' && 'message' in body && typeof body.message === 'string') message = body.message;
  } catch {
    // The body was not JSON: the status text says enough.
  }
  return new ApiError(response.status, `${response.status} ${message}`);
}

export function createApi(token: string, origin = globalThis.location?.origin ?? ''): Api {
  const url = (path: string): string => `${origin}${path}`;
  async function get<T>(path: string, query: Record<string, string | number | undefined> = {}): Promise<T> {
    const params = new URLSearchParams();
    for (const [key, value] of Object.entries(query)) if (value !== undefined) params.set(key, String(value));
    const search = params.size > 0 ? `?${params}` : '';
    const response = await fetch(url(`${path}${search}`), { headers: { authorization: `Bearer ${token}` } });
    if (!response.ok) throw await failure(response);
    return (await response.json()) as T;
  }
  async function post<T>(path: string, body: unknown, headers: Record<string, string>): Promise<T> {
    const response = await fetch(url(path), {
      method: 'POST',
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json', ...headers },
      body: JSON.stringify(body),
    });
    if (!response.ok) throw await failure(response);
    return (await response.json()) as T;
  }
  /** One request per page for an answer that does not change; a failed one is asked again next time. */
  const kept = new Map<string, Promise<unknown>>();
  function once<T>(path: string): Promise<T> {
    let answer = kept.get(path) as Promise<T> | undefined;
    if (answer === undefined) {
      answer = get<T>(path);
      kept.set(path, answer);
      answer.catch(() => kept.delete(path));
    }
    return answer;
  }
  const areas = () => once<CityAreas>('/api/v1/geo/areas');
  const me = () => once<Me>('/api/v1/me');
  let gridCodes: Promise<readonly string[]> | undefined;
  const codes = (): Promise<readonly string[]> => {
    if (gridCodes === undefined) {
      gridCodes = once<GridIndex>('/api/v1/geo/grid-index').then(gridCodesOf);
      gridCodes.catch(() => (gridCodes = undefined));
    }
    return gridCodes;
  };
  return {
    token,
    url,
    summary: (scope, day) => get('/api/v1/summary', { scope, ...dayQuery(day) }),
    cases: (scope, status, limit, at) => get('/api/v1/cases', { scope, status, limit, at }),
    case: (caseId) => get(`/api/v1/cases/${encodeURIComponent(caseId)}`),
    casePoints: (scope, day, limit) => get('/api/v1/case-points', { scope, ...dayQuery(day), limit }),
    departments: (scope, day) => get('/api/v1/departments', { scope, ...dayQuery(day) }),
    topic: (scope, family, day) => get('/api/v1/topic', { scope, family, ...dayQuery(day) }),
    evaluation: (scope, period) => get('/api/v1/evaluation', { scope, ...period }),
    evaluationDepartments: (scope, period) => get('/api/v1/evaluation/departments', { scope, ...period }),
    evaluationReporters: (scope, period) => get('/api/v1/evaluation/reporters', { scope, ...period }),
    urge: (caseId, key) => post(`/api/v1/cases/${encodeURIComponent(caseId)}/urge`, {}, { 'idempotency-key': key }),
    wallLayout: (scope) => get('/api/v1/wall-layout', { scope }),
    areas,
    gridCodes: codes,
    communityGrids: (community) => once(`/api/v1/geo/community-grids?community=${encodeURIComponent(community)}`),
    me,
    prefetchMapData() {
      // Errors surface where the page asks for the data; here they would be unhandled.
      for (const request of [areas(), me(), codes()]) request.catch(() => undefined);
    },
  };
}

export const API_KEY: InjectionKey<Api> = Symbol('api');

export function useApi(): Api {
  const api = inject(API_KEY);
  if (!api) throw new Error('useApi() called outside an app that provided API_KEY');
  return api;
}
