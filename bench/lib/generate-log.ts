import { loadCity } from '../../server/geo';
import { EventLog } from '../../server/log/event-log';
import { caseStream } from './case-stream';

const EVENTS_PER_CASE = 4.85;
const DAY = 86_400_000;
const fmt = (n: number) => Math.round(n).toLocaleString('en-US');

/** Writes `events` events over the `days` before now, in transactions of 10,000 (as a long-running server would have, batch after batch). */
export function generateLog(dataDir: string, events: number, days: number, seed = 7): void {
  const city = loadCity();
  const log = new EventLog(dataDir);
  if (log.count() > 0) {
    console.log(`reusing the log in ${dataDir} (${fmt(log.count())} events)`);
    log.close();
    return;
  }
  const now = Date.now();
  const stream = caseStream({ city, cases: Math.ceil(events / EVENTS_PER_CASE), start: now - days * DAY, end: now - 60_000, seed });
  const started = performance.now();
  let written = 0;
  let done = false;
  while (!done) {
    log.transaction(() => {
      for (let i = 0; i < 10_000; i++) {
        const next = stream.next();
        if (next.done || written === events) {
          done = true;
          return;
        }
        log.insert(next.value.record, next.value.record.at);
        written++;
      }
    });
  }
  const seconds = (performance.now() - started) / 1000;
  console.log(`log: ${fmt(written)} events written in ${seconds.toFixed(1)} s, ${(log.sizeBytes() / 2 ** 30).toFixed(2)} GiB on disk`);
  log.close();
}

