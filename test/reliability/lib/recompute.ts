import { join } from 'node:path';
import Database from 'better-sqlite3';
import type { CaseEvent } from '../../../contract';
import { demoCity, startServer } from '../../server/lib/harness';
import { allFigures } from './figures';

export const SCOPES = ['city', '500103', '500105'];

/** A few grids in each street of a district of the demo city. */
export function gridsOf(district: string): string[] {
  const city = demoCity();
  return city.childrenOf(district).flatMap((street) => city.childrenOf(street).flatMap((community) => city.childrenOf(community)).slice(0, 3));
}

/** Event ids in a server's log file, in insertion order (opened read-only beside the server). */
export function storedIds(dataDir: string): string[] {
  const db = new Database(join(dataDir, 'events.sqlite'), { readonly: true, fileMustExist: true });
  try {
    return db.prepare<[], { id: string }>('SELECT id FROM events ORDER BY seq').all().map((row) => row.id);
  } finally {
    db.close();
  }
}

/** The figures of a fresh in-process server fed exactly `events`: the recomputation to compare with. */
export async function recomputed(events: readonly CaseEvent[]): Promise<unknown> {
  const reference = await startServer();
  try {
    for (let i = 0; i < events.length; i += 1000) await reference.ingest(events.slice(i, i + 1000));
    return await allFigures(async (url) => (await reference.get(url)).json(), SCOPES);
  } finally {
    await reference.close();
  }
}
