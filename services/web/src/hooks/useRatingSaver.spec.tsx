/** @jest-environment jsdom */
import { act, renderHook } from '@testing-library/react';
import { type ReactNode, useEffect, useState } from 'react';
import type { Movie } from '@marquee/contracts';
import { ApiClientError } from '../lib/api-client';
import { withPendingRatings } from '../lib/pending-summary';
import { PendingWrites, type PendingWrite, type WriteResponse } from '../lib/pending-writes';
import { classifyWriteError } from '../lib/send-write';
import { PendingWritesProvider, usePendingWrites } from './usePendingWrites';
import { useRatingSaver } from './useRatingSaver';

const heat: Movie = { id: 6, title: 'Heat', year: 1995, genres: ['Crime'], posterUrl: null };

type Answer = 'ok' | 'down' | 'refuse';
let answer: Answer;
let requests: string[];
let queue: PendingWrites;

async function send(write: PendingWrite): Promise<WriteResponse> {
  requests.push(write.kind === 'rate' ? `rate ${write.rating}` : write.kind);
  await Promise.resolve();
  if (answer === 'down') throw new ApiClientError(503, 'The database is not answering');
  if (answer === 'refuse') throw new ApiClientError(400, 'rating must be at most 5');
  return null;
}

/** A movie's stars as the page wires them: the saved ratings plus the queued writes. */
function useStarsOnThePage() {
  const { queue: pageQueue, snapshot } = usePendingWrites();
  const [saved, setSaved] = useState<ReadonlyMap<number, number>>(new Map());
  useEffect(
    () =>
      pageQueue.onSent((write) =>
        setSaved((previous) => {
          const next = new Map(previous);
          if (write.kind === 'rate') next.set(write.movie.id, write.rating);
          if (write.kind === 'unrate') next.delete(write.movie.id);
          return next;
        }),
      ),
    [pageQueue],
  );
  const ratings = withPendingRatings(saved, snapshot.entries);
  return useRatingSaver(heat, ratings.get(heat.id) ?? null);
}

function wrapper({ children }: { children: ReactNode }) {
  return <PendingWritesProvider value={queue}>{children}</PendingWritesProvider>;
}

async function advance(ms: number): Promise<void> {
  await act(async () => {
    await jest.advanceTimersByTimeAsync(ms);
  });
}

beforeEach(() => {
  jest.useFakeTimers();
  answer = 'ok';
  requests = [];
  queue = new PendingWrites({ send, classify: classifyWriteError, random: () => 0.5 });
});

afterEach(() => jest.useRealTimers());

describe('useRatingSaver', () => {
  it('shows a change at once and saves it after a short pause, once for a run of changes', async () => {
    const { result } = renderHook(useStarsOnThePage, { wrapper });
    act(() => result.current.change(3));
    act(() => result.current.change(3.5));
    act(() => result.current.change(4));
    expect(result.current).toMatchObject({ value: 4, status: { kind: 'saving' } });
    await advance(250);
    expect(requests).toEqual(['rate 4']);
    expect(result.current).toMatchObject({ value: 4, status: { kind: 'saved' } });
  });

  it('keeps a rating made during an outage as waiting, and saves it once the gateway is back', async () => {
    answer = 'down';
    const { result } = renderHook(useStarsOnThePage, { wrapper });
    act(() => result.current.change(4));
    await advance(250);
    expect(result.current).toMatchObject({ value: 4, status: { kind: 'pending' } });
    await advance(1_000);
    expect(result.current).toMatchObject({ value: 4, status: { kind: 'pending' } });
    answer = 'ok';
    await advance(2_000);
    expect(requests).toEqual(['rate 4', 'rate 4', 'rate 4']);
    expect(result.current).toMatchObject({ value: 4, status: { kind: 'saved' } });
  });

  it('shows a removal waiting as no stars', async () => {
    answer = 'down';
    const { result } = renderHook(useStarsOnThePage, { wrapper });
    act(() => result.current.change(null));
    await advance(250);
    expect(result.current).toMatchObject({ value: null, status: { kind: 'pending' } });
  });

  it("shows the gateway's refusal, and sends again when asked", async () => {
    answer = 'refuse';
    const { result } = renderHook(useStarsOnThePage, { wrapper });
    act(() => result.current.change(4));
    await advance(250);
    expect(result.current).toMatchObject({
      value: 4,
      status: { kind: 'error', message: 'rating must be at most 5' },
    });
    await advance(60_000);
    expect(requests).toHaveLength(1);
    answer = 'ok';
    act(() => result.current.retry());
    await advance(0);
    expect(requests).toHaveLength(2);
    expect(result.current).toMatchObject({ value: 4, status: { kind: 'saved' } });
  });

  it('still saves a change made just before the card went away', async () => {
    const { result, unmount } = renderHook(useStarsOnThePage, { wrapper });
    act(() => result.current.change(2.5));
    unmount();
    await advance(0);
    expect(requests).toEqual(['rate 2.5']);
  });
});
