import type { EventType, Source } from '../../contract';

/** A validated, normalized event as stored in the log and fed to the aggregator core. */
export interface CaseEventRecord {
  id: string;
  caseId: string;
  type: EventType;
  /** Event time, epoch ms. */
  at: number;
  category?: string;
  source?: Source;
  /** On `reported`: always set (the ingest resolves lng/lat to a grid). */
  gridCode?: string;
  /** On `reported`: as given, else the grid's centre. */
  lng?: number;
  lat?: number;
  description?: string;
  /** Epoch ms: on reported/registered an explicit override of the catalogue's time limit; on extended the new deadline. */
  deadline?: number;
  /** On dispatched; on returned, the department that returns the case. */
  department?: string;
  /** On reported: who reported it (an inspector's or safety officer's id, 定人). */
  reporter?: string;
  /** On urged: what the command centre asks for, and who urges. */
  note?: string;
  by?: string;
  /**
   * On `reported`: the index of `gridCode` in the city (CityIndex.gridIndex), when whoever made
   * the record resolved it (the ingest does, the log does not keep it): the core then looks no
   * code up. Not part of what the event says.
   */
  grid?: number;
}

/**
 * A record with every field present, to be filled in: all records then share one shape, so
 * the core's hot paths stay monomorphic.
 */
export function blankRecord(): CaseEventRecord {
  return {
    id: '',
    caseId: '',
    type: 'reported',
    at: 0,
    category: undefined,
    source: undefined,
    gridCode: undefined,
    lng: undefined,
    lat: undefined,
    description: undefined,
    deadline: undefined,
    department: undefined,
    reporter: undefined,
    note: undefined,
    by: undefined,
    grid: undefined,
  };
}
