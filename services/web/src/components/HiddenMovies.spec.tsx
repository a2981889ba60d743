/** @jest-environment jsdom */
import { cleanup, fireEvent, render, screen, waitFor } from '@testing-library/react';
import type { Movie, NotInterestedResponse } from '@marquee/contracts';
import { api } from '../lib/api-client';
import { withQueryClient } from '../testing/query-client';
import { HiddenMovies } from './HiddenMovies';

jest.mock('../lib/api-client', () => ({
  api: { getNotInterested: jest.fn(), undoNotInterested: jest.fn() },
}));

const getNotInterested = api.getNotInterested as jest.MockedFunction<typeof api.getNotInterested>;
const undoNotInterested = api.undoNotInterested as jest.MockedFunction<
  typeof api.undoNotInterested
>;

const movie = (id: number, title: string): Movie => ({
  id,
  title,
  year: 1999,
  genres: ['Drama'],
  posterUrl: null,
});
const hidden = (...movies: Movie[]): NotInterestedResponse => ({
  items: movies.map((m) => ({ movie: m, markedAt: '2026-12-06T10:00:00.000Z' })),
});

afterEach(() => {
  cleanup();
  getNotInterested.mockReset();
  undoNotInterested.mockReset();
});

describe('HiddenMovies', () => {
  it('lists the hidden movies and shows one again when asked', async () => {
    getNotInterested.mockResolvedValue(hidden(movie(7, 'Heat'), movie(9, 'Matrix, The')));
    undoNotInterested.mockResolvedValue(undefined);
    render(withQueryClient(<HiddenMovies />));
    await screen.findByText('Heat');
    expect(screen.getByText('The Matrix')).toBeTruthy();
    fireEvent.click(
      screen.getByRole('button', { name: 'Show Heat in your recommendations again' }),
    );
    await waitFor(() => expect(screen.queryByText('Heat')).toBeNull());
    expect(undoNotInterested).toHaveBeenCalledWith(7);
    expect(screen.getByText('The Matrix')).toBeTruthy();
  });

  it('keeps a movie whose undo was refused, with the reason', async () => {
    getNotInterested.mockResolvedValue(hidden(movie(7, 'Heat')));
    undoNotInterested.mockRejectedValue(new Error('Try again soon'));
    render(withQueryClient(<HiddenMovies />));
    fireEvent.click(await screen.findByRole('button', { name: /Show Heat/ }));
    expect((await screen.findByRole('alert')).textContent).toContain('Try again soon');
    expect(screen.getByText('Heat')).toBeTruthy();
  });

  it('says so when nothing is hidden, and offers a retry when the list cannot be read', async () => {
    getNotInterested.mockRejectedValueOnce(new Error('offline'));
    getNotInterested.mockResolvedValueOnce(hidden());
    render(withQueryClient(<HiddenMovies />));
    expect((await screen.findByRole('alert')).textContent).toContain('offline');
    fireEvent.click(screen.getByRole('button', { name: /Retry|Try again/ }));
    await screen.findByTestId('hidden-films-empty');
  });
});
