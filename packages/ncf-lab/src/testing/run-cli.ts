import { runCliCapturing as capture } from '@marquee/movielens';
import { runCli } from '../cli';

/** Runs the lab CLI in process, collecting its stdout lines and stderr text. */
export function runCliCapturing(args: string[]): ReturnType<typeof capture> {
  return capture(runCli, args);
}
