import type { Aggregator } from '../core/aggregator';
import { CheckpointError } from '../core/checkpoint-state';
import { checkpointFiles, openCheckpoint, readState, removeUnfinished, UnusableCheckpoint, type CheckpointHeader, type OpenedCheckpoint } from './checkpoint-file';
import { fingerprintDifferences, type Fingerprint } from './checkpoint-fingerprint';
import type { EventLog } from './event-log';
import { EVICTED_FILE, type EvictedStore } from './evicted-store';

/** What a start needs beside the aggregator: the log, the forgotten cases, the fingerprint of now, and where to say what it did. */
export interface StartContext {
  dataDir: string;
  log: EventLog;
  aggregator: Aggregator;
  evicted: EvictedStore;
  fingerprint: Fingerprint;
  notice: (message: string) => void;
}

/** Why a checkpoint whose framing is whole still cannot stand for this log and configuration, if it cannot. */
function reasonToIgnore(header: CheckpointHeader, context: StartContext): string | undefined {
  const differences = fingerprintDifferences(header.fingerprint, context.fingerprint);
  if (differences.length > 0) return `it was written for another city, configuration or version of the core (${differences.join('; ')})`;
  const end = context.log.count();
  if (header.position > end) return `it covers ${header.position} events, but the log holds ${end}`;
  if (header.position > 0 && context.log.idAt(header.position) !== header.positionId) return 'it was written from another log (its last event is not this log’s)';
  const { evicted } = context;
  if (header.evicted.rows > 0 && (evicted.generation !== header.evicted.generation || evicted.rows < header.evicted.rows)) {
    return `the cases it no longer holds are not all in ${EVICTED_FILE} (another generation, or fewer rows)`;
  }
  return undefined;
}

/**
 * Loads the newest checkpoint that stands for this log and configuration into the aggregator
 * (an older one when the newest cannot be used), each one ignored saying why; returns its
 * header, or undefined when none can be used and the whole log must be replayed.
 */
export async function loadCheckpoint(context: StartContext): Promise<CheckpointHeader | undefined> {
  const { dataDir, aggregator, notice } = context;
  await removeUnfinished(dataDir);
  const files = await checkpointFiles(dataDir);
  for (const file of files) {
    let opened: OpenedCheckpoint | undefined;
    const started = performance.now();
    try {
      opened = await openCheckpoint(file);
      const why = reasonToIgnore(opened.header, context);
      if (why !== undefined) {
        notice(`checkpoint ${file} not used: ${why}`);
        continue;
      }
      aggregator.adopt(await readState(opened, aggregator.checkpointReader()));
      notice(`loaded checkpoint ${file} (${opened.header.cases} cases, ${opened.header.events} events, log position ${opened.header.position}) in ${Math.round(performance.now() - started)} ms`);
      return opened.header;
    } catch (error) {
      if (!(error instanceof UnusableCheckpoint || error instanceof CheckpointError || error instanceof RangeError || error instanceof TypeError)) throw error;
      notice(`checkpoint ${file} not used: ${(error as Error).message}`);
    } finally {
      await opened?.handle.close();
    }
  }
  if (files.length > 0) notice('no checkpoint can be used: replaying the whole log');
  return undefined;
}
