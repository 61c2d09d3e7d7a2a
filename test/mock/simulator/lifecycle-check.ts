import { MINOR_BY_CODE, type CaseEvent, type EventType } from '../../../contract';

/** Which event may follow which in a simulated case (a case may stop anywhere while open). */
const NEXT: Readonly<Record<EventType, readonly EventType[]>> = {
  reported: ['registered', 'cancelled'],
  registered: ['dispatched', 'suspended'],
  dispatched: ['handled', 'returned', 'extended', 'urged', 'suspended'],
  returned: ['dispatched'],
  extended: ['handled', 'urged'],
  suspended: ['resumed'],
  resumed: ['extended', 'urged', 'handled'],
  urged: ['handled', 'extended'],
  handled: ['reworked', 'closed'],
  reworked: ['handled'],
  closed: [],
  cancelled: [],
};

const ISO_CITY = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\+08:00$/;

/** Every problem with one case's events, in the order they were emitted; [] when valid. */
export function lifecycleProblems(events: readonly CaseEvent[]): string[] {
  const problems: string[] = [];
  const [first] = events;
  if (first?.type !== 'reported') return [`starts with ${first?.type}`];
  const category = MINOR_BY_CODE.get(first.category ?? '');
  if (!category) problems.push(`unknown category ${first.category}`);
  let previous = first;
  for (const event of events) {
    if (!ISO_CITY.test(event.at)) problems.push(`time not ISO +08:00: ${event.at}`);
    if (event.caseId !== first.caseId) problems.push(`mixed cases ${event.caseId}`);
    if (event !== first) {
      if (!NEXT[previous.type].includes(event.type)) problems.push(`${previous.type} → ${event.type}`);
      if (Date.parse(event.at) < Date.parse(previous.at)) problems.push(`time goes back at ${event.type}`);
    }
    // A case returned by its category's department goes to the street office instead.
    const dispatchedTo = previous.type === 'returned' ? '街道办事处' : category?.department;
    if (event.type === 'dispatched' && event.department !== dispatchedTo) problems.push(`dispatched to ${event.department}, not ${dispatchedTo}`);
    if (event.type === 'returned' && event.department !== category?.department) problems.push(`returned by ${event.department}, not ${category?.department}`);
    if (event.type === 'extended' && !(Date.parse(event.deadline ?? '') > Date.parse(event.at))) problems.push(`extended to ${event.deadline}`);
    if (event.type === 'urged' && (event.by === undefined || event.note === undefined)) problems.push('urged by nobody');
    if (event !== first && (event.category ?? event.source ?? event.gridCode) !== undefined) problems.push(`${event.type} carries report fields`);
    previous = event;
  }
  return problems;
}

export function groupByCase(events: readonly CaseEvent[]): Map<string, CaseEvent[]> {
  const cases = new Map<string, CaseEvent[]>();
  for (const event of events) {
    const list = cases.get(event.caseId);
    if (list) list.push(event);
    else cases.set(event.caseId, [event]);
  }
  return cases;
}
