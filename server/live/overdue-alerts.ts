import type { Alert, CaseItem } from '../../contract';

/** Statuses at which a department has acted on a case, so its overdue alert has done its job. */
const ACTED_ON = new Set<CaseItem['status']>(['handled', 'closed', 'cancelled']);

export interface OverdueAlertsOptions {
  /** When at least this many cases of one street pass their deadline in the same tick, they make one street alert. */
  groupMin: number;
  /** Centre of a street, for aggregated alerts. */
  streetCenter(street: string): readonly [number, number];
  /** Display name of a grid. */
  gridName(grid: string): string;
}

interface Active {
  alert: Alert;
  pending: Set<string>;
}

/**
 * Overdue alerts: raised when cases pass their deadline (one per case, or one per street when
 * many of a street's cases fire in the same tick), cleared once none of their cases is still
 * waiting (no longer overdue, or handled, closed or cancelled).
 */
export class OverdueAlerts {
  private readonly active = new Map<string, Active>();
  private readonly alertOfCase = new Map<string, string>();

  constructor(private readonly options: OverdueAlertsOptions) {}

  /** Cases that passed their deadline this tick → the alerts raised. */
  raise(passed: readonly CaseItem[], at: string): Alert[] {
    const byStreet = new Map<string, CaseItem[]>();
    for (const item of passed) {
      if (!stillWaiting(item) || this.alertOfCase.has(item.caseId)) continue;
      const list = byStreet.get(item.streetCode);
      if (list) list.push(item);
      else byStreet.set(item.streetCode, [item]);
    }
    const raised: Alert[] = [];
    for (const [street, items] of byStreet) {
      if (items.length >= this.options.groupMin) raised.push(this.open(this.streetAlert(street, items, at), items));
      else for (const item of items) raised.push(this.open(this.caseAlert(item, at), [item]));
    }
    return raised;
  }

  /**
   * Cases that changed this tick → the alerts cleared because none of their cases is still
   * waiting. `item` is asked only for cases an alert waits on (undefined when the case is gone,
   * e.g. past retention).
   */
  settle(changed: readonly string[], item: (caseId: string) => CaseItem | undefined, at: string): Alert[] {
    const cleared: Alert[] = [];
    for (const caseId of changed) {
      const alertId = this.alertOfCase.get(caseId);
      if (alertId === undefined) continue;
      const current = item(caseId);
      if (current && stillWaiting(current)) continue;
      this.alertOfCase.delete(caseId);
      const entry = this.active.get(alertId);
      if (!entry) continue;
      entry.pending.delete(caseId);
      if (entry.pending.size === 0) {
        this.active.delete(alertId);
        cleared.push({ ...entry.alert, state: 'cleared', at });
      }
    }
    return cleared;
  }

  /** Clears one alert early (when the oldest must make room), as its cleared transition. */
  clear(alertId: string, at: string): Alert | undefined {
    const entry = this.active.get(alertId);
    if (!entry) return undefined;
    this.active.delete(alertId);
    for (const caseId of entry.pending) this.alertOfCase.delete(caseId);
    return { ...entry.alert, state: 'cleared', at };
  }

  /** Case ids an active alert is still waiting on. */
  waitingOn(alertId: string): readonly string[] {
    return [...(this.active.get(alertId)?.pending ?? [])];
  }

  private open(alert: Alert, items: readonly CaseItem[]): Alert {
    this.active.set(alert.id, { alert, pending: new Set(items.map((i) => i.caseId)) });
    for (const item of items) this.alertOfCase.set(item.caseId, alert.id);
    return alert;
  }

  private caseAlert(item: CaseItem, at: string): Alert {
    const place = `${item.streetName}${this.options.gridName(item.gridCode)}`;
    return {
      id: `overdue:${item.caseId}`,
      kind: 'overdue',
      state: 'raised',
      scope: item.gridCode,
      level: 'grid',
      name: place,
      at,
      message: `${place} ${item.categoryName}案件 ${item.caseId} 已超期${item.department ? `（${item.department}）` : ''}`,
      count: 1,
      lng: item.lng,
      lat: item.lat,
      caseIds: [item.caseId],
    };
  }

  private streetAlert(street: string, items: readonly CaseItem[], at: string): Alert {
    const name = items[0]?.streetName ?? street;
    const categories = [...new Set(items.map((i) => i.categoryName))];
    const shown = categories.slice(0, 3).join('、') + (categories.length > 3 ? '等' : '');
    const [lng, lat] = this.options.streetCenter(street);
    return {
      id: `overdue:${street}:${at}`,
      kind: 'overdue',
      state: 'raised',
      scope: street,
      level: 'street',
      name,
      at,
      message: `${name} ${items.length} 件案件同时超期（${shown}）`,
      count: items.length,
      lng,
      lat,
      caseIds: items.map((i) => i.caseId),
    };
  }
}

function stillWaiting(item: CaseItem): boolean {
  return item.overdue && !ACTED_ON.has(item.status);
}
