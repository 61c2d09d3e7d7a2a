import { EVENT_TYPES, MAJOR_CATEGORIES, MINOR_CATEGORIES, SOURCES, majorOf, type EventType, type Source } from '../../contract';

/** Small integer codes of the contract's literals, for typed-array storage. */
export const TYPE_CODE: Readonly<Record<EventType, number>> = Object.fromEntries(
  EVENT_TYPES.map((type, i) => [type, i]),
) as Record<EventType, number>;
export const REPORTED = TYPE_CODE.reported;
export const REGISTERED = TYPE_CODE.registered;
export const DISPATCHED = TYPE_CODE.dispatched;
export const RETURNED = TYPE_CODE.returned;
export const EXTENDED = TYPE_CODE.extended;
export const SUSPENDED = TYPE_CODE.suspended;
export const RESUMED = TYPE_CODE.resumed;
export const URGED = TYPE_CODE.urged;
export const HANDLED = TYPE_CODE.handled;
export const REWORKED = TYPE_CODE.reworked;
export const CLOSED = TYPE_CODE.closed;
export const CANCELLED = TYPE_CODE.cancelled;

export const SOURCE_CODE: Readonly<Record<Source, number>> = Object.fromEntries(
  SOURCES.map((source, i) => [source, i]),
) as Record<Source, number>;

const MINOR_INDEX = new Map(MINOR_CATEGORIES.map((c, i) => [c.code, i]));
const MAJOR_INDEX = new Map(MAJOR_CATEGORIES.map((c, i) => [c.code, i]));

/** Index of a minor category in MINOR_CATEGORIES, or -1. */
export function minorIndex(code: string | undefined): number {
  return code === undefined ? -1 : (MINOR_INDEX.get(code) ?? -1);
}

/** Major index (in MAJOR_CATEGORIES) of each minor category, by minor index. */
export const MAJOR_OF_MINOR: readonly number[] = MINOR_CATEGORIES.map((c) => MAJOR_INDEX.get(majorOf(c.code)) ?? -1);
