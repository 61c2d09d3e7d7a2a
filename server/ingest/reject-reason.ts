/** Why an event was rejected: the label of `onescreen_ingest_rejected_total` (docs/events.md#rejections). */
export const REJECT_REASONS = [
  'malformed',
  'schema',
  'time',
  'future',
  'category',
  'grid',
  'location',
  'deadline',
  'conflict',
  'case-state',
] as const;
export type RejectReason = (typeof REJECT_REASONS)[number];

export class EventRejection {
  constructor(
    readonly reason: RejectReason,
    readonly problem: string,
  ) {}
}
