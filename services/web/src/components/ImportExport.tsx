'use client';

import { type ReactNode, useId, useState } from 'react';
import {
  IMPORT_MAX_BYTES,
  type ImportFormat,
  type ImportPreviewResponse,
  type ImportResponse,
  type ImportWrites,
} from '@marquee/contracts';
import { api } from '../lib/api-client';
import { displayTitle } from '../lib/movie-display';
import styles from './ImportExport.module.css';

type Step =
  | { kind: 'idle' }
  | { kind: 'busy'; what: string }
  | { kind: 'preview'; content: string; fileName: string; preview: ImportPreviewResponse }
  | { kind: 'done'; result: ImportResponse }
  | { kind: 'error'; message: string };

const FORMAT_NAMES: Record<ImportFormat, string> = {
  imdb: 'IMDb ratings export',
  letterboxd: 'Letterboxd ratings',
  'marquee-csv': 'Marquee export (CSV)',
  'marquee-json': 'Marquee export (JSON)',
};

/** Rows listed per kind; the rest are counted. */
const SHOWN_ROWS = 50;

const messageOf = (err: unknown, fallback: string) =>
  err instanceof Error && err.message ? err.message : fallback;

const stars = (rating: number | null) => (rating === null ? '' : `${rating}★`);

/** "3 ratings, 1 skip, 2 watchlist entries": the non-zero parts of what is (to be) written. */
export function describeWrites(w: ImportWrites): string {
  const parts = [
    [w.ratings, 'rating', 'ratings'],
    [w.skips, 'skip', 'skips'],
    [w.watchlist, 'watchlist entry', 'watchlist entries'],
    [w.notInterested, '"not interested" mark', '"not interested" marks'],
  ] as const;
  const said = parts.filter(([n]) => n > 0).map(([n, one, many]) => `${n} ${n === 1 ? one : many}`);
  return said.length === 0 ? 'nothing' : said.join(', ');
}

/**
 * Import ratings from a file (IMDb's export, Letterboxd's ratings.csv or this site's own
 * export): the file is previewed first (matched, unmatched, ambiguous and conflicting rows) and
 * only written once confirmed. And the links to export everything.
 */
export function ImportExport({ onImported }: { onImported: () => void }) {
  const [step, setStep] = useState<Step>({ kind: 'idle' });
  const [replace, setReplace] = useState(false);
  const inputId = useId();

  async function choose(file: File) {
    if (file.size > IMPORT_MAX_BYTES) {
      setStep({
        kind: 'error',
        message: `${file.name} is ${(file.size / 1024 / 1024).toFixed(1)} MB; a file of at most 2 MB can be imported.`,
      });
      return;
    }
    setStep({ kind: 'busy', what: `Reading ${file.name}…` });
    try {
      const content = await file.text();
      const preview = await api.previewImport({ content, onConflict: 'keep' });
      setReplace(false);
      setStep({ kind: 'preview', content, fileName: file.name, preview });
    } catch (err) {
      setStep({ kind: 'error', message: messageOf(err, 'Could not read the file.') });
    }
  }

  async function confirm(content: string) {
    setStep({ kind: 'busy', what: 'Importing…' });
    try {
      const result = await api.confirmImport({
        content,
        onConflict: replace ? 'replace' : 'keep',
      });
      setStep({ kind: 'done', result });
      onImported();
    } catch (err) {
      setStep({
        kind: 'error',
        message: messageOf(err, 'The import failed; nothing was written.'),
      });
    }
  }

  return (
    <section
      className={styles.section}
      aria-labelledby="import-heading"
      data-testid="import-export"
    >
      <div>
        <h2 id="import-heading" className={styles.title}>
          Import / export
        </h2>
        <p className={styles.lede}>
          Bring your ratings from IMDb (Your ratings → Export) or Letterboxd (ratings.csv from its
          export), or a file exported here. You see what matches before anything is saved.
        </p>
      </div>
      <div className={styles.actions}>
        <label htmlFor={inputId} className={styles.fileLabel}>
          Ratings file (.csv or .json)
        </label>
        <input
          id={inputId}
          className={styles.file}
          type="file"
          accept=".csv,.json,text/csv,application/json"
          data-testid="import-file"
          disabled={step.kind === 'busy'}
          onChange={(event) => {
            const file = event.target.files?.[0];
            event.target.value = '';
            if (file) void choose(file);
          }}
        />
        <a className="button button-secondary" href="/api/exports/ratings.csv" download>
          Export CSV
        </a>
        <a className="button button-secondary" href="/api/exports/ratings.json" download>
          Export JSON
        </a>
      </div>

      {step.kind === 'busy' && (
        <p className={styles.message} aria-busy="true">
          {step.what}
        </p>
      )}
      {step.kind === 'error' && (
        <p className={styles.error} role="alert">
          {step.message}
        </p>
      )}
      {step.kind === 'done' && (
        <p className={styles.message} role="status" data-testid="import-done">
          Imported {describeWrites(step.result.written)} from your{' '}
          {FORMAT_NAMES[step.result.format]}.
        </p>
      )}
      {step.kind === 'preview' && (
        <Preview
          fileName={step.fileName}
          preview={step.preview}
          replace={replace}
          onReplace={setReplace}
          onConfirm={() => void confirm(step.content)}
          onCancel={() => setStep({ kind: 'idle' })}
        />
      )}
    </section>
  );
}

