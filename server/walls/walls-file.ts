import { readFileSync } from 'node:fs';
import { Type, type TSchema } from '@sinclair/typebox';
import { TypeCompiler, type TypeCheck } from '@sinclair/typebox/compiler';
import {
  DEFAULT_LAYOUT_NAME,
  DEFAULT_WALL_LAYOUT,
  MAJOR_BY_CODE,
  PANEL_KINDS,
  panelSchemaOf,
  SCOPE_PATTERN,
  SizeSchema,
  WallLayoutSchema,
  type WallLayout,
} from '../../contract';
import { WallBook, type CentreWall } from './wall-book';

/**
 * The walls file (`ONESCREEN_WALLS_FILE`, docs/client.md#the-walls-file): named layouts and the
 * centres' walls. Checked whole at start; every problem is reported with the entry it is in.
 *
 * ```json
 * { "layouts": { "finance": { "columns": [{ "width": 48, "panels": [{ "kind": "topic", "family": "E.06" }] }] } },
 *   "walls": [{ "scope": "500151", "layout": "finance", "title": "铜梁区 · 一屏通览" }] }
 * ```
 */

export class WallsFileError extends Error {}

const FileShape = TypeCompiler.Compile(
  Type.Object(
    { layouts: Type.Optional(Type.Record(Type.String(), Type.Unknown())), walls: Type.Optional(Type.Array(Type.Unknown())) },
    { additionalProperties: false },
  ),
);
const EntryShape = TypeCompiler.Compile(
  Type.Object(
    {
      scope: Type.String({ pattern: SCOPE_PATTERN }),
      layout: Type.String({ minLength: 1 }),
      title: Type.Optional(Type.String({ minLength: 1, maxLength: 60 })),
    },
    { additionalProperties: false },
  ),
);
const ColumnShape = TypeCompiler.Compile(
  Type.Object({ width: Type.Optional(SizeSchema), panels: Type.Array(Type.Unknown(), { minItems: 1, maxItems: 12 }) }, { additionalProperties: false }),
);
const LayoutShape = TypeCompiler.Compile(
  Type.Object({ columns: Type.Array(Type.Unknown(), { minItems: 1, maxItems: 6 }) }, { additionalProperties: false }),
);
const Layout = TypeCompiler.Compile(WallLayoutSchema);
/** Keyed by whatever a file's `kind` is, so an unknown one simply finds no check. */
const PANEL_CHECKS = new Map<unknown, TypeCheck<ReturnType<typeof panelSchemaOf>>>(PANEL_KINDS.map((kind) => [kind, TypeCompiler.Compile(panelSchemaOf(kind))]));

const SIZE = 'must be a number of rem above 0, or "grow"';
/** Fields whose schema's own complaint (a union, a pattern) would not say what to write. */
const FIELD_RULES: ReadonlyMap<string, string> = new Map([
  ['/size', SIZE],
  ['/width', SIZE],
  ['/scope', 'must be "city" or an area code of 6, 9, 12 or 15 digits'],
]);

/** The first thing wrong with a value, in words, e.g. "`family`: expected required property". */
function firstError(check: TypeCheck<TSchema>, value: unknown): string {
  const error = check.Errors(value).First();
  if (error === undefined) return 'is invalid';
  const field = error.path === '' ? 'the entry' : `\`${error.path.slice(1).replaceAll('/', '.')}\``;
  const rule = FIELD_RULES.get(error.path);
  return rule ? `${field} ${rule}` : `${field}: ${error.message.toLowerCase()}`;
}

