import { Type, type Static } from '@sinclair/typebox';
import { LIMIT_UNITS } from './vocabulary';

/**
 * The category catalogue (GB/T 30428 top level, a representative set of minor categories,
 * and under 扩展事件 the 非法金融活动 items Tongliang tracks). A case's deadline is its registration time
 * plus the minor category's limit.
 */
export const TimeLimitSchema = Type.Object({
  unit: Type.Union(LIMIT_UNITS.map((u) => Type.Literal(u))),
  amount: Type.Number({ minimum: 0 }),
});
export type TimeLimit = Static<typeof TimeLimitSchema>;

export const MajorCategorySchema = Type.Object({
  /** K.MM */
  code: Type.String(),
  zh: Type.String(),
  en: Type.String(),
});
export type MajorCategory = Static<typeof MajorCategorySchema>;

export const MinorCategorySchema = Type.Object({
  /** K.MM.NN */
  code: Type.String(),
  major: Type.String(),
  zh: Type.String(),
  en: Type.String(),
  limit: TimeLimitSchema,
  /** The department a case of this category is usually dispatched to. */
  department: Type.String(),
});
export type MinorCategory = Static<typeof MinorCategorySchema>;

/** `GET /api/v1/categories`. */
export const CategoryCatalogueSchema = Type.Object({
  majors: Type.Array(MajorCategorySchema),
  minors: Type.Array(MinorCategorySchema),
});
export type CategoryCatalogue = Static<typeof CategoryCatalogueSchema>;

export const MAJOR_CATEGORIES: readonly MajorCategory[] = [
  { code: 'C.01', zh: '公用设施', en: 'Public utilities' },
  { code: 'C.02', zh: '道路交通设施', en: 'Road and traffic facilities' },
  { code: 'C.03', zh: '市容环境设施', en: 'City appearance facilities' },
  { code: 'C.04', zh: '园林绿化设施', en: 'Landscaping facilities' },
  { code: 'C.05', zh: '其他部件', en: 'Other components' },
  { code: 'E.01', zh: '市容环境', en: 'City appearance' },
  { code: 'E.02', zh: '宣传广告', en: 'Advertising' },
  { code: 'E.03', zh: '施工管理', en: 'Construction' },
  { code: 'E.04', zh: '突发事件', en: 'Emergencies' },
  { code: 'E.05', zh: '街面秩序', en: 'Street order' },
  { code: 'E.06', zh: '扩展事件', en: 'Extended events (illegal finance)' },
];

const wh = (amount: number): TimeLimit => ({ unit: 'work-hours', amount });
const wd = (amount: number): TimeLimit => ({ unit: 'work-days', amount });
const cd = (amount: number): TimeLimit => ({ unit: 'calendar-days', amount });
const uh = (amount: number): TimeLimit => ({ unit: 'urgent-hours', amount });

const MUNICIPAL = '市政设施处';
const SANITATION = '环卫处';
const GREENING = '园林绿化处';
const TRAFFIC = '交通管理处';
const ENFORCEMENT = '城管执法支队';
const CONSTRUCTION = '住房城乡建设委';
const UTILITIES = '公用事业处';
const EMERGENCY = '应急管理局';
const FINANCE = '金融工作办公室';
const STREET_OFFICE = '街道办事处';

