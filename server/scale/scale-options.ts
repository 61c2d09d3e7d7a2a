import { ConfigError } from '../config';

/** Scale-out settings beyond ONESCREEN_REDIS_URL (docs/scale-out.md, "Trimming"). */
export interface ScaleOptions {
  /** ONESCREEN_REDIS_TRIM_SECONDS: how often a node trims the stream of what every node has stored (0: never). */
  trimSeconds: number;
  /** ONESCREEN_REDIS_NODE_EXPIRY_HOURS: a node silent for longer no longer holds the trimming back. */
  nodeExpiryHours: number;
}

export const DEFAULT_SCALE_OPTIONS: ScaleOptions = { trimSeconds: 60, nodeExpiryHours: 168 };

type Env = Record<string, string | undefined>;

function number(env: Env, name: string, fallback: number, min: number, max: number): number {
  const raw = env[name]?.trim();
  if (raw === undefined || raw === '') return fallback;
  const value = Number(raw);
  if (!Number.isFinite(value) || value < min || value > max) throw new ConfigError(`${name}=${raw} is not a number between ${min} and ${max}`);
  return value;
}

export function readScaleOptions(env: Env): ScaleOptions {
  return {
    trimSeconds: number(env, 'ONESCREEN_REDIS_TRIM_SECONDS', DEFAULT_SCALE_OPTIONS.trimSeconds, 0, 86_400),
    nodeExpiryHours: number(env, 'ONESCREEN_REDIS_NODE_EXPIRY_HOURS', DEFAULT_SCALE_OPTIONS.nodeExpiryHours, 0.001, 24 * 365),
  };
}