/** The problems of one layout, each with where it is (`columns[0].panels[2]`). */
function layoutProblems(layout: unknown): string[] {
  if (!LayoutShape.Check(layout)) return [firstError(LayoutShape, layout)];
  const problems: string[] = [];
  let maps = 0;
  layout.columns.forEach((column, c) => {
    if (!ColumnShape.Check(column)) {
      problems.push(`columns[${c}]: ${firstError(ColumnShape, column)}`);
      return;
    }
    column.panels.forEach((panel, p) => {
      const where = `columns[${c}].panels[${p}]`;
      const kind: unknown = typeof panel === 'object' && panel !== null ? Reflect.get(panel, 'kind') : undefined;
      const check = PANEL_CHECKS.get(kind);
      if (check === undefined) {
        problems.push(`${where}: unknown panel kind ${JSON.stringify(kind)} (kinds: ${PANEL_KINDS.join(', ')})`);
        return;
      }
      if (!check.Check(panel)) {
        problems.push(`${where} (${String(kind)}): ${firstError(check, panel)}`);
        return;
      }
      if (panel.kind === 'map') maps += 1;
      if (panel.kind === 'topic' && !MAJOR_BY_CODE.has(panel.family)) {
        problems.push(`${where} (topic): unknown category family "${panel.family}" (families: ${[...MAJOR_BY_CODE.keys()].join(', ')})`);
      }
    });
  });
  // The map is the wall's one map: its drill-down and its inspection are the page's.
  if (maps > 1) problems.push(`has ${maps} map panels; a wall has at most one`);
  return problems;
}

/**
 * Checks a parsed walls file against the city (`scopeExists`), and returns its walls; throws
 * with every problem it finds, each naming its entry.
 */
export function validateWalls(value: unknown, source: string, scopeExists: (scope: string) => boolean): WallBook {
  if (!FileShape.Check(value)) {
    throw new WallsFileError(`${source}: expected {"layouts": {name: layout}, "walls": [{"scope", "layout", "title"?}]}: ${firstError(FileShape, value)}`);
  }
  const problems: string[] = [];
  const layouts = new Map<string, WallLayout>([[DEFAULT_LAYOUT_NAME, DEFAULT_WALL_LAYOUT]]);
  for (const [name, layout] of Object.entries(value.layouts ?? {})) {
    const found = layoutProblems(layout);
    if (found.length === 0 && !Layout.Check(layout)) found.push(firstError(Layout, layout));
    problems.push(...found.map((problem) => `layouts.${name}: ${problem}`));
    if (Layout.Check(layout)) layouts.set(name, layout);
  }
  const walls: CentreWall[] = [];
  const seen = new Set<string>();
  (value.walls ?? []).forEach((entry, i) => {
    const where = `walls[${i}]`;
    if (!EntryShape.Check(entry)) {
      problems.push(`${where}: ${firstError(EntryShape, entry)}`);
      return;
    }
    if (!scopeExists(entry.scope)) problems.push(`${where}: unknown scope ${entry.scope}`);
    if (seen.has(entry.scope)) problems.push(`${where}: scope ${entry.scope} has a wall already`);
    seen.add(entry.scope);
    const layout = layouts.get(entry.layout);
    if (layout) walls.push({ scope: entry.scope, layoutName: entry.layout, layout, ...(entry.title ? { title: entry.title } : {}) });
    // A layout with problems of its own is reported there, not again for each wall that uses it.
    else if (!Object.hasOwn(value.layouts ?? {}, entry.layout)) {
      problems.push(`${where}: unknown layout "${entry.layout}" (layouts: ${[...new Set([DEFAULT_LAYOUT_NAME, ...Object.keys(value.layouts ?? {})])].join(', ')})`);
    }
  });
  if (problems.length > 0) throw new WallsFileError(`${source}: ${problems.join('; ')}`);
  return new WallBook(walls, layouts.get(DEFAULT_LAYOUT_NAME));
}

/** Reads and checks the walls file; throws a WallsFileError naming the file and every bad entry. */
export function readWallsFile(file: string, scopeExists: (scope: string) => boolean): WallBook {
  const source = `walls file ${file}`;
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (error) {
    throw new WallsFileError(`cannot read the ${source}: ${(error as Error).message}`);
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (error) {
    throw new WallsFileError(`the ${source} is not valid JSON: ${(error as Error).message}`);
  }
  return validateWalls(parsed, source, scopeExists);
}
