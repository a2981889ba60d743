/** @jest-environment jsdom */
import { cleanup, render, screen } from '@testing-library/react';
import type { Recommendation, RecommendationReason } from '@marquee/contracts';
import { Recommendations } from './Recommendations';

afterEach(cleanup);

function item(id: number, reason: RecommendationReason | null): Recommendation {
  return {
    movie: { id, title: `Film ${id}`, year: 2000, genres: ['Drama'], posterUrl: null },
    predictedRating: 4.2,
    reason,
  };
}

/** Each card's film id and its reason line (null when it has none). */
function reasonsShown(items: Recommendation[]) {
  render(
    <Recommendations
      state={{ kind: 'ready', data: { modelVersion: 3, replica: 'r1', items } }}
      training={{ kind: 'unknown' }}
      ratings={new Map()}
      onRatingSaved={() => undefined}
      onLoad={() => undefined}
    />,
  );
  return screen.getAllByTestId('recommendation').map((card) => {
    const line = card.querySelector('[data-testid="recommendation-reason"]');
    return [
      Number(card.getAttribute('data-movie-id')),
      line && {
        text: line.textContent,
        kind: line.getAttribute('data-reason-kind'),
        movieId: line.getAttribute('data-cited-movie-id'),
      },
    ];
  });
}

describe('Recommendations: the reason on each card', () => {
  it('names the liked film and its rating, says "taste" honestly, or says nothing', () => {
    const shown = reasonsShown([
      item(10, {
        kind: 'rated',
        movie: { id: 1, title: 'Matrix, The', year: 1999 },
        rating: 4.5,
        similarity: 0.4,
      }),
      item(11, { kind: 'taste' }),
      item(12, null),
    ]);
    expect(shown).toEqual([
      [10, { text: 'Because you rated The Matrix 4.5 ★', kind: 'rated', movieId: '1' }],
      [11, { text: 'Popular with people who rate like you', kind: 'taste', movieId: null }],
      [12, null],
    ]);
  });

  it('shows a whole-star rating with one decimal', () => {
    const shown = reasonsShown([
      item(10, {
        kind: 'rated',
        movie: { id: 2, title: 'Heat', year: 1995 },
        rating: 5,
        similarity: 0.3,
      }),
    ]);
    expect(shown).toEqual([
      [10, { text: 'Because you rated Heat 5.0 ★', kind: 'rated', movieId: '2' }],
    ]);
  });
});
