/** @jest-environment jsdom */
import { act, cleanup, render, screen } from '@testing-library/react';
import type {
  Recommendation,
  RecommendationReason,
  RecommendationsResponse,
} from '@marquee/contracts';
import { PendingWritesProvider } from '../hooks/usePendingWrites';
import { PendingWrites } from '../lib/pending-writes';
import { classifyWriteError } from '../lib/send-write';
import type { Watchlist } from '../hooks/useWatchlist';
import { withQueryClient } from '../testing/query-client';
import { Recommendations } from './Recommendations';

afterEach(cleanup);

/** The controls' props, inert: these tests look at what the cards say. */
const watchlist: Watchlist = {
  load: { kind: 'ready' },
  items: [],
  has: () => false,
  busy: new Set(),
  add: () => Promise.resolve(),
  remove: () => Promise.resolve(),
  reload: () => undefined,
};
const controls = {
  watchlist,
  filter: {},
  onFilterChange: () => undefined,
  announce: () => undefined,
};

function item(id: number, reason: RecommendationReason | null): Recommendation {
  return {
    movie: { id, title: `Film ${id}`, year: 2000, genres: ['Drama'], posterUrl: null },
    predictedRating: 4.2,
    reason,
  };
}

/** Each card's movie id and its reason line (null when it has none). */
function reasonsShown(items: Recommendation[]) {
  render(
    withQueryClient(
      <Recommendations
        state={{
          kind: 'ready',
          data: { modelVersion: 3, replica: 'r1', source: { kind: 'model' }, items },
        }}
        training={{ kind: 'unknown' }}
        ratings={new Map()}
        onLoad={() => undefined}
        {...controls}
      />,
    ),
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
  it('names the liked movie and its rating, says "taste" honestly, or says nothing', () => {
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

describe('Recommendations: where the list came from', () => {
  function shown(data: RecommendationsResponse) {
    render(
      withQueryClient(
        <Recommendations
          state={{ kind: 'ready', data }}
          training={{ kind: 'unknown' }}
          ratings={new Map()}
          onLoad={() => undefined}
          {...controls}
        />,
      ),
    );
    return {
      note: screen.queryByTestId('recommendations-source')?.textContent ?? null,
      model: screen.queryByTestId('model-version')?.textContent ?? null,
      predictions: screen.queryAllByTestId('predicted-rating').length,
      averages: screen.queryAllByTestId('average-rating').length,
      cards: screen.getAllByTestId('recommendation').length,
    };
  }

  it('shows a list from the model as it always did', () => {
    expect(
      shown({ modelVersion: 4, replica: 'r1', source: { kind: 'model' }, items: [item(1, null)] }),
    ).toEqual({ note: null, model: 'model v4', predictions: 1, averages: 0, cards: 1 });
  });

  it("says it is the user's last list, from when, while the recommender is busy", () => {
    const at = new Date();
    at.setHours(0, 1, 0, 0);
    expect(
      shown({
        modelVersion: 4,
        replica: null,
        source: { kind: 'last', at: at.toISOString(), popular: 0 },
        items: [item(1, { kind: 'taste' }), item(2, null)],
      }),
    ).toEqual({
      note: 'Showing your last recommendations (from 00:01) — the recommender is busy',
      model: 'model v4',
      predictions: 2,
      averages: 0,
      cards: 2,
    });
  });

  it("says popular movies stand in, with their average rating rather than a guess of the user's", () => {
    expect(
      shown({
        modelVersion: null,
        replica: null,
        source: { kind: 'popular' },
        items: [item(1, null), item(2, null)],
      }),
    ).toEqual({
      note: 'Showing popular films while the recommender is unavailable',
      model: null,
      predictions: 0,
      averages: 2,
      cards: 2,
    });
    expect(screen.getByTestId('recommendations').getAttribute('data-source')).toBe('popular');
  });
});

describe('Recommendations: while no model is ready', () => {
  function waitingText(queue: PendingWrites) {
    render(
      withQueryClient(
        <PendingWritesProvider value={queue}>
          <Recommendations
            state={{ kind: 'waiting', message: 'No model is ready yet', checking: false }}
            training={{ kind: 'unknown' }}
            ratings={new Map()}
            onLoad={() => undefined}
            {...controls}
          />
        </PendingWritesProvider>,
      ),
    );
    return screen.getByTestId('recommendations-waiting').textContent;
  }

  it('says the ratings are saved only when none is waiting to be', () => {
    const idle = new PendingWrites({
      send: () => Promise.resolve(null),
      classify: classifyWriteError,
    });
    expect(waitingText(idle)).toContain('Your ratings are saved');
    cleanup();

    // A write the gateway has not answered yet.
    const busy = new PendingWrites({
      send: () => new Promise(() => undefined),
      classify: classifyWriteError,
    });
    act(() => {
      busy.enqueue({
        kind: 'rate',
        movie: { id: 1, title: 'Heat', year: 1995, genres: [], posterUrl: null },
        rating: 4,
      });
    });
    const text = waitingText(busy);
    expect(text).not.toContain('Your ratings are saved');
    expect(text).toContain('kept on this device');
  });
});
