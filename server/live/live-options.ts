import { ConfigError } from '../config';

/** Live push settings beyond the shared Config (README, "Configuration"). */
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
}

export const DEFAULT_LIVE_OPTIONS: LiveOptions = {
  surgeK: 3,
  surgeMin: 5,
  deflate: false,
  deflateThreshold: 64 * 1024,
};

type Env = Record<string, string | undefined>;

function number(env: Env, name: string, fallback: number, check: (n: number) => boolean, what: string): number {
  const raw = env[name]?.trim();
  if (raw === undefined || raw === '') return fallback;
  const value = Number(raw);
  if (!Number.isFinite(value) || !check(value)) throw new ConfigError(`${name}=${raw} is not ${what}`);
  return value;
}

export function readLiveOptions(env: Env): LiveOptions {
  const deflate = env.ONESCREEN_LIVE_DEFLATE?.trim();
  if (deflate !== undefined && deflate !== '' && deflate !== '0' && deflate !== '1') {
    throw new ConfigError(`ONESCREEN_LIVE_DEFLATE=${deflate} is not 0 or 1`);
  }
  return {
    surgeK: number(env, 'ONESCREEN_SURGE_K', DEFAULT_LIVE_OPTIONS.surgeK, (n) => n >= 1 && n <= 100, 'a number between 1 and 100'),
    surgeMin: number(env, 'ONESCREEN_SURGE_MIN', DEFAULT_LIVE_OPTIONS.surgeMin, (n) => Number.isInteger(n) && n >= 1 && n <= 100_000, 'a whole number between 1 and 100000'),
    deflate: deflate === undefined || deflate === '' ? DEFAULT_LIVE_OPTIONS.deflate : deflate === '1',
    deflateThreshold: number(env, 'ONESCREEN_LIVE_DEFLATE_THRESHOLD', DEFAULT_LIVE_OPTIONS.deflateThreshold, (n) => Number.isInteger(n) && n >= 0, 'a whole number of bytes'),
  };
}
