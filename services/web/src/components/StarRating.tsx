'use client';

import { useRef, useState, type KeyboardEvent, type MouseEvent, type PointerEvent } from 'react';
import {
  RATING_VALUES,
  STAR_COUNT,
  formatStars,
  isClearKey,
  starFill,
  valueFromKey,
  valueFromPointer,
} from '../lib/star-rating';
import styles from './StarRating.module.css';

interface StarRatingProps {
  /** The movie's title, for the labels ("Rate Toy Story 3.5 stars"). */
  title: string;
  value: number | null;
  /** null: the user removed the rating (Delete, Backspace or 0). */
  onChange: (value: number | null) => void;
}

const STAR_PATH = 'M12 2.5l2.9 6.1 6.6.8-4.9 4.6 1.3 6.6L12 17.3l-5.9 3.3 1.3-6.6-4.9-4.6 6.6-.8z';

/**
 * Half-star rating as an ARIA radiogroup: one radio per half star, so a screen reader hears
 * "Rate Toy Story 3.5 stars". The pointer picks by position (left half of a star = .5) with a
 * hover preview; the keyboard moves with arrows, Page Up/Down, Home/End and the digits 1-5,
 * and Delete, Backspace or 0 remove the rating.
 */
export function StarRating({ title, value, onChange }: StarRatingProps) {
  const [preview, setPreview] = useState<number | null>(null);
  const rowRef = useRef<HTMLDivElement>(null);
  const radioRefs = useRef(new Map<number, HTMLSpanElement>());
  const shown = preview ?? value;
  const focusable = value ?? RATING_VALUES[0];

  function pointerValue(clientX: number): number | null {
    const rect = rowRef.current?.getBoundingClientRect();
    return rect ? valueFromPointer(clientX, rect.left, rect.width) : null;
  }

  function choose(next: number, moveFocus: boolean) {
    if (moveFocus) radioRefs.current.get(next)?.focus();
    if (next !== value) onChange(next);
  }

  function handlePointerMove(event: PointerEvent<HTMLDivElement>) {
    if (event.pointerType === 'touch') return;
    setPreview(pointerValue(event.clientX));
  }

  function handleClick(event: MouseEvent<HTMLDivElement>) {
    // A click with detail 0 comes from assistive technology, not a pointer: use the radio.
    const fromRadio = (event.target as HTMLElement).closest<HTMLElement>('[data-value]');
    const next =
      event.detail === 0 && fromRadio
        ? Number(fromRadio.dataset.value)
        : pointerValue(event.clientX);
    if (next !== null) choose(next, true);
  }

  function handleKeyDown(event: KeyboardEvent<HTMLDivElement>) {
    if (event.key === ' ' || event.key === 'Enter') {
      const focused = (event.target as HTMLElement).closest<HTMLElement>('[data-value]');
      if (!focused) return;
      event.preventDefault();
      choose(Number(focused.dataset.value), false);
      return;
    }
    if (isClearKey(event.key)) {
      if (value === null) return;
      event.preventDefault();
      radioRefs.current.get(RATING_VALUES[0] as number)?.focus();
      onChange(null);
      return;
    }
    const next = valueFromKey(value, event.key);
    if (next === null) return;
    event.preventDefault();
    choose(next, true);
  }

  return (
    <div
      role="radiogroup"
      aria-label={`Rate ${title}`}
      className={styles.rating}
      data-testid="star-rating"
      data-value={value ?? ''}
      onKeyDown={handleKeyDown}
    >
      <div
        ref={rowRef}
        className={styles.row}
        onPointerMove={handlePointerMove}
        onPointerLeave={() => setPreview(null)}
        onClick={handleClick}
      >
        {Array.from({ length: STAR_COUNT }, (_, i) => {
          const star = i + 1;
          const fill = starFill(star, shown);
          return (
            <span key={star} className={styles.star} data-fill={fill}>
              <svg viewBox="0 0 24 24" aria-hidden="true" className={styles.glyph}>
                <path d={STAR_PATH} className={styles.empty} />
              </svg>
              {fill !== 'empty' && (
                <span className={fill === 'half' ? styles.halfClip : styles.fullClip}>
                  <svg viewBox="0 0 24 24" aria-hidden="true" className={styles.glyph}>
                    <path
                      d={STAR_PATH}
                      className={preview === null ? styles.filled : styles.preview}
                    />
                  </svg>
                </span>
              )}
              {[star - 0.5, star].map((radioValue) => (
                <span
                  key={radioValue}
                  ref={(node) => {
                    if (node) radioRefs.current.set(radioValue, node);
                    else radioRefs.current.delete(radioValue);
                  }}
                  role="radio"
                  aria-checked={value === radioValue}
                  aria-label={`Rate ${title} ${formatStars(radioValue)}`}
                  tabIndex={radioValue === focusable ? 0 : -1}
                  data-value={radioValue}
                  className={radioValue === star ? styles.rightHalf : styles.leftHalf}
                />
              ))}
            </span>
          );
        })}
      </div>
      <span
        className={styles.valueLabel}
        data-preview={preview !== null}
        data-testid="star-value"
        aria-hidden="true"
      >
        {shown === null ? '' : shown.toFixed(1)}
      </span>
    </div>
  );
}
