import { spawnSync } from 'node:child_process';
import parsePrometheusTextFormat, { type MetricFamily } from 'parse-prometheus-text-format';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { needSystemTool } from '../lib/system-tool';
import { TOKENS, removeTempDirs, sampleGrids, startServer, type TestServer } from './lib/harness';

const BLOCKED_MS = 300;

let server: TestServer;
let text: string;
beforeAll(async () => {
  server = await startServer();
  const { a1 } = sampleGrids();
  const good = { id: 'x1', caseId: 'X1', type: 'reported', at: new Date().toISOString(), category: 'E.05.02', source: 'app', gridCode: a1 };
  await server.ingest([good, good, { ...good, id: 'x2', category: 'E.09.09' }]);
  await server.get('/api/v1/summary?scope=city');
  // Hold the loop: the lag timer, due meanwhile, runs that much late once the loop is free.
  const until = performance.now() + BLOCKED_MS;
  while (performance.now() < until);
  await new Promise((done) => setTimeout(done, 50));
  text = (await server.get('/metrics', TOKENS.admin)).body;
});
afterAll(async () => {
  await server.close();
  removeTempDirs();
});

/**
 * What the exposition format's rules (those promtool checks) say against a family, in words.
 * This parser merges the series of a labelled histogram into one, so bucket shapes are left to
 * promtool below, which parses with Prometheus' own code.
 */
function problemsOf(family: MetricFamily): string[] {
  const problems: string[] = [];
  const say = (what: string) => problems.push(`${family.name}: ${what}`);
  if (family.type === 'UNTYPED') say('no TYPE');
  if (family.help.trim() === '') say('no HELP');
  if (family.type === 'COUNTER' && !family.name.endsWith('_total')) say('a counter not named _total');
  if (family.type !== 'COUNTER' && family.name.endsWith('_total')) say(`a ${family.type.toLowerCase()} named _total`);
  for (const metric of family.metrics) {
    const labels = Object.keys(metric.labels ?? {});
    if (family.type !== 'SUMMARY' && labels.includes('quantile')) say('a quantile label outside a summary');
    if (family.type !== 'HISTOGRAM' && labels.includes('le')) say('an le label outside a histogram');
    if (family.type === 'SUMMARY' && (metric.count === undefined || metric.sum === undefined)) say('a summary without _sum and _count');
  }
  return problems;
}

describe('GET /metrics', () => {
  it('parses as the Prometheus text format, every family typed, described and named by its rules', () => {
    const families = parsePrometheusTextFormat(text);
    const ours = families.filter((f) => f.name.startsWith('onescreen_'));
    expect(ours.map((f) => f.name)).toEqual(expect.arrayContaining(['onescreen_ingest_events_total', 'onescreen_cases', 'onescreen_http_request_duration_seconds']));
    expect(families.flatMap(problemsOf)).toEqual([]);
  });

  it('gives the event-loop lag as a summary that saw the loop held', () => {
    const lag = parsePrometheusTextFormat(text).find((f) => f.name === 'onescreen_event_loop_lag_seconds');
    expect(lag?.type).toBe('SUMMARY');
    const [metric] = lag?.metrics ?? [];
    expect(Object.keys(metric.quantiles ?? {}).sort()).toEqual(['0.5', '0.99', '1']);
    expect(Number(metric.count)).toBeGreaterThan(0);
    expect(Number(metric.quantiles?.['1'])).toBeGreaterThanOrEqual((BLOCKED_MS - 50) / 1000);
  });

  it('passes promtool check metrics without a word', (context) => {
    needSystemTool(context, 'promtool', ['--version'], 'install Debian\'s prometheus package for promtool');
    const check = spawnSync('promtool', ['check', 'metrics'], { input: text, encoding: 'utf8' });
    expect(`${check.stdout}${check.stderr}`).toBe('');
    expect(check.status).toBe(0);
  });
});
