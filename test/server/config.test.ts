import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { ConfigError, readConfig, readDemoOptions } from '../../server/config';
import { removeTempDirs, startServer, tempDir } from './lib/harness';

describe('readConfig', () => {
  it('has the documented defaults', () => {
    const config = readConfig({}, '/srv/onescreen');
    expect(config).toMatchObject({
      port: 8080,
      host: '127.0.0.1',
      dataDir: '/srv/onescreen/data',
      zone: 'Asia/Shanghai',
      tickMs: 1000,
      retentionDays: 400,
      bodyLimit: 16 * 1024 * 1024,
      maxBatch: 10_000,
      corsOrigins: [],
      logRequests: true,
      live: { surgeK: 3, surgeMin: 5, deflate: false, deflateThreshold: 65_536 },
      scale: { trimSeconds: 60, nodeExpiryHours: 168 },
    });
    expect(config.tokensFile).toBeUndefined();
    expect(config.officeHours).toBeUndefined();
  });

  it('reads every variable', () => {
    const config = readConfig(
      {
        PORT: '9000',
        HOST: '0.0.0.0',
        ONESCREEN_DATA_DIR: '/var/lib/onescreen',
        ONESCREEN_TOKENS_FILE: 'tokens.json',
        ONESCREEN_TZ: 'Asia/Urumqi',
        ONESCREEN_TICK_MS: '500',
        ONESCREEN_RETENTION_DAYS: '30',
        ONESCREEN_BODY_LIMIT: '1048576',
        ONESCREEN_MAX_BATCH: '500',
        ONESCREEN_OFFICE_HOURS: '08:30-12:00, 13:30-17:30',
        ONESCREEN_CITY_GEOJSON: 'city.geojson',
        ONESCREEN_CORS_ORIGINS: 'https://a.example, https://b.example',
        MAPBOX_TOKEN: 'pk.x',
        ONESCREEN_LOG_REQUESTS: 'false',
        ONESCREEN_INGEST_RATE: '60',
        ONESCREEN_REDIS_URL: 'redis://10.0.0.5:6379/2',
        ONESCREEN_LOG_LEVEL: 'warn',
        ONESCREEN_CLIENT_DIR: 'web',
        ONESCREEN_SURGE_K: '2.5',
        ONESCREEN_SURGE_MIN: '8',
        ONESCREEN_LIVE_DEFLATE: '1',
        ONESCREEN_LIVE_DEFLATE_THRESHOLD: '1024',
        ONESCREEN_REPLAY_MAX: '3',
        ONESCREEN_EVALUATION_REFRESH_SECONDS: '300',
        ONESCREEN_REDIS_TRIM_SECONDS: '0',
        ONESCREEN_REDIS_NODE_EXPIRY_HOURS: '0.5',
      },
      '/srv',
    );
    expect(config).toMatchObject({
      port: 9000,
      host: '0.0.0.0',
      dataDir: '/var/lib/onescreen',
      tokensFile: '/srv/tokens.json',
      zone: 'Asia/Urumqi',
      tickMs: 500,
      retentionDays: 30,
      bodyLimit: 1_048_576,
      maxBatch: 500,
      officeHours: { periods: [['08:30', '12:00'], ['13:30', '17:30']] },
      cityGeojson: '/srv/city.geojson',
      corsOrigins: ['https://a.example', 'https://b.example'],
      mapboxToken: 'pk.x',
      logRequests: false,
      ingestRatePerMinute: 60,
      redisUrl: 'redis://10.0.0.5:6379/2',
      logLevel: 'warn',
      clientDir: '/srv/web',
      live: { surgeK: 2.5, surgeMin: 8, deflate: true, deflateThreshold: 1024, replayMax: 3, evaluationRefreshSeconds: 300 },
      scale: { trimSeconds: 0, nodeExpiryHours: 0.5 },
    });
  });

  it("reads the city's evaluation rules from ONESCREEN_EVALUATION_FILE, refusing a bad file by what is wrong in it", () => {
    const dir = tempDir();
    const rules = (name: string, content: unknown) => {
      writeFileSync(join(dir, name), typeof content === 'string' ? content : JSON.stringify(content));
      return { ONESCREEN_EVALUATION_FILE: join(dir, name) };
    };
    const good = { weights: { closureRate: 50, onTimeClosureRate: 50 }, reworkDenominator: 'handled', yellowWorkHours: 2 };
    expect(readConfig(rules('good.json', good)).evaluationRules).toEqual(good);
    expect(readConfig({}).evaluationRules).toEqual({ weights: { onTimeClosureRate: 40, closureRate: 30, reworkRate: 20, extensionRate: 10 }, reworkDenominator: 'due', yellowWorkHours: 4 });
    const bad: Array<[unknown, RegExp]> = [
      ['{ weights', /^ONESCREEN_EVALUATION_FILE: .*bad-0.json: not valid JSON$/],
      [{ ...good, weights: { closureRate: 60, onTimeClosureRate: 50 } }, /`weights` add up to 110, not 100$/],
      [{ ...good, weights: { speed: 100 } }, /`weights\.speed`: Unexpected property \(fields: weights \{closureRate, onTimeClosureRate, handlingRate, onTimeHandlingRate, reworkRate, extensionRate\}/],
      [{ ...good, reworkDenominator: 'cases' }, /`reworkDenominator`/],
      [{ weights: good.weights, reworkDenominator: 'due' }, /yellowWorkHours/],
    ];
    bad.forEach(([content, message], i) => {
      expect(() => readConfig(rules(`bad-${i}.json`, content))).toThrow(ConfigError);
      expect(() => readConfig(rules(`bad-${i}.json`, content))).toThrow(message);
    });
    expect(() => readConfig({ ONESCREEN_EVALUATION_FILE: join(dir, 'missing.json') })).toThrow(/^ONESCREEN_EVALUATION_FILE: .*missing.json: ENOENT/);
  });

  it('takes office hours that end at midnight (24:00)', () => {
    expect(readConfig({ ONESCREEN_OFFICE_HOURS: '00:00-24:00' }).officeHours).toEqual({ periods: [['00:00', '24:00']] });
    expect(readConfig({ ONESCREEN_OFFICE_HOURS: '08:00-12:00,18:00-24:00' }).officeHours).toEqual({ periods: [['08:00', '12:00'], ['18:00', '24:00']] });
  });

  it("reads npm start's own variables", () => {
    expect(readDemoOptions({})).toEqual({ speed: 10, backfillDays: 8 });
    expect(readDemoOptions({ ONESCREEN_DEMO_SPEED: '0.5', ONESCREEN_DEMO_BACKFILL_DAYS: '0' })).toEqual({ speed: 0.5, backfillDays: 0 });
    expect(() => readDemoOptions({ ONESCREEN_DEMO_SPEED: '0' })).toThrow(/^ONESCREEN_DEMO_SPEED=0 is not a number above 0$/);
    expect(() => readDemoOptions({ ONESCREEN_DEMO_SPEED: 'fast' })).toThrow(ConfigError);
    expect(() => readDemoOptions({ ONESCREEN_DEMO_BACKFILL_DAYS: '1.5' })).toThrow(/^ONESCREEN_DEMO_BACKFILL_DAYS=1.5 is not a whole number of days$/);
  });

  it('says which variable is wrong and why', () => {
    const cases: Array<[Record<string, string>, RegExp]> = [
      [{ PORT: 'eighty' }, /^PORT=eighty is not a whole number between 0 and 65535$/],
      [{ ONESCREEN_TICK_MS: '10' }, /ONESCREEN_TICK_MS=10 is not a whole number between 50/],
      [{ ONESCREEN_TZ: 'China/Beijing' }, /time zone "China\/Beijing" is not an IANA zone/],
      [{ ONESCREEN_OFFICE_HOURS: '9-12' }, /"9-12" is not a period like 09:00-12:00/],
      [{ ONESCREEN_OFFICE_HOURS: '14:00-18:00,09:00-12:00' }, /overlaps or precedes/],
      [{ ONESCREEN_OFFICE_HOURS: '12:00-09:00' }, /ends before it starts/],
      [{ ONESCREEN_LOG_REQUESTS: 'no' }, /^ONESCREEN_LOG_REQUESTS=no is not true or false$/],
      [{ ONESCREEN_OFFICE_HOURS: '09:00-24:30' }, /^ONESCREEN_OFFICE_HOURS: "24:30" is not a time of day HH:MM from 00:00 to 24:00$/],
      [{ ONESCREEN_INGEST_RATE: '-1' }, /^ONESCREEN_INGEST_RATE=-1 is not a whole number between 0 and 10000000$/],
      [{ ONESCREEN_SURGE_K: '0.5' }, /^ONESCREEN_SURGE_K=0.5 is not a number between 1 and 100$/],
      [{ ONESCREEN_SURGE_MIN: '2.5' }, /^ONESCREEN_SURGE_MIN=2.5 is not a whole number between 1 and 100000$/],
      [{ ONESCREEN_LIVE_DEFLATE: 'yes' }, /^ONESCREEN_LIVE_DEFLATE=yes is not true or false$/],
      [{ ONESCREEN_LIVE_DEFLATE_THRESHOLD: '-1' }, /^ONESCREEN_LIVE_DEFLATE_THRESHOLD=-1 is not a whole number of bytes$/],
      [{ ONESCREEN_REDIS_TRIM_SECONDS: 'hourly' }, /^ONESCREEN_REDIS_TRIM_SECONDS=hourly is not a number between 0 and 86400$/],
      [{ ONESCREEN_REDIS_NODE_EXPIRY_HOURS: '0' }, /^ONESCREEN_REDIS_NODE_EXPIRY_HOURS=0 is not a number between 0.001 and 8760$/],
      [{ ONESCREEN_REPLAY_MAX: 'many' }, /^ONESCREEN_REPLAY_MAX=many is not a whole number between 0 and 1000$/],
      [{ ONESCREEN_EVALUATION_REFRESH_SECONDS: '0' }, /^ONESCREEN_EVALUATION_REFRESH_SECONDS=0 is not a number between 1 and 86400$/],
      [{ ONESCREEN_REDIS_URL: 'redis//:s3cret-password@redis.internal' }, /^ONESCREEN_REDIS_URL is not a URL like redis:\/\/:password@host:6379 \(.*\)$/],
      [{ ONESCREEN_REDIS_URL: 'redis://:s3cret-password@redis.internal:99999' }, /^ONESCREEN_REDIS_URL is not a URL like/],
      [{ ONESCREEN_REDIS_URL: 'http://:s3cret-password@redis.internal' }, /^ONESCREEN_REDIS_URL is not a URL like/],
    ];
    for (const [env, message] of cases) {
      expect(() => readConfig(env)).toThrow(ConfigError);
      expect(() => readConfig(env)).toThrow(message);
    }
  });
});

describe('buildApp', () => {
  const saved = { ...process.env };
  afterEach(() => {
    process.env = { ...saved };
    removeTempDirs();
  });

  it('takes its configuration from its options and the defaults, never from the environment', async () => {
    // Only server/main.ts reads the environment: a stray variable does not reach a test's app.
    process.env.ONESCREEN_SURGE_K = 'many';
    process.env.ONESCREEN_REDIS_URL = 'redis://127.0.0.1:1';
    process.env.ONESCREEN_REDIS_TRIM_SECONDS = 'never';
    const server = await startServer({ live: { surgeMin: 9 } });
    try {
      expect(server.app.config.live).toEqual({ surgeK: 3, surgeMin: 9, deflate: false, deflateThreshold: 65_536, replayMax: 10, evaluationRefreshSeconds: 60 });
      expect(server.app.config.redisUrl).toBeUndefined();
      expect(server.app.scale).toBeUndefined();
    } finally {
      await server.close();
    }
  });
});
