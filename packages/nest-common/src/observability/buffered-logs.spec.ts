import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { LOG_FLUSH_MS } from './logging';

const TSX = require.resolve('tsx/cli');
const LOGGING = path.join(__dirname, 'logging.ts');
const PINO = require.resolve('pino');

/**
 * Runs a script that logs through the services' default destination (JSON, stdout not a
 * terminal) and resolves with the lines it printed, and when each chunk arrived.
 */
function runLogger(
  body: string,
): Promise<{ lines: string[]; chunkTimes: number[]; stderrTimes: number[] }> {
  const dir = mkdtempSync(path.join(tmpdir(), 'buffered-logs-'));
  const script = path.join(dir, 'log.ts');
  writeFileSync(
    script,
    [
      `import pino from ${JSON.stringify(PINO)};`,
      `import { loggingParams } from ${JSON.stringify(LOGGING)};`,
      "const params = loggingParams({ service: 'test', level: 'info', format: 'json' });",
      'const [options, stream] = params.pinoHttp as [pino.LoggerOptions, pino.DestinationStream];',
      'const logger = pino(options, stream);',
      body,
    ].join('\n'),
  );
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [TSX, script], { stdio: ['ignore', 'pipe', 'pipe'] });
    const started = performance.now();
    let out = '';
    let err = '';
    const chunkTimes: number[] = [];
    const stderrTimes: number[] = [];
    child.stdout.on('data', (chunk: Buffer) => {
      chunkTimes.push(performance.now() - started);
      out += chunk.toString();
    });
    child.stderr.on('data', (chunk: Buffer) => {
      stderrTimes.push(performance.now() - started);
      err += chunk.toString();
    });
    child.on('error', reject);
    child.on('close', (code) => {
      rmSync(dir, { recursive: true, force: true });
      if (code !== 0 && !body.includes('throw')) {
        reject(new Error(`logger script exited ${code}: ${err}`));
      } else {
        resolve({ lines: out.split('\n').filter(Boolean), chunkTimes, stderrTimes });
      }
    });
  });
}

describe('buffered stdout logs', () => {
  it('writes every line, in order, when the process exits straight after logging', async () => {
    const { lines } = await runLogger(
      "for (let i = 0; i < 2000; i++) logger.info({ i }, 'line');\nprocess.exit(0);",
    );
    expect(lines).toHaveLength(2000);
    expect(lines.map((l) => (JSON.parse(l) as { i: number }).i)).toEqual(
      Array.from({ length: 2000 }, (_, i) => i),
    );
  });

  it('writes the lines logged before a crash', async () => {
    const { lines } = await runLogger(
      "logger.info('before the crash');\nsetTimeout(() => { throw new Error('boom'); }, 10);",
    );
    expect(lines.map((l) => (JSON.parse(l) as { msg: string }).msg)).toContain('before the crash');
  });

  it('writes a lone line within the flush interval, not only when the buffer fills', async () => {
    // The script says on stderr (unbuffered) when it logs, then stays up for 4 intervals: the
    // line must arrive about one interval later, not at the exit.
    const { lines, chunkTimes, stderrTimes } = await runLogger(
      [
        "logger.info('lone line');",
        "process.stderr.write('logged');",
        `setTimeout(() => undefined, ${4 * LOG_FLUSH_MS});`,
      ].join('\n'),
    );
    expect(lines).toHaveLength(1);
    const loggedAt = stderrTimes[0] as number;
    expect(chunkTimes[0]).toBeLessThan(loggedAt + 2 * LOG_FLUSH_MS);
  }, 20_000);
});
