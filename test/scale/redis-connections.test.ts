import { once } from 'node:events';
import type { Redis } from 'ioredis';
import { afterAll, describe, expect, it } from 'vitest';
import { connectRedis, subscriberOf } from '../../server/scale/redis-connections';
import { freePort } from '../lib/free-port';
import { removeTempDirs, tempDir } from '../server/lib/harness';
import { hasRedis } from './lib/cluster';
import { startRedis, type RedisServer } from './lib/redis-server';

const opened: Array<Redis | RedisServer> = [];
afterAll(async () => {
  for (const each of opened.splice(0).reverse()) {
    if ('disconnect' in each) each.disconnect();
    else await each.stop();
  }
  removeTempDirs();
});

describe.skipIf(!hasRedis)("the live push's subscriber connection", () => {
  it('subscribes the moment it connects, as the Socket.IO adapter does, and keeps its subscription across a Redis restart', async () => {
    const redis = await startRedis(tempDir());
    opened.push(redis);
    const errors: string[] = [];
    const pub = connectRedis(redis.url, {}, (error) => errors.push(`pub: ${error.message}`));
    const sub = subscriberOf(pub, (error) => errors.push(`sub: ${error.message}`));
    opened.push(pub, sub);
    const messages: string[] = [];
    sub.on('pmessage', (_pattern: string, _channel: string, message: string) => messages.push(message));
    // Between the handshake and the ready check: where the adapter's SUBSCRIBE can land.
    await once(sub, 'connect').then(() => sub.psubscribe('onescreen-test#*'));
    await pub.publish('onescreen-test#1', 'first');
    await expect.poll(() => messages).toEqual(['first']);
    expect(errors).toEqual([]);

    await redis.stop();
    await redis.restart();
    await expect
      .poll(async () => {
        await pub.publish('onescreen-test#2', 'again');
        return messages.includes('again');
      }, { timeout: 30_000 })
      .toBe(true);
    expect(errors.filter((error) => !/ECONNREFUSED|Connection is closed/.test(error))).toEqual([]);
  });

  it('keeps a subscription made while Redis is away, however many attempts it takes, and makes it once Redis comes', async () => {
    const port = await freePort();
    const errors: string[] = [];
    // Attempts every 10 ms: ioredis's default would give the subscription up after 20 of them.
    const pub = connectRedis(`redis://127.0.0.1:${port}`, { retryStrategy: () => 10 }, () => undefined);
    const sub = subscriberOf(pub, () => undefined);
    opened.push(pub, sub);
    let attempts = 0;
    sub.on('reconnecting', () => attempts++);
    const subscribed = sub.psubscribe('onescreen-test#*').catch((error: Error) => errors.push(error.message));
    await expect.poll(() => attempts, { timeout: 30_000 }).toBeGreaterThan(50);
    expect(errors).toEqual([]);

    const redis = await startRedis(tempDir(), port);
    opened.push(redis);
    await subscribed;
    const messages: string[] = [];
    sub.on('pmessage', (_pattern: string, _channel: string, message: string) => messages.push(message));
    await pub.publish('onescreen-test#1', 'late');
    await expect.poll(() => messages).toEqual(['late']);
    expect(errors).toEqual([]);
  });
});
