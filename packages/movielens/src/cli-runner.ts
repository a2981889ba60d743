/**
 * What the repository's command-line tools share: their input and output, options parsed with
 * node:util, and exit codes (0 done, 1 failed, 2 bad usage, with the usage printed).
 */
import { parseArgs } from 'node:util';
import { errorMessage } from './describe-error';

/** Bad command-line usage; the CLI prints the message and the usage, and exits with 2. */
export class UsageError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'UsageError';
  }
}

export interface CliIo {
  /** Receives whole lines of standard output. */
  stdout: (line: string) => void;
  stderr: { write(text: string): unknown; isTTY?: boolean };
}

/** A CLI: runs with the arguments (without node and the script), returns the exit code. */
export type Cli = (argv: readonly string[], io: CliIo) => Promise<number>;

export type CliOptions = Record<string, string | boolean | undefined>;

export type CliOptionSpec = Record<string, { type: 'string' | 'boolean'; short?: string }>;

/** `--name value` and `--flag` options, no positionals; what parseArgs rejects is a UsageError. */
export function parseCliOptions(args: readonly string[], spec: CliOptionSpec): CliOptions {
  try {
    return parseArgs({ args: [...args], options: spec, strict: true, allowPositionals: false })
      .values as CliOptions;
  } catch (error) {
    // parseArgs explains unknown options, missing values and stray arguments well enough.
    throw new UsageError(errorMessage(error));
  }
}

/**
 * Runs `command` and returns its exit code. A UsageError prints its message and `usage` (2);
 * an error `reported` accepts prints its message alone (1); any other error is thrown.
 */
export async function runCommand(
  io: CliIo,
  usage: string,
  command: () => Promise<number>,
  reported: (error: unknown) => boolean,
): Promise<number> {
  try {
    return await command();
  } catch (error) {
    if (error instanceof UsageError) {
      io.stderr.write(`error: ${error.message}\n\n${usage}\n`);
      return 2;
    }
    if (!reported(error)) throw error;
    io.stderr.write(`error: ${errorMessage(error)}\n`);
    return 1;
  }
}

/** Runs `cli` on the process's arguments and streams; what it throws is printed, exit code 1. */
export function runAsMain(cli: Cli): void {
  cli(process.argv.slice(2), {
    stdout: (line) => process.stdout.write(`${line}\n`),
    stderr: process.stderr,
  }).then(
    (code) => {
      process.exitCode = code;
    },
    (error: unknown) => {
      console.error(error);
      process.exitCode = 1;
    },
  );
}

/** Runs `cli` in process, collecting its stdout lines and stderr text. */
export async function runCliCapturing(
  cli: Cli,
  args: readonly string[],
): Promise<{ code: number; out: string[]; err: string }> {
  const out: string[] = [];
  let err = '';
  const code = await cli(args, {
    stdout: (line) => out.push(line),
    stderr: { write: (text: string) => (err += text) },
  });
  return { code, out, err };
}
