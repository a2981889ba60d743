import {
  RATING_VALUES,
  clampRating,
  formatStars,
  starFill,
  valueFromKey,
  valueFromPointer,
} from './star-rating';

describe('star rating values', () => {
  it('lists the ten half-star values', () => {
    expect(RATING_VALUES).toEqual([0.5, 1, 1.5, 2, 2.5, 3, 3.5, 4, 4.5, 5]);
  });

  it('clamps and rounds to a half star', () => {
    expect(clampRating(0)).toBe(0.5);
    expect(clampRating(3.3)).toBe(3.5);
    expect(clampRating(3.2)).toBe(3);
    expect(clampRating(9)).toBe(5);
  });
});

describe('valueFromPointer', () => {
  // Five 20px stars starting at x = 100: star n spans [100 + 20(n-1), 100 + 20n].
  const left = 100;
  const width = 100;

  it('gives the half value on the left half of a star and the whole value on the right', () => {
    expect(valueFromPointer(105, left, width)).toBe(0.5);
    expect(valueFromPointer(115, left, width)).toBe(1);
    expect(valueFromPointer(165, left, width)).toBe(3.5);
    expect(valueFromPointer(175, left, width)).toBe(4);
    expect(valueFromPointer(199, left, width)).toBe(5);
  });

  it('treats the exact middle of a star as its half value', () => {
    expect(valueFromPointer(170, left, width)).toBe(3.5);
    expect(valueFromPointer(170.01, left, width)).toBe(4);
  });

  it('clamps positions outside the row', () => {
    expect(valueFromPointer(100, left, width)).toBe(0.5);
    expect(valueFromPointer(40, left, width)).toBe(0.5);
    expect(valueFromPointer(260, left, width)).toBe(5);
  });

  it('survives a zero-width row', () => {
    expect(valueFromPointer(100, left, 0)).toBe(0.5);
  });
});

describe('valueFromKey', () => {
  it('steps half a star with the arrow keys, clamped at both ends', () => {
    expect(valueFromKey(3, 'ArrowRight')).toBe(3.5);
    expect(valueFromKey(3, 'ArrowUp')).toBe(3.5);
    expect(valueFromKey(3, 'ArrowLeft')).toBe(2.5);
    expect(valueFromKey(3, 'ArrowDown')).toBe(2.5);
    expect(valueFromKey(5, 'ArrowRight')).toBe(5);
    expect(valueFromKey(0.5, 'ArrowLeft')).toBe(0.5);
  });

  it('starts from the lowest value when nothing is rated yet', () => {
    expect(valueFromKey(null, 'ArrowRight')).toBe(0.5);
    expect(valueFromKey(null, 'PageUp')).toBe(1);
    expect(valueFromKey(null, 'ArrowLeft')).toBeNull();
    expect(valueFromKey(null, 'PageDown')).toBeNull();
  });

  it('moves a whole star with Page Up/Down and jumps with Home/End', () => {
    expect(valueFromKey(2.5, 'PageUp')).toBe(3.5);
    expect(valueFromKey(4.5, 'PageUp')).toBe(5);
    expect(valueFromKey(1, 'PageDown')).toBe(0.5);
    expect(valueFromKey(3, 'Home')).toBe(0.5);
    expect(valueFromKey(null, 'End')).toBe(5);
  });

  it('picks whole stars with digit keys and ignores other keys', () => {
    expect(valueFromKey(null, '4')).toBe(4);
    expect(valueFromKey(2, '1')).toBe(1);
    expect(valueFromKey(2, '0')).toBeNull();
    expect(valueFromKey(2, '6')).toBeNull();
    expect(valueFromKey(2, 'a')).toBeNull();
    expect(valueFromKey(2, 'Tab')).toBeNull();
  });
});

describe('starFill', () => {
  it('fills stars up to the value, with a half star for .5', () => {
    expect([1, 2, 3, 4, 5].map((star) => starFill(star, 3.5))).toEqual([
      'full',
      'full',
      'full',
      'half',
      'empty',
    ]);
    expect([1, 2, 3, 4, 5].map((star) => starFill(star, 0.5))[0]).toBe('half');
    expect([1, 2, 3, 4, 5].every((star) => starFill(star, null) === 'empty')).toBe(true);
    expect([1, 2, 3, 4, 5].every((star) => starFill(star, 5) === 'full')).toBe(true);
  });
});

describe('formatStars', () => {
  it('uses the singular only for one star', () => {
    expect(formatStars(1)).toBe('1 star');
    expect(formatStars(0.5)).toBe('0.5 stars');
    expect(formatStars(3.5)).toBe('3.5 stars');
  });
});
