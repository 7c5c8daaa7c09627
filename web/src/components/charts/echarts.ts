/** ECharts, tree-shaken to the charts and components the dashboard draws. */
import * as echarts from 'echarts/core';
import { BarChart, CustomChart, FunnelChart, HeatmapChart, LineChart, SankeyChart, ScatterChart } from 'echarts/charts';
import {
  AriaComponent,
  GridComponent,
  LegendComponent,
  MarkLineComponent,
  TooltipComponent,
  VisualMapComponent,
} from 'echarts/components';
import { CanvasRenderer } from 'echarts/renderers';

echarts.use([
  BarChart,
  CustomChart,
  FunnelChart,
  HeatmapChart,
  LineChart,
  SankeyChart,
  ScatterChart,
  AriaComponent,
  GridComponent,
  LegendComponent,
  MarkLineComponent,
  TooltipComponent,
  VisualMapComponent,
  CanvasRenderer,
]);

export { echarts };
export type EChartsOption = echarts.EChartsCoreOption;

/** The dashboard's series colours, readable on white and distinct for colour-blind readers. */
export const PALETTE = ['#2563eb', '#16a34a', '#f59e0b', '#9333ea', '#0891b2', '#dc2626', '#64748b', '#db2777'];
