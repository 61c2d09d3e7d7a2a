/**
 * A case forgotten by the aggregator because it was closed or cancelled before the retained
 * window (docs/storage.md#bounded-memory): what an event arriving for it later needs, to be
 * answered as it would have been before (an event after the closure is refused).
 */
export interface EvictedCase {
  caseId: string;
  /** Its closure: the time and the type code (CLOSED or CANCELLED) of its first closing event. */
  closedAt: number;
  closure: number;
  /** Its deadline before any extension (an extension must move it later), NaN when it was extended, had none or was never reported. */
  deadline: number;
}

/**
 * Where the aggregator keeps the cases it forgets, outside its memory: written before they are
 * forgotten, read only for an event whose case it does not hold.
 */
export interface EvictedCases {
  find(caseId: string): EvictedCase | undefined;
  add(cases: readonly EvictedCase[]): void;
}
