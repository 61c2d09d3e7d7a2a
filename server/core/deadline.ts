import type { TimeLimit } from '../../contract';
import { DAY_MS, HOUR_MS } from './local-time';
import type { WorkCalendar } from './work-calendar';

/** Deadline of a case registered at `registeredAt` under a catalogue time limit (docs/metrics.md#deadline). */
export function deadlineAfter(limit: TimeLimit, registeredAt: number, calendar: WorkCalendar): number {
  switch (limit.unit) {
    case 'calendar-days':
      return registeredAt + limit.amount * DAY_MS;
    case 'urgent-hours':
      return registeredAt + limit.amount * HOUR_MS;
    case 'work-hours':
      return calendar.addWorkHours(registeredAt, limit.amount);
    case 'work-days':
      return calendar.addWorkDays(registeredAt, limit.amount);
  }
}
