/** @jest-environment jsdom */
import { act, cleanup, fireEvent, render, screen } from '@testing-library/react';
import { useState } from 'react';
import { StarRating } from './StarRating';

// jsdom has no PointerEvent (fireEvent would drop clientX) and no layout: the star row is
// made 100 px wide from x = 0, so each star is 20 px.
class TestPointerEvent extends MouseEvent {
  readonly pointerType: string;
  constructor(type: string, init: PointerEventInit = {}) {
    super(type, init);
    this.pointerType = init.pointerType ?? 'mouse';
  }
}

beforeAll(() => {
  if (!('PointerEvent' in window)) {
    Object.defineProperty(window, 'PointerEvent', { value: TestPointerEvent, configurable: true });
  }
  jest.spyOn(HTMLElement.prototype, 'getBoundingClientRect').mockReturnValue({
    left: 0,
    width: 100,
    top: 0,
    height: 24,
    right: 100,
    bottom: 24,
    x: 0,
    y: 0,
    toJSON: () => ({}),
  } as DOMRect);
});
afterEach(cleanup);

/** The widget as a page uses it: it holds the value and records every change. */
function Harness({ initial = null, changes }: { initial?: number | null; changes: unknown[] }) {
  const [value, setValue] = useState<number | null>(initial);
  return (
    <StarRating
      title="Heat"
      value={value}
      onChange={(next) => {
        changes.push(next);
        setValue(next);
      }}
    />
  );
}

const checked = () =>
  screen
    .getAllByRole('radio')
    .filter((r) => r.getAttribute('aria-checked') === 'true')
    .map((r) => r.getAttribute('data-value'));
const focusable = () =>
  screen
    .getAllByRole('radio')
    .filter((r) => r.tabIndex === 0)
    .map((r) => r.dataset.value);
const label = () => screen.getByTestId('star-value');
const filled = () =>
  Array.from(document.querySelectorAll('[data-fill]'), (star) => star.getAttribute('data-fill'));

describe('StarRating', () => {
  it('is a labelled radio group of ten half stars, one of them checked', () => {
    render(<Harness initial={3.5} changes={[]} />);
    expect(screen.getByRole('radiogroup', { name: 'Rate Heat' })).toBeTruthy();
    const radios = screen.getAllByRole('radio');
    expect(radios.map((r) => r.getAttribute('aria-label'))).toEqual(
      [0.5, 1, 1.5, 2, 2.5, 3, 3.5, 4, 4.5, 5].map((v) =>
        v === 1 ? 'Rate Heat 1 star' : `Rate Heat ${v} stars`,
      ),
    );
    expect(checked()).toEqual(['3.5']);
    expect(focusable()).toEqual(['3.5']); // one tab stop, on the current value
    expect(filled()).toEqual(['full', 'full', 'full', 'half', 'empty']);
    expect(label().textContent).toBe('3.5');
  });

  it('previews the value under the pointer without changing it, and drops it on leave', () => {
    const changes: unknown[] = [];
    render(<Harness initial={1} changes={changes} />);
    const row = screen.getByTestId('star-rating').firstElementChild as HTMLElement;

    fireEvent.pointerMove(row, { clientX: 65, pointerType: 'mouse' }); // left half of star 4
    expect(label().textContent).toBe('3.5');
    expect(label().getAttribute('data-preview')).toBe('true');
    expect(filled()).toEqual(['full', 'full', 'full', 'half', 'empty']);
    expect(changes).toEqual([]);

    fireEvent.pointerLeave(row);
    expect(label().textContent).toBe('1.0');
    expect(filled()).toEqual(['full', 'empty', 'empty', 'empty', 'empty']);
  });

  it('sets the value under a mouse click: left half of a star is half a star', () => {
    const changes: unknown[] = [];
    render(<Harness changes={changes} />);
    const row = screen.getByTestId('star-rating').firstElementChild as HTMLElement;
    fireEvent.click(row, { clientX: 95, detail: 1 });
    fireEvent.click(row, { clientX: 45, detail: 1 });
    expect(changes).toEqual([5, 2.5]);
    expect(checked()).toEqual(['2.5']);
  });

  it('takes the radio itself when assistive technology clicks it (no pointer position)', () => {
    const changes: unknown[] = [];
    render(<Harness changes={changes} />);
    fireEvent.click(screen.getByRole('radio', { name: 'Rate Heat 4.5 stars' }), { detail: 0 });
    expect(changes).toEqual([4.5]);
  });

  it('moves with the keyboard: arrows, Page keys, Home/End, digits; focus follows', () => {
    const changes: unknown[] = [];
    render(<Harness changes={changes} />);
    const group = screen.getByRole('radiogroup');
    const press = (key: string) => fireEvent.keyDown(document.activeElement ?? group, { key });

    act(() => screen.getAllByRole('radio')[0]!.focus());
    press('ArrowRight'); // from nothing: the lowest value
    press('ArrowRight');
    press('PageUp');
    press('End');
    press('ArrowLeft');
    press('ArrowDown');
    press('Home');
    press('3');
    press('x'); // ignored
    expect(changes).toEqual([0.5, 1, 2, 5, 4.5, 4, 0.5, 3]);
    expect(checked()).toEqual(['3']);
    expect(document.activeElement?.getAttribute('data-value')).toBe('3');
  });

  it('removes the rating with Delete, Backspace or 0, and only when there is one', () => {
    const changes: unknown[] = [];
    render(<Harness initial={4} changes={changes} />);
    act(() => screen.getByRole('radio', { name: 'Rate Heat 4 stars' }).focus());
    fireEvent.keyDown(document.activeElement!, { key: 'Delete' });
    expect(changes).toEqual([null]);
    expect(checked()).toEqual([]);
    expect(filled()).toEqual(['empty', 'empty', 'empty', 'empty', 'empty']);
    expect(label().textContent).toBe('');

    fireEvent.keyDown(document.activeElement!, { key: 'Backspace' });
    expect(changes).toEqual([null]);
    fireEvent.keyDown(document.activeElement!, { key: '2' });
    fireEvent.keyDown(document.activeElement!, { key: '0' });
    expect(changes).toEqual([null, 2, null]);
  });

  it('selects the focused half star with Space or Enter', () => {
    const changes: unknown[] = [];
    render(<Harness changes={changes} />);
    const radio = screen.getByRole('radio', { name: 'Rate Heat 2.5 stars' });
    fireEvent.keyDown(radio, { key: ' ' });
    expect(changes).toEqual([2.5]);
    fireEvent.keyDown(radio, { key: 'Enter' });
    expect(changes).toEqual([2.5]); // already the value: no second change
  });

  it('follows a value changed by its parent', () => {
    const { rerender } = render(<StarRating title="Heat" value={2} onChange={() => undefined} />);
    expect(checked()).toEqual(['2']);
    rerender(<StarRating title="Heat" value={null} onChange={() => undefined} />);
    expect(checked()).toEqual([]);
    expect(focusable()).toEqual(['0.5']);
  });
});
