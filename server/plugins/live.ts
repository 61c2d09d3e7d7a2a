import fp from 'fastify-plugin';
import { Server } from 'socket.io';
import { LIVE_NAMESPACE, type ClientToServerEvents, type ServerToClientEvents } from '../../contract';
import { clientBuildOf } from '../client-build';
import { AlertsEngine, REPORT_HISTORY_MS } from '../live/alerts';
import { checkHandshake, refusal, stillAllowed } from '../live/handshake';
import { LivePush, type LiveNamespace, type LiveSocketData, type TickReport } from '../live/live-push';
import { originAllowed } from '../live/origin-check';
import { registerLiveMetrics } from '../live/live-metrics';

export type LiveServer = Server<ClientToServerEvents, ServerToClientEvents, Record<string, never>, LiveSocketData>;

export interface Live {
  io: LiveServer;
  nsp: LiveNamespace;
  push: LivePush;
  alerts: AlertsEngine;
  /** Runs the live part of a tick now (the ticker runs it every ONESCREEN_TICK_MS); undefined when skipped. */
  tick(): Promise<TickReport | undefined>;
}

declare module 'fastify' {
  interface FastifyInstance {
    live: Live;
  }
}

/**
 * Live push: Socket.IO on the app's HTTP server, namespace `/live`, rooms per scope, and on
 * each of the ticker's ticks (after the aggregator's advance) its changes drained and pushed as
 * deltas, heartbeats and alerts. Sockets whose token is revoked or narrowed are told why and closed.
 */
export default fp(
  async (fastify) => {
    const { config, city, aggregator, tokens } = fastify;
    const options = config.live;

    const io: LiveServer = new Server(fastify.server, {
      serveClient: false,
      cors: config.corsOrigins.length > 0 ? { origin: config.corsOrigins } : undefined,
      allowRequest: (req, callback) => {
        const ok = originAllowed(req, config.corsOrigins);
        callback(ok ? null : `origin ${req.headers.origin ?? ''} is not allowed`, ok);
      },
      // Clients only send `resync`: anything large is not one of ours.
      maxHttpBufferSize: 16 * 1024,
      perMessageDeflate: options.deflate
        ? {
            threshold: options.deflateThreshold,
            serverMaxWindowBits: 10,
            zlibDeflateOptions: { level: 3, memLevel: 4 },
          }
        : false,
    });
    io.of('/').use((_socket, next) => next(refusal({ status: 404, message: `connect to the ${LIVE_NAMESPACE} namespace` })));

    const nsp: LiveNamespace = io.of(LIVE_NAMESPACE);
    nsp.use((socket, next) => {
      const result = checkHandshake(socket.handshake.auth, tokens);
      if (!result.ok) return next(refusal(result));
      socket.data = { scope: result.scope, token: result.token, deltaChildren: result.deltaChildren };
      next();
    });

    const alerts = new AlertsEngine({
      city,
      zone: config.zone,
      surgeK: options.surgeK,
      surgeMin: options.surgeMin,
      labels: new Map(city.areas().areas.map((area) => [area.code, area.center])),
    });
    const build = clientBuildOf(config.clientDir);
    const push = new LivePush({ nsp, source: aggregator, city, alerts, now: config.now, zone: config.zone, tickMs: config.tickMs, build });
    nsp.on('connection', (socket) => push.attach(socket));

    const onTokensChange = (): void => {
      for (const socket of nsp.sockets.values()) {
        const reason = stillAllowed(socket.data.token, socket.data.scope, tokens);
        if (reason === undefined) continue;
        socket.emit('revoked', { reason });
        socket.disconnect(true);
      }
    };
    tokens.on('change', onTokensChange);

    const metrics = registerLiveMetrics(fastify.metrics.registry, push);
    const tick = async (): Promise<TickReport | undefined> => {
      const started = performance.now();
      const report = await push.tick();
      if (report) metrics.observeTick(report, (performance.now() - started) / 1000);
      return report;
    };
    fastify.ticker.onTick('live', tick);
    let closing = false;
    fastify.addHook('onReady', async () => {
      // Not awaited: sockets may connect during a long replay and get their snapshots after it.
      fastify.replayed.then(
        () => {
          if (closing) return;
          alerts.seed(aggregator.reportedSince(config.now() - REPORT_HISTORY_MS));
          push.start();
        },
        () => undefined,
      );
    });
    fastify.addHook('preClose', async () => {
      closing = true;
      tokens.off('change', onTokensChange);
      // Closing the connections (not the sockets) lets clients reconnect to the next server;
      // a socket-level disconnect would tell them the server wants them gone for good.
      io.engine.close();
    });

    fastify.decorate('live', { io, nsp, push, alerts, tick });
  },
  { name: 'live', dependencies: ['config', 'city', 'aggregator', 'ticker', 'auth', 'metrics'] },
);
