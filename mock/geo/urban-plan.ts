/**
 * Where the demo city's 64,200 unit grids go: the real count over the real built-up area
 * (~1,600 km² of 158 m cells). The nine central districts hold the metropolitan core; the
 * others hold their urban centres. Centres are [lng, lat, reach]: a cell's urban cost is its
 * distance to the nearest centre divided by that centre's reach, so bigger reach, bigger area.
 */

export const GRID_TOTAL = 64_200;

export type Centre = readonly [number, number, number];

/** 解放碑, the metropolitan core every central district grows towards. */
const METRO_CORE: Centre = [106.5772, 29.5592, 1];

export interface DistrictPlan {
  /** Fixed number of cells; `all` takes every cell wholly inside the district. */
  quota?: number | 'all';
  /** Share of the cells left after the fixed quotas. */
  weight?: number;
  centres: readonly Centre[];
  /** Central districts: every street gets grids; elsewhere only the urban 街道. */
  central: boolean;
}

function central(quota: number | 'all', ...centres: Centre[]): DistrictPlan {
  return { quota, centres: [METRO_CORE, ...centres], central: true };
}

function outer(weight: number, ...centres: Centre[]): DistrictPlan {
  return { weight, centres, central: false };
}

export const URBAN_PLAN: Readonly<Record<string, DistrictPlan>> = {
  '500103': central('all'), // 渝中
  '500104': central(2_400, [106.483, 29.484, 0.8]), // 大渡口
  '500105': central(4_400, [106.535, 29.577, 0.9], [106.6, 29.6, 0.5]), // 江北: 观音桥, 寸滩
  '500106': central(6_400, [106.457, 29.557, 0.9], [106.31, 29.605, 0.7]), // 沙坪坝: 三峡广场, 大学城
  '500107': central(6_400, [106.51, 29.51, 0.9], [106.37, 29.47, 0.5], [106.33, 29.35, 0.4]), // 九龙坡: 杨家坪, 白市驿, 西彭
  '500108': central(5_200, [106.565, 29.528, 0.9], [106.65, 29.5, 0.6]), // 南岸: 南坪, 茶园
  '500109': central(3_200, [106.437, 29.825, 0.7], [106.48, 29.73, 0.5]), // 北碚, 蔡家
  '500112': central(9_600, [106.53, 29.61, 0.9], [106.63, 29.72, 0.7], [106.5, 29.66, 0.6]), // 渝北: 龙溪, 两路, 礼嘉
  '500113': central(4_000, [106.53, 29.46, 0.8], [106.52, 29.385, 0.7]), // 巴南: 李家沱, 鱼洞
  '500101': outer(3.2), // 万州
  '500102': outer(2.6), // 涪陵
  '500110': outer(1.5), // 綦江
  '500111': outer(1.5), // 大足
  '500114': outer(1.2), // 黔江
  '500115': outer(1.6), // 长寿
  '500116': outer(2.4), // 江津
  '500117': outer(2.1), // 合川
  '500118': outer(2.1), // 永川
  '500119': outer(1.2), // 南川
  '500120': outer(1.8), // 璧山
  '500151': outer(1.3), // 铜梁
  '500152': outer(1.2), // 潼南
  '500153': outer(1.3), // 荣昌
  '500154': outer(1.5, [108.393, 31.16, 1]), // 开州 (the outline has no label point)
  '500155': outer(1.0), // 梁平
  '500156': outer(0.8), // 武隆
  '500229': outer(0.5), // 城口
  '500230': outer(0.8), // 丰都
  '500231': outer(0.9), // 垫江
  '500233': outer(0.8), // 忠县
  '500235': outer(0.9), // 云阳
  '500236': outer(0.8), // 奉节
  '500237': outer(0.6), // 巫山
  '500238': outer(0.5), // 巫溪
  '500240': outer(0.6), // 石柱
  '500241': outer(0.7), // 秀山
  '500242': outer(0.6), // 酉阳
  '500243': outer(0.6), // 彭水
};
