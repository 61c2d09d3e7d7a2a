/** The last member of a backup: what it holds, each member with its size and SHA-256. */
export const MANIFEST = 'onescreen-backup.json';
export const BACKUP_FORMAT = 1;

export interface BackupManifest {
  format: number;
  createdAt: string;
  /** Events in the copied log, and its last seq. */
  events: number;
  lastSeq: number;
  /** The checkpoint copied with it, if the server had written one. */
  checkpoint: { name: string; position: number } | null;
  members: Array<{ name: string; bytes: number; sha256: string }>;
}
