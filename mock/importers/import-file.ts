import { readFileSync } from 'node:fs';
import type { SenderStats } from '../http/event-sender';
import { OneScreenClient } from '../http/onescreen-client';
import { decodeCityGrids } from '../shared/city-grids';
import { cityDayStart, cityIso } from '../shared/city-time';
import { byEventTime, caseEvents, rebase, rebaseEndingToday, retentionProblem, type Rebase } from './case-events';
import { convertRows, type RowProblem } from './convert';
import { DistrictProjection, type DistrictAssignment } from './district-projection';
import { FORMATS } from './formats';
import { defaultMappingPath, loadMapping } from './mapping';
import { replay } from './replay';
import type { FormatName } from './source-row';

export interface ImportOptions {
  format: FormatName;
  file: string;
  target: string;
  /** A token with the ingest role: it also reads the city's grids the rows are placed on. */
  token: string;
  /** Replay factor; undefined = as fast as the server takes. */
  speed?: number;
  /** YYYY-MM-DD the data's first day is moved to (whole days). */
  rebaseTo?: string;
  mappingFile?: string;
  /** Zone of times written without an offset (default: the format's city). */
  zone?: string;
  /** The server's retention window in days (default 400). */
  retentionDays?: number;
  /** Convert and place, but send nothing. */
  dryRun?: boolean;
  statusEverySeconds?: number;
  batchSize?: number;
  now?: () => number;
  log?: (line: string) => void;
  signal?: AbortSignal;
}

export interface ImportReport {
  format: FormatName;
  file: string;
  rowsRead: number;
  cases: number;
  rejectedRows: RowProblem[];
  warnings: RowProblem[];
  rebase: Rebase;
  assignments: DistrictAssignment[];
  eventsProduced: number;
  /** Events dated after now when the import started (the server would refuse them). */
  future: number;
  /** The --rebase-to that would end the data today. */
  rebaseEndingToday: string;
  /** Events not sent: dated after now, or left when the import was stopped. */
  held: number;
  heldUntil?: string;
  sender?: SenderStats;
  /** Events the server rejected, by source line. */
  serverRejected: RowProblem[];
}

/** The import cannot go ahead as asked (nothing was sent); the message says why and what to do. */
export class ImportRefused extends Error {
  override readonly name = 'ImportRefused';
}

/** Reads a source file, converts and places its rows, and sends the events to the server. */
export async function importFile(options: ImportOptions): Promise<ImportReport> {
  const format = FORMATS[options.format];
  if (!format) throw new ImportRefused(`unknown format "${options.format}" (one of ${Object.keys(FORMATS).join(', ')})`);
  if (options.rebaseTo !== undefined) {
    try {
      cityDayStart(options.rebaseTo);
    } catch {
      throw new ImportRefused(`--rebase-to must be a date YYYY-MM-DD, got "${options.rebaseTo}"`);
    }
  }
  let text: string;
  try {
    text = readFileSync(options.file, 'utf8');
  } catch (error) {
    throw new ImportRefused(`cannot read ${options.file}: ${error instanceof Error ? error.message : String(error)}`);
  }
  const rows = refusing(() => format.read(text), `cannot read ${options.file} as ${options.format}`);
  const mapping = refusing(() => loadMapping(options.mappingFile ?? defaultMappingPath(options.format)), 'bad mapping');
  const conversion = convertRows(rows, format, mapping, options.zone ?? format.zone);
  const now = options.now ?? Date.now;
  const shift = rebase(conversion.cases, options.rebaseTo);
  const tooOld = retentionProblem(conversion.cases, shift, now(), options.retentionDays ?? 400);
  if (tooOld) throw new ImportRefused(tooOld);

  const client = new OneScreenClient(options);
  const [grids, areas] = await Promise.all([client.grids(), client.areas()]);
  const projection = new DistrictProjection(decodeCityGrids(grids, areas), conversion.cases, mapping);
  const events = conversion.cases.flatMap((c) => caseEvents(c, projection.place(c), options.format, shift.ms)).sort(byEventTime);

  const report: ImportReport = {
    format: options.format,
    file: options.file,
    rowsRead: rows.length,
    cases: conversion.cases.length,
    rejectedRows: conversion.rejected,
    warnings: conversion.warnings,
    rebase: shift,
    assignments: projection.assignments(),
    eventsProduced: events.length,
    future: events.filter((e) => e.at > now()).length,
    rebaseEndingToday: rebaseEndingToday(shift, now()),
    held: 0,
    serverRejected: [],
  };
  let held = events;
  if (!options.dryRun) {
    const result = await replay(events, {
      target: options.target,
      token: options.token,
      speed: options.speed,
      now,
      signal: options.signal,
      batchSize: options.batchSize,
      statusEveryMs: (options.statusEverySeconds ?? 10) * 1000,
      label: `[import ${options.format}]`,
      log: options.log,
    });
    report.sender = result.sender;
    report.serverRejected = result.rejected;
    held = result.held;
  }
  report.held = held.length;
  if (held.length > 0) report.heldUntil = cityIso(held[held.length - 1].at);
  return report;
}

/** Runs a step whose failure means the import cannot start, turning its error into a refusal. */
function refusing<T>(step: () => T, what: string): T {
  try {
    return step();
  } catch (error) {
    throw new ImportRefused(`${what}: ${error instanceof Error ? error.message : String(error)}`);
  }
}
