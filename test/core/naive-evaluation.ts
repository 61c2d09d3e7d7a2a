import { EVENT_TYPES, MINOR_BY_CODE, type EvaluationFigures, type EventType, type ReporterRow } from '../../contract';
import type { CaseEventRecord } from '../../server/core/case-event-record';
import { deadlineAfter, type WorkCalendar } from '../../contract/work-calendar';

/**
 * The evaluation of docs/evaluation.md recomputed from scratch, the slow obvious way: for every
 * case, its events up to the cut-off, sorted, then each definition read off them. Only the
 * catalogue deadline reuses the calendar (tested on its own by tables).
 */
export interface NaiveJudgement {
  caseId: string;
  grid: string;
  department?: string;
  reporter?: string;
  reportedAt: number;
  registeredAt?: number;
  cancelled: boolean;
  suspended: boolean;
  due: boolean;
  closed: boolean;
  closedOnTime: boolean;
  dueForHandling: boolean;
  handled: boolean;
  handledOnTime: boolean;
  reworked: boolean;
  extended: boolean;
  returned: boolean;
  /** The departments that returned it: the one each return names, else its own. */
  returnedBy: string[];
  urged: boolean;
  overdueOpen: boolean;
}

const order = (type: EventType) => EVENT_TYPES.indexOf(type);

/** Every case as it stood at `asOf`, judged by the definitions. */
export function naiveJudgements(events: readonly CaseEventRecord[], calendar: WorkCalendar, asOf: number): NaiveJudgement[] {
  const byCase = new Map<string, CaseEventRecord[]>();
  for (const event of events) if (event.at <= asOf) byCase.set(event.caseId, [...(byCase.get(event.caseId) ?? []), event]);
  const judged: NaiveJudgement[] = [];
  for (const [caseId, all] of byCase) {
    const sorted = [...all].sort((a, b) => a.at - b.at || order(a.type) - order(b.type));
    const end = sorted.findIndex((e) => e.type === 'closed' || e.type === 'cancelled');
    const kept = end < 0 ? sorted : sorted.slice(0, end + 1);
    const reported = kept.find((e) => e.type === 'reported');
    if (!reported?.gridCode || !reported.category) continue;
    const of = (type: EventType) => kept.filter((e) => e.type === type);
    const registeredAt = of('registered')[0]?.at;
    const overrides = kept.filter((e) => (e === reported || e.type === 'registered') && e.deadline !== undefined);
    const override = overrides.sort((a, b) => a.at - b.at || order(a.type) - order(b.type) || (a.deadline ?? 0) - (b.deadline ?? 0)).pop();
    const minor = MINOR_BY_CODE.get(reported.category);
    let deadline = Number.NaN;
    if (registeredAt !== undefined) deadline = override?.deadline ?? (minor ? deadlineAfter(minor.limit, registeredAt, calendar) : Number.NaN);
    let extended = false;
    for (const extension of of('extended')) {
      if ((extension.deadline ?? 0) > deadline) {
        deadline = extension.deadline ?? deadline;
        extended = true;
      }
    }
    const pauses = kept.filter((e) => e.type === 'suspended' || e.type === 'resumed');
    const suspended = pauses.length > 0 && pauses[pauses.length - 1].type === 'suspended';
    const last = kept[kept.length - 1];
    const closedAt = last.type === 'closed' ? last.at : undefined;
    const handlings = of('handled');
    const lastHandling = handlings[handlings.length - 1];
    const lastRework = of('reworked').pop();
    // In lifecycle order a rework at the instant of a handling comes after it.
    const stands = lastHandling !== undefined && (lastRework === undefined || lastHandling.at > lastRework.at);
    const closed = closedAt !== undefined;
    const done = stands || closed;
    const due = !suspended && (done || deadline < asOf);
    const accepted = lastHandling?.at ?? closedAt ?? Number.NaN;
    const standing = stands ? lastHandling.at : (closedAt ?? Number.NaN);
    const dispatched = of('dispatched').length > 0;
    const named = of('dispatched')
      .filter((e) => e.department)
      .sort((a, b) => a.at - b.at || ((a.department ?? '') < (b.department ?? '') ? -1 : 1))[0];
    const department = dispatched ? (named?.department ?? minor?.department) : undefined;
    const active = !suspended;
    judged.push({
      caseId,
      grid: reported.gridCode,
      department,
      reporter: reported.reporter,
      reportedAt: reported.at,
      registeredAt,
      cancelled: last.type === 'cancelled',
      suspended,
      due,
      closed: due && closed,
      closedOnTime: due && closed && accepted <= deadline,
      dueForHandling: active && dispatched && (done || deadline < asOf),
      handled: active && dispatched && done,
      handledOnTime: active && dispatched && done && standing <= deadline,
      reworked: active && of('reworked').length > 0,
      extended: active && extended,
      returned: active && of('returned').length > 0,
      returnedBy: active ? [...new Set(of('returned').map((e) => e.department ?? department ?? ''))].filter((d) => d !== '') : [],
      urged: active && of('urged').length > 0,
      overdueOpen: due && !done,
    });
  }
  return judged;
}

