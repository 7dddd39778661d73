import { Text } from '@mantine/core';
import { useEffect, useRef, useState } from 'react';

/** An ECharts option, kept loose here: the library's own types live in the lazily loaded chunk. */
export type ChartOption = Record<string, unknown>;

/**
 * One ECharts canvas. The library is loaded on first use (dynamic import), the chart is rebuilt
 * when the option's content changes (not its identity) and resized with the window.
 */
export function EChart({ option, height = 260, testId }: { option: ChartOption; height?: number; testId?: string }) {
  const ref = useRef<HTMLDivElement>(null);
  const [failed, setFailed] = useState<string | null>(null);
  const key = JSON.stringify(option);
  useEffect(() => {
    let chart: { setOption(o: unknown): void; resize(): void; dispose(): void } | undefined;
    let gone = false;
    const onResize = () => chart?.resize();
    import('./echarts-setup')
      .then(({ echarts }) => {
        if (gone || !ref.current) return;
        chart = echarts.init(ref.current);
        chart.setOption(JSON.parse(key));
        window.addEventListener('resize', onResize);
      })
      .catch((e: unknown) => setFailed(String(e)));
    return () => {
      gone = true;
      window.removeEventListener('resize', onResize);
      chart?.dispose();
    };
  }, [key]);
  if (failed) return <Text c="red">Chart could not load: {failed}</Text>;
  return <div ref={ref} style={{ width: '100%', height }} data-testid={testId} />;
}
