import { readTrainingRatings } from '../training-ratings';

/**
 * Reads every rating of DATABASE_URL as the trainer does and prints how long it took and how
 * much resident memory it added, as one JSON line (`npm run bench:read`).
 */
async function main(): Promise<void> {
  const url = process.env.DATABASE_URL;
  if (!url) throw new Error('DATABASE_URL is not set: the database to read the ratings of');
  const rssBefore = process.memoryUsage().rss;
  const started = performance.now();
  const data = await readTrainingRatings(url, (read, total) =>
    process.stderr.write(`[bench:read] ${read} of ${total} ratings\n`),
  );
  const seconds = (performance.now() - started) / 1000;
  const mib = (bytes: number) => Math.round(bytes / 2 ** 20);
  console.log(
    JSON.stringify({
      ratings: data.ratings.length,
      seconds: Number(seconds.toFixed(2)),
      ratingsPerSecond: Math.round(data.ratings.length / seconds),
      rssMiB: mib(process.memoryUsage().rss),
      rssGrowthMiB: mib(process.memoryUsage().rss - rssBefore),
    }),
  );
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
