import { Redis, type RedisOptions } from 'ioredis';

/**
 * A connection that keeps trying in the background (ioredis backs off up to 2 s between
 * attempts): a node starts, and stays up, while Redis is away; the replay and the tail wait for
 * it, ingest answers 503 meanwhile.
 */
export function connectRedis(url: string, options: RedisOptions, onError: (error: Error) => void): Redis {
  const redis = new Redis(url, options);
  redis.on('error', onError);
  return redis;
}

/**
 * The Socket.IO adapter's subscriber. Its subscriptions wait for Redis however long it is away
 * (by default ioredis gives a command up after 20 attempts, and a subscription given up is never
 * made again). It runs without ioredis's ready check: ioredis 5 sends that check (INFO) only after
 * its handshake, and a SUBSCRIBE written in between, which the adapter does when the connection
 * comes up as it is installed, puts the connection in subscriber mode first; the check then fails
 * and the subscriptions with it (redis/ioredis#2037). Subscribing is allowed while Redis loads, so
 * nothing needs the check.
 */
export function subscriberOf(pub: Redis, onError: (error: Error) => void): Redis {
  const sub = pub.duplicate({ enableReadyCheck: false, maxRetriesPerRequest: null });
  sub.on('error', onError);
  return sub;
}
