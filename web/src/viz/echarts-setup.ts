/**
 * ECharts, tree-shaken to what the dashboard draws. Only ever imported dynamically (see chart.tsx)
 * so it lands in its own chunk and the first page load does not pay for it.
 */
import { BarChart, LineChart } from 'echarts/charts';
import { GridComponent, LegendComponent, TooltipComponent } from 'echarts/components';
import * as echarts from 'echarts/core';
import { CanvasRenderer } from 'echarts/renderers';

echarts.use([BarChart, LineChart, GridComponent, LegendComponent, TooltipComponent, CanvasRenderer]);

export { echarts };
