/** A row or header of a MovieLens CSV file that does not follow the format. */
export class MovieLensFormatError extends Error {
  constructor(
    /** File name, e.g. "ratings.csv". */
    readonly file: string,
    /** 1-based physical line in the file where the bad row starts. */
    readonly line: number,
    /** What is wrong, e.g. "rating 7 is outside 0.5..5". */
    readonly reason: string,
  ) {
    super(`${file} line ${line}: ${reason}`);
    this.name = 'MovieLensFormatError';
  }
}

/**
 * The dataset could not be found, fetched or opened: a missing folder or file, a corrupt zip,
 * a failed download or a checksum mismatch. The message says what failed and what to do.
 */
export class MovieLensSourceError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'MovieLensSourceError';
  }
}