type Counts = Omit<EvaluationFigures, 'closureRate' | 'onTimeClosureRate' | 'handlingRate' | 'onTimeHandlingRate' | 'reworkRate' | 'extensionRate' | 'score' | 'grade'>;

/** The counts of the cases registered in [from, to), with their rates and default score. */
export function naiveFigures(judged: readonly NaiveJudgement[], from: number, to: number): EvaluationFigures {
  const inPeriod = judged.filter((j) => j.registeredAt !== undefined && j.registeredAt >= from && j.registeredAt < to);
  const cohort = inPeriod.filter((j) => !j.cancelled);
  const count = (pick: (j: NaiveJudgement) => boolean) => cohort.filter(pick).length;
  const counts: Counts = {
    registered: cohort.length,
    cancelled: inPeriod.length - cohort.length,
    suspended: count((j) => j.suspended),
    due: count((j) => j.due),
    closed: count((j) => j.closed),
    closedOnTime: count((j) => j.closedOnTime),
    dueForHandling: count((j) => j.dueForHandling),
    handled: count((j) => j.handled),
    handledOnTime: count((j) => j.handledOnTime),
    reworked: count((j) => j.reworked),
    extended: count((j) => j.extended),
    returned: count((j) => j.returned),
    urged: count((j) => j.urged),
    overdueOpen: count((j) => j.overdueOpen),
  };
  return withRates(counts);
}

/** Rates, and the default score: 40 on-time closure + 30 closure + 20 (1 − rework) + 10 (1 − extension), a missing rate at its best. */
export function withRates(counts: Counts): EvaluationFigures {
  const rate = (a: number, b: number) => (b === 0 ? null : a / b);
  const closureRate = rate(counts.closed, counts.due);
  const onTimeClosureRate = rate(counts.closedOnTime, counts.due);
  const reworkRate = rate(counts.reworked, counts.due);
  const extensionRate = rate(counts.extended, counts.dueForHandling);
  const score = Math.round((40 * (onTimeClosureRate ?? 1) + 30 * (closureRate ?? 1) + 20 * (1 - (reworkRate ?? 0)) + 10 * (1 - (extensionRate ?? 0))) * 10) / 10;
  const grade = score >= 90 ? 'A' : score >= 75 ? 'B' : score >= 60 ? 'C' : score >= 40 ? 'D' : 'E';
  return {
    ...counts,
    closureRate,
    onTimeClosureRate,
    handlingRate: rate(counts.handled, counts.dueForHandling),
    onTimeHandlingRate: rate(counts.handledOnTime, counts.dueForHandling),
    reworkRate,
    extensionRate,
    score,
    grade,
  };
}

/** Per department: a case counts under its department, its returns under the departments that returned it. */
export function naiveDepartments(judged: readonly NaiveJudgement[], from: number, to: number): Map<string, EvaluationFigures> {
  const inPeriod = judged.filter((j) => j.registeredAt !== undefined && j.registeredAt >= from && j.registeredAt < to && j.department !== undefined);
  const names = new Set([...inPeriod.map((j) => j.department ?? ''), ...inPeriod.filter((j) => !j.cancelled).flatMap((j) => j.returnedBy)]);
  const rows = new Map<string, EvaluationFigures>();
  for (const name of names) {
    const own = naiveFigures(
      inPeriod.filter((j) => j.department === name),
      from,
      to,
    );
    const returned = inPeriod.filter((j) => !j.cancelled && j.returnedBy.includes(name)).length;
    rows.set(name, withRates({ ...own, returned }));
  }
  return rows;
}

/** Per reporter of the cases reported in [from, to). */
export function naiveReporters(judged: readonly NaiveJudgement[], from: number, to: number): ReporterRow[] {
  const rows = new Map<string, ReporterRow>();
  for (const j of judged) {
    if (j.reporter === undefined || j.reportedAt < from || j.reportedAt >= to) continue;
    const row = rows.get(j.reporter) ?? { reporter: j.reporter, reported: 0, valid: 0, validRate: null, cancelled: 0 };
    row.reported += 1;
    if (j.registeredAt !== undefined) row.valid += 1;
    if (j.cancelled) row.cancelled += 1;
    rows.set(j.reporter, row);
  }
  for (const row of rows.values()) row.validRate = row.valid / row.reported;
  return [...rows.values()].sort((a, b) => b.reported - a.reported || (a.reporter < b.reporter ? -1 : 1));
}
