import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { TOKENS, TestClock, removeTempDirs, sampleGrids, startServer, tempDir } from './lib/harness';

afterAll(removeTempDirs);

function builtClient(): string {
  const dir = tempDir();
  mkdirSync(join(dir, 'assets'));
  writeFileSync(join(dir, 'index.html'), '<!doctype html><title>OneScreen</title><script type="module" src="/assets/main-abc123.js"></script>');
  writeFileSync(join(dir, 'assets', 'main-abc123.js'), 'console.log("wall")');
  return dir;
}

describe('pages', () => {
  it('serves the built client shell at /wall and /tablet without a token, assets cached for good', async () => {
    const server = await startServer({ clientDir: builtClient() });
    for (const page of ['/wall', `/tablet?token=${TOKENS.leader}`]) {
      const response = await server.get(page, '');
      expect(response.statusCode, page).toBe(200);
      expect(response.headers['content-type']).toMatch(/^text\/html/);
      expect(response.headers['cache-control']).toBe('no-cache');
      expect(response.body).toContain('<title>OneScreen</title>');
    }
    const asset = await server.get('/assets/main-abc123.js', '');
    expect(asset.statusCode).toBe(200);
    expect(asset.headers['cache-control']).toBe('public, max-age=31536000, immutable');
    const root = await server.get(`/?token=${TOKENS.wall}`, '');
    expect(root.statusCode).toBe(302);
    expect(root.headers.location).toBe(`/wall?token=${TOKENS.wall}`);
    expect((await server.get('/assets/missing.js', '')).statusCode).toBe(404);
    await server.close();
  });

  it('says to run npm run build when the client is not built', async () => {
    const server = await startServer({ clientDir: join(tempDir(), 'nothing-here') });
    const response = await server.get('/wall', '');
    expect(response.statusCode).toBe(503);
    expect(response.headers['content-type']).toMatch(/^text\/html/);
    expect(response.body).toContain('npm run build');
    await server.close();
  });

  it('sends security headers: a content policy, no referrer (tokens live in page URLs), no sniffing', async () => {
    const server = await startServer({ clientDir: builtClient() });
    const response = await server.get('/wall', '');
    expect(response.headers['content-security-policy']).toMatch(/default-src 'self'/);
    expect(response.headers['content-security-policy']).toMatch(/worker-src 'self' blob:/);
    expect(response.headers['referrer-policy']).toBe('no-referrer');
    expect(response.headers['x-content-type-options']).toBe('nosniff');
    await server.close();
  });
});

describe('operations', () => {
  const clock = new TestClock(Date.parse('2026-11-28T10:00:00+08:00'));
  const grids = sampleGrids();

  it('publishes an OpenAPI document of every route, and Swagger UI at /docs', async () => {
    const server = await startServer();
    const document = (await server.get('/api/v1/openapi.json', '')).json<{ paths: Record<string, unknown> }>();
    for (const path of ['/api/v1/events', '/api/v1/summary', '/api/v1/grids', '/api/v1/cases', '/api/v1/categories', '/api/v1/departments']) {
      expect(Object.keys(document.paths)).toContain(path);
    }
    const ui = await server.get('/docs/', '');
    expect(ui.statusCode).toBe(200);
    expect(ui.body).toContain('swagger-ui');
    await server.close();
  });

  it('serves the category catalogue with time limits', async () => {
    const server = await startServer();
    const catalogue = (await server.get('/api/v1/categories')).json<{ majors: { code: string }[]; minors: { code: string; limit: { unit: string } }[] }>();
    expect(catalogue.majors.map((m) => m.code)).toContain('E.06');
    expect(catalogue.minors.find((m) => m.code === 'E.06.01')?.limit.unit).toBe('calendar-days');
    await server.close();
  });

  it('counts ingest outcomes by reason, log size and cases in /metrics', async () => {
    const server = await startServer({ now: clock.now });
    const good = { id: 'm1', caseId: 'M1', type: 'reported', at: '2026-11-28T09:00:00+08:00', category: 'E.05.02', source: 'app', gridCode: grids.a1 };
    await server.ingest([good, good, { ...good, id: 'm2', at: '2026-11-28T09:00:00' }, { ...good, id: 'm3', category: 'E.09.09' }]);
    const text = (await server.get('/metrics', TOKENS.admin)).body;
    const value = (line: string) => Number(text.split('\n').find((l) => l.startsWith(`${line} `))?.split(' ')[1]);
    expect(value('onescreen_ingest_events_total{result="accepted"}')).toBe(1);
    expect(value('onescreen_ingest_events_total{result="duplicate"}')).toBe(1);
    expect(value('onescreen_ingest_events_total{result="rejected"}')).toBe(2);
    expect(value('onescreen_ingest_rejected_total{reason="time"}')).toBe(1);
    expect(value('onescreen_ingest_rejected_total{reason="category"}')).toBe(1);
    expect(value('onescreen_log_events')).toBe(1);
    expect(value('onescreen_log_size_bytes')).toBeGreaterThan(0);
    expect(value('onescreen_cases{state="open"}')).toBe(1);
    expect(text).toMatch(/^onescreen_event_loop_lag_seconds\{quantile="0.99"\} /m);
    expect(text).toMatch(/^process_resident_memory_bytes /m);
    await server.close();
  });

  it('reports liveness and readiness without a token', async () => {
    const server = await startServer();
    expect((await server.get('/healthz', '')).json()).toEqual({ status: 'ok' });
    expect((await server.get('/readyz', '')).json()).toMatchObject({ status: 'ready', events: 0 });
    await server.close();
  });
});
