import { z } from 'zod';

/*
 * Importing ratings from a file (IMDb's ratings export, Letterboxd's ratings.csv, or the
 * product's own export) and exporting them. The file's text travels in a JSON body: the same
 * schemas validate it and describe it in the OpenAPI document, and the JSON body parser gives
 * the size limit its clear 413.
 */

/** Largest import request (the file's text in its JSON body), in bytes. */
export const IMPORT_MAX_BYTES = 2 * 1024 * 1024;
/** Most data rows one import file may have. */
export const IMPORT_MAX_ROWS = 10_000;

export const IMPORT_FORMATS = ['imdb', 'letterboxd', 'marquee-csv', 'marquee-json'] as const;
export type ImportFormat = (typeof IMPORT_FORMATS)[number];

/** What a row of the product's own export is: a rating, a skip or a list entry. */
export const EXPORT_KINDS = ['rating', 'skip', 'watchlist', 'notInterested'] as const;
export type ExportKind = (typeof EXPORT_KINDS)[number];

export const importRequest = z.strictObject({
  format: z
    .enum(['auto', ...IMPORT_FORMATS])
    .default('auto')
    .describe('The file\'s format; "auto" recognises it by its header'),
  content: z.string().min(1, 'content must not be empty').describe("The file's text (UTF-8)"),
  onConflict: z
    .enum(['keep', 'replace'])
    .default('keep')
    .describe('A film already rated differently: keep the rating the user has, or replace it'),
});
export type ImportRequest = z.input<typeof importRequest>;
export type ImportRequestParsed = z.output<typeof importRequest>;

const int = z.number().int();
const isoTime = z.string().describe('ISO 8601 timestamp');

/** A film of the catalogue a row matched (or could match). */
export const importMovie = z.strictObject({ id: int, title: z.string(), year: int.nullable() });

/** A row of the file as the user would recognise it. */
const rowBase = {
  line: int.describe("The row's line in the file (the header is line 1)"),
  kind: z.enum(EXPORT_KINDS),
  label: z.string().describe('The title (and year) the file gives'),
  rating: z.number().nullable().describe('Stars, 0.5 to 5 (null for a list entry or skip)'),
};

export const importMatchedRow = z.strictObject({ ...rowBase, movie: importMovie });
export const importUnmatchedRow = z.strictObject({
  ...rowBase,
  reason: z.string().describe('Why no film matched'),
});
export const importAmbiguousRow = z.strictObject({
  ...rowBase,
  candidates: z.array(importMovie).describe('The films it could be; nothing is imported'),
});
export const importConflictRow = z.strictObject({
  ...rowBase,
  movie: importMovie,
  current: z.number().describe('The rating the user has now'),
  resolution: z.enum(['keep', 'replace']),
});

export const importCounts = z.strictObject({
  rows: int,
  matched: int.describe('Rows that name exactly one film (the conflicting ones among them)'),
  unmatched: int.describe('Rows that name no film, or a film a later row names again'),
  ambiguous: int.describe('Rows that could be several films: not imported'),
  conflicting: int.describe('Matched ratings of a film the user has rated differently'),
});

export const importWrites = z.strictObject({
  ratings: int,
  skips: int,
  watchlist: int,
  notInterested: int,
});

export const importPreviewResponse = z.strictObject({
  format: z.enum(IMPORT_FORMATS),
  counts: importCounts,
  /** What confirming would write (the same file and onConflict). */
  writes: importWrites,
  matched: z.array(importMatchedRow),
  unmatched: z.array(importUnmatchedRow),
  ambiguous: z.array(importAmbiguousRow),
  conflicts: z.array(importConflictRow),
});
export type ImportPreviewResponse = z.output<typeof importPreviewResponse>;
export type ImportMatchedRow = z.output<typeof importMatchedRow>;
export type ImportUnmatchedRow = z.output<typeof importUnmatchedRow>;
export type ImportAmbiguousRow = z.output<typeof importAmbiguousRow>;
export type ImportConflictRow = z.output<typeof importConflictRow>;
export type ImportWrites = z.output<typeof importWrites>;

export const importResponse = z.strictObject({
  format: z.enum(IMPORT_FORMATS),
  counts: importCounts,
  written: importWrites,
});
export type ImportResponse = z.output<typeof importResponse>;

/* ---- The product's own export ---- */

const exportedMovie = {
  movieId: int,
  title: z.string(),
  year: int.nullable(),
  imdbId: z.string().nullable().describe('e.g. tt0114709'),
};

export const exportedRating = z.strictObject({
  ...exportedMovie,
  rating: z.number(),
  ratedAt: isoTime,
});
export const exportedListEntry = z.strictObject({ ...exportedMovie, at: isoTime });

/** GET /api/exports/ratings.json: everything the user told the product, to import back. */
export const ratingsExport = z.strictObject({
  format: z.literal('marquee-export'),
  version: z.literal(1),
  exportedAt: isoTime,
  ratings: z.array(exportedRating),
  skips: z.array(exportedListEntry),
  watchlist: z.array(exportedListEntry),
  notInterested: z.array(exportedListEntry),
});
export type RatingsExport = z.output<typeof ratingsExport>;
export type ExportedRating = z.output<typeof exportedRating>;
export type ExportedListEntry = z.output<typeof exportedListEntry>;

/** The header of GET /api/exports/ratings.csv (one row per rating, skip or list entry). */
export const EXPORT_CSV_HEADER = ['kind', 'movieId', 'imdbId', 'title', 'year', 'rating', 'at'];