export const MINOR_CATEGORIES: readonly MinorCategory[] = [
  { code: 'C.01.01', major: 'C.01', zh: '上水井盖', en: 'Water manhole cover', limit: uh(2), department: UTILITIES },
  { code: 'C.01.02', major: 'C.01', zh: '污水井盖', en: 'Sewer manhole cover', limit: uh(2), department: MUNICIPAL },
  { code: 'C.01.03', major: 'C.01', zh: '雨水箅子', en: 'Storm drain grate', limit: wh(8), department: MUNICIPAL },
  { code: 'C.01.04', major: 'C.01', zh: '消防栓', en: 'Fire hydrant', limit: wd(2), department: UTILITIES },
  { code: 'C.01.05', major: 'C.01', zh: '电力设施', en: 'Power facility', limit: wd(3), department: UTILITIES },
  { code: 'C.02.01', major: 'C.02', zh: '路灯', en: 'Street light', limit: wd(3), department: MUNICIPAL },
  { code: 'C.02.02', major: 'C.02', zh: '交通信号灯', en: 'Traffic signal', limit: uh(4), department: TRAFFIC },
  { code: 'C.02.03', major: 'C.02', zh: '交通标志牌', en: 'Traffic sign', limit: wd(5), department: TRAFFIC },
  { code: 'C.02.04', major: 'C.02', zh: '道路护栏', en: 'Road guardrail', limit: wd(3), department: MUNICIPAL },
  { code: 'C.02.05', major: 'C.02', zh: '人行道板', en: 'Pavement slab', limit: wd(5), department: MUNICIPAL },
  { code: 'C.03.01', major: 'C.03', zh: '垃圾箱', en: 'Litter bin', limit: wd(2), department: SANITATION },
  { code: 'C.03.02', major: 'C.03', zh: '公共厕所', en: 'Public toilet', limit: wd(2), department: SANITATION },
  { code: 'C.03.03', major: 'C.03', zh: '广告牌匾', en: 'Signboard', limit: wd(5), department: ENFORCEMENT },
  { code: 'C.04.01', major: 'C.04', zh: '行道树', en: 'Street tree', limit: wd(3), department: GREENING },
  { code: 'C.04.02', major: 'C.04', zh: '绿地', en: 'Green space', limit: wd(5), department: GREENING },
  { code: 'C.04.03', major: 'C.04', zh: '护树设施', en: 'Tree guard', limit: wd(5), department: GREENING },
  { code: 'C.05.01', major: 'C.05', zh: '公交站亭', en: 'Bus shelter', limit: wd(5), department: TRAFFIC },
  { code: 'C.05.02', major: 'C.05', zh: '监控电子眼', en: 'CCTV camera', limit: wd(5), department: TRAFFIC },
  { code: 'E.01.01', major: 'E.01', zh: '暴露垃圾', en: 'Exposed rubbish', limit: wh(2), department: SANITATION },
  { code: 'E.01.02', major: 'E.01', zh: '积存垃圾渣土', en: 'Accumulated waste', limit: wh(4), department: SANITATION },
  { code: 'E.01.03', major: 'E.01', zh: '道路不洁', en: 'Dirty road', limit: wh(2), department: SANITATION },
  { code: 'E.01.04', major: 'E.01', zh: '水域不洁', en: 'Dirty waterway', limit: wd(1), department: SANITATION },
  { code: 'E.01.05', major: 'E.01', zh: '焚烧垃圾', en: 'Burning rubbish', limit: uh(1), department: ENFORCEMENT },
  { code: 'E.02.01', major: 'E.02', zh: '非法小广告', en: 'Illegal flyers', limit: wh(4), department: ENFORCEMENT },
  { code: 'E.02.02', major: 'E.02', zh: '违章张贴悬挂', en: 'Illegal posting', limit: wd(1), department: ENFORCEMENT },
  { code: 'E.02.03', major: 'E.02', zh: '占道广告牌', en: 'Sidewalk billboard', limit: wd(2), department: ENFORCEMENT },
  { code: 'E.03.01', major: 'E.03', zh: '施工扰民', en: 'Construction noise', limit: wh(4), department: CONSTRUCTION },
  { code: 'E.03.02', major: 'E.03', zh: '工地扬尘', en: 'Site dust', limit: wh(8), department: CONSTRUCTION },
  { code: 'E.03.03', major: 'E.03', zh: '道路遗撒', en: 'Spilled load', limit: uh(2), department: SANITATION },
  { code: 'E.03.04', major: 'E.03', zh: '违法建设', en: 'Illegal construction', limit: wd(5), department: ENFORCEMENT },
  { code: 'E.04.01', major: 'E.04', zh: '路面塌陷', en: 'Road collapse', limit: uh(1), department: EMERGENCY },
  { code: 'E.04.02', major: 'E.04', zh: '自来水管破裂', en: 'Burst water main', limit: uh(1), department: UTILITIES },
  { code: 'E.04.03', major: 'E.04', zh: '道路积水', en: 'Road flooding', limit: uh(2), department: MUNICIPAL },
  { code: 'E.04.04', major: 'E.04', zh: '燃气泄漏', en: 'Gas leak', limit: uh(1), department: EMERGENCY },
  { code: 'E.05.01', major: 'E.05', zh: '无照经营游商', en: 'Unlicensed hawking', limit: wh(1), department: ENFORCEMENT },
  { code: 'E.05.02', major: 'E.05', zh: '占道经营', en: 'Sidewalk trading', limit: wh(2), department: ENFORCEMENT },
  { code: 'E.05.03', major: 'E.05', zh: '机动车乱停放', en: 'Illegal parking', limit: wh(2), department: TRAFFIC },
  { code: 'E.05.04', major: 'E.05', zh: '非机动车乱停放', en: 'Bike clutter', limit: wh(4), department: STREET_OFFICE },
  { code: 'E.05.05', major: 'E.05', zh: '店外经营', en: 'Trading outside shop', limit: wh(2), department: ENFORCEMENT },
  { code: 'E.05.06', major: 'E.05', zh: '露天烧烤', en: 'Open-air barbecue', limit: wh(1), department: ENFORCEMENT },
  { code: 'E.05.07', major: 'E.05', zh: '噪声扰民', en: 'Noise nuisance', limit: wd(1), department: STREET_OFFICE },
  { code: 'E.05.08', major: 'E.05', zh: '油烟污染', en: 'Cooking fumes', limit: wd(3), department: ENFORCEMENT },
  { code: 'E.05.09', major: 'E.05', zh: '违规养犬', en: 'Dog nuisance', limit: wd(2), department: STREET_OFFICE },
  { code: 'E.05.10', major: 'E.05', zh: '群租房', en: 'Overcrowded rental', limit: cd(7), department: STREET_OFFICE },
  { code: 'E.06.01', major: 'E.06', zh: '非法集资', en: 'Illegal fund-raising', limit: cd(3), department: FINANCE },
  { code: 'E.06.02', major: 'E.06', zh: '非法放贷', en: 'Illegal lending', limit: cd(3), department: FINANCE },
  { code: 'E.06.03', major: 'E.06', zh: '消费返利', en: 'Rebate scheme', limit: cd(5), department: FINANCE },
  { code: 'E.06.04', major: 'E.06', zh: '暴力收贷', en: 'Violent debt collection', limit: uh(2), department: FINANCE },
  { code: 'E.06.05', major: 'E.06', zh: '集赞', en: 'Like-farming scheme', limit: cd(5), department: FINANCE },
];

export const MINOR_BY_CODE: ReadonlyMap<string, MinorCategory> = new Map(MINOR_CATEGORIES.map((c) => [c.code, c]));
export const MAJOR_BY_CODE: ReadonlyMap<string, MajorCategory> = new Map(MAJOR_CATEGORIES.map((c) => [c.code, c]));

export const majorOf = (minor: string): string => minor.slice(0, 4);
