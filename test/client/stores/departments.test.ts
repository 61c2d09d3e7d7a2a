import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createPinia, setActivePinia } from 'pinia';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { DepartmentRow } from '../../../contract';
import { createApi } from '../../../client/composables/use-api';
import { DEPARTMENTS_MIN_INTERVAL_MS, useDepartmentsStore } from '../../../client/stores/departments';

const rowOf = (department: string, score: number): DepartmentRow => ({
  department,
  dispatched: 10,
  handled: 8,
  onTime: 7,
  reworked: 1,
  overdue: 1,
  urged: 0,
  score,
});

describe('departments store', () => {
  let server: Server;
  let origin: string;
  const requests: string[] = [];

  beforeEach(async () => {
    setActivePinia(createPinia());
    requests.length = 0;
    server = createServer((req, res) => {
      requests.push(`${req.url} ${req.headers.authorization}`);
      res.setHeader('content-type', 'application/json');
      res.end(JSON.stringify([rowOf('环卫处', 71.5), rowOf('市政设施处', 88.2)]));
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterEach(async () => {
    vi.useRealTimers();
    await new Promise((resolve) => server.close(resolve));
  });

  it('reads at most once a minute when figures change, with one trailing read', async () => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'Date'] });
    const api = createApi('tok', origin);
    const store = useDepartmentsStore();
    await store.figuresChanged(api, 'city', '2026-11-28');
    expect(store.rows.map((r) => r.department)).toEqual(['市政设施处', '环卫处']);
    for (let i = 0; i < 5; i += 1) await store.figuresChanged(api, 'city', '2026-11-28');
    expect(store.fetches).toBe(1);
    vi.advanceTimersByTime(DEPARTMENTS_MIN_INTERVAL_MS);
    expect(store.fetches).toBe(2);
    expect(requests[0]).toBe('/api/v1/departments?scope=city&date=2026-11-28 Bearer tok');
    store.stop();
  });

  it('keeps the last rows and reports the error when a read fails', async () => {
    const store = useDepartmentsStore();
    await store.fetchNow(createApi('tok', origin), 'city', '2026-11-28');
    await store.fetchNow(createApi('tok', 'http://127.0.0.1:1'), 'city', '2026-11-28');
    expect(store.rows).toHaveLength(2);
    expect(store.error).not.toBeNull();
  });
});
