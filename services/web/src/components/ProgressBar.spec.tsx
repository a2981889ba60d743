/** @jest-environment jsdom */
import { render, screen } from '@testing-library/react';
import { ProgressBar } from './ProgressBar';

function fillWidth(bar: HTMLElement): string {
  return (bar.firstElementChild as HTMLElement).style.width;
}

describe('ProgressBar', () => {
  it('is an accessible percentage bar with a fill as wide as the value', () => {
    render(
      <ProgressBar
        label="Training progress"
        value={25}
        valueText="25%: Epoch 3 of 12"
        trackClassName="track"
        fillClassName="fill"
        testId="bar"
      />,
    );
    const bar = screen.getByRole('progressbar', { name: 'Training progress' });
    expect(bar).toBe(screen.getByTestId('bar'));
    expect(bar.className).toBe('track');
    expect(bar.getAttribute('aria-valuemin')).toBe('0');
    expect(bar.getAttribute('aria-valuemax')).toBe('100');
    expect(bar.getAttribute('aria-valuenow')).toBe('25');
    expect(bar.getAttribute('aria-valuetext')).toBe('25%: Epoch 3 of 12');
    expect(bar.firstElementChild?.className).toBe('fill');
    expect(fillWidth(bar)).toBe('25%');
  });

  it('scales the fill to another maximum and leaves out what it was not given', () => {
    render(<ProgressBar label="Ratings" value={3} max={5} trackClassName="t" fillClassName="f" />);
    const bar = screen.getByRole('progressbar', { name: 'Ratings' });
    expect(bar.getAttribute('aria-valuemax')).toBe('5');
    expect(bar.getAttribute('aria-valuenow')).toBe('3');
    expect(bar.hasAttribute('aria-valuetext')).toBe(false);
    expect(bar.hasAttribute('data-testid')).toBe(false);
    expect(fillWidth(bar)).toBe('60%');
  });

  it('lets the call site set the fill width apart from the value', () => {
    render(
      <ProgressBar
        label="Queued"
        value={0}
        fillPercent={100}
        trackClassName="t"
        fillClassName="f"
      />,
    );
    const bar = screen.getByRole('progressbar', { name: 'Queued' });
    expect(bar.getAttribute('aria-valuenow')).toBe('0');
    expect(fillWidth(bar)).toBe('100%');
  });
});
