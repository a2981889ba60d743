import type { EpochProgress } from '@marquee/ncf';

export interface ProgressStream {
  write(text: string): unknown;
  isTTY?: boolean;
}

export interface Progress {
  /** A free-form status line. */
  note(message: string): void;
  epoch(progress: EpochProgress, seconds: number): void;
}

const BAR_WIDTH = 24;

/**
 * Training progress on stderr: one line per epoch, or a bar redrawn in place when the stream is
 * a terminal.
 */
export function createProgress(stream: ProgressStream): Progress {
  let barShown = false;
  const endBar = () => {
    if (barShown) stream.write('\n');
    barShown = false;
  };
  return {
    note(message) {
      endBar();
      stream.write(`${message}\n`);
    },
    epoch({ epoch, epochs, loss, valRmse }, seconds) {
      const text = `epoch ${epoch}/${epochs} loss ${loss.toFixed(4)} val RMSE ${valRmse.toFixed(4)} (${seconds.toFixed(1)} s)`;
      if (stream.isTTY) {
        const filled = Math.round((epoch / epochs) * BAR_WIDTH);
        stream.write(`\r[${'#'.repeat(filled)}${'-'.repeat(BAR_WIDTH - filled)}] ${text}\x1b[K`);
        barShown = true;
      } else {
        stream.write(`${text}\n`);
      }
    },
  };
}

export const silentProgress: Progress = { note() {}, epoch() {} };
