import { MINOR_BY_CODE, MINOR_CATEGORIES, type MinorCategory } from '../../contract';
import type { WorkCalendar } from '../../contract/work-calendar';
import { CITY_DAYS, cityDayStart, compactDay, HOUR_MS } from '../shared/city-time';
import { minorWeight, SOURCE_PROFILES, type SourceProfile } from './profiles';
import { cumulate, Random } from './random';
import type { Hotspot, SpatialModel } from './spatial-model';

/** A case decided at the start of its day; its lifecycle is drawn from `seed` when it is reported. */
export interface PlannedCase {
  caseId: string;
  /** Prefix of the case's event ids, `e-YYYYMMDD-NNNNNN`. */
  eventPrefix: string;
  reportedAt: number;
  source: SourceProfile;
  category: MinorCategory;
  grid: number;
  hotspot?: Hotspot;
  seed: number;
  /** Uniform in [0, 1): decides membership of the live speed-up layers, whatever the speed. */
  keep: number;
}

/** Highest rate whose daily sequence numbers always fit the six digits of a case id. */
export const MAX_RATE = 500_000;
/** Share of a hotspot's cases that are of the hotspot's own kind (the rest follow the source mix). */
const HOTSPOT_CATEGORY_SHARE = 0.7;

const pad6 = (n: number): string => String(n).padStart(6, '0');

/**
 * Draws each local day's cases: how many per source (with rest days quieter for patrols),
 * when (each source's hourly profile), where (background density or a hotspot) and what
 * (the source's category mix, or the hotspot's kind).
 * Layer 0 is the city at `rate`; layers 1, 2… are independent extra copies the live feed adds
 * when it runs faster than real time.
 */
export class DayPlanner {
  private readonly categoryTables: ReadonlyMap<SourceProfile, Float64Array>;
  private readonly hourTables: ReadonlyMap<SourceProfile, Float64Array>;

  constructor(
    private readonly spatial: SpatialModel,
    private readonly calendar: WorkCalendar,
    private readonly options: { rate: number; seed: number },
  ) {
    if (!(options.rate > 0 && options.rate <= MAX_RATE)) throw new Error(`rate must be in (0, ${MAX_RATE}] cases a day, got ${options.rate}`);
    this.categoryTables = new Map(SOURCE_PROFILES.map((p) => [p, categoryTable(p)]));
    this.hourTables = new Map(SOURCE_PROFILES.map((p) => [p, cumulate(p.hourly)]));
  }

  plan(day: string, layer: number): PlannedCase[] {
    const rng = Random.of(this.options.seed, 'day', day, layer);
    const start = cityDayStart(day);
    const workday = this.calendar.isWorkday(CITY_DAYS.dayOf(start));
    const arrivals: Array<{ at: number; source: SourceProfile }> = [];
    for (const source of SOURCE_PROFILES) {
      // Working days carry more so that a week averages out at `rate`.
      const weekday = 7 / (5 + 2 * source.restDay);
      const factor = workday ? weekday : weekday * source.restDay;
      const hours = this.hourTables.get(source) as Float64Array;
      const count = rng.poisson(this.options.rate * source.share * factor);
      for (let i = 0; i < count; i += 1) {
        const hour = rng.pick(hours);
        arrivals.push({ at: start + hour * HOUR_MS + rng.int(3600) * 1000, source });
      }
    }
    arrivals.sort((a, b) => a.at - b.at);
    const { spots, cumulative } = this.spatial.hotspotsOn(day);
    const ymd = compactDay(day);
    const lane = layer === 0 ? '' : String(layer);
    return arrivals.map(({ at, source }, i) => {
      const seq = `${lane}${pad6(i + 1)}`;
      const hotspot = spots.length > 0 && rng.chance(this.spatial.hotspotShare) ? spots[rng.pick(cumulative)] : undefined;
      const grid = hotspot ? this.spatial.pickNear(rng, hotspot.grid) : this.spatial.pickBackground(rng);
      const category =
        hotspot && rng.chance(HOTSPOT_CATEGORY_SHARE)
          ? (MINOR_BY_CODE.get(hotspot.kind.categories[rng.int(hotspot.kind.categories.length)]) as MinorCategory)
          : MINOR_CATEGORIES[rng.pick(this.categoryTables.get(source) as Float64Array)];
      return {
        caseId: `C${ymd}${seq}`,
        eventPrefix: `e-${ymd}-${seq}`,
        reportedAt: at,
        source,
        category,
        grid,
        hotspot,
        seed: rng.seed(),
        keep: rng.next(),
      };
    });
  }
}

/** Cumulative weights over MINOR_CATEGORIES for a source's major-category mix. */
function categoryTable(source: SourceProfile): Float64Array {
  const majorTotals = new Map<string, number>();
  for (const c of MINOR_CATEGORIES) majorTotals.set(c.major, (majorTotals.get(c.major) ?? 0) + minorWeight(c.code));
  return cumulate(
    MINOR_CATEGORIES.map((c) => ((source.majors[c.major] ?? 0) * minorWeight(c.code)) / (majorTotals.get(c.major) as number)),
  );
}