interface PreviewProps {
  fileName: string;
  preview: ImportPreviewResponse;
  replace: boolean;
  onReplace: (replace: boolean) => void;
  onConfirm: () => void;
  onCancel: () => void;
}

function Preview({ fileName, preview, replace, onReplace, onConfirm, onCancel }: PreviewProps) {
  const { counts, conflicts } = preview;
  // With "replace", the conflicting ratings are written too.
  const writes = replace
    ? { ...preview.writes, ratings: preview.writes.ratings + conflicts.length }
    : preview.writes;
  const nothing = describeWrites(writes) === 'nothing';
  return (
    <div className={styles.preview} data-testid="import-preview">
      <p className={styles.summary}>
        {fileName}: {FORMAT_NAMES[preview.format]}, {counts.rows} rows.
      </p>
      <ul className={styles.counts} aria-label="What the file matched">
        <li data-testid="count-matched">{counts.matched} matched</li>
        <li data-testid="count-unmatched">{counts.unmatched} not found</li>
        <li data-testid="count-ambiguous">{counts.ambiguous} ambiguous</li>
        <li data-testid="count-conflicting">{counts.conflicting} rated differently here</li>
      </ul>

      {preview.unmatched.length > 0 && (
        <RowList title="Not found (not imported)" testId="unmatched-rows">
          {preview.unmatched.slice(0, SHOWN_ROWS).map((row) => (
            <li key={`${row.kind}:${row.line}`}>
              Line {row.line}: {row.label} {stars(row.rating)} — {row.reason}
            </li>
          ))}
          <More total={preview.unmatched.length} />
        </RowList>
      )}
      {preview.ambiguous.length > 0 && (
        <RowList title="Ambiguous (not imported: rate them by hand)" testId="ambiguous-rows">
          {preview.ambiguous.slice(0, SHOWN_ROWS).map((row) => (
            <li key={`${row.kind}:${row.line}`}>
              Line {row.line}: {row.label} {stars(row.rating)} — could be{' '}
              {row.candidates
                .map((m) => `${displayTitle(m.title)}${m.year === null ? '' : ` (${m.year})`}`)
                .join(' or ')}
            </li>
          ))}
          <More total={preview.ambiguous.length} />
        </RowList>
      )}
      {conflicts.length > 0 && (
        <>
          <RowList title="Rated differently here" testId="conflict-rows">
            {conflicts.slice(0, SHOWN_ROWS).map((row) => (
              <li key={`${row.kind}:${row.line}`}>
                {displayTitle(row.movie.title)}: yours {stars(row.current)}, the file&apos;s{' '}
                {stars(row.rating)}
              </li>
            ))}
            <More total={conflicts.length} />
          </RowList>
          <label className={styles.option}>
            <input
              type="checkbox"
              checked={replace}
              onChange={(event) => onReplace(event.target.checked)}
            />{' '}
            Replace my ratings with the file&apos;s
          </label>
        </>
      )}

      <div className={styles.actions}>
        <button
          type="button"
          className="button button-primary"
          disabled={nothing}
          onClick={onConfirm}
          data-testid="import-confirm"
        >
          {nothing ? 'Nothing to import' : `Import ${describeWrites(writes)}`}
        </button>
        <button type="button" className="button button-secondary" onClick={onCancel}>
          Cancel
        </button>
      </div>
    </div>
  );
}

function RowList({
  title,
  testId,
  children,
}: {
  title: string;
  testId: string;
  children: ReactNode;
}) {
  return (
    <details className={styles.rows} data-testid={testId} open>
      <summary>{title}</summary>
      <ul>{children}</ul>
    </details>
  );
}

function More({ total }: { total: number }) {
  return total > SHOWN_ROWS ? <li>…and {total - SHOWN_ROWS} more</li> : null;
}
