import { mkdtempSync, rmSync } from 'node:fs';
import { request } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { loadCity } from '../server/geo';
import { EventLog } from '../server/log/event-log';
import { caseStream } from './lib/case-stream';
import { startServerProcess, writeBenchTokens } from './lib/server-process';

/**
 * Rebuild at start (docs/budgets.md#the-budgets: one year of Chongqing, 12.5 M events, in ≤ 60 s
 * and RSS ≤ 1.5 GB): writes a year of generated case events straight into a log in the server's
 * format, then starts the real server on it and times it to /readyz, with its peak RSS. Prints
 * figures; never passes or fails on them.
 *   --events N     log size (default 12,500,000)
 *   --log-dir DIR  keep the generated log there; a log already there is reused as it is
 */
const { values } = parseArgs({
  options: {
    events: { type: 'string', default: '12500000' },
    'log-dir': { type: 'string' },
    seed: { type: 'string', default: '7' },
  },
});
const EVENTS = Number(values.events);
const EVENTS_PER_CASE = 4.85;
const DAY = 86_400_000;
const fmt = (n: number) => Math.round(n).toLocaleString('en-US');

function getJson<T>(url: string): Promise<T> {
  return new Promise((resolve, reject) => {
    request(url, (res) => {
      let text = '';
      res.setEncoding('utf8');
      res.on('data', (chunk: string) => (text += chunk));
      res.on('end', () => resolve(JSON.parse(text) as T));
    })
      .on('error', reject)
      .end();
  });
}

/** Writes the log in transactions of 10,000 (as a long-running server would have, batch after batch). */
function generateLog(dataDir: string): void {
  const city = loadCity();
  const log = new EventLog(dataDir);
  if (log.count() > 0) {
    console.log(`reusing the log in ${dataDir} (${fmt(log.count())} events)`);
    log.close();
    return;
  }
  const now = Date.now();
  const stream = caseStream({ city, cases: Math.ceil(EVENTS / EVENTS_PER_CASE), start: now - 365 * DAY, end: now - 60_000, seed: Number(values.seed) });
  const started = performance.now();
  let written = 0;
  let done = false;
  while (!done) {
    log.transaction(() => {
      for (let i = 0; i < 10_000; i++) {
        const next = stream.next();
        if (next.done || written === EVENTS) {
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

const logDir = values['log-dir'];
const base = logDir ?? mkdtempSync(join(tmpdir(), 'onescreen-bench-rebuild-'));
const dataDir = join(base, 'data');
try {
  generateLog(dataDir);
  const tokens = writeBenchTokens(base);
  const server = await startServerProcess({ ONESCREEN_DATA_DIR: dataDir, ONESCREEN_TOKENS_FILE: tokens.file, ONESCREEN_LOG_LEVEL: 'warn' });
  try {
    const ready = await getJson<{ events: number; ms: number }>(`${server.url}/readyz`);
    const rss = server.peakRss();
    const cpu = server.cpuSeconds();
    const city = await getJson<{ open: number; overdue: number }>(`${server.url}/api/v1/summary?scope=city&token=${tokens.wall}`);
    console.log(`rebuild: ${fmt(ready.events)} events, ready ${(server.readyMs / 1000).toFixed(1)} s after spawn (replay ${(ready.ms / 1000).toFixed(1)} s, ${fmt(ready.events / (ready.ms / 1000))} events/s), CPU ${cpu.toFixed(1)} s`);
    console.log(`         peak RSS ${(rss / 2 ** 20).toFixed(0)} MiB; city now: ${fmt(city.open)} open, ${fmt(city.overdue)} overdue`);
    console.log('budget:  ≤ 60 s and ≤ 1.5 GB RSS for 12.5 M events');
  } finally {
    await server.stop();
  }
} finally {
  if (logDir === undefined) rmSync(base, { recursive: true, force: true });
}
