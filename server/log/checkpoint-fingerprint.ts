import { createHash } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import { endianness } from 'node:os';
import { fileURLToPath } from 'node:url';
import chineseDays from 'chinese-days';
import { MINOR_CATEGORIES, MAJOR_CATEGORIES } from '../../contract';
import { DEFAULT_OFFICE_HOURS, type OfficeHours } from '../../contract/work-calendar';
import type { CityIndex } from '../core/city-index';

/** What the aggregator's state depends on beyond the log, as a checkpoint records it: each part by name. */
export type Fingerprint = Record<string, string>;

const sha = (text: string) => createHash('sha256').update(text).digest('hex').slice(0, 32);

/** The source of the pure core and the shared contract: any change to how a figure is derived changes it. */
function coreSource(): string {
  const hash = createHash('sha256');
  for (const folder of ['../core/', '../../contract/']) {
    const dir = fileURLToPath(new URL(folder, import.meta.url));
    for (const name of readdirSync(dir).filter((file) => file.endsWith('.ts')).sort()) hash.update(name).update(readFileSync(`${dir}${name}`));
  }
  return hash.digest('hex').slice(0, 32);
}

/** The official calendar's working days, 2000–2040, as the calendar package says them. */
function officialCalendar(): string {
  let bits = '';
  for (let ms = Date.UTC(2000, 0, 1); ms < Date.UTC(2041, 0, 1); ms += 86_400_000) bits += chineseDays.isWorkday(new Date(ms).toISOString().slice(0, 10)) ? '1' : '0';
  return sha(bits);
}

let core: { source: string; calendar: string } | undefined;

/**
 * The city, configuration and code a checkpoint's state was derived under
 * (docs/storage.md#checkpoints): a checkpoint whose fingerprint differs in any part is not used.
 */
export function checkpointFingerprint(city: CityIndex & { code: string }, settings: { zone: string; officeHours?: OfficeHours; retentionDays: number }): Fingerprint {
  core ??= { source: coreSource(), calendar: officialCalendar() };
  const grids: string[] = [];
  for (let i = 0; i < city.gridCount; i += 1) grids.push(city.gridCodeAt(i));
  return {
    city: `${city.code} ${city.gridCount} grids ${sha(grids.join(','))}`,
    zone: settings.zone,
    officeHours: JSON.stringify(settings.officeHours ?? DEFAULT_OFFICE_HOURS),
    retentionDays: String(settings.retentionDays),
    catalogue: sha(JSON.stringify([MAJOR_CATEGORIES, MINOR_CATEGORIES])),
    calendar: core.calendar,
    core: core.source,
    byteOrder: endianness(),
  };
}

/** The parts in which two fingerprints differ, for the log line that says why a checkpoint is not used. */
export function fingerprintDifferences(found: Fingerprint, expected: Fingerprint): string[] {
  const names = new Set([...Object.keys(found), ...Object.keys(expected)]);
  return [...names].filter((name) => found[name] !== expected[name]).map((name) => `${name} ${found[name] ?? '(none)'} ≠ ${expected[name] ?? '(none)'}`);
}
