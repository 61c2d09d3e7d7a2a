import type { Api, PeriodQuery } from '../composables/use-api';
import { addedUp, readableDays } from '../figures/evaluation';
import type { BulletinData } from './bulletin';

/** Day summaries asked for at once: a year's are many, and the server has other pages to answer. */
const AT_ONCE = 4;

/** Each item through `work`, at most `limit` at a time, answers in the items' order. */
async function inTurns<T, R>(items: readonly T[], limit: number, work: (item: T) => Promise<R>): Promise<R[]> {
  const answers: R[] = new Array<R>(items.length);
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < items.length) {
      const i = next++;
      answers[i] = await work(items[i]);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
  return answers;
}

/**
 * A bulletin's figures: the evaluation and the departments' for the period, and its reports by
 * category and source added up from the summaries of its retained days up to today (no route
 * answers those for a period: docs/client.md#the-bulletin).
 */
export async function loadBulletin(api: Api, scope: string, period: PeriodQuery): Promise<BulletinData> {
  const [evaluation, departments, me] = await Promise.all([api.evaluation(scope, period), api.evaluationDepartments(scope, period), api.me()]);
  const days = readableDays(evaluation.period, me.retained);
  const summaries = await inTurns(days, AT_ONCE, (date) => api.summary(scope, date));
  return {
    evaluation,
    departments: departments.rows,
    categories: addedUp(summaries.map((s) => s.byCategory)),
    sources: addedUp(summaries.map((s) => s.bySource)),
    days,
  };
}
