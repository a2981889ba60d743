import { TITLE_HUE_SHIFT, displayTitle, genreHue, placeholderColors } from './movie-display';

function hueOf(colour: string): number {
  return Number(/^hsl\((\d+) /.exec(colour)?.[1]);
}

function hueDistance(a: number, b: number): number {
  const d = Math.abs(a - b) % 360;
  return Math.min(d, 360 - d);
}

describe('displayTitle', () => {
  it('moves a trailing English article to the front', () => {
    expect(displayTitle('Shawshank Redemption, The')).toBe('The Shawshank Redemption');
    expect(displayTitle('Few Good Men, A')).toBe('A Few Good Men');
    expect(displayTitle('American Tail, An')).toBe('An American Tail');
  });

  it('keeps an alternative title in parentheses at the end', () => {
    expect(displayTitle('Seventh Seal, The (Sjunde inseglet, Det)')).toBe(
      'The Seventh Seal (Sjunde inseglet, Det)',
    );
  });

  it('leaves other titles alone', () => {
    expect(displayTitle('Toy Story')).toBe('Toy Story');
    expect(displayTitle('Theory of Everything')).toBe('Theory of Everything');
    expect(displayTitle('Me, Myself and Irene')).toBe('Me, Myself and Irene');
  });
});

describe('placeholderColors', () => {
  it('derives the gradient from the first two genres', () => {
    const [from, to] = placeholderColors(['Horror', 'Sci-Fi']);
    expect(from).toBe(`hsl(${genreHue('Horror')} 55% 38%)`);
    expect(to).toBe(`hsl(${genreHue('Sci-Fi')} 60% 18%)`);
  });

  it('nudges the hues by title, within a few degrees of the genre', () => {
    const titles = ['Heat', 'Casino', 'Seven', 'Fargo', 'Jaws', 'Alien', 'Brazil', 'Ran'];
    const hues = titles.map((title) => hueOf(placeholderColors(['Crime', 'Drama'], title)[0]));
    for (const hue of hues) {
      expect(hueDistance(hue, genreHue('Crime'))).toBeLessThanOrEqual(TITLE_HUE_SHIFT);
    }
    expect(new Set(hues).size).toBeGreaterThan(1);
  });

  it('gives movies of different genres different colours', () => {
    expect(placeholderColors(['Comedy'], 'X')).not.toEqual(placeholderColors(['Drama'], 'X'));
  });

  it('gives unknown genres a stable hue and handles no genres', () => {
    expect(genreHue('Space Opera')).toBe(genreHue('Space Opera'));
    expect(genreHue('Space Opera')).toBeGreaterThanOrEqual(0);
    expect(genreHue('Space Opera')).toBeLessThan(360);
    expect(placeholderColors([])).toHaveLength(2);
  });
});
