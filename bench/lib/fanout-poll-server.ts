/**
 * Child process of bench/fanout.ts, the second reference: how a typical poll-driven dashboard
 * backend works. Events go into a SQLite table; every client asks `GET /summary?scope=` each
 * second and each request runs aggregate queries on the log (counts by type over today's
 * events of the scope's cases, reports per grid, the latest 50 events).
 * argv: dbFile
 */
import { createServer } from 'node:http';
import Database from 'better-sqlite3';
import type { CaseEvent } from '../../contract';
import { serveSampler } from './fanout-sampler';

const db = new Database(process.argv[2]);
db.pragma('journal_mode = WAL');
db.pragma('synchronous = NORMAL');
db.exec(`
CREATE TABLE IF NOT EXISTS events (
  seq INTEGER PRIMARY KEY, id TEXT UNIQUE NOT NULL, case_id TEXT NOT NULL, type TEXT NOT NULL,
  at INTEGER NOT NULL, grid_code TEXT, category TEXT, source TEXT);
CREATE INDEX IF NOT EXISTS events_case ON events(case_id);
CREATE INDEX IF NOT EXISTS events_at ON events(at);
CREATE INDEX IF NOT EXISTS events_grid ON events(grid_code, at);
`);
const insert = db.prepare('INSERT OR IGNORE INTO events (id, case_id, type, at, grid_code, category, source) VALUES (?, ?, ?, ?, ?, ?, ?)');
const insertAll = db.transaction((events: CaseEvent[]) => {
  for (const e of events) insert.run(e.id, e.caseId, e.type, Date.parse(e.at), e.gridCode ?? null, e.category ?? null, e.source ?? null);
});
const counts = db.prepare(`
  SELECT e.type AS type, COUNT(DISTINCT e.case_id) AS n FROM events e
  JOIN events r ON r.case_id = e.case_id AND r.type = 'reported'
  WHERE e.at >= ? AND r.grid_code >= ? AND r.grid_code < ? GROUP BY e.type`);
const perGrid = db.prepare(`
  SELECT grid_code AS grid, COUNT(*) AS n FROM events
  WHERE type = 'reported' AND at >= ? AND grid_code >= ? AND grid_code < ? GROUP BY grid_code`);
const latest = db.prepare(`
  SELECT e.case_id AS caseId, e.type AS type, e.at AS at, r.grid_code AS grid FROM events e
  JOIN events r ON r.case_id = e.case_id AND r.type = 'reported'
  WHERE r.grid_code >= ? AND r.grid_code < ? ORDER BY e.seq DESC LIMIT 50`);

/** Grid codes of a scope share its code as prefix: [prefix, prefix + 1) in string order. */
const range = (scope: string): [string, string] => (scope === 'city' ? ['0', ':'] : [scope, `${scope.slice(0, -1)}${String.fromCharCode(scope.charCodeAt(scope.length - 1) + 1)}`]);
const dayStart = (): number => {
  const now = Date.now() + 8 * 3_600_000;
  return now - (now % 86_400_000) - 8 * 3_600_000;
};

const server = createServer((request, response) => {
  const url = new URL(request.url ?? '/', 'http://x');
  if (request.method === 'POST' && url.pathname === '/events') {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      const events = JSON.parse(Buffer.concat(chunks).toString('utf8')) as CaseEvent[];
      insertAll(events);
      response.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ accepted: events.length, duplicates: 0, rejected: [] }));
    });
    return;
  }
  if (url.pathname === '/summary') {
    const [lo, hi] = range(url.searchParams.get('scope') ?? 'city');
    const since = dayStart();
    const body = JSON.stringify({
      counts: counts.all(since, lo, hi),
      grids: perGrid.all(since, lo, hi),
      recent: latest.all(lo, hi),
    });
    response.writeHead(200, { 'content-type': 'application/json' }).end(body);
    return;
  }
  response.writeHead(404).end();
});
server.keepAliveTimeout = 60_000;
server.listen(0, '127.0.0.1', () => {
  const address = server.address();
  if (address === null || typeof address === 'string') throw new Error('no TCP address');
  process.send?.({ type: 'ready', port: address.port });
});
serveSampler();
process.on('message', (message: unknown) => {
  if (message === 'stop') {
    server.closeAllConnections();
    server.close(() => process.exit(0));
  }
});
