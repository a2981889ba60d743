'use client';

import { type RefObject, useEffect, useRef, useState } from 'react';
import type { TrainJobProgress } from '@marquee/contracts';
import { epochTicks, formatTick, linePath, linearScale, niceExtent } from './chart-geometry';
import styles from './TrainingChart.module.css';

/** The width drawn before the figure is measured (and in tests, which have no layout). */
export const DEFAULT_CHART_WIDTH = 640;
export const CHART_HEIGHT = 260;
const NARROW_CHART_HEIGHT = 220;
const MIN_CHART_WIDTH = 260;
const MARGIN = { top: 16, right: 56, bottom: 40, left: 56 };

/**
 * The figure's width in CSS pixels, so the SVG is drawn 1:1 and its labels keep their size on
 * a phone instead of shrinking with a scaled viewBox.
 */
function useMeasuredWidth(): [RefObject<HTMLElement | null>, number] {
  const ref = useRef<HTMLElement | null>(null);
  const [width, setWidth] = useState(DEFAULT_CHART_WIDTH);
  useEffect(() => {
    const element = ref.current;
    if (!element || typeof ResizeObserver === 'undefined') return;
    const observer = new ResizeObserver(([entry]) => {
      const measured = Math.round(entry?.contentRect.width ?? 0);
      if (measured > 0) setWidth(Math.max(MIN_CHART_WIDTH, measured));
    });
    observer.observe(element);
    return () => observer.disconnect();
  }, []);
  return [ref, width];
}

interface Series {
  key: 'loss' | 'valRmse';
  label: string;
  className: string;
  values: { epoch: number; value: number }[];
}

interface TrainingChartProps {
  /** One point per finished epoch. */
  points: TrainJobProgress[];
  /** The x axis runs to this epoch, so the curves grow towards the right as training goes. */
  plannedEpochs: number | null;
  /** Shown in the empty plot before the first epoch. */
  emptyMessage?: string;
}

/**
 * Training loss (MSE, left axis) and validation RMSE (right axis) per epoch, as an SVG line
 * chart; the same figures are in a table for screen readers.
 */
export function TrainingChart({
  points,
  plannedEpochs,
  emptyMessage = 'The curves appear as epochs finish',
}: TrainingChartProps) {
  const [figureRef, chartWidth] = useMeasuredWidth();
  const chartHeight = chartWidth < 480 ? NARROW_CHART_HEIGHT : CHART_HEIGHT;
  const measured = points.filter(
    (p): p is TrainJobProgress & { loss: number; valRmse: number } =>
      p.loss !== null && p.valRmse !== null,
  );
  const lastEpoch = Math.max(plannedEpochs ?? 1, measured.at(-1)?.epoch ?? 1, 2);
  const plotLeft = MARGIN.left;
  const plotRight = chartWidth - MARGIN.right;
  const plotTop = MARGIN.top;
  const plotBottom = chartHeight - MARGIN.bottom;
  const x = linearScale({ min: 1, max: lastEpoch }, [plotLeft, plotRight]);

  const series: Series[] = [
    {
      key: 'loss',
      label: 'Training loss (MSE)',
      className: styles.loss!,
      values: measured.map((p) => ({ epoch: p.epoch, value: p.loss })),
    },
    {
      key: 'valRmse',
      label: 'Validation RMSE',
      className: styles.rmse!,
      values: measured.map((p) => ({ epoch: p.epoch, value: p.valRmse })),
    },
  ];
  const axes = series.map((s) => {
    const { extent, ticks } = niceExtent(s.values.map((v) => v.value));
    return { ...s, ticks, y: linearScale(extent, [plotBottom, plotTop]) };
  });
  const [left, right] = axes as [(typeof axes)[0], (typeof axes)[0]];
  const xTicks = epochTicks(lastEpoch);

  return (
    <figure ref={figureRef} className={styles.figure} data-testid="training-chart">
      <figcaption className={styles.legend}>
        {series.map((s) => (
          <span key={s.key} className={`${styles.legendItem} ${s.className}`}>
            <span className={styles.swatch} aria-hidden="true" />
            {s.label}
          </span>
        ))}
      </figcaption>
      <svg
        className={styles.svg}
        viewBox={`0 0 ${chartWidth} ${chartHeight}`}
        width={chartWidth}
        height={chartHeight}
        role="img"
        aria-label={
          measured.length === 0
            ? 'Training chart: no epoch finished yet'
            : `Training chart: ${measured.length} epochs; last training loss ${measured.at(-1)!.loss.toFixed(4)}, validation RMSE ${measured.at(-1)!.valRmse.toFixed(4)}`
        }
      >
        <g className={styles.grid}>
          {measured.length > 0 &&
            left.ticks.map((t) => (
              <line key={t} x1={plotLeft} x2={plotRight} y1={left.y(t)} y2={left.y(t)} />
            ))}
        </g>
        <g className={styles.axis}>
          <line x1={plotLeft} x2={plotRight} y1={plotBottom} y2={plotBottom} />
          {xTicks.map((t) => (
            <text key={t} x={x(t)} y={plotBottom + 18} textAnchor="middle">
              {t}
            </text>
          ))}
          <text x={(plotLeft + plotRight) / 2} y={chartHeight - 4} textAnchor="middle">
            epoch
          </text>
        </g>
        {measured.length > 0 && (
          <>
            <g className={`${styles.axis} ${left.className}`} data-axis="loss">
              {left.ticks.map((t) => (
                <text key={t} x={plotLeft - 8} y={left.y(t) + 4} textAnchor="end">
                  {formatTick(t, left.ticks)}
                </text>
              ))}
            </g>
            <g className={`${styles.axis} ${right.className}`} data-axis="valRmse">
              {right.ticks.map((t) => (
                <text key={t} x={plotRight + 8} y={right.y(t) + 4} textAnchor="start">
                  {formatTick(t, right.ticks)}
                </text>
              ))}
            </g>
          </>
        )}
        {axes.map((s) => {
          const coords = s.values.map((v) => ({ x: x(v.epoch), y: s.y(v.value) }));
          return (
            <g key={s.key} className={s.className} data-series={s.key}>
              <path className={styles.line} d={linePath(coords)} />
              {coords.map((c, i) => (
                <circle key={s.values[i]!.epoch} className={styles.dot} cx={c.x} cy={c.y} r={3.5}>
                  <title>{`Epoch ${s.values[i]!.epoch}: ${s.label} ${s.values[i]!.value.toFixed(4)}`}</title>
                </circle>
              ))}
            </g>
          );
        })}
        {measured.length === 0 && (
          <text
            className={styles.empty}
            x={(plotLeft + plotRight) / 2}
            y={(plotTop + plotBottom) / 2}
            textAnchor="middle"
          >
            {emptyMessage}
          </text>
        )}
      </svg>
      <table className="visually-hidden">
        <caption>Training loss and validation RMSE per epoch</caption>
        <thead>
          <tr>
            <th scope="col">Epoch</th>
            <th scope="col">Training loss</th>
            <th scope="col">Validation RMSE</th>
          </tr>
        </thead>
        <tbody>
          {measured.map((p) => (
            <tr key={p.epoch}>
              <td>{p.epoch}</td>
              <td>{p.loss.toFixed(4)}</td>
              <td>{p.valRmse.toFixed(4)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </figure>
  );
}
