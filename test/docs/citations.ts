import { existsSync, readFileSync, readdirSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve, sep } from 'node:path';

/**
 * Citations of the repository's documents, and whether they hold: a file that cites
 * `docs/metrics.md#deadline` needs that file and a heading whose anchor is `deadline`.
 */

/** Top-level folders whose markdown files code may cite by path. */
const CITABLE_ROOTS = ['docs', 'bench', 'server', 'client', 'mock', 'contract', 'test', 'scripts'];
/** Files that hold code, comments or documentation (not data: the demo city's JSON is large and cites nothing). */
const SCANNED = /\.(ts|mts|mjs|js|vue|md|css|html|example)$/;
const SKIPPED_DIRS = new Set(['node_modules', 'dist', 'data', '.git', 'coverage']);

/** `docs/x.md`, `bench/README.md#anchor`… written anywhere in a file, not as part of a longer path. */
const PATH_CITATION = new RegExp(`(?<![\\w./-])((?:${CITABLE_ROOTS.join('|')})/[\\w./-]*?\\.md)(?:#([\\p{L}\\p{N}_-]+))?`, 'gu');
/** A markdown link's target: `[text](target)`. */
const MARKDOWN_LINK = /\]\(([^)\s]+)\)/g;
/** A numbered section of the first design brief, which is not in the repository. */
const DESIGN_SECTION = /\bDESIGN(?:\.md)?\s*§\s*\d+/g;

export interface Citation {
  /** The citing file, relative to the root. */
  from: string;
  line: number;
  /** The cited file, relative to the root. */
  file: string;
  anchor?: string;
  text: string;
}

export interface Problem {
  from: string;
  line: number;
  text: string;
  problem: string;
}

/** GitHub's anchor of a heading: lower case, punctuation dropped, each space a hyphen. */
export function slugOf(heading: string): string {
  return heading
    .trim()
    .toLowerCase()
    .replace(/<[^>]*>/g, '')
    .replace(/\[([^\]]*)\]\([^)]*\)/g, '$1')
    .replace(/[^\p{L}\p{M}\p{N}\p{Pc} -]/gu, '')
    .replace(/ /g, '-');
}

/** Every anchor a markdown text defines: its headings' (outside code fences; repeats get -1, -2…) and explicit `<a id>`/`<a name>`. */
export function anchorsOf(markdown: string): Set<string> {
  const anchors = new Set<string>();
  const seen = new Map<string, number>();
  let fenced = false;
  for (const line of markdown.split('\n')) {
    if (/^\s*(```|~~~)/.test(line)) fenced = !fenced;
    if (fenced) continue;
    const heading = /^#{1,6}\s+(.*?)\s*#*\s*$/.exec(line);
    if (heading) {
      const slug = slugOf(heading[1]);
      const count = seen.get(slug) ?? 0;
      seen.set(slug, count + 1);
      anchors.add(count === 0 ? slug : `${slug}-${count}`);
    }
    for (const match of line.matchAll(/<a\s+(?:id|name)="([^"]+)"/g)) anchors.add(match[1]);
  }
  return anchors;
}

function lineAt(text: string, index: number): number {
  let line = 1;
  for (let i = text.indexOf('\n'); i !== -1 && i < index; i = text.indexOf('\n', i + 1)) line += 1;
  return line;
}

/**
 * The citations in one file's text: paths of citable documents anywhere, and in markdown also
 * the relative link targets (resolved against the file's folder; `#anchor` alone is the file itself).
 */
export function citationsIn(from: string, text: string): Citation[] {
  const found: Citation[] = [];
  for (const match of text.matchAll(PATH_CITATION)) {
    found.push({ from, line: lineAt(text, match.index), file: match[1], anchor: match[2], text: match[0] });
  }
  if (from.endsWith('.md')) {
    for (const match of text.matchAll(MARKDOWN_LINK)) {
      const target = match[1];
      if (/^[a-z][a-z0-9+.-]*:/i.test(target)) continue;
      const [path, anchor] = target.split('#', 2);
      const file = path === '' ? from : join(dirname(from), decodeURIComponent(path)).split(sep).join('/');
      found.push({ from, line: lineAt(text, match.index), file, anchor: anchor === '' ? undefined : anchor, text: target });
    }
  }
  return found;
}

/** What is wrong with each citation of `citations`, read against the files under `root`. */
export function problemsOf(root: string, citations: readonly Citation[]): Problem[] {
  const anchors = new Map<string, Set<string>>();
  const problems: Problem[] = [];
  for (const c of citations) {
    const path = resolve(root, c.file);
    if (!path.startsWith(resolve(root)) || !existsSync(path)) {
      problems.push({ from: c.from, line: c.line, text: c.text, problem: `${c.file} does not exist` });
      continue;
    }
    if (c.anchor === undefined) continue;
    if (!c.file.endsWith('.md')) {
      problems.push({ from: c.from, line: c.line, text: c.text, problem: `${c.file} is not a markdown file and has no sections` });
      continue;
    }
    let known = anchors.get(c.file);
    if (!known) anchors.set(c.file, (known = anchorsOf(readFileSync(path, 'utf8'))));
    if (!known.has(c.anchor)) {
      problems.push({ from: c.from, line: c.line, text: c.text, problem: `${c.file} has no section #${c.anchor} (it has: ${[...known].join(', ')})` });
    }
  }
  return problems;
}

/** Numbered sections of the first design brief cited in a file's text. */
export function designSectionsIn(from: string, text: string): Problem[] {
  return [...text.matchAll(DESIGN_SECTION)].map((match) => ({
    from,
    line: lineAt(text, match.index),
    text: match[0],
    problem: 'cites the first design brief, which is not in the repository: cite the docs/ section instead',
  }));
}

/** The repository's scanned files, relative to `root`. */
export function scannedFiles(root: string, dir = root): string[] {
  const files: string[] = [];
  for (const name of readdirSync(dir)) {
    if (SKIPPED_DIRS.has(name)) continue;
    const path = join(dir, name);
    if (statSync(path).isDirectory()) files.push(...scannedFiles(root, path));
    else if (SCANNED.test(name)) files.push(relative(root, path).split(sep).join('/'));
  }
  return files;
}
