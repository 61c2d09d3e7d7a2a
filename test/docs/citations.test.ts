import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { anchorsOf, citationsIn, designSectionsIn, problemsOf, scannedFiles, slugOf, type Problem } from './citations';

const ROOT = resolve(import.meta.dirname, '../..');
/** This test's own files spell out citations to test the checker with. */
const SELF = ['test/docs/citations.ts', 'test/docs/citations.test.ts'];

const report = (problems: readonly Problem[]) => problems.map((p) => `${p.from}:${p.line}: ${p.text}: ${p.problem}`).join('\n');

describe('citations of the documents', () => {
  const files = scannedFiles(ROOT).filter((file) => !SELF.includes(file));
  const texts = files.map((file) => [file, readFileSync(join(ROOT, file), 'utf8')] as const);

  it('scans the code, the tests and the documents', () => {
    for (const expected of ['contract/work-calendar.ts', 'client/views/WallView.vue', 'docs/metrics.md', 'README.md', 'bench/ingest.ts']) {
      expect(files).toContain(expected);
    }
  });

  it('every cited document and section exists', () => {
    const citations = texts.flatMap(([file, text]) => citationsIn(file, text));
    expect(citations.filter((c) => c.file.startsWith('docs/') && c.anchor !== undefined).length).toBeGreaterThan(20);
    expect(report(problemsOf(ROOT, citations))).toBe('');
  });

  it('nothing cites the numbered sections of the first design brief', () => {
    expect(report(texts.flatMap(([file, text]) => designSectionsIn(file, text)))).toBe('');
  });
});

describe('the citation checker', () => {
  const root = mkdtempSync(join(tmpdir(), 'onescreen-citations-'));
  mkdirSync(join(root, 'docs'));
  writeFileSync(
    join(root, 'docs/guide.md'),
    ['# Guide', '## Order, holding and closure', '```', '## Not a heading', '```', '## Twice', '## Twice', '<a id="kept"></a>', 'See [below](#twice-1) and [there](other.md).'].join('\n'),
  );
  afterAll(() => rmSync(root, { recursive: true, force: true }));
  const check = (from: string, text: string) => problemsOf(root, citationsIn(from, text)).map((p) => p.problem);

  it('makes GitHub anchors of headings', () => {
    expect(slugOf('Order, holding and closure')).toBe('order-holding-and-closure');
    expect(slugOf('GET /api/v1/case-points')).toBe('get-apiv1case-points');
    expect(slugOf('Durability: what "accepted" means')).toBe('durability-what-accepted-means');
    expect(slugOf('The demo city files (`mock/city/chongqing/`)')).toBe('the-demo-city-files-mockcitychongqing');
    expect(slugOf('单元网格 grid')).toBe('单元网格-grid');
    expect([...anchorsOf('# A\n```\n# B\n```\n## A\n<a name="c"></a>')]).toEqual(['a', 'a-1', 'c']);
  });

  it('accepts a citation of a section that exists', () => {
    expect(check('server/x.ts', '/** As defined in docs/guide.md#order-holding-and-closure. */')).toEqual([]);
    expect(check('server/x.ts', '// docs/guide.md#kept and docs/guide.md')).toEqual([]);
  });

  it('fails a citation of a missing section, naming the ones there are', () => {
    expect(check('server/x.ts', '/** (docs/guide.md#deadline) */')).toEqual([
      'docs/guide.md has no section #deadline (it has: guide, order-holding-and-closure, twice, twice-1, kept)',
    ]);
    expect(check('server/x.ts', '// docs/guide.md#not-a-heading')).toHaveLength(1);
  });

  it('fails a citation of a missing document', () => {
    expect(check('client/y.vue', '<!-- docs/gone.md#anything -->')).toEqual(['docs/gone.md does not exist']);
    expect(check('server/x.ts', '// docs/gone.md')).toEqual(['docs/gone.md does not exist']);
  });

  it('checks markdown links relative to the file, own sections included', () => {
    expect(check('docs/guide.md', readFileSync(join(root, 'docs/guide.md'), 'utf8'))).toEqual(['docs/other.md does not exist']);
    expect(check('docs/guide.md', '[a](#nowhere) [b](../docs/guide.md#twice) [c](https://example.com/x.md#y)')).toEqual([
      'docs/guide.md has no section #nowhere (it has: guide, order-holding-and-closure, twice, twice-1, kept)',
    ]);
  });

  it('finds citations of the first design brief', () => {
    expect(designSectionsIn('server/x.ts', '/** Deadline (DESIGN §4). */\nconst DESIGN_WIDTH = 1920;').map((p) => [p.line, p.text])).toEqual([[1, 'DESIGN §4']]);
  });
});
