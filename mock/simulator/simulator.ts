import { EventSender, type SenderStats } from '../http/event-sender';
import { backoffDelay, pause } from '../http/backoff';
import { OneScreenClient, UnreachableError } from '../http/onescreen-client';
import { decodeCityGrids, type CityGrids } from '../shared/city-grids';
import { addDays, cityDay, cityDayStart, HOUR_MS } from '../shared/city-time';
import { CaseEventStream } from './case-stream';

export const DEFAULT_RATE = Math.round(2_500_000 / 365);

export interface SimulatorOptions {
  /** Server base URL, e.g. `http://127.0.0.1:8080`. */
  target: string;
  /** A token with the ingest role: it also reads the city's grids the simulator writes against. */
  token: string;
  /** Cases a day (default 2,500,000 / 365 ≈ 6,849). */
  rate?: number;
  /** Live feed factor: `speed` times the cases of real time, timestamps stay real (default 1). */
  speed?: number;
  seed?: number;
  /** Days of history to send first, plus the part of today already elapsed (default 0). */
  backfill?: number;
  /** Live loop period (default 250 ms). */
  tickMs?: number;
  statusEverySeconds?: number;
  maxBuffered?: number;
  batchSize?: number;
  log?: (line: string) => void;
  /** Injectable wall clock, epoch ms. */
  now?: () => number;
}

export type SimulatorPhase = 'connecting' | 'backfill' | 'live' | 'stopped' | 'failed';

export interface SimulatorStats {
  phase: SimulatorPhase;
  cases: number;
  events: number;
  /** Open cases whose later events are still to come. */
  active: number;
  /** Events have been generated up to this instant (ISO), once connected. */
  simulatedUntil?: string;
  sender: SenderStats;
  error?: string;
}

export interface RunningSimulator {
  /** Stops generating, sends what is buffered (for up to 10 s) and resolves. */
  stop(): Promise<void>;
  stats(): SimulatorStats;
  /** Settles when the simulator stops by itself (a fatal error) or after `stop()`. */
  readonly done: Promise<void>;
}

/** The simulated city feeding a OneScreen server over HTTP, as `npm start` runs it in-process. */
export function startSimulator(options: SimulatorOptions): RunningSimulator {
  const now = options.now ?? Date.now;
  const log = options.log ?? ((line: string) => process.stderr.write(`${line}\n`));
  const halt = new AbortController();
  const halted = new Promise<void>((resolve) => halt.signal.addEventListener('abort', () => resolve(), { once: true }));
  const sender = new EventSender({
    target: options.target,
    token: options.token,
    maxBuffered: options.maxBuffered,
    batchSize: options.batchSize,
    statusEveryMs: (options.statusEverySeconds ?? 10) * 1000,
    label: '[simulate]',
    log,
  });
  let phase: SimulatorPhase = 'connecting';
  let stream: CaseEventStream | undefined;
  let until: number | undefined;
  let error: string | undefined;

  const run = async (): Promise<void> => {
    const city = await connect(new OneScreenClient(options), log, halt.signal);
    if (!city) return;
    const liveStart = now();
    const backfill = options.backfill ?? 0;
    const from = backfill > 0 ? cityDayStart(addDays(cityDay(liveStart), -backfill)) : liveStart;
    stream = new CaseEventStream(city, {
      rate: options.rate ?? DEFAULT_RATE,
      speed: options.speed ?? 1,
      seed: options.seed ?? 1,
      from,
      liveStart,
    });
    const start = backfill > 0 ? `backfilling from ${cityDay(from)}` : 'live';
    log(`[simulate] ${city.name}: ${city.codes.length.toLocaleString('en-US')} grids; ${start}`);
    phase = 'backfill';
    // History goes out an hour of city time at a time, as fast as the sender's buffer allows.
    for (until = from; until < liveStart && !halt.signal.aborted; ) {
      until = Math.min(until + HOUR_MS, liveStart);
      await feed(stream, until);
    }
    if (backfill > 0) log(`[simulate] backfill generated (${stream.stats().cases.toLocaleString('en-US')} cases); going live`);
    phase = 'live';
    while (!halt.signal.aborted) {
      until = now();
      await feed(stream, until);
      await pause(options.tickMs ?? 250, halt.signal);
    }
  };

  const feed = async (events: CaseEventStream, to: number): Promise<void> => {
    for (let chunk = events.take(to, 5000); chunk.length > 0 && !halt.signal.aborted; chunk = events.take(to, 5000)) {
      sender.push(chunk);
      await Promise.race([sender.room(), halted]);
    }
  };

  const done = run().then(
    () => {
      phase = 'stopped';
    },
    (failure: unknown) => {
      phase = 'failed';
      error = failure instanceof Error ? failure.message : String(failure);
      log(`[simulate] ERROR ${error}`);
    },
  );

  return {
    async stop() {
      halt.abort();
      await done;
      const unsent = await sender.close();
      if (unsent > 0) {
        log(`[simulate] stopped with ${unsent.toLocaleString('en-US')} events unsent (the same seed re-sends them on restart)`);
      }
      log(sender.statusLine());
    },
    stats() {
      const s = stream?.stats() ?? { cases: 0, events: 0, active: 0 };
      return {
        phase,
        ...s,
        simulatedUntil: until === undefined ? undefined : new Date(until).toISOString(),
        sender: sender.stats(),
        error,
      };
    },
    done,
  };
}

/** The city's grids from the server, waiting for the server to come up if it is not yet. */
async function connect(client: OneScreenClient, log: (line: string) => void, signal: AbortSignal): Promise<CityGrids | undefined> {
  for (let attempt = 0; !signal.aborted; attempt += 1) {
    try {
      const [grids, areas] = await Promise.all([client.grids(), client.areas()]);
      return decodeCityGrids(grids, areas);
    } catch (failure) {
      if (!(failure instanceof UnreachableError)) throw failure;
      if (attempt === 0) log(`[simulate] waiting for the server: ${failure.message}`);
      await pause(backoffDelay(attempt, 250, 5000), signal);
    }
  }
  return undefined;
}
