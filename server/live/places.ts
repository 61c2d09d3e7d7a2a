import type { CityIndex } from '../core/city-index';

/** Names and map positions of alert scopes (grids and streets), looked up once and kept. */
export class Places {
  private readonly centers: Map<string, readonly [number, number]>;

  /** `labels`: label points of districts and streets where the city has them (a mean of grid centres may fall outside a concave street). */
  constructor(
    private readonly city: CityIndex,
    labels: ReadonlyMap<string, readonly [number, number]> = new Map(),
  ) {
    this.centers = new Map(labels);
  }

  /** A grid reads "解放碑街道 第3网格"-style, with its street; other scopes by their own name. */
  label(scope: string): string {
    const name = this.city.nameOf(scope) ?? scope;
    if (this.city.levelOf(scope) !== 'grid') return name;
    const street = this.city.parentsOf(scope)?.street;
    const streetName = street === undefined ? undefined : this.city.nameOf(street);
    return streetName && !name.startsWith(streetName) ? `${streetName} ${name}` : name;
  }

  /** Centre of a grid; label point, else the mean of its grids' centres, for a street or district. */
  center(scope: string): readonly [number, number] {
    const known = this.centers.get(scope);
    if (known) return known;
    const center = this.compute(scope);
    this.centers.set(scope, center);
    return center;
  }

  private compute(scope: string): readonly [number, number] {
    const own = this.city.centerOf(scope);
    if (own) return own;
    let lng = 0;
    let lat = 0;
    let n = 0;
    const stack = [...this.city.childrenOf(scope)];
    for (let code = stack.pop(); code !== undefined; code = stack.pop()) {
      const c = this.city.centerOf(code);
      if (c) {
        lng += c[0];
        lat += c[1];
        n += 1;
      } else stack.push(...this.city.childrenOf(code));
    }
    return n === 0 ? [0, 0] : [lng / n, lat / n];
  }
}
