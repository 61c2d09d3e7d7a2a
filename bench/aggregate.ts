import Database from 'better-sqlite3';
import { parseArgs } from 'node:util';
import { MINOR_CATEGORIES, SOURCES, parsePeriod, type EventType, type Period } from '../contract';
import { Aggregator } from '../server/core/aggregator';
import type { CaseEventRecord } from '../server/core/case-event-record';
import { loadCity } from '../server/geo';
import { READ_SLICE_MS, sliced } from '../server/live/time-slices';

/**
 * Rebuild figures of the aggregator core (docs/budgets.md#the-budgets: 12.5 M events, one year of
 * Chongqing, in ≤ 60 s and RSS ≤ 1.5 GB): generates a year of case events for the demo city's
 * 64,200 grids in time order (cases interleaved as a log holds them), applies them, and prints
 * events/s, µs/event, heap, RSS and the read latencies the live push depends on. References: the
 * simplest possible fold (one object per case in a Map) and a poll-and-query backend (SQLite GROUP
 * BY over a cases table). Prints figures; never passes or fails on them.
 */

const { values } = parseArgs({
  options: {
    cases: { type: 'string', default: '2500000' },
    days: { type: 'string', default: '365' },
    seed: { type: 'string', default: '7' },
    'skip-reference': { type: 'boolean', default: false },
  },
});
const CASES = Number(values.cases);
const DAYS = Number(values.days);
const NOW = Date.now();
const START = NOW - DAYS * 86_400_000;
const MIN = 60_000;
const HOUR = 3_600_000;
const CHUNK = 100_000;

const SEED = Number(values.seed) >>> 0 || 1;
let state = SEED;
const random = () => {
  state ^= state << 13;
  state ^= state >>> 17;
  state ^= state << 5;
  return (state >>> 0) / 4_294_967_296;
};
const between = (lo: number, hi: number) => lo + random() * (hi - lo);

/** Pending later events of cases already reported, by time (binary heap over parallel arrays). */
class Pending {
  at: number[] = [];
  n: number[] = [];
  type: number[] = [];
  push(at: number, n: number, type: number): void {
    let i = this.at.length;
    this.at.push(at), this.n.push(n), this.type.push(type);
    while (i > 0 && this.at[(i - 1) >> 1] > at) {
      const p = (i - 1) >> 1;
      [this.at[i], this.at[p]] = [this.at[p], this.at[i]];
      [this.n[i], this.n[p]] = [this.n[p], this.n[i]];
      [this.type[i], this.type[p]] = [this.type[p], this.type[i]];
      i = p;
    }
  }
  pop(): [number, number, number] {
    const top: [number, number, number] = [this.at[0], this.n[0], this.type[0]];
    const at = this.at.pop() ?? 0, n = this.n.pop() ?? 0, type = this.type.pop() ?? 0;
    if (this.at.length > 0) {
      let i = 0;
      for (;;) {
        let c = 2 * i + 1;
        if (c >= this.at.length) break;
        if (c + 1 < this.at.length && this.at[c + 1] < this.at[c]) c += 1;
        if (this.at[c] >= at) break;
        this.at[i] = this.at[c], this.n[i] = this.n[c], this.type[i] = this.type[c];
        i = c;
      }
      this.at[i] = at, this.n[i] = n, this.type[i] = type;
    }
    return top;
  }
}

const TYPES: EventType[] = ['reported', 'registered', 'dispatched', 'handled', 'reworked', 'closed', 'cancelled'];
const city = loadCity();
const caseId = (n: number) => `C${String(n).padStart(10, '0')}`;

