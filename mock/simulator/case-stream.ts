import type { CaseEvent } from '../../contract';
import { DEFAULT_OFFICE_HOURS, WorkCalendar, type OfficeHours } from '../../contract/work-calendar';
import type { CityGrids } from '../shared/city-grids';
import { addDays, CITY_DAYS, cityDay, cityDayStart } from '../shared/city-time';
import { DayPlanner, type PlannedCase } from './day-plan';
import { caseLifecycle, type TimedEvent } from './lifecycle';
import { SpatialModel } from './spatial-model';

export interface StreamOptions {
  /** Cases a day at speed 1. */
  rate: number;
  seed: number;
  /** Only cases reported at or after this instant are generated. */
  from: number;
  /**
   * From `liveStart` on, the feed carries `speed` times the city's cases (extra independent
   * layers of cases, or a thinned city when below 1); before it, the city as it is.
   */
  liveStart: number;
  speed: number;
  /** The office hours the simulator's deadline estimate assumes (default: the server's default). */
  officeHours?: OfficeHours;
}

interface ActiveCase {
  events: TimedEvent[];
  next: number;
  order: number;
}

/**
 * The simulated city as a stream of events in time order. A pure function of the city, the
 * options and the instants asked for: the same seed yields the same events, ids and times,
 * however the reads are split.
 */
export class CaseEventStream {
  private readonly planner: DayPlanner;
  private readonly calendar: WorkCalendar;
  private day: string;
  private plan: PlannedCase[] = [];
  private cursor = 0;
  private readonly heap: ActiveCase[] = [];
  private order = 0;
  private counts = { cases: 0, events: 0 };

  constructor(
    private readonly city: CityGrids,
    private readonly options: StreamOptions,
  ) {
    if (!(options.speed > 0)) throw new Error(`speed must be above 0, got ${options.speed}`);
    this.calendar = new WorkCalendar(CITY_DAYS, options.officeHours ?? DEFAULT_OFFICE_HOURS);
    const spatial = new SpatialModel(city, { seed: options.seed });
    this.planner = new DayPlanner(spatial, this.calendar, { rate: options.rate, seed: options.seed });
    this.day = cityDay(options.from);
    this.plan = this.planDay(this.day);
  }

  stats(): { cases: number; events: number; active: number } {
    return { ...this.counts, active: this.heap.length };
  }

  /** Events with `at` ≤ `until` not yet taken, in time order; at most `max` of them. */
  take(until: number, max = Infinity): CaseEvent[] {
    const out: CaseEvent[] = [];
    while (out.length < max) {
      const planned = this.nextPlanned(until);
      const top = this.heap[0];
      if (planned && (!top || planned.reportedAt <= top.events[top.next].at)) {
        this.cursor += 1;
        this.counts.cases += 1;
        this.heapPush({ events: caseLifecycle(planned, this.city, this.calendar), next: 0, order: this.order++ });
        continue;
      }
      if (!top || top.events[top.next].at > until) break;
      out.push(top.events[top.next].event);
      top.next += 1;
      this.heapPop();
      if (top.next < top.events.length) this.heapPush(top);
    }
    this.counts.events += out.length;
    return out;
  }

  /** The next case reported at or before `until`, moving on to later days as needed. */
  private nextPlanned(until: number): PlannedCase | undefined {
    for (;;) {
      if (this.cursor < this.plan.length) {
        const planned = this.plan[this.cursor];
        return planned.reportedAt <= until ? planned : undefined;
      }
      const next = addDays(this.day, 1);
      if (cityDayStart(next) > until) return undefined;
      this.day = next;
      this.plan = this.planDay(next);
      this.cursor = 0;
    }
  }

  private planDay(day: string): PlannedCase[] {
    const { from, liveStart, speed } = this.options;
    const inWindow = (c: PlannedCase): boolean => c.reportedAt >= from;
    const layers: PlannedCase[] = this.planner
      .plan(day, 0)
      .filter((c) => inWindow(c) && (c.reportedAt < liveStart || c.keep < speed));
    if (cityDayStart(addDays(day, 1)) > liveStart) {
      for (let layer = 1; layer < speed; layer += 1) {
        for (const c of this.planner.plan(day, layer)) {
          if (inWindow(c) && c.reportedAt >= liveStart && c.keep < speed - layer) layers.push(c);
        }
      }
      layers.sort((a, b) => a.reportedAt - b.reportedAt || (a.caseId < b.caseId ? -1 : 1));
    }
    return layers;
  }

  private before(a: ActiveCase, b: ActiveCase): boolean {
    const ta = a.events[a.next].at;
    const tb = b.events[b.next].at;
    return ta < tb || (ta === tb && a.order < b.order);
  }

  private heapPush(item: ActiveCase): void {
    const h = this.heap;
    h.push(item);
    for (let i = h.length - 1; i > 0; ) {
      const parent = (i - 1) >> 1;
      if (!this.before(h[i], h[parent])) break;
      [h[i], h[parent]] = [h[parent], h[i]];
      i = parent;
    }
  }

  private heapPop(): void {
    const h = this.heap;
    const last = h.pop() as ActiveCase;
    if (h.length === 0) return;
    h[0] = last;
    for (let i = 0; ; ) {
      const l = 2 * i + 1;
      const r = l + 1;
      let m = i;
      if (l < h.length && this.before(h[l], h[m])) m = l;
      if (r < h.length && this.before(h[r], h[m])) m = r;
      if (m === i) break;
      [h[i], h[m]] = [h[m], h[i]];
      i = m;
    }
  }
}
