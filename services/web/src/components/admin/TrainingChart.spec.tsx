/** @jest-environment jsdom */
import { render, screen, within } from '@testing-library/react';
import type { TrainJobProgress } from '@marquee/contracts';
import { CHART_HEIGHT, DEFAULT_CHART_WIDTH, TrainingChart } from './TrainingChart';

const points: TrainJobProgress[] = [
  { epoch: 1, epochs: 10, loss: 1.2, valRmse: 1.05 },
  { epoch: 2, epochs: 10, loss: 0.9, valRmse: 0.97 },
  { epoch: 3, epochs: 10, loss: 0.7, valRmse: 0.95 },
];

/** The points of a series' path, as numbers. */
function pathPoints(container: HTMLElement, series: string): { x: number; y: number }[] {
  const d = container.querySelector(`[data-series="${series}"] path`)!.getAttribute('d')!;
  return d
    .split(/[ML]/)
    .filter((s) => s.trim() !== '')
    .map((pair) => {
      const [x, y] = pair.trim().split(' ').map(Number);
      return { x: x!, y: y! };
    });
}

describe('TrainingChart', () => {
  it('draws one point per epoch for loss and validation RMSE, growing along the planned epochs', () => {
    const { container } = render(<TrainingChart points={points} plannedEpochs={10} />);
    for (const series of ['loss', 'valRmse']) {
      const drawn = pathPoints(container, series);
      expect(drawn).toHaveLength(3);
      expect(container.querySelectorAll(`[data-series="${series}"] circle`)).toHaveLength(3);
      // x: epoch 1 at the left edge of the plot, then evenly spaced towards epoch 10.
      const step = drawn[1]!.x - drawn[0]!.x;
      expect(step).toBeGreaterThan(0);
      expect(drawn[2]!.x - drawn[1]!.x).toBeCloseTo(step, 0);
      expect(drawn[0]!.x + 9 * step).toBeLessThanOrEqual(DEFAULT_CHART_WIDTH);
      // Falling values are drawn lower: SVG y grows downwards.
      expect(drawn[0]!.y).toBeLessThan(drawn[1]!.y);
      expect(drawn[1]!.y).toBeLessThan(drawn[2]!.y);
      for (const p of drawn) {
        expect(p.y).toBeGreaterThanOrEqual(0);
        expect(p.y).toBeLessThanOrEqual(CHART_HEIGHT);
      }
    }
  });

  it('gives each series its own axis, labelled in its own units', () => {
    const { container } = render(<TrainingChart points={points} plannedEpochs={10} />);
    const labels = (axis: string) =>
      [...container.querySelectorAll(`[data-axis="${axis}"] text`)].map((t) => t.textContent);
    expect(labels('loss')).toEqual(['0.6', '0.8', '1.0', '1.2']);
    expect(labels('valRmse')).toEqual(['0.90', '0.95', '1.00', '1.05']);
  });

  it('names the latest figures for screen readers and lists every epoch in a table', () => {
    render(<TrainingChart points={points} plannedEpochs={10} />);
    expect(
      screen.getByRole('img', {
        name: 'Training chart: 3 epochs; last training loss 0.7000, validation RMSE 0.9500',
      }),
    ).toBeTruthy();
    const table = screen.getByRole('table', { name: /per epoch/ });
    const rows = within(table).getAllByRole('row').slice(1);
    expect(rows.map((r) => r.textContent)).toEqual([
      '11.20001.0500',
      '20.90000.9700',
      '30.70000.9500',
    ]);
  });

  it('shows a message and no curve before the first epoch', () => {
    const { container } = render(
      <TrainingChart points={[]} plannedEpochs={20} emptyMessage="Nothing yet" />,
    );
    expect(screen.getByText('Nothing yet')).toBeTruthy();
    expect(container.querySelectorAll('circle')).toHaveLength(0);
    expect(container.querySelector('[data-series="loss"] path')!.getAttribute('d')).toBe('');
    // The epoch axis is already laid out for the planned epochs.
    expect(screen.getByText('20')).toBeTruthy();
  });
});
