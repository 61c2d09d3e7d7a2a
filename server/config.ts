import { resolve } from 'node:path';
import { IANAZone } from 'luxon';
import type { OfficeHours } from './core/aggregator';

/** Everything the server reads from its environment (README, "Configuration"). */
export interface Config {
  port: number;
  host: string;
  dataDir: string;
  /** JSON tokens file; when absent, tokens are created once in `<dataDir>/tokens.json`. */
  tokensFile?: string;
  zone: string;
  tickMs: number;
  retentionDays: number;
  /** Largest accepted request body, in bytes. */
  bodyLimit: number;
  /** Most events in one ingest request. */
  maxBatch: number;
  /** Ingest requests a minute per token before 429 (0 = no limit). */
  ingestRatePerMinute: number;
  /** A city's own grid GeoJSON instead of the demo city. */
  cityGeojson?: string;
  officeHours?: OfficeHours;
  redisUrl?: string;
  mapboxToken?: string;
  /** Origins allowed to call the API from another site; empty = same origin only. */
  corsOrigins: string[];
  logLevel: string;
  /** One log line per request and per reply (pino info); off keeps only warnings and errors of requests. */
  logRequests: boolean;
  /** Where the built client lives (`npm run build`). */
  clientDir: string;
}

export const DEFAULT_CONFIG: Omit<Config, 'dataDir' | 'clientDir'> = {
  port: 8080,
  host: '127.0.0.1',
  zone: 'Asia/Shanghai',
  tickMs: 1000,
  retentionDays: 400,
  bodyLimit: 16 * 1024 * 1024,
  maxBatch: 10_000,
  ingestRatePerMinute: 12_000,
  corsOrigins: [],
  logLevel: 'info',
  logRequests: true,
};

export class ConfigError extends Error {}

type Env = Record<string, string | undefined>;

function integer(env: Env, name: string, fallback: number, min: number, max: number): number {
  const raw = env[name];
  if (raw === undefined || raw.trim() === '') return fallback;
  const value = Number(raw);
  if (!Number.isInteger(value) || value < min || value > max) {
    throw new ConfigError(`${name}=${raw} is not a whole number between ${min} and ${max}`);
  }
  return value;
}

function text(env: Env, name: string): string | undefined {
  const raw = env[name]?.trim();
  return raw ? raw : undefined;
}

function flag(env: Env, name: string, fallback: boolean): boolean {
  const raw = text(env, name)?.toLowerCase();
  if (raw === undefined) return fallback;
  if (raw === 'true' || raw === '1') return true;
  if (raw === 'false' || raw === '0') return false;
  throw new ConfigError(`${name}=${env[name] ?? ''} is not true or false`);
}

/**
 * A redis:// or rediss:// URL. The message does not repeat the value, which may hold a
 * password: ioredis would take a malformed one for a socket path and print it in its errors.
 */
function redisUrl(env: Env): string | undefined {
  const raw = text(env, 'ONESCREEN_REDIS_URL');
  if (raw === undefined) return undefined;
  let url: URL | undefined;
  try {
    url = new URL(raw);
  } catch {
    url = undefined;
  }
  if (url === undefined || (url.protocol !== 'redis:' && url.protocol !== 'rediss:') || url.hostname === '') {
    throw new ConfigError('ONESCREEN_REDIS_URL is not a URL like redis://:password@host:6379 (its value is not repeated here: it may hold a password)');
  }
  return raw;
}

const HH_MM = /^([01]\d|2[0-3]):([0-5]\d)$/;

/** `09:00-12:00,14:00-18:00` → periods; ordered, non-overlapping. */
export function parseOfficeHours(raw: string): OfficeHours {
  const periods: Array<[string, string]> = [];
  for (const part of raw.split(',')) {
    const [from, to, extra] = part.trim().split('-');
    if (extra !== undefined || !from || !to || !HH_MM.test(from) || !HH_MM.test(to)) {
      throw new ConfigError(`ONESCREEN_OFFICE_HOURS: "${part.trim()}" is not a period like 09:00-12:00`);
    }
    if (from >= to) throw new ConfigError(`ONESCREEN_OFFICE_HOURS: period ${from}-${to} ends before it starts`);
    const previous = periods[periods.length - 1];
    if (previous && from < previous[1]) {
      throw new ConfigError(`ONESCREEN_OFFICE_HOURS: period ${from}-${to} overlaps or precedes ${previous[0]}-${previous[1]}`);
    }
    periods.push([from, to]);
  }
  return { periods };
}

export function checkZone(zone: string): string {
  if (!IANAZone.isValidZone(zone)) throw new ConfigError(`time zone "${zone}" is not an IANA zone such as Asia/Shanghai`);
  return zone;
}

/** Reads the environment into a typed Config, with a clear error for each bad value. */
export function readConfig(env: Env = process.env, cwd = process.cwd()): Config {
  const officeHours = text(env, 'ONESCREEN_OFFICE_HOURS');
  const tokensFile = text(env, 'ONESCREEN_TOKENS_FILE');
  const cityGeojson = text(env, 'ONESCREEN_CITY_GEOJSON');
  return {
    port: integer(env, 'PORT', DEFAULT_CONFIG.port, 0, 65535),
    host: text(env, 'HOST') ?? DEFAULT_CONFIG.host,
    dataDir: resolve(cwd, text(env, 'ONESCREEN_DATA_DIR') ?? 'data'),
    tokensFile: tokensFile ? resolve(cwd, tokensFile) : undefined,
    zone: checkZone(text(env, 'ONESCREEN_TZ') ?? DEFAULT_CONFIG.zone),
    tickMs: integer(env, 'ONESCREEN_TICK_MS', DEFAULT_CONFIG.tickMs, 50, 60_000),
    retentionDays: integer(env, 'ONESCREEN_RETENTION_DAYS', DEFAULT_CONFIG.retentionDays, 1, 3660),
    bodyLimit: integer(env, 'ONESCREEN_BODY_LIMIT', DEFAULT_CONFIG.bodyLimit, 1024, 1024 * 1024 * 1024),
    maxBatch: integer(env, 'ONESCREEN_MAX_BATCH', DEFAULT_CONFIG.maxBatch, 1, 1_000_000),
    ingestRatePerMinute: integer(env, 'ONESCREEN_INGEST_RATE', DEFAULT_CONFIG.ingestRatePerMinute, 0, 10_000_000),
    cityGeojson: cityGeojson ? resolve(cwd, cityGeojson) : undefined,
    officeHours: officeHours ? parseOfficeHours(officeHours) : undefined,
    redisUrl: redisUrl(env),
    mapboxToken: text(env, 'MAPBOX_TOKEN'),
    corsOrigins: (text(env, 'ONESCREEN_CORS_ORIGINS') ?? '')
      .split(',')
      .map((origin) => origin.trim())
      .filter((origin) => origin !== ''),
    logLevel: text(env, 'ONESCREEN_LOG_LEVEL') ?? DEFAULT_CONFIG.logLevel,
    logRequests: flag(env, 'ONESCREEN_LOG_REQUESTS', DEFAULT_CONFIG.logRequests),
    clientDir: resolve(cwd, text(env, 'ONESCREEN_CLIENT_DIR') ?? 'dist/client'),
  };
}
