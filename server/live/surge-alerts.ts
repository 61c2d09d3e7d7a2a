import { DateTime } from 'luxon';
import type { Alert } from '../../contract';
import type { Places } from './places';

const HOUR = 3_600_000;
const BASELINE_DAYS = 7;

export interface SurgeOptions {
  /** A scope surges when its last hour reaches k × its trailing 7-day mean for the same hour. */
  k: number;
  /** …and at least this many reports (so a quiet grid going from 0 to 1 is no surge). */
  min: number;
  zone: string;
}

/** Exact report counts of a grid or street over a time range. */
export interface ReportCounts {
  between(scope: string, from: number, to: number): number;
}

interface Active {
  alert: Alert;
  level: 'grid' | 'street';
}

/**
 * Surge alerts. "Last hour" is the rolling window (now − 1 h, now]; its baseline is the mean of
 * the same window on each of the 7 previous local days (calendar days in the zone, so a DST
 * shift moves the window with the wall clock). Raised when the count reaches both `min` and
 * k × baseline, cleared as soon as it no longer does.
 */
export class SurgeAlerts {
  private readonly active = new Map<string, Active>();

  constructor(
    private readonly options: SurgeOptions,
    private readonly counts: ReportCounts,
    private readonly places: Places,
  ) {}

  /**
   * Re-checks the scopes that got new reports and every active surge (their windows slide).
   * Returns the raised and cleared transitions.
   */
  evaluate(candidates: Iterable<readonly [scope: string, level: 'grid' | 'street']>, now: number, at: string): Alert[] {
    const windows = this.windows(now);
    const transitions: Alert[] = [];
    const seen = new Set<string>();
    const check = (scope: string, level: 'grid' | 'street'): void => {
      if (seen.has(scope)) return;
      seen.add(scope);
      const count = this.counts.between(scope, windows.from, windows.to);
      const mean = windows.baseline.reduce((sum, [f, t]) => sum + this.counts.between(scope, f, t), 0) / BASELINE_DAYS;
      const surging = count >= this.options.min && count >= this.options.k * mean;
      const current = this.active.get(scope);
      if (surging && !current) {
        const alert = this.alert(scope, level, count, mean, now, at);
        this.active.set(scope, { alert, level });
        transitions.push(alert);
      } else if (!surging && current) {
        this.active.delete(scope);
        transitions.push({ ...current.alert, state: 'cleared', at, count });
      }
    };
    for (const [scope, level] of candidates) check(scope, level);
    for (const [scope, { level }] of [...this.active]) check(scope, level);
    return transitions;
  }

  private windows(now: number): { from: number; to: number; baseline: Array<[number, number]> } {
    // Half-open [from, to) with to = now + 1 makes the window (now − 1 h, now] in whole ms.
    const to = now + 1;
    const local = DateTime.fromMillis(to, { zone: this.options.zone });
    const baseline: Array<[number, number]> = [];
    for (let d = 1; d <= BASELINE_DAYS; d += 1) {
      const end = local.minus({ days: d }).toMillis();
      baseline.push([end - HOUR, end]);
    }
    return { from: to - HOUR, to, baseline };
  }

  private alert(scope: string, level: 'grid' | 'street', count: number, mean: number, now: number, at: string): Alert {
    const name = this.places.label(scope);
    const [lng, lat] = this.places.center(scope);
    const versus =
      mean === 0 ? '近7日同时段无上报' : `为近7日同时段均值的 ${(count / mean).toFixed(1)} 倍`;
    return {
      id: `surge:${scope}:${now}`,
      kind: 'surge',
      state: 'raised',
      scope,
      level,
      name,
      at,
      message: `${name} 近1小时上报 ${count} 件，${versus}`,
      count,
      lng,
      lat,
    };
  }
}
