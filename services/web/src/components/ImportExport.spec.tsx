/** @jest-environment jsdom */
import { cleanup, fireEvent, render, screen, waitFor } from '@testing-library/react';
import type { ImportPreviewResponse, ImportResponse } from '@marquee/contracts';
import { api, ApiClientError } from '../lib/api-client';
import { describeWrites, ImportExport } from './ImportExport';

jest.mock('../lib/api-client', () => ({
  ...jest.requireActual('../lib/api-client'),
  api: { previewImport: jest.fn(), confirmImport: jest.fn() },
}));

const previewImport = api.previewImport as jest.MockedFunction<typeof api.previewImport>;
const confirmImport = api.confirmImport as jest.MockedFunction<typeof api.confirmImport>;

const FILE_TEXT = 'Const,Your Rating\ntt0133093,8\n';

const preview: ImportPreviewResponse = {
  format: 'imdb',
  counts: { rows: 4, matched: 2, unmatched: 1, ambiguous: 1, conflicting: 1 },
  writes: { ratings: 1, skips: 0, watchlist: 0, notInterested: 0 },
  matched: [
    {
      line: 2,
      kind: 'rating',
      label: 'The Matrix (1999)',
      rating: 4,
      movie: { id: 2, title: 'Matrix, The', year: 1999 },
    },
    {
      line: 3,
      kind: 'rating',
      label: 'Heat (1995)',
      rating: 5,
      movie: { id: 6, title: 'Heat', year: 1995 },
    },
  ],
  unmatched: [
    {
      line: 4,
      kind: 'rating',
      label: 'Some Series (2020)',
      rating: 3,
      reason: 'no film of the catalogue has IMDb id tt9999999',
    },
  ],
  ambiguous: [
    {
      line: 5,
      kind: 'rating',
      label: 'Hamlet (1990)',
      rating: 3,
      candidates: [
        { id: 7, title: 'Hamlet', year: 1990 },
        { id: 8, title: 'Hamlet', year: 1990 },
      ],
    },
  ],
  conflicts: [
    {
      line: 3,
      kind: 'rating',
      label: 'Heat (1995)',
      rating: 5,
      movie: { id: 6, title: 'Heat', year: 1995 },
      current: 2,
      resolution: 'keep',
    },
  ],
};

const done: ImportResponse = {
  format: 'imdb',
  counts: preview.counts,
  written: { ratings: 2, skips: 0, watchlist: 0, notInterested: 0 },
};

function upload(name = 'ratings.csv', text = FILE_TEXT) {
  const file = new File([text], name, { type: 'text/csv' });
  // jsdom's File has no text() in every version: give it one.
  Object.defineProperty(file, 'text', { value: () => Promise.resolve(text) });
  fireEvent.change(screen.getByTestId('import-file'), { target: { files: [file] } });
}

afterEach(() => {
  cleanup();
  previewImport.mockReset();
  confirmImport.mockReset();
});

describe('ImportExport', () => {
  it('previews a file, lists what did not match, and imports it when confirmed', async () => {
    previewImport.mockResolvedValue(preview);
    confirmImport.mockResolvedValue(done);
    const onImported = jest.fn();
    render(<ImportExport onImported={onImported} />);
    upload();

    await screen.findByTestId('import-preview');
    expect(previewImport).toHaveBeenCalledWith({ content: FILE_TEXT, onConflict: 'keep' });
    expect(screen.getByText(/ratings\.csv: IMDb ratings export, 4 rows/)).toBeTruthy();
    expect(screen.getByTestId('count-matched').textContent).toBe('2 matched');
    expect(screen.getByTestId('count-unmatched').textContent).toBe('1 not found');
    expect(screen.getByTestId('count-ambiguous').textContent).toBe('1 ambiguous');
    expect(screen.getByTestId('unmatched-rows').textContent).toContain(
      'Line 4: Some Series (2020) 3★ — no film of the catalogue has IMDb id tt9999999',
    );
    expect(screen.getByTestId('ambiguous-rows').textContent).toContain(
      'could be Hamlet (1990) or Hamlet (1990)',
    );
    expect(screen.getByTestId('conflict-rows').textContent).toContain('Heat: yours 2★');
    expect(onImported).not.toHaveBeenCalled();

    // Replacing the conflicting rating writes it too.
    const button = screen.getByTestId('import-confirm');
    expect(button.textContent).toBe('Import 1 rating');
    fireEvent.click(screen.getByLabelText("Replace my ratings with the file's"));
    expect(button.textContent).toBe('Import 2 ratings');
    fireEvent.click(button);

    expect((await screen.findByTestId('import-done')).textContent).toBe(
      'Imported 2 ratings from your IMDb ratings export.',
    );
    expect(confirmImport).toHaveBeenCalledWith({ content: FILE_TEXT, onConflict: 'replace' });
    expect(onImported).toHaveBeenCalledTimes(1);
  });

  it('shows why a file was refused, naming its line, and writes nothing', async () => {
    previewImport.mockRejectedValue(
      new ApiClientError(
        400,
        'Line 3 of the file: Your Rating "11" is not a whole number from 1 to 10',
      ),
    );
    const onImported = jest.fn();
    render(<ImportExport onImported={onImported} />);
    upload();
    expect((await screen.findByRole('alert')).textContent).toBe(
      'Line 3 of the file: Your Rating "11" is not a whole number from 1 to 10',
    );
    expect(confirmImport).not.toHaveBeenCalled();
    expect(onImported).not.toHaveBeenCalled();
  });

  it('refuses a file over 2 MB without sending it', async () => {
    render(<ImportExport onImported={jest.fn()} />);
    upload('huge.csv', 'x'.repeat(2 * 1024 * 1024 + 1));
    expect((await screen.findByRole('alert')).textContent).toMatch(/at most 2 MB/);
    expect(previewImport).not.toHaveBeenCalled();
  });

  it('cancels a preview, and says when a confirmation failed', async () => {
    previewImport.mockResolvedValue(preview);
    confirmImport.mockRejectedValue(new Error('The database is unavailable right now.'));
    render(<ImportExport onImported={jest.fn()} />);
    upload();
    fireEvent.click(await screen.findByRole('button', { name: 'Cancel' }));
    expect(screen.queryByTestId('import-preview')).toBeNull();
    upload();
    fireEvent.click(await screen.findByTestId('import-confirm'));
    await waitFor(() =>
      expect(screen.getByRole('alert').textContent).toBe('The database is unavailable right now.'),
    );
  });

  it('links to both exports', () => {
    render(<ImportExport onImported={jest.fn()} />);
    expect(screen.getByRole('link', { name: 'Export CSV' }).getAttribute('href')).toBe(
      '/api/exports/ratings.csv',
    );
    expect(screen.getByRole('link', { name: 'Export JSON' }).getAttribute('href')).toBe(
      '/api/exports/ratings.json',
    );
  });
});

describe('describeWrites', () => {
  it('names the non-zero parts', () => {
    expect(describeWrites({ ratings: 1, skips: 2, watchlist: 1, notInterested: 0 })).toBe(
      '1 rating, 2 skips, 1 watchlist entry',
    );
    expect(describeWrites({ ratings: 0, skips: 0, watchlist: 0, notInterested: 0 })).toBe(
      'nothing',
    );
  });
});
