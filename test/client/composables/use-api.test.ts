import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ApiError, createApi } from '../../../client/composables/use-api';

describe('api', () => {
  let server: Server;
  let origin: string;
  const requests: string[] = [];
  let failNext = false;

  beforeEach(async () => {
    requests.length = 0;
    server = createServer((req, res) => {
      requests.push(req.url ?? '');
      res.setHeader('content-type', 'application/json');
      if (failNext) {
        failNext = false;
        res.statusCode = 503;
        res.end(JSON.stringify({ statusCode: 503, error: 'Service Unavailable', message: 'replaying the event log' }));
        return;
      }
      const gridIndex = { count: 3, communities: [['500103001001', '001002'], ['500103001002', '001']] };
      res.end(JSON.stringify(req.url === '/api/v1/geo/grid-index' ? gridIndex : { path: req.url }));
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterEach(() => new Promise((resolve) => server.close(resolve)));

  it('asks once per page for the map data started early, and again after a failure', async () => {
    const api = createApi('tok', origin);
    failNext = true;
    await expect(api.areas()).rejects.toEqual(new ApiError(503, '503 replaying the event log'));
    api.prefetchMapData();
    expect(await api.areas()).toEqual({ path: '/api/v1/geo/areas' });
    expect(await api.me()).toEqual({ path: '/api/v1/me' });
    expect(await api.gridCodes()).toEqual(['500103001001001', '500103001001002', '500103001002001']);
    expect(await api.gridCodes()).toBe(await api.gridCodes());
    expect(requests.sort()).toEqual(['/api/v1/geo/areas', '/api/v1/geo/areas', '/api/v1/geo/grid-index', '/api/v1/me']);
    // Figures are never kept: each summary is a request.
    await api.summary('city');
    await api.summary('city');
    expect(requests.filter((r) => r.startsWith('/api/v1/summary'))).toHaveLength(2);
  });
});
