import type { EChartsOption } from './echarts';
import type { ChartContext } from './theme';

/**
 * One kind of chart: the static option (axes, styles; set again when the scale changes)
 * and the part that follows the data (merged in place on every change).
 */
export interface ChartKind<D> {
  base(ctx: ChartContext): EChartsOption;
  update(data: D, ctx: ChartContext): EChartsOption;
}
