/**
 * The trainer as a process of its own, for tests that kill it (trainer-child.ts starts it):
 * the app main.ts starts, configured from the environment, with the test's options from
 * TRAINER_TEST_OPTIONS (JSON). Prints "ready" once the worker is running.
 */
import { createTrainerApp, type TrainerAppOptions } from '../app';
import { loadTrainerConfig } from '../config/trainer-config';

type ChildOptions = Pick<TrainerAppOptions, 'ncfConfig' | 'trainLocks'>;

async function main(): Promise<void> {
  const options = JSON.parse(process.env.TRAINER_TEST_OPTIONS ?? '{}') as ChildOptions;
  await createTrainerApp(loadTrainerConfig(), { ...options, logger: ['error'] });
  process.stdout.write('ready\n');
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
