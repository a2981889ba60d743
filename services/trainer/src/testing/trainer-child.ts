import { spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import type { TrainerAppOptions } from '../app';

const REGISTER_TS = path.join(__dirname, 'register-ts.cjs');
const ENTRY = path.join(__dirname, 'trainer-process.ts');

/** A trainer running in a child process, to be killed as a crash would kill it. */
export interface TrainerChild {
  /** Sends `signal` and resolves once the process is gone. */
  kill(signal: NodeJS.Signals): Promise<void>;
}

/**
 * Starts a trainer process on `env` (its configuration, as main.ts reads it) and resolves once
 * its worker is running. Its error output is passed through, for a failing test's sake.
 */
export async function startTrainerChild(
  env: Record<string, string>,
  options: Pick<TrainerAppOptions, 'ncfConfig' | 'trainLocks'> = {},
): Promise<TrainerChild> {
  const child = spawn(process.execPath, ['--require', REGISTER_TS, ENTRY], {
    env: { ...process.env, ...env, TRAINER_TEST_OPTIONS: JSON.stringify(options) },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  await new Promise<void>((resolve, reject) => {
    let out = '';
    child.stdout?.on('data', (chunk: Buffer) => {
      out += chunk.toString();
      if (out.includes('ready\n')) resolve();
    });
    child.once('exit', (code, signal) =>
      reject(new Error(`trainer process exited (${signal ?? code}) before it was ready`)),
    );
  });
  return { kill: (signal) => kill(child, signal) };
}

async function kill(child: ChildProcess, signal: NodeJS.Signals): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise((resolve) => child.once('exit', resolve));
  child.kill(signal);
  await exited;
}
