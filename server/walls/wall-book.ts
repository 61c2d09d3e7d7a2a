import { DEFAULT_LAYOUT_NAME, DEFAULT_WALL_LAYOUT, parentOf, type WallLayout } from '../../contract';

/** One centre's wall, as the walls file gives it with its layout looked up. */
export interface CentreWall {
  scope: string;
  layoutName: string;
  layout: WallLayout;
  title?: string;
}

/** The layout a scope's wall shows, and where it comes from. */
export interface WallChoice {
  /** The scope whose entry gave the layout (the wall's own or the nearest enclosing one), or `default`. */
  from: string;
  layoutName: string;
  layout: WallLayout;
  /** Only the wall's own entry titles it: a street does not take its district's title. */
  title?: string;
}

/**
 * The centres' walls of the walls file. A scope's wall shows its own entry's layout, else that
 * of the nearest enclosing scope with an entry, else the default layout (the file's `default`,
 * else the built-in one).
 */
export class WallBook {
  private readonly walls: ReadonlyMap<string, CentreWall>;

  constructor(
    walls: readonly CentreWall[] = [],
    private readonly fallback: WallLayout = DEFAULT_WALL_LAYOUT,
  ) {
    this.walls = new Map(walls.map((wall) => [wall.scope, wall]));
  }

  wallOf(scope: string): WallChoice {
    for (let at: string | undefined = scope; at !== undefined; at = parentOf(at)) {
      const wall = this.walls.get(at);
      if (wall === undefined) continue;
      const title = at === scope ? wall.title : undefined;
      return { from: at, layoutName: wall.layoutName, layout: wall.layout, ...(title !== undefined ? { title } : {}) };
    }
    return { from: DEFAULT_LAYOUT_NAME, layoutName: DEFAULT_LAYOUT_NAME, layout: this.fallback };
  }
}
