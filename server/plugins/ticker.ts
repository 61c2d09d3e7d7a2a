import fp from 'fastify-plugin';

/** What runs once per tick after the aggregator has advanced; a failure is logged and the tick goes on. */
export type TickTask = () => Promise<unknown>;

export interface Ticker {
  /** Runs `task` on every tick, after the aggregator's advance and the tasks added before it. */
  onTick(name: string, task: TickTask): void;
}

declare module 'fastify' {
  interface FastifyInstance {
    ticker: Ticker;
  }
}

/**
 * The one clock of the server's periodic work: every ONESCREEN_TICK_MS, once the log is
 * replayed, the aggregator advances (deadlines passing, local midnight, retention), then the
 * tasks added with `onTick` run in turn (the live push). Stops before the server closes.
 */
export default fp(
  async (fastify) => {
    const { config, aggregator } = fastify;
    const tasks: Array<{ name: string; task: TickTask }> = [{ name: 'aggregator', task: async () => aggregator.advance() }];
    let timer: NodeJS.Timeout | undefined;
    let closing = false;
    let running: Promise<void> | undefined;
    // A tick still running when the next one is due (a loaded machine) is followed by the next
    // at once, not at the interval after: what changed meanwhile waits one tick, not two.
    let due = false;

    const tick = async (): Promise<void> => {
      for (const { name, task } of tasks) {
        try {
          await task();
        } catch (error) {
          fastify.log.error({ err: error }, `${name} tick failed`);
        }
      }
    };
    const onTimer = (): void => {
      if (running !== undefined) {
        due = true;
        return;
      }
      running = tick().finally(() => {
        running = undefined;
        if (due && !closing) {
          due = false;
          onTimer();
        }
      });
    };

    fastify.decorate('ticker', {
      onTick(name: string, task: TickTask) {
        tasks.push({ name, task });
      },
    });
    fastify.addHook('onReady', async () => {
      // Not awaited: the replay may take a while, and the server answers meanwhile.
      fastify.replayed.then(
        () => {
          if (closing) return;
          aggregator.advance();
          timer = setInterval(onTimer, config.tickMs);
          timer.unref();
        },
        () => undefined,
      );
    });
    fastify.addHook('preClose', async () => {
      closing = true;
      clearInterval(timer);
    });
    fastify.addHook('onClose', async () => {
      await running;
    });
  },
  { name: 'ticker', dependencies: ['config', 'aggregator'] },
);
