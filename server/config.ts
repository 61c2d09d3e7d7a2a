import { resolve } from 'node:path';
import { IANAZone } from 'luxon';
import { DEFAULT_EVALUATION_RULES, type EvaluationRules } from '../contract';
import { OfficeHoursError, parseOfficeHours, type OfficeHours } from '../contract/work-calendar';
import { readEvaluationRules } from './evaluation-rules';

/** Live push settings (README, "Configuration"; server/live/README.md). */
export interface LiveOptions {
  /** ONESCREEN_SURGE_K: a scope surges at k × its 7-day mean for the hour. */
  surgeK: number;
  /** ONESCREEN_SURGE_MIN: …and at least this many reports in the hour. */
  surgeMin: number;
  /**
   * ONESCREEN_LIVE_DEFLATE=1: per-message deflate for messages of at least the threshold (the
   * large snapshots). Off by default: bench/fanout.ts measures that it costs every broadcast
   * its pre-encoded frame and compresses per socket, which pays only on slow links.
   */
  deflate: boolean;
  /** ONESCREEN_LIVE_DEFLATE_THRESHOLD: messages smaller than this many bytes go uncompressed. */
  deflateThreshold: number;
  /** ONESCREEN_REPLAY_MAX: replaying walls at once; the next is refused (docs/replay.md#replaying-walls). */
  replayMax: number;
  /**
   * ONESCREEN_EVALUATION_REFRESH_SECONDS: how often a room's 考核 panel is recomputed for its
   * deltas (docs/live.md#messages); each time is a pass over the scope's cases of the month.
   */
  evaluationRefreshSeconds: number;
}

/** Scale-out settings beyond ONESCREEN_REDIS_URL (docs/scale-out.md, "Trimming"). */
export interface ScaleOptions {
  /** ONESCREEN_REDIS_TRIM_SECONDS: how often a node trims the stream of what every node has stored (0: never). */
  trimSeconds: number;
  /** ONESCREEN_REDIS_NODE_EXPIRY_HOURS: a node silent for longer no longer holds the trimming back. */
  nodeExpiryHours: number;
}

/** When checkpoints are written (docs/storage.md#checkpoints); both 0: never. */
export interface CheckpointOptions {
  /** ONESCREEN_CHECKPOINT_MINUTES: one at least this often while events come in (0: not by time). */
  minutes: number;
  /** ONESCREEN_CHECKPOINT_EVENTS: one after this many events since the last (0: not by count). */
  events: number;
}

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
  live: LiveOptions;
  scale: ScaleOptions;
  checkpoint: CheckpointOptions;
  /** How the evaluation scores (ONESCREEN_EVALUATION_FILE), else DEFAULT_EVALUATION_RULES. */
  evaluationRules: EvaluationRules;
  /** JSON walls file: the centres' wall layouts (docs/client.md#the-walls-file); without it every wall has the default layout. */
  wallsFile?: string;
}

/** What `npm start` (scripts/start.ts) reads beyond the server's Config. */
export interface DemoOptions {
  /** ONESCREEN_DEMO_SPEED: the simulator's live feed, times the cases of real time. */
  speed: number;
  /** ONESCREEN_DEMO_BACKFILL_DAYS: days of history the simulator sends first. */
  backfillDays: number;
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
  live: { surgeK: 3, surgeMin: 5, deflate: false, deflateThreshold: 64 * 1024, replayMax: 10, evaluationRefreshSeconds: 60 },
  scale: { trimSeconds: 60, nodeExpiryHours: 168 },
  checkpoint: { minutes: 10, events: 500_000 },
  evaluationRules: DEFAULT_EVALUATION_RULES,
};

export const DEFAULT_DEMO: DemoOptions = { speed: 10, backfillDays: 8 };

export class ConfigError extends Error {}

type Env = Record<string, string | undefined>;

function text(env: Env, name: string): string | undefined {
  const raw = env[name]?.trim();
  return raw ? raw : undefined;
}

/** A number that `ok` accepts, else a ConfigError saying the variable is not `what`. */
function number(env: Env, name: string, fallback: number, ok: (value: number) => boolean, what: string): number {
  const raw = text(env, name);
  if (raw === undefined) return fallback;
  const value = Number(raw);
  if (!Number.isFinite(value) || !ok(value)) throw new ConfigError(`${name}=${raw} is not ${what}`);
  return value;
}

function integer(env: Env, name: string, fallback: number, min: number, max: number): number {
  return number(env, name, fallback, (n) => Number.isInteger(n) && n >= min && n <= max, `a whole number between ${min} and ${max}`);
}

