/** What the training-step benchmarks share: the catalogues they run over and one timed run. */

/** The catalogue sizes to measure: BENCH_FILMS (comma-separated), else `fallback`. */
export function benchCatalogues(fallback: string): number[] {
  return (process.env.BENCH_FILMS ?? fallback).split(',').map(Number);
}

export interface StepTiming {
  steps: number;
  /** Wall seconds of the whole run, to a tenth. */
  seconds: number;
  /** Milliseconds a step, to a tenth. */
  msPerStep: number;
}

/** Runs `run` (a training of `steps` steps) once and times it. */
export async function timeSteps(steps: number, run: () => Promise<unknown>): Promise<StepTiming> {
  const started = performance.now();
  await run();
  const ms = performance.now() - started;
  return {
    steps,
    seconds: Number((ms / 1000).toFixed(1)),
    msPerStep: Number((ms / steps).toFixed(1)),
  };
}
