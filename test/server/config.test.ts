import { describe, expect, it } from 'vitest';
import { ConfigError, readConfig } from '../../server/config';

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
    });
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