/** A case's lifecycle after its report: registration, dispatch, handling (with reworks), closure; or cancellation. ~5.1 events a case. */
function plan(n: number, reportedAt: number, pending: Pending): void {
  if (random() < 0.05) {
    if (random() < 0.98) pending.push(reportedAt + between(10, 120) * MIN, n, 6);
    return;
  }
  let t = reportedAt + between(2, 30) * MIN;
  pending.push(t, n, 1);
  if (random() < 0.005) return;
  t += between(5, 60) * MIN;
  pending.push(t, n, 2);
  if (random() < 0.1) pending.push(t + between(5, 60) * MIN, n, 2);
  if (random() < 0.01) return;
  t += between(0.5, 72) * HOUR * random();
  pending.push(t, n, 3);
  if (random() < 0.1) {
    pending.push((t += between(1, 24) * HOUR), n, 4);
    pending.push((t += between(1, 24) * HOUR), n, 3);
  }
  if (random() < 0.99) pending.push(t + between(0.5, 24) * HOUR, n, 5);
}

/** Yields the year's events in time order, CHUNK at a time (generation is not timed); the same events for the same seed. */
function* eventChunks(): Generator<CaseEventRecord[]> {
  state = SEED;
  const pending = new Pending();
  const gap = (NOW - START) / CASES;
  let chunk: CaseEventRecord[] = [];
  let t = START;
  let id = 0;
  const emit = (event: CaseEventRecord) => {
    if (event.at <= NOW) chunk.push(event);
  };
  for (let n = 0; n < CASES; n += 1) {
    t += -Math.log(1 - random()) * gap;
    while (pending.at.length > 0 && pending.at[0] <= t) {
      const [at, m, type] = pending.pop();
      const department = type === 2 && random() < 0.3 ? '街道办事处' : undefined;
      emit({ id: `e${(id += 1)}`, caseId: caseId(m), type: TYPES[type], at, ...(department ? { department } : {}) });
    }
    const grid = city.gridCodeAt(Math.floor(random() * city.gridCount));
    const category = MINOR_CATEGORIES[Math.floor(random() * MINOR_CATEGORIES.length)].code;
    emit({ id: `e${(id += 1)}`, caseId: caseId(n), type: 'reported', at: t, gridCode: grid, category, source: SOURCES[Math.floor(random() * SOURCES.length)] });
    plan(n, t, pending);
    if (chunk.length >= CHUNK) {
      yield chunk;
      chunk = [];
    }
  }
  while (pending.at.length > 0) {
    const [at, m, type] = pending.pop();
    emit({ id: `e${(id += 1)}`, caseId: caseId(m), type: TYPES[type], at });
  }
  yield chunk;
}

const gc = (globalThis as { gc?: () => void }).gc;
const mb = (bytes: number) => `${(bytes / 1_048_576).toFixed(0)} MB`;
function memory(): { heap: number; buffers: number; rss: number } {
  gc?.();
  const { heapUsed, arrayBuffers, rss } = process.memoryUsage();
  return { heap: heapUsed, buffers: arrayBuffers, rss };
}
function timeEach(label: string, runs: number, f: () => unknown): number {
  f();
  const start = performance.now();
  for (let i = 0; i < runs; i += 1) f();
  const each = (performance.now() - start) / runs;
  console.log(`  ${label.padEnd(34)} ${each.toFixed(3)} ms`);
  return each;
}
/** Like timeEach for work that may yield to the event loop; also the longest the loop waited for a turn meanwhile. */
async function timeTurns(label: string, runs: number, work: () => Promise<unknown>): Promise<number> {
  const nextTurn = () => new Promise((resolve) => setImmediate(resolve));
  await work();
  let longest = 0;
  let last = performance.now();
  let running = true;
  const turn = () => {
    const now = performance.now();
    longest = Math.max(longest, now - last);
    last = now;
    if (running) setImmediate(turn);
  };
  setImmediate(turn);
  let busy = 0;
  for (let i = 0; i < runs; i += 1) {
    const start = performance.now();
    await work();
    busy += performance.now() - start;
    await nextTurn();
  }
  running = false;
  const each = busy / runs;
  console.log(`  ${label.padEnd(34)} ${each.toFixed(3)} ms, the event loop held at most ${longest.toFixed(1)} ms`);
  return each;
}

