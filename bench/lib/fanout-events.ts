import { MINOR_CATEGORIES, SOURCES, type CaseEvent, type EventType } from '../../contract';

const FOLLOW_UPS: readonly EventType[] = ['registered', 'dispatched', 'handled', 'closed'];

/** `2026-11-28T09:15:02.123+08:00` (the bench runs in Chongqing time, whatever the host's zone). */
export function chinaTime(ms: number): string {
  return `${new Date(ms + 8 * 3_600_000).toISOString().slice(0, 23)}+08:00`;
}

/**
 * A steady stream of case events for the benchmarks: each new case is reported in a random
 * grid and later registered, dispatched, handled and closed, one stage per batch, so that
 * in steady state a fifth of the events are reports and the rest move older cases along.
 */
export class BenchEvents {
  private seq = 0;
  private cases = 0;
  private state = 0x9e3779b9;
  private readonly pending: Array<{ caseId: string; stage: number }> = [];

  constructor(
    private readonly grids: readonly string[],
    private readonly prefix: string,
  ) {}

  /** `count` events at time `at`: follow-ups of earlier cases first, new reports for the rest. */
  batch(count: number, at: number): CaseEvent[] {
    const events: CaseEvent[] = [];
    const followUps = Math.min(this.pending.length, Math.floor(count * 0.8));
    const iso = chinaTime(at);
    for (let i = 0; i < followUps; i += 1) {
      const next = this.pending.shift();
      if (!next) break;
      const type = FOLLOW_UPS[next.stage];
      events.push({ id: this.id(), caseId: next.caseId, type, at: iso, ...(type === 'dispatched' ? { department: '市政设施处' } : {}) });
      if (next.stage + 1 < FOLLOW_UPS.length) this.pending.push({ caseId: next.caseId, stage: next.stage + 1 });
    }
    while (events.length < count) events.push(this.report(this.grids[this.random(this.grids.length)], iso));
    return events;
  }

  /** One new case reported in a given grid (the latency probes). */
  report(gridCode: string, iso: string, caseId = `${this.prefix}-C${++this.cases}`): CaseEvent {
    const category = MINOR_CATEGORIES[this.random(MINOR_CATEGORIES.length)];
    this.pending.push({ caseId, stage: 0 });
    return {
      id: this.id(),
      caseId,
      type: 'reported',
      at: iso,
      category: category.code,
      source: SOURCES[this.random(SOURCES.length)],
      gridCode,
    };
  }

  private id(): string {
    this.seq += 1;
    return `${this.prefix}-e${this.seq}`;
  }

  /** xorshift32: deterministic, and cheap enough not to show in the figures. */
  private random(n: number): number {
    let x = this.state;
    x ^= x << 13;
    x ^= x >>> 17;
    x ^= x << 5;
    this.state = x >>> 0;
    return this.state % n;
  }
}
