import { MINOR_CATEGORIES, type Source } from '../../contract';

/**
 * The shape of a city's case flow, as data. Shares and profiles are plausible for a large
 * Chinese city's grid-management platform: inspectors find most cases, the 12345 hotline
 * and video AI follow, sensors and safety officers are a small share.
 */
export interface SourceProfile {
  source: Source;
  share: number;
  /** Relative intensity per local hour 0..23. */
  hourly: readonly number[];
  /** Volume on rest days (weekends, public holidays) relative to working days. */
  restDay: number;
  /** Median minutes from report to registration (立案) or cancellation. */
  registerMinutes: number;
  /** Chance the report is dropped (不予立案) instead of registered. */
  cancelShare: number;
  /** Weights of major categories `K.MM` for this source. */
  majors: Readonly<Record<string, number>>;
}

const GENERAL_MAJORS = {
  'E.05': 28, 'E.01': 24, 'E.02': 9, 'E.03': 8, 'C.03': 6, 'C.02': 6,
  'C.01': 5, 'C.04': 5, 'E.04': 2, 'C.05': 2, 'E.06': 0.4,
};

export const SOURCE_PROFILES: readonly SourceProfile[] = [
  {
    source: 'inspector',
    share: 0.45,
    hourly: [0, 0, 0, 0, 0, 0, 0.2, 1.5, 4, 6, 6.5, 5, 2.5, 2, 4.5, 6, 6, 5, 2.5, 1.2, 0.6, 0.3, 0.1, 0],
    restDay: 0.6,
    registerMinutes: 3,
    cancelShare: 0.02,
    majors: GENERAL_MAJORS,
  },
  {
    source: 'hotline',
    share: 0.2,
    hourly: [0.5, 0.3, 0.2, 0.2, 0.2, 0.4, 1, 2.5, 4.5, 5.5, 5.5, 5, 4, 4, 5, 5, 4.8, 4.5, 4, 3.8, 3.5, 3, 2, 1],
    restDay: 0.9,
    registerMinutes: 9,
    cancelShare: 0.07,
    majors: { ...GENERAL_MAJORS, 'E.05': 34, 'E.03': 14, 'E.02': 4, 'E.06': 2 },
  },
  {
    source: 'video',
    share: 0.15,
    hourly: [1, 0.8, 0.6, 0.5, 0.5, 0.8, 1.5, 3, 4, 3.5, 3, 3, 3, 3, 3, 3.2, 3.5, 4, 3.5, 3, 2.5, 2, 1.5, 1.2],
    restDay: 1,
    registerMinutes: 2,
    cancelShare: 0.05,
    majors: { 'E.05': 45, 'E.01': 30, 'E.03': 10, 'E.02': 10, 'E.04': 2 },
  },
  {
    source: 'app',
    share: 0.08,
    hourly: [0.6, 0.3, 0.2, 0.1, 0.1, 0.2, 0.6, 1.5, 3, 3.5, 3.5, 3.5, 3.2, 3, 3.2, 3.3, 3.4, 3.5, 3.6, 3.8, 4, 3.5, 2.5, 1.2],
    restDay: 1.1,
    registerMinutes: 12,
    cancelShare: 0.08,
    majors: { ...GENERAL_MAJORS, 'E.06': 1 },
  },
  {
    source: 'sensor',
    share: 0.06,
    hourly: [1.6, 1.6, 1.6, 1.6, 1.6, 1.7, 1.8, 2, 2.2, 2.2, 2.2, 2.2, 2.2, 2.2, 2.2, 2.2, 2.2, 2.2, 2.1, 2, 1.9, 1.8, 1.7, 1.6],
    restDay: 1,
    registerMinutes: 2,
    cancelShare: 0.03,
    majors: { 'C.01': 55, 'E.04': 25, 'C.02': 15, 'E.01': 5 },
  },
  {
    source: 'safety-officer',
    share: 0.06,
    hourly: [0, 0, 0, 0, 0, 0, 0.3, 1.5, 3.5, 4.5, 4.5, 3.5, 2, 2, 3.5, 4.5, 4.5, 4, 3.5, 3, 2.5, 1.5, 0.5, 0.1],
    restDay: 0.7,
    registerMinutes: 4,
    cancelShare: 0.02,
    majors: { ...GENERAL_MAJORS, 'E.06': 3, 'E.04': 4 },
  },
];

/** Minor categories that are more common than their siblings. */
const MINOR_WEIGHT: Readonly<Record<string, number>> = {
  'E.05.02': 4, 'E.05.03': 4, 'E.05.01': 3, 'E.05.05': 2, 'E.05.04': 2,
  'E.01.01': 4, 'E.01.03': 3, 'E.01.02': 2, 'E.02.01': 3,
  'C.02.01': 3, 'C.01.03': 2, 'C.03.01': 2,
};

export const minorWeight = (code: string): number => MINOR_WEIGHT[code] ?? 1;

export const CATEGORY_CODES: readonly string[] = MINOR_CATEGORIES.map((c) => c.code);

/** Places that draw cases for a while (markets, schools, construction sites, transit hubs). */
export interface HotspotKind {
  kind: string;
  zh: string;
  categories: readonly string[];
}

export const HOTSPOT_KINDS: readonly HotspotKind[] = [
  { kind: 'market', zh: '农贸市场', categories: ['E.05.02', 'E.05.01', 'E.01.01', 'E.05.05'] },
  { kind: 'school', zh: '学校', categories: ['E.05.03', 'E.05.01', 'E.05.04'] },
  { kind: 'construction', zh: '建筑工地', categories: ['E.03.01', 'E.03.02', 'E.03.03', 'E.01.02'] },
  { kind: 'transit', zh: '交通枢纽', categories: ['E.05.04', 'E.05.03', 'E.01.03', 'C.05.01'] },
];

export const SOURCE_ZH: Readonly<Record<Source, string>> = {
  inspector: '网格巡查员',
  hotline: '12345热线',
  video: '视频智能识别',
  sensor: '物联感知',
  app: '市民随手拍',
  'safety-officer': '平安员',
};
