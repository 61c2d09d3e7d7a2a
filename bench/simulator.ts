import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import type { CaseEvent } from '../contract';
import { EventSender } from '../mock/http/event-sender';
import { OneScreenClient } from '../mock/http/onescreen-client';
import { decodeCityGrids } from '../mock/shared/city-grids';
import { addDays, cityDay, cityDayStart } from '../mock/shared/city-time';
import { CaseEventStream } from '../mock/simulator/case-stream';
import { startServerProcess, writeBenchTokens } from './lib/server-process';

/**
 * The simulator's own cost and its delivery rate: (1) generating N days of the demo city at the
 * reference rate, in-process; (2) sending B days of history to a real server process through
 * the event sender (batches of 1,000, two in flight), against the reference of the same events
 * posted by a bare loop of sequential fetches. Prints figures; never fails on them.
 */
const { values } = parseArgs({
  options: {
    days: { type: 'string', default: '7' },
    'send-days': { type: 'string', default: '3' },
    rate: { type: 'string', default: String(Math.round(2_500_000 / 365)) },
  },
});
const DAYS = Number(values.days);
const SEND_DAYS = Number(values['send-days']);
const RATE = Number(values.rate);
const fmt = (n: number, digits = 0) => n.toLocaleString('en-US', { maximumFractionDigits: digits });

const dir = mkdtempSync(join(tmpdir(), 'onescreen-bench-sim-'));
const tokens = writeBenchTokens(dir);
const server = await startServerProcess({
  ONESCREEN_DATA_DIR: join(dir, 'data'),
  ONESCREEN_TOKENS_FILE: tokens.file,
  ONESCREEN_LOG_LEVEL: 'warn',
});
try {
  const client = new OneScreenClient({ target: server.url, token: tokens.ingest, readToken: tokens.wall });
  const city = decodeCityGrids(await client.grids(), await client.areas());
  const today = cityDay(Date.now());

  const from = cityDayStart(addDays(today, -DAYS - SEND_DAYS));
  let started = performance.now();
  const cpu = process.cpuUsage();
  const generated = new CaseEventStream(city, { rate: RATE, seed: 1, from, liveStart: Date.now(), speed: 1 });
  let events = 0;
  for (let t = from; t < from + DAYS * 86_400_000; ) {
    t += 3_600_000;
    events += generated.take(t).length;
  }
  const seconds = (performance.now() - started) / 1000;
  const cpuSeconds = (process.cpuUsage(cpu).user + process.cpuUsage(cpu).system) / 1e6;
  console.log(`generation: ${fmt(DAYS)} days at ${fmt(RATE)} cases/day over ${fmt(city.codes.length)} grids`);
  console.log(
    `  ${fmt(generated.stats().cases)} cases, ${fmt(events)} events in ${fmt(seconds, 2)} s: ` +
      `${fmt(events / seconds)} events/s, ${fmt(cpuSeconds / DAYS, 3)} CPU s per simulated day`,
  );

  const sendFrom = cityDayStart(addDays(today, -SEND_DAYS));
  const history = (seed: number) =>
    new CaseEventStream(city, { rate: RATE, seed, from: sendFrom, liveStart: Date.now(), speed: 1 }).take(cityDayStart(today));
  const batch = history(2);
  started = performance.now();
  const sender = new EventSender({ target: server.url, token: tokens.ingest, statusEveryMs: 0, maxBuffered: batch.length + 1 });
  sender.push(batch);
  await sender.close(600_000);
  const ours = batch.length / ((performance.now() - started) / 1000);
  const stats = sender.stats();
  console.log(`sending: ${fmt(SEND_DAYS)} days of history, ${fmt(batch.length)} events`);
  console.log(`  event sender:         ${fmt(ours)} events/s (accepted ${fmt(stats.accepted)}, rejected ${fmt(stats.rejected)})`);

  // Another seed: the same volume of different events, so the server stores them all again.
  const again = history(3);
  started = performance.now();
  for (let i = 0; i < again.length; i += 1000) await post(server.url, tokens.ingest, again.slice(i, i + 1000));
  const theirs = again.length / ((performance.now() - started) / 1000);
  console.log(`  reference (bare sequential fetch loop): ${fmt(theirs)} events/s`);
  console.log(`  ours/theirs: ${fmt(ours / theirs, 2)}`);
} finally {
  await server.stop();
  rmSync(dir, { recursive: true, force: true });
}

async function post(url: string, token: string, events: CaseEvent[]): Promise<void> {
  const reply = await fetch(`${url}/api/v1/events`, {
    method: 'POST',
    headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
    body: JSON.stringify(events),
  });
  if (!reply.ok) throw new Error(`reference POST: ${reply.status} ${await reply.text()}`);
}
