import { Type, type Static } from '@sinclair/typebox';
import { ROLES, SCOPE_LEVELS } from './vocabulary';

/**
 * `GET /api/v1/me`: what the page's token may read, so a page lists only those districts
 * (the read routes refuse the others anyway), and the days a date picker may offer.
 */
export const MeSchema = Type.Object({
  role: Type.Union(ROLES.map((r) => Type.Literal(r))),
  name: Type.String(),
  /** Whether the token reads the whole city (wall and admin tokens). */
  city: Type.Boolean(),
  /** What it reads, each with everything inside it: `city` for a city-wide token, a leader's areas of any level. */
  scopes: Type.Array(Type.Object({ code: Type.String(), name: Type.String(), level: Type.Union(SCOPE_LEVELS.map((l) => Type.Literal(l))) })),
  /** The whole districts it reads: every district for a city-wide token, those among a leader's scopes. */
  districts: Type.Array(Type.Object({ code: Type.String(), name: Type.String() })),
  /** The city's IANA time zone (`ONESCREEN_TZ`): its days and hours, and the time a page shows. */
  timeZone: Type.String(),
  /** Today in the city's zone, YYYY-MM-DD. */
  today: Type.String(),
  /** The retained days any `date=` may ask for, first to last (today). */
  retained: Type.Object({ first: Type.String(), last: Type.String() }),
  /**
   * The time of the first event the server holds (ISO 8601): a read at an earlier instant (`at=`)
   * and a replay from one are refused (docs/replay.md), so a page does not ask. Absent while it
   * holds none.
   */
  firstEventAt: Type.Optional(Type.String()),
  /**
   * The online Mapbox basemap, only when the server has `MAPBOX_TOKEN`; without it the map
   * uses its offline style and makes no network calls. A Mapbox browser token is public by design.
   */
  basemap: Type.Optional(Type.Object({ style: Type.String(), accessToken: Type.String() })),
});
export type Me = Static<typeof MeSchema>;
