import { DateTime } from 'luxon';

export type GetJson = (url: string) => Promise<unknown>;

/** Drops the fields that only say when an answer was made. */
function withoutAsOf(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(withoutAsOf);
  if (typeof value !== 'object' || value === null) return value;
  return Object.fromEntries(Object.entries(value).filter(([key]) => key !== 'asOf').map(([key, v]) => [key, withoutAsOf(v)]));
}

/**
 * Every figure a wall shows for the given scopes, today and yesterday: summaries, grid rows,
 * case lists and the department ranking, as one comparable value.
 */
export async function allFigures(get: GetJson, scopes: readonly string[], zone = 'Asia/Shanghai'): Promise<unknown> {
  const today = DateTime.now().setZone(zone);
  const dates = [today.toISODate() ?? '', today.minus({ days: 1 }).toISODate() ?? ''];
  const answers: Record<string, unknown> = {};
  for (const scope of scopes) {
    for (const date of dates) answers[`summary ${scope} ${date}`] = await get(`/api/v1/summary?scope=${scope}&date=${date}`);
    answers[`grids ${scope}`] = await get(`/api/v1/grids?scope=${scope}`);
    answers[`open ${scope}`] = await get(`/api/v1/cases?scope=${scope}&status=open&limit=500`);
  }
  for (const date of dates) answers[`departments ${date}`] = await get(`/api/v1/departments?date=${date}`);
  return withoutAsOf(answers);
}

/** GETs JSON from a running server over HTTP with a bearer token; any status but 200 throws. */
export function httpGetter(base: string, token: string): GetJson {
  return async (url) => {
    const response = await fetch(`${base}${url}`, { headers: { authorization: `Bearer ${token}` } });
    if (response.status !== 200) throw new Error(`GET ${url}: ${response.status} ${await response.text()}`);
    return response.json();
  };
}
