import { existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync, statSync } from 'node:fs';
import { request } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { checkpointHeader } from '../server/log/checkpoint-file';
import { generateLog } from './lib/generate-log';
import { startServerProcess, writeBenchTokens, type ServerProcess } from './lib/server-process';

/**
 * Rebuild at start (docs/budgets.md#the-budgets): a log of Chongqing's scale written straight
 * into a data directory in the server's format, then the real server started on it and timed to
 * /readyz, with its peak and settled RSS. Prints figures; never passes or fails on them.
 *   --events N        log size (default 12,500,000: a year); ignored with --years
 *   --years N[,M…]    logs of N years (12.5 M events each): for each, a start by a full replay of
 *                     the log and a start from the checkpoint the first one wrote, side by side
 *   --year-events N   events a year with --years (default 12,500,000, Chongqing's scale)
 *   --retention N     ONESCREEN_RETENTION_DAYS of the server (default: the server's, 400 days, which a
 *                     1-year log does not fill; under 365 both logs fill it, as years of running do)
 *   --log-dir DIR     keep the generated logs there; a log already there is reused as it is
 */
const { values } = parseArgs({
  options: {
    events: { type: 'string', default: '12500000' },
    years: { type: 'string' },
    'year-events': { type: 'string', default: '12500000' },
    'log-dir': { type: 'string' },
    seed: { type: 'string', default: '7' },
    retention: { type: 'string' },
  },
});
const EVENTS_PER_YEAR = Number(values['year-events']);
const fmt = (n: number) => Math.round(n).toLocaleString('en-US');
const mib = (bytes: number) => `${fmt(bytes / 2 ** 20)} MiB`;

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

interface Start {
  server: ServerProcess;
  ready: { events: number; ms: number; checkpoint?: number };
  readyMs: number;
  peakRss: number;
}

async function start(dataDir: string, tokensFile: string): Promise<Start> {
  const retention: Record<string, string> = values.retention === undefined ? {} : { ONESCREEN_RETENTION_DAYS: values.retention };
  const server = await startServerProcess({ ONESCREEN_DATA_DIR: dataDir, ONESCREEN_TOKENS_FILE: tokensFile, ONESCREEN_LOG_LEVEL: 'warn', ...retention });
  const ready = await getJson<Start['ready']>(`${server.url}/readyz`);
  return { server, ready, readyMs: server.readyMs, peakRss: server.peakRss() };
}

const checkpointsIn = (dataDir: string) => readdirSync(dataDir).filter((name) => /^checkpoint-\d+\.bin$/.test(name));

/** RSS once the start-up work (tiles, a first checkpoint) is over and a collection had its chance. */
async function settledRss(server: ServerProcess): Promise<number> {
  await new Promise((r) => setTimeout(r, 5000));
  return server.rss();
}

async function years(base: string, count: number): Promise<void> {
  const dataDir = join(base, `years-${count}`, 'data');
  mkdirSync(dataDir, { recursive: true });
  generateLog(dataDir, count * EVENTS_PER_YEAR, count * 365, Number(values.seed));
  const tokens = writeBenchTokens(join(base, `years-${count}`));
  for (const name of checkpointsIn(dataDir)) rmSync(join(dataDir, name));

  const full = await start(dataDir, tokens.file);
  const writeStarted = performance.now();
  while (checkpointsIn(dataDir).length === 0) await new Promise((r) => setTimeout(r, 100));
  const writeSeconds = (performance.now() - writeStarted) / 1000;
  const checkpointFile = join(dataDir, checkpointsIn(dataDir)[0]);
  const checkpointBytes = statSync(checkpointFile).size;
  const held = await checkpointHeader(checkpointFile);
  const fullRss = await settledRss(full.server);
  await full.server.stop();

  const resumed = await start(dataDir, tokens.file);
  const resumedRss = await settledRss(resumed.server);
  await resumed.server.stop();

  console.log(`${count} year(s), ${fmt(full.ready.events)} events, retention ${values.retention ?? 'the default'} days:`);
  const line = (what: string, s: Start, settled: number) =>
    `  ${what} ready ${(s.readyMs / 1000).toFixed(1)} s after spawn (replay ${(s.ready.ms / 1000).toFixed(1)} s), peak RSS at ready ${mib(s.peakRss)}, RSS 5 s later (tiles made) ${mib(settled)}`;
  console.log(line('full replay:    ', full, fullRss));
  console.log(line('from checkpoint:', resumed, resumedRss));
  console.log(`                   (checkpoint at log position ${fmt(resumed.ready.checkpoint ?? 0)}, ${fmt(resumed.ready.events)} events after it)`);
  console.log(`  checkpoint:       ${mib(checkpointBytes)}, on disk within ${writeSeconds.toFixed(1)} s of the ready full replay; holds ${fmt(held.cases)} cases, ${fmt(held.events)} events (forgotten: ${fmt(held.evicted.rows)} cases)`);
}

const logDir = values['log-dir'];
const base = logDir ?? mkdtempSync(join(tmpdir(), 'onescreen-bench-rebuild-'));
try {
  if (values.years !== undefined) {
    for (const count of values.years.split(',').map(Number)) await years(base, count);
    console.log('budget:  ready from a checkpoint ≤ 5 s at any log age; RSS after a 3-year log within 10 % of after a 1-year log (same retention)');
  } else {
    const dataDir = join(base, 'data');
    if (!existsSync(dataDir)) mkdirSync(dataDir, { recursive: true });
    generateLog(dataDir, Number(values.events), 365, Number(values.seed));
    for (const name of checkpointsIn(dataDir)) rmSync(join(dataDir, name));
    const tokens = writeBenchTokens(base);
    const { server, ready, readyMs, peakRss } = await start(dataDir, tokens.file);
    try {
      const cpu = server.cpuSeconds();
      const city = await getJson<{ open: number; overdue: number }>(`${server.url}/api/v1/summary?scope=city&token=${tokens.wall}`);
      console.log(`rebuild: ${fmt(ready.events)} events, ready ${(readyMs / 1000).toFixed(1)} s after spawn (replay ${(ready.ms / 1000).toFixed(1)} s, ${fmt(ready.events / (ready.ms / 1000))} events/s), CPU ${cpu.toFixed(1)} s`);
      console.log(`         peak RSS ${mib(peakRss)}; city now: ${fmt(city.open)} open, ${fmt(city.overdue)} overdue`);
      console.log('budget:  ≤ 60 s and ≤ 1.5 GB RSS for 12.5 M events');
    } finally {
      await server.stop();
    }
  }
} finally {
  if (logDir === undefined) rmSync(base, { recursive: true, force: true });
}
