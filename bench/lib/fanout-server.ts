/**
 * Child process of bench/fanout.ts: our server (the real app, live push included) on an
 * ephemeral loopback port, sampled for CPU, event-loop lag and RSS.
 * argv: dataDir tokensJson tickMs; the live options (ONESCREEN_LIVE_DEFLATE) from the environment.
 */
import { buildApp } from '../../server/app';
import type { TokenEntry } from '../../server/auth/token-entry';
import { readConfig } from '../../server/config';
import { serveSampler } from './fanout-sampler';

const [dataDir, tokensJson, tickMs] = process.argv.slice(2);
const app = await buildApp({
  dataDir,
  tokens: JSON.parse(tokensJson) as TokenEntry[],
  tickMs: Number(tickMs),
  live: readConfig().live,
  logLevel: 'warn',
});
await app.listen({ host: '127.0.0.1', port: 0 });
await app.replayed;
const address = app.server.address();
if (address === null || typeof address === 'string') throw new Error('no TCP address');
const disconnects: Record<string, number> = {};
app.live.nsp.on('connection', (socket) => {
  socket.on('disconnect', (reason) => {
    disconnects[reason] = (disconnects[reason] ?? 0) + 1;
  });
});
serveSampler(() => ({ live: app.live.push.stats(), disconnects }));
process.on('message', (message: unknown) => {
  if (message === 'stop') void app.close().then(() => process.exit(0));
});
process.send?.({ type: 'ready', port: address.port });