console.log(`aggregate bench: ${CASES.toLocaleString()} cases over ${DAYS} days, ${city.gridCount.toLocaleString()} grids (${city.name}), node ${process.version}${gc ? '' : ' (run with --expose-gc for exact heap figures)'}`);
const before = memory();
const aggregator = new Aggregator({ city });
let events = 0;
let applyMs = 0;
const wall = performance.now();
for (const chunk of eventChunks()) {
  const start = performance.now();
  for (const event of chunk) aggregator.apply(event);
  applyMs += performance.now() - start;
  events += chunk.length;
  if (events % 2_000_000 < chunk.length) process.stderr.write(`  ${events.toLocaleString()} events…\n`);
}
const totalMs = performance.now() - wall;
const after = memory();
console.log(`events applied          ${events.toLocaleString()} (${JSON.stringify(aggregator.stats())})`);
console.log(`apply                   ${(applyMs / 1000).toFixed(1)} s → ${Math.round(events / (applyMs / 1000)).toLocaleString()} events/s, ${((applyMs * 1000) / events).toFixed(2)} µs/event`);
console.log(`generate + apply        ${(totalMs / 1000).toFixed(1)} s`);
console.log(`core state              ${mb(after.heap - before.heap + after.buffers - before.buffers)}: JS heap ${mb(after.heap - before.heap)} + typed arrays ${mb(after.buffers - before.buffers)}`);
console.log(`RSS                     ${mb(after.rss)} (budget 1,536 MB including SQLite reading)`);

const districts = city.childrenOf('city');
const streets = districts.flatMap((d) => city.childrenOf(d));
const gridsOfStreet = (s: string) => city.childrenOf(s).reduce((n, community) => n + city.childrenOf(community).length, 0);
const street = streets.reduce((best, s) => (gridsOfStreet(s) > gridsOfStreet(best) ? s : best));
const community = city.childrenOf(street)[0];
const grid = city.childrenOf(community)[0];
console.log('reads (mean of repeated calls):');
const oursCity = timeEach("summary('city')", 200, () => aggregator.summary('city'));
timeEach(`summary(district ${districts[0]})`, 200, () => aggregator.summary(districts[0]));
const oursStreet = timeEach(`summary(street ${street}, ${gridsOfStreet(street)} grids)`, 200, () => aggregator.summary(street));
timeEach(`summary(community ${community})`, 200, () => aggregator.summary(community));
timeEach(`summary(grid ${grid})`, 200, () => aggregator.summary(grid));
const yesterday = new Date(NOW - 86_400_000 + 8 * HOUR).toISOString().slice(0, 10);
timeEach(`summary(street, ${yesterday})`, 50, () => aggregator.summary(street, yesterday));
timeEach("grids('city')", 10, () => aggregator.grids('city'));
timeEach("cases('city', 'overdue', 50)", 10, () => aggregator.cases('city', 'overdue', 50));
timeEach("recent('city', 50)", 200, () => aggregator.recent('city', 50));
timeEach("casePoints('city', today, 3000)", 10, () => aggregator.casePoints('city', undefined, 3000));
timeEach(`casePoints(district ${districts[0]}, today, 3000)`, 10, () => aggregator.casePoints(districts[0], undefined, 3000));
timeEach('departments()', 200, () => aggregator.departments());
timeEach('advance() + drainChanges()', 200, () => (aggregator.advance(), aggregator.drainChanges()));
console.log('evaluation (a month of the year, as of now; docs/evaluation.md):');
const month = parsePeriod(new Date(NOW - 40 * 86_400_000).toISOString().slice(0, 7)) as Period;
timeEach(`evaluation('city', ${month.label})`, 5, () => aggregator.evaluation('city', month));
timeEach(`evaluation(district ${districts[0]}, ${month.label})`, 20, () => aggregator.evaluation(districts[0], month));
timeEach(`evaluation(street ${street}, ${month.label})`, 50, () => aggregator.evaluation(street, month));
timeEach(`departmentEvaluation('city', ${month.label})`, 5, () => aggregator.departmentEvaluation('city', month));
const cityAtOnce = await timeTurns(`evaluation('city') at once`, 5, async () => aggregator.evaluation('city', month));
const citySliced = await timeTurns(`evaluation('city') in ${READ_SLICE_MS} ms slices`, 5, () => sliced(aggregator.evaluationSteps('city', month)));
const districtAtOnce = await timeTurns(`evaluation(district) at once`, 20, async () => aggregator.evaluation(districts[0], month));
const districtSliced = await timeTurns(`evaluation(district) in ${READ_SLICE_MS} ms slices`, 20, () => sliced(aggregator.evaluationSteps(districts[0], month)));
console.log(`  in slices / at once: city ${(citySliced / cityAtOnce).toFixed(2)}, district ${(districtSliced / districtAtOnce).toFixed(2)}`);
timeEach("wallEvaluation('city') (this month, lights)", 5, () => aggregator.wallEvaluation('city'));
timeEach(`wallEvaluation(district ${districts[0]})`, 20, () => aggregator.wallEvaluation(districts[0]));
timeEach("lights('city')", 20, () => aggregator.lights('city'));

