import { parseCliOptions, runCliCapturing, runCommand, UsageError, type Cli } from './cli-runner';

const USAGE = 'Usage: tool --name <x>';

/** A CLI whose command is `command`; errors other than RangeError are not reported. */
function cliOf(command: () => Promise<number>): Cli {
  return (_argv, io) => runCommand(io, USAGE, command, (error) => error instanceof RangeError);
}

describe('runCommand', () => {
  it("returns the command's exit code", async () => {
    expect(
      await runCliCapturing(
        cliOf(() => Promise.resolve(0)),
        [],
      ),
    ).toEqual({
      code: 0,
      out: [],
      err: '',
    });
  });

  it('prints a usage error with the usage, exit code 2', async () => {
    const { code, err } = await runCliCapturing(
      cliOf(() => Promise.reject(new UsageError('--name is required'))),
      [],
    );
    expect(code).toBe(2);
    expect(err).toBe(`error: --name is required\n\n${USAGE}\n`);
  });

  it('prints a reported error alone, exit code 1, and throws any other', async () => {
    const reported = await runCliCapturing(
      cliOf(() => Promise.reject(new RangeError('no ratings'))),
      [],
    );
    expect(reported).toEqual({ code: 1, out: [], err: 'error: no ratings\n' });
    await expect(
      runCliCapturing(
        cliOf(() => Promise.reject(new TypeError('a bug'))),
        [],
      ),
    ).rejects.toThrow('a bug');
  });
});

describe('parseCliOptions', () => {
  const spec = { out: { type: 'string' }, force: { type: 'boolean' } } as const;

  it('reads string and boolean options', () => {
    expect(parseCliOptions(['--out', 'dir', '--force'], spec)).toEqual({
      out: 'dir',
      force: true,
    });
  });

  it('turns what parseArgs rejects into a UsageError', () => {
    expect(() => parseCliOptions(['--unknown'], spec)).toThrow(UsageError);
    expect(() => parseCliOptions(['stray'], spec)).toThrow(UsageError);
  });
});
