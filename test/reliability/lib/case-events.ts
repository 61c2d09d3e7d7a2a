import type { CaseEvent, EventType } from '../../../contract';

const CATEGORIES = ['E.05.02', 'C.01.01', 'E.06.01', 'E.01.01', 'C.02.01', 'E.03.01'];
const SOURCES = ['inspector', 'hotline', 'video', 'sensor', 'app', 'safety-officer'] as const;
const LIFECYCLE: EventType[] = ['reported', 'registered', 'dispatched', 'handled', 'closed'];
const MINUTE = 60_000;

export interface CaseEventOptions {
  cases: number;
  grids: readonly string[];
  seed: number;
  /** Events happen between `now - spanMs` and `now`. */
  now: number;
  spanMs?: number;
  prefix?: string;
}

/**
 * Valid cases in every lifecycle stage, each case's events in time order, with an explicit
 * deadline a month ahead so that no figure depends on the moment it is read.
 */
export function caseEvents(options: CaseEventOptions): CaseEvent[] {
  const { cases, grids, now, prefix = 'rel' } = options;
  const span = options.spanMs ?? 3 * 60 * MINUTE;
  // mulberry32: a seeded sequence is all a reproducible test set needs.
  let state = options.seed >>> 0;
  const pick = (n: number): number => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return Math.floor((((t ^ (t >>> 14)) >>> 0) / 4294967296) * n);
  };
  const deadline = new Date(now + 30 * 24 * 60 * MINUTE).toISOString();
  const events: CaseEvent[] = [];
  for (let i = 0; i < cases; i++) {
    const caseId = `${prefix}-${options.seed}-${i}`;
    const stages = 1 + pick(LIFECYCLE.length);
    const start = now - span + pick(span - 10 * MINUTE);
    const cancelled = stages === 2 && pick(3) === 0;
    for (let s = 0; s < stages; s++) {
      const type: EventType = cancelled && s === 1 ? 'cancelled' : LIFECYCLE[s];
      const at = new Date(start + s * MINUTE).toISOString();
      const event: CaseEvent = { id: `${caseId}-${s}`, caseId, type, at };
      if (type === 'reported') {
        Object.assign(event, {
          category: CATEGORIES[pick(CATEGORIES.length)],
          source: SOURCES[pick(SOURCES.length)],
          gridCode: grids[pick(grids.length)],
          deadline,
        });
      }
      if (type === 'dispatched') event.department = pick(2) === 0 ? '市政设施处' : '环卫处';
      events.push(event);
    }
  }
  return events;
}
