import { useEffect, useRef, useState } from 'react';
import { useI18n } from '../../i18n/i18n-context';
import { echarts, PALETTE, type EChartsOption } from './echarts';

interface ChartProps {
  option: EChartsOption;
  height?: number;
  testId: string;
  /** Accessible summary of what the chart shows. */
  label: string;
}

/**
 * One ECharts instance bound to a div: created once, fed the option
 * (replacing, not merging, so series that disappear go away) and resized
 * with its container.
 */
export function Chart({ option, height = 320, testId, label }: ChartProps) {
  const ref = useRef<HTMLDivElement>(null);
  const chart = useRef<echarts.ECharts | null>(null);
  const [failed, setFailed] = useState(false);
  const { t } = useI18n();

  useEffect(() => {
    const element = ref.current;
    if (!element) return;
    const instance = echarts.init(element, undefined, { renderer: 'canvas' });
    chart.current = instance;
    // Tests read the drawn labels through the instance (canvas text is not in the DOM).
    (element as HTMLDivElement & { roilensChart?: echarts.ECharts }).roilensChart = instance;
    const observer = new ResizeObserver(() => instance.resize());
    observer.observe(element);
    return () => {
      observer.disconnect();
      instance.dispose();
      chart.current = null;
    };
  }, []);

  useEffect(() => {
    try {
      // ECharts would describe the chart itself, in English; the page's own summary is in the user's language.
      chart.current?.setOption({ color: PALETTE, aria: { enabled: true, label: { description: label } }, ...option }, true);
      setFailed(false);
    } catch (error) {
      // ECharts rejects some data outright (e.g. a cycle in a Sankey); say so instead of crashing.
      console.error('chart option rejected', error);
      setFailed(true);
    }
  }, [option, label]);

  return (
    <>
      <div ref={ref} className="chart" style={{ blockSize: height }} data-testid={testId} role="img" aria-label={label} hidden={failed} />
      {failed ? <p className="state state--error">{t('state.crashed')}</p> : null}
    </>
  );
}