if (!values['skip-reference']) {
  const sample: CaseEventRecord[] = [];
  for (const chunk of eventChunks()) {
    sample.push(...chunk);
    if (sample.length >= 1_000_000) break;
  }
  console.log(`references (first ${sample.length.toLocaleString()} events):`);
  const fresh = new Aggregator({ city });
  let start = performance.now();
  for (const event of sample) fresh.apply(event);
  const oursUs = ((performance.now() - start) * 1000) / sample.length;
  const folded = new Map<string, Record<string, number | string>>();
  start = performance.now();
  for (const event of sample) {
    let c = folded.get(event.caseId);
    if (!c) folded.set(event.caseId, (c = {}));
    if (event.type === 'reported') Object.assign(c, { grid: event.gridCode ?? '', category: event.category ?? '' });
    const key = `${event.type}At`;
    if (c[key] === undefined || event.at < Number(c[key])) c[key] = event.at;
  }
  const foldUs = ((performance.now() - start) * 1000) / sample.length;
  console.log(`  apply: ours ${oursUs.toFixed(2)} µs/event, Map-of-objects fold ${foldUs.toFixed(2)} µs/event (no day figures), ours/theirs ${(oursUs / foldUs).toFixed(1)}`);

  const db = new Database(':memory:');
  db.exec('CREATE TABLE cases (id TEXT PRIMARY KEY, district TEXT, street TEXT, grid TEXT, reportedAt REAL, registeredAt REAL, closedAt REAL)');
  const insert = db.prepare('INSERT INTO cases VALUES (?, ?, ?, ?, ?, ?, ?)');
  db.transaction(() => {
    for (const [id, c] of folded) {
      const g = String(c.grid ?? '');
      insert.run(id, g.slice(0, 6), g.slice(0, 9), g, Number(c.reportedAt ?? 0), c.registeredAt ?? null, c.closedAt ?? null);
    }
  })();
  db.exec('CREATE INDEX by_reported ON cases (reportedAt); CREATE INDEX by_street ON cases (street, reportedAt)');
  const last = Number(sample[sample.length - 1].at);
  const dayStart = last - 86_400_000;
  const query = db.prepare(
    `SELECT district, COUNT(*) AS reported, SUM(registeredAt IS NOT NULL) AS registered, SUM(closedAt IS NOT NULL) AS closed
     FROM cases WHERE reportedAt >= ? AND reportedAt < ? AND (? = 'city' OR street = ?) GROUP BY district`,
  );
  const sqlCity = timeEach('SQL poll: city day by district', 50, () => query.all(dayStart, last, 'city', ''));
  const sqlStreet = timeEach('SQL poll: street day', 50, () => query.all(dayStart, last, 'street', street));
  console.log(`  summary ours/theirs: city ${(oursCity / sqlCity).toFixed(2)}, street ${(oursStreet / sqlStreet).toFixed(2)} (ours include children, rates, quantiles and hourly)`);
  db.close();
}