function decimal(env: Env, name: string, fallback: number, min: number, max: number): number {
  return number(env, name, fallback, (n) => n >= min && n <= max, `a number between ${min} and ${max}`);
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

function officeHours(env: Env): OfficeHours | undefined {
  const raw = text(env, 'ONESCREEN_OFFICE_HOURS');
  if (raw === undefined) return undefined;
  try {
    return parseOfficeHours(raw);
  } catch (error) {
    if (error instanceof OfficeHoursError) throw new ConfigError(`ONESCREEN_OFFICE_HOURS: ${error.message}`);
    throw error;
  }
}

export function checkZone(zone: string): string {
  if (!IANAZone.isValidZone(zone)) throw new ConfigError(`time zone "${zone}" is not an IANA zone such as Asia/Shanghai`);
  return zone;
}

function readLive(env: Env): LiveOptions {
  const defaults = DEFAULT_CONFIG.live;
  return {
    surgeK: decimal(env, 'ONESCREEN_SURGE_K', defaults.surgeK, 1, 100),
    surgeMin: integer(env, 'ONESCREEN_SURGE_MIN', defaults.surgeMin, 1, 100_000),
    deflate: flag(env, 'ONESCREEN_LIVE_DEFLATE', defaults.deflate),
    deflateThreshold: number(env, 'ONESCREEN_LIVE_DEFLATE_THRESHOLD', defaults.deflateThreshold, (n) => Number.isInteger(n) && n >= 0, 'a whole number of bytes'),
    replayMax: integer(env, 'ONESCREEN_REPLAY_MAX', defaults.replayMax, 0, 1000),
    evaluationRefreshSeconds: decimal(env, 'ONESCREEN_EVALUATION_REFRESH_SECONDS', defaults.evaluationRefreshSeconds, 1, 86_400),
  };
}

function readScale(env: Env): ScaleOptions {
  const defaults = DEFAULT_CONFIG.scale;
  return {
    trimSeconds: decimal(env, 'ONESCREEN_REDIS_TRIM_SECONDS', defaults.trimSeconds, 0, 86_400),
    nodeExpiryHours: decimal(env, 'ONESCREEN_REDIS_NODE_EXPIRY_HOURS', defaults.nodeExpiryHours, 0.001, 24 * 365),
  };
}

function readCheckpoint(env: Env): CheckpointOptions {
  const defaults = DEFAULT_CONFIG.checkpoint;
  return {
    minutes: decimal(env, 'ONESCREEN_CHECKPOINT_MINUTES', defaults.minutes, 0, 7 * 24 * 60),
    events: integer(env, 'ONESCREEN_CHECKPOINT_EVENTS', defaults.events, 0, 1_000_000_000),
  };
}

/** Reads the environment into a typed Config, with a clear error for each bad value. */
export function readConfig(env: Env = process.env, cwd = process.cwd()): Config {
  const tokensFile = text(env, 'ONESCREEN_TOKENS_FILE');
  const cityGeojson = text(env, 'ONESCREEN_CITY_GEOJSON');
  const wallsFile = text(env, 'ONESCREEN_WALLS_FILE');
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
    officeHours: officeHours(env),
    redisUrl: redisUrl(env),
    mapboxToken: text(env, 'MAPBOX_TOKEN'),
    corsOrigins: (text(env, 'ONESCREEN_CORS_ORIGINS') ?? '')
      .split(',')
      .map((origin) => origin.trim())
      .filter((origin) => origin !== ''),
    logLevel: text(env, 'ONESCREEN_LOG_LEVEL') ?? DEFAULT_CONFIG.logLevel,
    logRequests: flag(env, 'ONESCREEN_LOG_REQUESTS', DEFAULT_CONFIG.logRequests),
    clientDir: resolve(cwd, text(env, 'ONESCREEN_CLIENT_DIR') ?? 'dist/client'),
    live: readLive(env),
    scale: readScale(env),
    checkpoint: readCheckpoint(env),
    evaluationRules: evaluationRules(env, cwd),
    wallsFile: wallsFile ? resolve(cwd, wallsFile) : undefined,
  };
}

function evaluationRules(env: Env, cwd: string): EvaluationRules {
  const file = text(env, 'ONESCREEN_EVALUATION_FILE');
  if (file === undefined) return DEFAULT_CONFIG.evaluationRules;
  const rules = readEvaluationRules(resolve(cwd, file));
  if (typeof rules === 'string') throw new ConfigError(`ONESCREEN_EVALUATION_FILE: ${rules}`);
  return rules;
}

/** Reads `npm start`'s own variables, checked like the server's. */
export function readDemoOptions(env: Env = process.env): DemoOptions {
  return {
    speed: number(env, 'ONESCREEN_DEMO_SPEED', DEFAULT_DEMO.speed, (n) => n > 0, 'a number above 0'),
    backfillDays: number(env, 'ONESCREEN_DEMO_BACKFILL_DAYS', DEFAULT_DEMO.backfillDays, (n) => Number.isInteger(n) && n >= 0, 'a whole number of days'),
  };
}
