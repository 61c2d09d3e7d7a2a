import { Type, type Static } from '@sinclair/typebox';
import { SCOPE_LEVELS } from './vocabulary';

/**
 * A wall's layout is data, not code: columns of panels, each panel a kind from one list with
 * its height in the column. A command centre's walls file (`ONESCREEN_WALLS_FILE`) gives a
 * scope a layout of its own; the others get the default, which is the city wall as designed.
 * Sizes are in rem of the 1920×1080 design (the wall scales them with the screen).
 */

/**
 * The panels a layout can place. `topic` is a special topic (专项): a category family with its
 * sub-items; `evaluation` the 考核 panel: this month's evaluation, the children graded, the lights.
 */
export const PANEL_KINDS = [
  'rates',
  'trend',
  'categories',
  'sources',
  'kpis',
  'map',
  'ticker',
  'children',
  'departments',
  'closeTime',
  'alerts',
  'topic',
  'evaluation',
] as const;
export type PanelKind = (typeof PANEL_KINDS)[number];

/** A panel's height, or a column's width: rem of the design, or `grow` (a share of what is left). */
const size = (description: string) =>
  Type.Union([Type.Number({ exclusiveMinimum: 0, maximum: 400 }), Type.Literal('grow')], { description });
export const SizeSchema = size('rem of the 1920×1080 design, or `grow` (the default): a share of what the others leave');
export type Size = Static<typeof SizeSchema>;

const Height = Type.Optional(SizeSchema);

const plainPanel = <K extends Exclude<PanelKind, 'topic'>>(kind: K) =>
  Type.Object({ kind: Type.Literal(kind), size: Height }, { additionalProperties: false });

export const TopicPanelSchema = Type.Object(
  {
    kind: Type.Literal('topic'),
    size: Height,
    /** A major category of the catalogue, e.g. `E.06`. */
    family: Type.String({ pattern: '^[A-Z]\\.\\d{2}$' }),
    /** The panel's title, e.g. 非法金融活动; the family's name without it. */
    title: Type.Optional(Type.String({ minLength: 1, maxLength: 40 })),
  },
  { additionalProperties: false },
);
export type TopicPanel = Static<typeof TopicPanelSchema>;

/** The schema of one kind of panel (a walls file is checked panel by panel, so an error names its kind). */
export const panelSchemaOf = (kind: PanelKind) => (kind === 'topic' ? TopicPanelSchema : plainPanel(kind));

export const PanelSchema = Type.Union(PANEL_KINDS.map(panelSchemaOf));
export type Panel = Static<typeof PanelSchema>;

export const ColumnSchema = Type.Object(
  {
    width: Type.Optional(SizeSchema),
    panels: Type.Array(PanelSchema, { minItems: 1, maxItems: 12 }),
  },
  { additionalProperties: false },
);
export type Column = Static<typeof ColumnSchema>;

export const WallLayoutSchema = Type.Object(
  { columns: Type.Array(ColumnSchema, { minItems: 1, maxItems: 6 }) },
  { additionalProperties: false },
);
export type WallLayout = Static<typeof WallLayoutSchema>;

/** The layout's name for the built-in layout; a walls file may define its own under this name. */
export const DEFAULT_LAYOUT_NAME = 'default';

/** The city wall as designed: rates, trend, categories and sources; KPIs, map, the month's evaluation and ticker; the ranking, departments, close times and alerts. */
export const DEFAULT_WALL_LAYOUT: WallLayout = {
  columns: [
    {
      width: 48,
      panels: [
        { kind: 'rates', size: 17 },
        { kind: 'trend', size: 25 },
        { kind: 'categories' },
        { kind: 'sources' },
      ],
    },
    {
      width: 'grow',
      panels: [{ kind: 'kpis', size: 11 }, { kind: 'map' }, { kind: 'evaluation', size: 17 }, { kind: 'ticker', size: 24 }],
    },
    {
      width: 48,
      panels: [{ kind: 'children', size: 33 }, { kind: 'departments' }, { kind: 'closeTime', size: 15 }, { kind: 'alerts' }],
    },
  ],
};

/** `GET /api/v1/wall-layout?scope=`: what a scope's wall shows and how it is titled. */
export const WallSetupSchema = Type.Object({
  scope: Type.String(),
  level: Type.Union(SCOPE_LEVELS.map((l) => Type.Literal(l))),
  /** The scope's name (the city's for `city`). */
  name: Type.String(),
  /** The walls file's title for this very scope; without it the wall names the scope. */
  title: Type.Optional(Type.String()),
  /** Where the layout comes from: the scope whose entry it is (this one or the nearest enclosing one), or `default`. */
  from: Type.String(),
  /** The layout's name in the walls file (`default` for the built-in one). */
  layoutName: Type.String(),
  layout: WallLayoutSchema,
});
export type WallSetup = Static<typeof WallSetupSchema>;
