import fp from 'fastify-plugin';
import { Server } from 'socket.io';
import { LIVE_NAMESPACE, type ClientToServerEvents, type ServerToClientEvents } from '../../contract';
import { clientBuildOf } from '../client-build';
import { HttpError } from '../http-error';
import { AlertsEngine, REPORT_HISTORY_MS, type AlertsOptions } from '../live/alerts';
import { Replays } from '../replay/replays';

/** Latest cases in a snapshot (and most in a delta), and most active alerts in one, for live and replaying walls alike. */
const RECENT_LIMIT = 50;
const ALERT_LIMIT = 100;
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
  replays: Replays;
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
    const alertsOptions: AlertsOptions = {
      city,
      zone: config.zone,
      surgeK: options.surgeK,
      surgeMin: options.surgeMin,
      labels: new Map(city.areas().areas.map((area) => [area.code, area.center])),
    };

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
    const replays = new Replays(
      {
        replicas: fastify.replicas,
        city,
        alerts: alertsOptions,
        now: config.now,
        recentLimit: RECENT_LIMIT,
        alertLimit: ALERT_LIMIT,
      },
      options.replayMax,
    );
    nsp.use((socket, next) => {
      const result = checkHandshake(socket.handshake.auth, tokens);
      if (!result.ok) return next(refusal(result));
      if (result.replay) {
        const busy = replays.refusal();
        if (busy) return next(refusal({ status: 503, message: busy }));
      }
      const accept = () => {
        socket.data = { scope: result.scope, token: result.token, deltaChildren: result.deltaChildren, replay: result.replay };
        next();
      };
      if (!result.replay) return accept();
      // Before the retained window, whether the log holds anything that old is read off the main thread.
      fastify.replicas.check(result.replay.from).then(accept, (error: unknown) => {
        if (!(error instanceof HttpError)) return next(error instanceof Error ? error : new Error(String(error)));
        next(refusal({ status: error.statusCode, message: error.message }));
      });
    });

    const alerts = new AlertsEngine(alertsOptions);
    const build = clientBuildOf(config.clientDir);
    const push = new LivePush({ nsp, source: aggregator, city, alerts, now: config.now, zone: config.zone, tickMs: config.tickMs, build, recentLimit: RECENT_LIMIT, alertLimit: ALERT_LIMIT, evaluationRefreshMs: config.live.evaluationRefreshSeconds * 1000 });
    nsp.on('connection', (socket) => {
      const replay = socket.data.replay;
      if (replay) replays.attach(socket, replay.from, replay.speed);
      else push.attach(socket);
    });

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
    fastify.ticker.onTick('replay', () => replays.tick());
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

    fastify.decorate('live', { io, nsp, push, alerts, replays, tick });
  },
  { name: 'live', dependencies: ['config', 'city', 'aggregator', 'replicas', 'ticker', 'auth', 'metrics'] },
);
