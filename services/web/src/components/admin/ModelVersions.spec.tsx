/** @jest-environment jsdom */
import { fireEvent, render, screen, within } from '@testing-library/react';
import type { ModelMetrics, ModelVersionSummary } from '@marquee/contracts';
import { ModelVersions } from './ModelVersions';

const baseMetrics: ModelMetrics = {
  valRmse: 0.8765,
  trainLoss: 0.7123,
  epochs: 12,
  trainSeconds: 84.25,
  backend: 'wasm',
  ratings: 100_000,
  users: 600,
  movies: 9_000,
};

function version(
  n: number,
  metrics: ModelMetrics | null,
  extra: Partial<ModelVersionSummary> = {},
): ModelVersionSummary {
  return {
    version: n,
    status: 'READY',
    active: false,
    createdAt: '2024-06-01T10:00:00.000Z',
    readyAt: '2024-06-01T10:05:00.000Z',
    activatedAt: null,
    checksum: 'abc',
    metrics,
    dataSnapshot: metrics ? { ratings: metrics.ratings, newestRatedAt: null } : null,
    failureReason: null,
    activationReason: null,
    ...extra,
  };
}

/** The cells of a version's figures row, by their data-label. */
function cells(n: number): Map<string, string> {
  const group = screen
    .getAllByTestId('model-version-row')
    .find((row) => row.getAttribute('data-version') === String(n));
  if (!group) throw new Error(`no row for version ${n}`);
  const row = group.querySelector('tr') as HTMLElement;
  return new Map(
    [...row.querySelectorAll('td[data-label]')].map((td) => [
      td.getAttribute('data-label') as string,
      td.textContent ?? '',
    ]),
  );
}

const NDCG = 'New-user nDCG@10 (all / liked)';

describe('ModelVersions', () => {
  it('says when there is no version yet', () => {
    render(<ModelVersions versions={[]} activating={null} onActivate={() => undefined} />);
    expect(screen.getByText(/No model version yet/)).toBeTruthy();
  });

  it('labels a version whose trainer stopped mid-fit as interrupted, other failures as failed', () => {
    const interrupted = version(7, null, {
      status: 'FAILED',
      failureReason: 'interrupted: its trainer stopped before finishing it',
    });
    const failed = version(6, null, { status: 'FAILED', failureReason: 'training diverged' });
    render(
      <ModelVersions
        versions={[interrupted, failed]}
        activating={null}
        onActivate={() => undefined}
      />,
    );
    expect(cells(7).get('Status')).toBe('Interrupted');
    expect(cells(6).get('Status')).toBe('Failed');
    expect(screen.getByText(/Failed: interrupted: its trainer stopped/)).toBeTruthy();
  });

  it("shows each version's held-out new users' nDCG@10, all and liked, beside the RMSEs", () => {
    const ranked = version(
      3,
      {
        ...baseMetrics,
        newUser: {
          users: 50,
          given: 10,
          predicted: 4_000,
          rmse: 0.9312,
          ndcg10: 0.31234,
          ndcg10Liked: 0.27891,
          likedUsers: 48,
          precision10: 0.254,
        },
        ranking: { valNdcg: 0.29876, bestEpoch: 9, epochs: 12, seconds: 30.5 },
      },
      {
        status: 'ACTIVE',
        active: true,
        activationReason: "new-user nDCG@10 0.3123 >= active version 2's 0.3000 - margin 0.02",
      },
    );
    render(<ModelVersions versions={[ranked]} activating={null} onActivate={() => undefined} />);

    expect(screen.getByRole('columnheader', { name: /New-user nDCG@10/ }).textContent).toBe(
      'New-user nDCG@10 all / liked',
    );
    const row = cells(3);
    expect(row.get('Validation RMSE')).toBe('0.8765');
    expect(row.get('New-user RMSE')).toBe('0.9312');
    expect(row.get(NDCG)).toBe('0.3123 / 0.2789P@10 0.2540 · 50 users');
    expect(row.get('Trained')).toContain('ranking: val nDCG@10 0.2988 · epoch 9 of 12');
    expect(screen.getByText(/^Activation: new-user nDCG@10 0\.3123/)).toBeTruthy();
  });

  it('shows a dash for the figures a version does not have', () => {
    const noLiked = version(4, {
      ...baseMetrics,
      newUser: { users: 2, given: 10, predicted: 30, rmse: 1.1, ndcg10: 0.5, precision10: 0.1 },
    });
    // Trained before the top-10 figures existed: new-user RMSE only.
    const older = version(2, {
      ...baseMetrics,
      newUser: { users: 50, given: 10, predicted: 4_000, rmse: 0.95 },
    });
    const noHeldOut = version(1, baseMetrics);
    const training = version(5, null, { status: 'TRAINING', checksum: null, readyAt: null });
    render(
      <ModelVersions
        versions={[training, noLiked, older, noHeldOut]}
        activating={null}
        onActivate={() => undefined}
      />,
    );

    expect(cells(4).get(NDCG)).toBe('0.5000 / –P@10 0.1000 · 2 users');
    expect(cells(2).get('New-user RMSE')).toBe('0.9500');
    expect(cells(2).get(NDCG)).toBe('–');
    expect(cells(1).get('New-user RMSE')).toBe('–');
    expect(cells(1).get(NDCG)).toBe('–');
    expect(cells(1).get('Trained')).not.toContain('ranking');
    expect(cells(5).get('Validation RMSE')).toBe('–');
    expect(cells(5).get(NDCG)).toBe('–');
  });

  it('offers to activate a READY version, and spans the note under every column', () => {
    const activated: number[] = [];
    const ready = version(6, baseMetrics, {
      activationReason: 'not better enough: new-user nDCG@10 0.2000 < …',
    });
    render(
      <ModelVersions versions={[ready]} activating={null} onActivate={(v) => activated.push(v)} />,
    );
    fireEvent.click(screen.getByRole('button', { name: 'Activate version 6' }));
    expect(activated).toEqual([6]);
    const header = screen.getAllByRole('columnheader');
    const note = screen.getByText(/^Activation: not better enough/);
    expect(note.getAttribute('colspan')).toBe(String(header.length));
    expect(within(note.closest('tbody') as HTMLElement).getAllByRole('row')).toHaveLength(2);
  });
});
