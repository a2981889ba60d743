/** @jest-environment jsdom */
import { act, cleanup, fireEvent, render, screen } from '@testing-library/react';
import type { Movie } from '@marquee/contracts';
import { PendingWritesProvider } from '../hooks/usePendingWrites';
import { ApiClientError } from '../lib/api-client';
import {
  type ConnectivityTarget,
  type PendingWrite,
  PendingWrites,
  type WriteResponse,
} from '../lib/pending-writes';
import { classifyWriteError } from '../lib/send-write';
import { CAUGHT_UP_MS, PendingWritesStatus } from './PendingWritesStatus';

const movie = (id: number, title: string): Movie => ({
  id,
  title,
  year: 1995,
  genres: [],
  posterUrl: null,
});

let failure: ApiClientError | null;
let sent: string[];
let queue: PendingWrites;

async function send(write: PendingWrite): Promise<WriteResponse> {
  await Promise.resolve();
  if (failure) throw failure;
  sent.push(`${write.kind} ${write.movie.id}`);
  return null;
}

const browser = {
  navigator: { onLine: true },
  addEventListener: () => undefined,
  removeEventListener: () => undefined,
} satisfies ConnectivityTarget;

function show() {
  render(
    <PendingWritesProvider value={queue}>
      <PendingWritesStatus />
    </PendingWritesProvider>,
  );
  return screen.getByTestId('pending-writes');
}

async function advance(ms: number): Promise<void> {
  await act(async () => {
    await jest.advanceTimersByTimeAsync(ms);
  });
}

beforeEach(() => {
  jest.useFakeTimers();
  failure = null;
  sent = [];
  queue = new PendingWrites({ send, classify: classifyWriteError, random: () => 0.5 });
});

afterEach(() => {
  cleanup();
  jest.useRealTimers();
});

describe('PendingWritesStatus', () => {
  it('says nothing while writes simply go through', async () => {
    const region = show();
    act(() => {
      queue.enqueue({ kind: 'rate', movie: movie(1, 'Heat'), rating: 4 });
    });
    expect(region.textContent).toBe('');
    await advance(0);
    expect(region.textContent).toBe('');
    expect(sent).toEqual(['rate 1']);
  });

  it('counts what waits for the gateway, calmly, then says when all of it is saved', async () => {
    failure = new ApiClientError(503, 'The database is not answering');
    const region = show();
    act(() => {
      queue.enqueue({ kind: 'rate', movie: movie(1, 'Heat'), rating: 4 });
      queue.enqueue({ kind: 'rate', movie: movie(2, 'Casino'), rating: 3 });
      queue.enqueue({ kind: 'skip', movie: movie(3, 'Fargo') });
    });
    await advance(0);
    expect(region.textContent).toBe(
      '2 ratings and 1 skip waiting to be saved — will retryRetry now',
    );
    expect(region.getAttribute('data-deferred')).toBe('3');
    expect(screen.queryByRole('alert')).toBeNull();

    failure = null;
    fireEvent.click(screen.getByTestId('pending-writes-retry-now'));
    await advance(0);
    expect(sent).toEqual(['rate 1', 'rate 2', 'skip 3']);
    expect(region.textContent).toBe('All changes saved');
    await advance(CAUGHT_UP_MS);
    expect(region.textContent).toBe('');
  });

  it('says so when the browser is offline', async () => {
    failure = new ApiClientError(0, 'Could not reach the server.');
    const offline = { ...browser, navigator: { onLine: false } };
    queue.start(offline);
    const region = show();
    act(() => {
      queue.enqueue({ kind: 'unrate', movie: movie(1, 'Heat') });
    });
    await advance(0);
    expect(region.textContent).toContain(
      'You are offline: 1 rating removal waiting to be saved — sent when you are back online',
    );
  });

  it('lists a refused write with its message, to retry or dismiss', async () => {
    failure = new ApiClientError(404, 'There is no film with id 9');
    const region = show();
    act(() => {
      queue.enqueue({ kind: 'rate', movie: movie(9, 'Matrix, The'), rating: 4 });
    });
    await advance(0);
    expect(screen.getByTestId('pending-writes-failed').textContent).toBe(
      'Not saved — your rating of The Matrix: There is no film with id 9RetryDismiss',
    );
    fireEvent.click(screen.getByRole('button', { name: 'Dismiss' }));
    expect(region.textContent).toBe('');
    expect(queue.getSnapshot().entries).toEqual([]);
  });
});
